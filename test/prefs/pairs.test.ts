// Ratings → preference pairs and the exported shapes (TRL standard and conversational, OpenRLHF, our own).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportPairs, preferencePairs, ratedOutputsFromRatings, type RatedOutput } from '../../src/prefs/index.js';
import type { Ratings } from '../../src/judgments/types.js';

// one prompt, four systems with mean ratings 5, 4, 4, 1
const ITEM: RatedOutput[] = [
  { item: 'q1', system: 's1', value: 5, output: 'best', prompt: 'Say hi' },
  { item: 'q1', system: 's2', value: 4, output: 'good' },
  { item: 'q1', system: 's3', value: 4, output: 'also good' },
  { item: 'q1', system: 's4', value: 1, output: 'bad' },
];

test('margin and tie policies: drop, keep as tie, soft', () => {
  const drop = preferencePairs(ITEM, { margin: 0.5, balance: false });
  // 6 candidate pairs; s2–s3 (Δ 0) is dropped
  assert.equal(drop.stats.candidates, 6);
  assert.equal(drop.stats.dropped, 1);
  assert.deepEqual(drop.pairs.map((p) => [p.modelA, p.modelB, p.label]), [
    ['s1', 's2', 'a'],
    ['s1', 's3', 'a'],
    ['s1', 's4', 'a'],
    ['s2', 's4', 'a'],
    ['s3', 's4', 'a'],
  ]);
  const wide = preferencePairs(ITEM, { margin: 1, ties: 'tie', balance: false });
  // |Δ| ≤ 1: s1–s2, s1–s3 and s2–s3 are ties
  assert.deepEqual(wide.pairs.filter((p) => p.label === 'tie').map((p) => `${p.modelA}-${p.modelB}`), ['s1-s2', 's1-s3', 's2-s3']);
  assert.equal(wide.stats.ties, 3);
  assert.equal(wide.pairs.find((p) => p.modelA === 's1' && p.modelB === 's4')!.meta!.margin, 4);
});

test('soft labels from annotator disagreement: the share of annotators preferring each side', () => {
  const rated: RatedOutput[] = [
    // three annotators rate A and B: two prefer A, one prefers B → P(A) = 2/3; means 3.67 vs 3
    ...[[5, 3], [4, 2], [2, 4]].flatMap(([a, b], k) => [
      { item: 'x', system: 'A', value: a, annotator: `r${k}`, output: 'text A' },
      { item: 'x', system: 'B', value: b, annotator: `r${k}`, output: 'text B' },
    ]),
    // a tie in the means (3 vs 3) where annotators split 1 : 1 with one equal vote → ½, which is a tie label
    ...[[4, 2], [2, 4], [3, 3]].flatMap(([a, b], k) => [
      { item: 'y', system: 'A', value: a, annotator: `r${k}`, output: 'a' },
      { item: 'y', system: 'B', value: b, annotator: `r${k}`, output: 'b' },
    ]),
  ];
  const soft = preferencePairs(rated, { softLabels: true, ties: 'soft', balance: false });
  assert.deepEqual(soft.pairs.map((p) => [p.meta!.item, p.label]), [['x', 2 / 3], ['y', 'tie']]);
  const hard = preferencePairs(rated, { balance: false });
  assert.deepEqual(hard.pairs.map((p) => p.label), ['a']);
});

test('max pairs per item keeps the widest margins; random selection is seeded', () => {
  const top2 = preferencePairs(ITEM, { maxPairsPerItem: 2, balance: false });
  assert.deepEqual(top2.pairs.map((p) => `${p.modelA}-${p.modelB}`), ['s1-s4', 's2-s4']); // Δ 4, then Δ 3 (s2 before s3)
  assert.equal(top2.stats.capped, 3);
  const r1 = preferencePairs(ITEM, { maxPairsPerItem: 2, selection: 'random', seed: 1, balance: false });
  const r1b = preferencePairs(ITEM, { maxPairsPerItem: 2, selection: 'random', seed: 1, balance: false });
  assert.deepEqual(r1b.pairs, r1.pairs);
  assert.equal(r1.pairs.length, 2);
});

