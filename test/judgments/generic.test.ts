import { test } from 'node:test';
import { MissingValues } from '../../src/data/numbers.js';
import assert from 'node:assert/strict';
import { importCandidatesTable, importPreferencesTable, importRatingsTable } from '../../src/judgments/importers/generic.js';
import { importWmtMqm } from '../../src/judgments/importers/wmt-mqm.js';
import { importJudgments } from '../../src/judgments/importers/index.js';
import { DataError } from '../../src/data/errors.js';
import type { Preferences, Ratings } from '../../src/judgments/types.js';
import { cell, fixture, tempFile } from './_fixtures.js';

const cols = { system: 'sys', item: 'seg', value: 'score', protocol: 'mqm' };

test('ratings from CSV, JSONL and Parquet equal the MQM importer on the same cells (None / null → NaN)', async () => {
  const mqm = await importWmtMqm(fixture('mqm/mqm_newstest2021_ende.avg_seg_scores.tsv.gz'));
  for (const ext of ['csv', 'jsonl', 'parquet']) {
    // JSONL and Parquet write the unrated cells as null: a missing value only under an explicit skip policy
    const missing = new MissingValues('skip');
    const r = await importRatingsTable(fixture(`generic/mqm-slice.${ext}`), { ...cols, missing });
    assert.deepEqual(r.systems, ['Facebook-AI', 'Nemo', 'ref-B'], ext);
    assert.equal(r.items.length, 40, ext);
    assert.equal(r.protocol, 'mqm');
    let nan = 0;
    for (const s of r.systems) {
      for (const i of r.items) {
        const v = cell(r, s, i);
        const expected = cell(mqm, s, i);
        if (Number.isNaN(expected)) {
          assert.ok(Number.isNaN(v), `${ext} ${s}/${i}`);
          nan++;
        } else assert.ok(Object.is(v, expected), `${ext} ${s}/${i}: ${v} vs ${expected}`);
      }
    }
    assert.ok(nan > 0, 'the slice includes unrated segments');
    assert.equal(missing.count, nan, `${ext}: every null / None counted`);
    await assert.rejects(importRatingsTable(fixture(`generic/mqm-slice.${ext}`), cols), /field "score": null: expected a finite number/);
  }
});

test('ratings: duplicates are an error naming both lines, or averaged when asked; texts attach per cell', async () => {
  const csv = 'sys,seg,score,hyp,src\nA,1,1,a1,s1\nA,2,3,a2,s2\nB,1,2,b1,s1\nA,1,5,a1,s1\n';
  const file = tempFile('r.csv', csv);
  await assert.rejects(importRatingsTable(file, cols), (e: unknown) => e instanceof DataError && e.line === 5 && /first on line 2/.test(e.message));
  const r = await importRatingsTable(file, { ...cols, duplicates: 'mean', output: 'hyp', source: 'src' });
  assert.equal(cell(r, 'A', '1'), 3);
  assert.ok(Number.isNaN(cell(r, 'B', '2')));
  assert.deepEqual(r.outputs, ['a1', 'a2', 'b1', null]);
  assert.deepEqual(r.sources, ['s1', 's2']);
  await assert.rejects(importRatingsTable(file, { ...cols, value: 'mqm' }), (e: unknown) => e instanceof DataError && e.field === 'mqm' && e.kind === 'missing-field');
  const badValue = tempFile('r.csv', 'sys,seg,score\nA,1,1\nA,2,good\n');
  await assert.rejects(importRatingsTable(badValue, cols), (e: unknown) => e instanceof DataError && e.line === 3 && e.field === 'score');
});

test('preferences: every documented label spelling, quoted CSV fields with commas, quotes and newlines', async () => {
  const p = await importPreferencesTable(fixture('generic/prefs-labels.csv'), { a: 'response_a', b: 'response_b', label: 'winner', prompt: 'prompt', id: 'id', annotator: 'judge' });
  assert.deepEqual(p.pairs.map((x) => x.label), ['a', 'b', 'tie', 'a', 'b', 'a', 'b', 'tie', 0.8, 0.75, 'tie', 'tie']);
  assert.equal(p.pairs[1].b, 'Greetings,\nfriend.');
  assert.equal(p.pairs[9].b, 'He said "banana"');
  assert.equal(p.pairs[2].id, 'p3');
  assert.equal(p.pairs[2].annotator, 'r2');
});

test('preferences: no label column means a is preferred (chosen / rejected data); bad labels name line and field', async () => {
  const p = await importPreferencesTable(fixture('generic/prefs-labels.csv'), { a: 'response_a', b: 'response_b' });
  assert.ok(p.pairs.every((x) => x.label === 'a'));
  const bad = fixture('generic/prefs-bad-label.csv');
  await assert.rejects(importPreferencesTable(bad, { a: 'a', b: 'b', label: 'label' }), (e: unknown) => e instanceof DataError && e.file === bad && e.line === 3 && e.field === 'label');
  const open = fixture('generic/prefs-unterminated.csv');
  await assert.rejects(importPreferencesTable(open, { a: 'a', b: 'b', label: 'label' }), (e: unknown) => e instanceof DataError && e.line === 2 && e.kind === 'csv');
});

test('candidates: Python-repr and JSON list cells, correctness flags and gold scores (nan / None → NaN)', async () => {
  const c = await importCandidatesTable(fixture('generic/candidates.csv'), { candidates: 'answers', correct: 'is_correct', gold: 'scores', prompt: 'question', id: 'qid' });
  assert.deepEqual(c.lists.map((l) => l.candidates), [['4', 'four', '5'], ['Paris', 'Lyon'], ["'hi'", 'hi']]);
  assert.deepEqual(c.lists.map((l) => l.correct), [[true, true, false], [true, false], [true, false]]);
  assert.deepEqual(c.lists[0].gold!.slice(0, 2), [1, 0.9]);
  assert.ok(Number.isNaN(c.lists[0].gold![2]) && Number.isNaN(c.lists[2].gold![1]));
  assert.equal(c.lists[2].prompt, "Say 'hi' in quotes.");
  const mis = tempFile('c.jsonl', `${JSON.stringify({ cands: ['x', 'y'], ok: [true] })}\n`);
  await assert.rejects(importCandidatesTable(mis, { candidates: 'cands', correct: 'ok' }), (e: unknown) => e instanceof DataError && e.line === 1 && e.field === 'ok' && e.kind === 'length-mismatch');
  const k = tempFile('c.jsonl', `${JSON.stringify({ cands: ['x', 'y', 'z'], k: 2 })}\n`);
  assert.deepEqual((await importCandidatesTable(k, { candidates: 'cands', numCorrect: 'k' })).lists[0].correct, [true, true, false]);
});

test('importJudgments: column flags select the generic shape when the format is not detected', async () => {
  const r = await importJudgments(fixture('generic/mqm-slice.parquet'), { ratings: { ...cols, missing: new MissingValues('skip') } });
  assert.equal(r.format, 'ratings');
  assert.equal((r.judgments[0] as Ratings).systems.length, 3);
  const p = await importJudgments(fixture('generic/prefs-labels.csv'), { format: 'preferences', preferences: { a: 'response_a', b: 'response_b', label: 'winner' } });
  assert.equal((p.judgments[0] as Preferences).pairs.length, 12);
  await assert.rejects(importJudgments(fixture('generic/prefs-labels.csv')), (e: unknown) => e instanceof DataError && e.kind === 'format');
  await assert.rejects(importJudgments(fixture('generic/mqm-slice.csv'), { format: 'ratings' }), (e: unknown) => e instanceof DataError && /needs column names/.test(e.message));
});