test('position balancing: the preferred side is first in exactly ⌈n/2⌉ pairs, labels follow the swap, seeded', () => {
  const many: RatedOutput[] = [];
  for (let i = 0; i < 25; i++) for (const [s, v] of [['good', 2], ['bad', 1]] as const) many.push({ item: `i${i}`, system: s, value: v, output: `${s} ${i}` });
  const a = preferencePairs(many, { seed: 7 });
  assert.equal(a.pairs.length, 25);
  assert.equal(a.stats.preferredFirst, 13);
  assert.equal(a.pairs.filter((p) => p.label === 'a').length, 13);
  for (const p of a.pairs) assert.equal(p.label === 'a' ? p.modelA : p.modelB, 'good');
  assert.deepEqual(preferencePairs(many, { seed: 7 }).pairs, a.pairs);
  assert.notDeepEqual(preferencePairs(many, { seed: 8 }).pairs.map((p) => p.label), a.pairs.map((p) => p.label));
  const off = preferencePairs(many, { balance: false });
  assert.equal(off.stats.preferredFirst, 25);
});

test('lower-is-better ratings (errors) flip the preference', () => {
  const r = preferencePairs([{ item: 'q', system: 'few-errors', value: 1, output: 'x' }, { item: 'q', system: 'many-errors', value: 9, output: 'y' }], { direction: 'lower', balance: false });
  assert.equal(r.pairs[0].modelA, 'few-errors');
  assert.equal(r.pairs[0].label, 'a');
});

test('export shapes: TRL standard, TRL conversational, OpenRLHF with margin, our own; ties skipped', () => {
  const { pairs } = preferencePairs(ITEM, { margin: 0.5, ties: 'tie', seed: 3 });
  const trl = exportPairs(pairs, 'trl');
  assert.equal(trl.skippedTies, 1);
  assert.equal(trl.records.length, 5);
  assert.deepEqual(trl.records.find((r) => r.rejected === 'bad' && r.chosen === 'best'), { prompt: 'Say hi', chosen: 'best', rejected: 'bad' });
  const chat = exportPairs(pairs, 'trl-chat').records[0];
  assert.deepEqual(Object.keys(chat), ['prompt', 'chosen', 'rejected']);
  assert.deepEqual(chat.prompt, [{ role: 'user', content: 'Say hi' }]);
  assert.equal((chat.chosen as { role: string }[])[0].role, 'assistant');
  const orl = exportPairs(pairs, 'openrlhf', { margin: true }).records;
  assert.deepEqual(Object.keys(orl[0]), ['prompt', 'chosen', 'rejected', 'margin']);
  assert.equal(orl.find((r) => r.chosen === 'best' && r.rejected === 'bad')!.margin, 4);
  const own = exportPairs(pairs, 'preference').records;
  assert.equal(own.length, 6);
  assert.deepEqual(Object.keys(own[0]), ['id', 'prompt', 'a', 'b', 'label', 'model_a', 'model_b']);
  // a dialogue prompt has no text form
  const dialogue = [{ ...pairs[0], prompt: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }, { role: 'user', content: 'more' }] }];
  assert.throws(() => exportPairs(dialogue, 'trl'), /chat shape/);
  assert.equal((exportPairs(dialogue, 'openrlhf-chat').records[0].prompt as unknown[]).length, 3);
});

test('from a Ratings matrix: NaN cells are skipped, outputs and sources carried', () => {
  const r: Ratings = {
    kind: 'ratings',
    systems: ['A', 'B'],
    items: ['1', '2'],
    values: Float64Array.from([3, NaN, 1, 2]),
    outputs: ['a1', 'a2', 'b1', 'b2'],
    sources: ['src 1', 'src 2'],
  };
  const rated = ratedOutputsFromRatings(r);
  assert.deepEqual(rated.map((x) => [x.item, x.system, x.value, x.output, x.prompt]), [
    ['1', 'A', 3, 'a1', 'src 1'],
    ['1', 'B', 1, 'b1', 'src 1'],
    ['2', 'B', 2, 'b2', 'src 2'],
  ]);
  const { pairs } = preferencePairs(rated, { balance: false });
  assert.equal(pairs.length, 1);
  assert.deepEqual([pairs[0].a, pairs[0].b, pairs[0].prompt], ['a1', 'b1', 'src 1']);
});
