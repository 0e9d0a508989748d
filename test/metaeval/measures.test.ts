// The measure layer on hand-checkable cases: preference accuracies (strict, ½ tie credit, tie-calibrated), calibration,
// best-of-k credit against RewardBench 2's own convention, system scores, measure specs, clusters and intervals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { CandidateList, Preference, Ratings } from '../../src/judgments/types.js';
import { importJudgments } from '../../src/judgments/importers/index.js';
import { bestOfKCredit, listMeasure } from '../../src/metaeval/candidates.js';
import { MeasureError, parseMeasure } from '../../src/metaeval/measures.js';
import { calibrationForecasts, goldVector, pairMeasure, tieCalibratedPairAccuracy, type PairScores } from '../../src/metaeval/preferences.js';
import { tieCalibratedKendall } from '../../src/stats/tie-calibration.js';
import { metaEvaluate } from '../../src/metaeval/run.js';
import { formatReport, reportJson } from '../../src/metaeval/report.js';
import { bestOfNCredit, pairCorrect, rewardBenchV1SubsetAccuracy } from '../../src/metaeval/rewardbench.js';
import { BasePointwiseScorer, type Item, type Score } from '../../src/scorers/contract.js';
import { createRng } from '../../src/stats/rng.js';
import { JUDGMENT_FIXTURES, rowOf } from './_helpers.js';

/** Scores an output that is a number written as text: lets a test choose every margin. */
class NumberScorer extends BasePointwiseScorer {
  readonly id = 'number';
  readonly family = 'lexical' as const;
  readonly needs = {};
  readonly direction = 'higher' as const;
  readonly range = [-Infinity, Infinity] as const;
  spec(): string {
    return 'number';
  }
  signature(): string {
    return 'number|test';
  }
  protected scoreOne(item: Item): Score {
    return item.output === 'abstain' ? { value: null } : { value: Number(item.output) };
  }
}

const pair = (id: string, a: string, b: string, label: Preference['label'], subset?: string): Preference => ({ id, a, b, label, ...(subset ? { subset } : {}) });
const scores = (margin: number[], prob?: number[]): PairScores => ({
  spec: 't',
  signature: 't',
  direction: 'higher',
  margin: Float64Array.from(margin),
  ...(prob ? { prob: Float64Array.from(prob) } : {}),
});
const all = (n: number) => Int32Array.from({ length: n }, (_, k) => k);

test('pair accuracies: strict > (RewardBench v1), ½ credit for a scorer tie, gold ties left out', () => {
  const gold = goldVector([pair('0', '', '', 'a'), pair('1', '', '', 'b'), pair('2', '', '', 'tie'), pair('3', '', '', 'a')]);
  const s = scores([1, -2, 0, 0]);
  const ctx = { seed: 1 };
  assert.deepEqual(pairMeasure(parseMeasure('accuracy'), gold, s, all(4), ctx), { value: 2 / 3, n: 3 });
  assert.deepEqual(pairMeasure(parseMeasure('accuracy-half'), gold, s, all(4), ctx), { value: 2.5 / 3, n: 3 });
  // tie-aware: at ε = 0 the gold tie with Δ = 0 is right and the a-pair with Δ = 0 wrong (3 of 4); any ε ≥ 1 would
  // also tie pair 0 and lose it, so ε = 0 is the calibrated threshold.
  const tc = pairMeasure(parseMeasure('acc23-tc'), gold, s, all(4), ctx);
  assert.equal(tc.value, 0.75);
  assert.equal(tc.extra?.epsilon, 0);
  // RewardBench's own rule on the decided pairs: pairCorrect(chosen, rejected) with chosen the preferred side
  const chosen = [1, 2, 0];
  const rejected = [0, 0, 0];
  assert.equal(rewardBenchV1SubsetAccuracy(['s', 's', 's'], chosen, rejected).s.accuracy, 2 / 3);
  assert.equal(pairCorrect(0, 0), false);
});

test('tie calibration widens ε when the gold has ties the scorer nearly reproduces', () => {
  const gold = goldVector([pair('0', '', '', 'tie'), pair('1', '', '', 'tie'), pair('2', '', '', 'a'), pair('3', '', '', 'b')]);
  const r = pairMeasure(parseMeasure('acc23-tc'), gold, scores([0.1, -0.2, 1, -1]), all(4), { seed: 1 });
  assert.equal(r.value, 1);
  assert.equal(r.extra?.epsilon, 0.2);
});

test('an abstention is wrong for strict accuracy, worth ½ with tie credit, and left out of calibration', () => {
  const gold = goldVector([pair('0', '', '', 'a'), pair('1', '', '', 'a')]);
  const s = scores([1, NaN]);
  assert.equal(pairMeasure(parseMeasure('accuracy'), gold, s, all(2), { seed: 1 }).value, 0.5);
  assert.equal(pairMeasure(parseMeasure('accuracy-half'), gold, s, all(2), { seed: 1 }).value, 0.75);
  assert.equal(pairMeasure(parseMeasure('brier'), gold, scores([1, NaN], [0.8, NaN]), all(2), { seed: 1 }).n, 1);
});

test('Brier and ECE of given probabilities (a judge): hand-computed', () => {
  const gold = goldVector([pair('0', '', '', 'a'), pair('1', '', '', 'b'), pair('2', '', '', 'tie'), pair('3', '', '', 0.7)]);
  const prob = [0.9, 0.4, 0.5, 0.2];
  const s = scores(prob.map((p) => p - 0.5), prob);
  const brier = pairMeasure(parseMeasure('brier'), gold, s, all(4), { seed: 1 });
  assert.ok(Math.abs(brier.value - (0.01 + 0.16 + 0 + 0.25) / 4) <= 1e-15);
  // 10 equal-width bins: [0.9] → |1 − 0.9|, [0.4] → |0 − 0.4|, [0.5] → 0, [0.2] → |0.7 − 0.2|; each weight ¼
  const ece = pairMeasure(parseMeasure('ece'), gold, s, all(4), { seed: 1 });
  assert.ok(Math.abs(ece.value - (0.1 + 0.4 + 0 + 0.5) / 4) <= 1e-15);
});

test('temperature cross-fitting: each half is predicted with the temperature fitted on the other; seeded', () => {
  const rng = createRng(5);
  const n = 200;
  const margin: number[] = [];
  const labels: Preference[] = [];
  for (let k = 0; k < n; k++) {
    const d = rng.normal() * 3;
    margin.push(d);
    labels.push(pair(String(k), '', '', rng.uniform() < 1 / (1 + Math.exp(-d / 2)) ? 'a' : 'b'));
  }
  const gold = goldVector(labels);
  const a = calibrationForecasts(gold, scores(margin), all(n), 1);
  const b = calibrationForecasts(gold, scores(margin), all(n), 1);
  const c = calibrationForecasts(gold, scores(margin), all(n), 2);
  assert.deepEqual(a.forecasts, b.forecasts);
  assert.notDeepEqual(a.forecasts, c.forecasts);
  // data drawn with T = 2: the fitted temperature lands near it
  assert.ok(a.temperature > 1.2 && a.temperature < 3.5, String(a.temperature));
  for (let k = 0; k < n; k++) assert.equal(a.forecasts[k] > 0.5, margin[k] > 0);
});

test('best-of-k: 1/k credit when the correct candidate shares the top score, as RewardBench 2 computes it', () => {
  assert.equal(bestOfKCredit([3, 1, 3, 0], [true, false, false, false]), 0.5);
  assert.equal(bestOfKCredit([3, 1, 3, 0], [false, true, false, false]), 0);
  assert.equal(bestOfKCredit([2, 2, 2], [true, true, false]), 2 / 3);
  assert.equal(bestOfKCredit([2, NaN, 1], [true, false, false]), 0);
  const rng = createRng(3);
  for (let t = 0; t < 200; t++) {
    const k = 2 + rng.int(5);
    const s = Array.from({ length: k }, () => rng.int(3));
    assert.equal(bestOfKCredit(s, s.map((_, i) => i === 0)), bestOfNCredit(s), JSON.stringify(s));
  }
  const lists: CandidateList[] = [{ id: 'x', candidates: ['a', 'b'], gold: [0.2, 0.9] }];
  const m = listMeasure(parseMeasure('bon-gold'), lists, { spec: 't', signature: 't', direction: 'higher', scores: [Float64Array.from([1, 1])] }, [0]);
  assert.ok(Math.abs(m.value - 0.55) <= 1e-15);
});

test('RewardBench 2 sample through metaEvaluate: per-subset best-of-k with a scorer', async () => {
  const imp = await importJudgments(path.join(JUDGMENT_FIXTURES, 'rewardbench/v2.sample.jsonl'));
  const report = await metaEvaluate({ judgments: imp.judgments }, { scorers: ['length'] });
  const lists = (imp.judgments[0] as { lists: CandidateList[] }).lists;
  // length prefers the longest candidate. Lengths: 101 chosen 9 vs rejected 7, 10, 6 → a rejected one wins (0);
  // tied:7 five 1-character answers, 3 correct → all tie, 3/5; ref:7 four 1-character answers, 1 correct → 1/4
  // (RewardBench 2's bestOfNCredit gives the same for the single-correct lists).
  assert.equal(bestOfNCredit([9, 7, 10, 6]), 0);
  assert.equal(bestOfNCredit([1, 1, 1, 1]), 1 / 4);
  assert.ok(Math.abs(rowOf(report, 'bon-acc', 'length').value - (0 + 3 / 5 + 1 / 4) / 3) <= 1e-15);
  assert.equal(rowOf(report, 'bon-acc', 'length').n, lists.length);
  assert.equal(rowOf(report, 'bon-acc', 'length', { group: 'Ties' }).value, (3 / 5 + 1 / 4) / 2);
  assert.equal(rowOf(report, 'bon-acc', 'length', { group: 'Factuality' }).value, 0);
});

test('a pointwise scorer on preference pairs, per subset, with abstentions', async () => {
  const prefs = {
    kind: 'preferences' as const,
    pairs: [pair('1', '3', '1', 'a', 'x'), pair('2', '1', '2', 'b', 'x'), pair('3', '2', '2', 'a', 'y'), pair('4', 'abstain', '0', 'a', 'y')],
  };
  const report = await metaEvaluate({ judgments: [prefs] }, { scorers: [new NumberScorer()], measures: ['accuracy', 'accuracy-half'] });
  assert.equal(rowOf(report, 'accuracy', 'number').value, 0.5);
  assert.equal(rowOf(report, 'accuracy', 'number', { group: 'x' }).value, 1);
  assert.equal(rowOf(report, 'accuracy', 'number', { group: 'y' }).value, 0);
  assert.equal(rowOf(report, 'accuracy-half', 'number', { group: 'y' }).value, 0.5);
});

test('measure specs: parameters, unknown names and parameters', () => {
  const m = parseMeasure('kendall-like:thresh=0');
  assert.equal(m.params.thresh, 0);
  assert.equal(m.label, 'kendall-like:thresh=0');
  assert.equal(parseMeasure('kendall-like').params.thresh, 25);
  assert.throws(() => parseMeasure('kendal'), MeasureError);
  assert.throws(() => parseMeasure('pearson:x=1'), /takes none/);
  assert.throws(() => parseMeasure('ece:bins=x'), /must be a number/);
});

/** 4 systems × 60 items: gold, a scorer close to it, one farther, one unrelated. */
function syntheticRatings(): { gold: Ratings; scores: Ratings[] } {
  const rng = createRng(11);
  const systems = ['s1', 's2', 's3', 's4'];
  const items = Array.from({ length: 60 }, (_, i) => String(i + 1));
  const n = systems.length * items.length;
  const g = new Float64Array(n);
  const close = new Float64Array(n);
  const far = new Float64Array(n);
  const noise = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    g[c] = rng.normal();
    close[c] = g[c] + 0.3 * rng.normal();
    far[c] = g[c] + 1.5 * rng.normal();
    noise[c] = rng.normal();
  }
  const r = (values: Float64Array, protocol: string): Ratings => ({ kind: 'ratings', systems, items, values, protocol, level: 'seg' });
  return { gold: r(g, 'gold'), scores: [r(noise, 'metric:noise'), r(far, 'metric:far'), r(close, 'metric:close')] };
}

test('clusters: PERM-BOTH separates a close scorer from an unrelated one; seeded and reproducible', async () => {
  const { gold, scores } = syntheticRatings();
  const opts = { measures: ['pearson', 'acc23-tc'], permutations: 200, seed: 3 } as const;
  const a = await metaEvaluate({ judgments: [gold], scores }, opts);
  const b = await metaEvaluate({ judgments: [gold], scores }, opts);
  assert.equal(reportJson(a), reportJson(b));
  for (const m of ['pearson', 'acc23-tc']) {
    assert.equal(rowOf(a, m, 'column:close').cluster, 1, m);
    assert.ok(rowOf(a, m, 'column:noise').cluster! > rowOf(a, m, 'column:far').cluster!, m);
  }
  assert.deepEqual(a.significance, { method: 'PERM-BOTH', resamples: 200, alpha: 0.05, correction: 'holm' });
  assert.match(formatReport(a), /Holm-adjusted/);
});

test('bootstrap intervals: items resampled jointly, the same draws for every scorer; seeded', async () => {
  const { gold, scores } = syntheticRatings();
  const a = await metaEvaluate({ judgments: [gold], scores }, { measures: ['pearson'], bootstrap: 200, seed: 9 });
  const b = await metaEvaluate({ judgments: [gold], scores }, { measures: ['pearson'], bootstrap: 200, seed: 9 });
  assert.equal(reportJson(a), reportJson(b));
  for (const s of ['column:close', 'column:far', 'column:noise']) {
    const row = rowOf(a, 'pearson', s);
    assert.ok(row.ci!.lower < row.value && row.value < row.ci!.upper, s);
  }
  assert.ok(rowOf(a, 'pearson', 'column:close').ci!.lower > rowOf(a, 'pearson', 'column:noise').ci!.upper);
});

test('system scores: corpus statistics for corpus metrics, means otherwise, over the rated segments', async () => {
  const ratings: Ratings = {
    kind: 'ratings',
    systems: ['A', 'B'],
    items: ['1', '2'],
    values: Float64Array.from([1, NaN, 3, 5]),
    outputs: ['the cat sat', 'a dog', 'the cat', 'dogs bark loudly'],
    references: [['the cat sat'], ['a dog barks']],
    protocol: 'gold',
    level: 'seg',
  };
  const report = await metaEvaluate({ judgments: [ratings] }, { scorers: ['length', 'length:unit=tokens'], level: 'sys', measures: ['pearson'] });
  const t = report.systemScores![0];
  assert.deepEqual(t.goldScores, [1, 4]);
  // system A's item 2 is not rated: only 'the cat sat' counts (11 code points, 3 tokens)
  assert.deepEqual(t.scores[0].values, [11, (7 + 16) / 2]);
  assert.deepEqual(t.scores[1].values, [3, (2 + 3) / 2]);
});

test('soft pairwise accuracy: a scorer that is the gold has the same p-values (SPA 1); seeded', async () => {
  const { gold, scores } = syntheticRatings();
  const self: Ratings = { ...gold, protocol: 'metric:self' };
  const a = await metaEvaluate({ judgments: [gold], scores: [...scores, self] }, { level: 'sys', measures: ['spa:perms=200'], seed: 4 });
  assert.equal(rowOf(a, 'spa:perms=200', 'column:self').value, 1);
  assert.ok(rowOf(a, 'spa:perms=200', 'column:noise').value < 1);
  const b = await metaEvaluate({ judgments: [gold], scores: [...scores, self] }, { level: 'sys', measures: ['spa:perms=200'], seed: 4 });
  assert.equal(reportJson(a), reportJson(b));
});

test('pair tie calibration equals stats/tie-calibration on the two-system matrix (random data, repeats, NaN, soft labels)', () => {
  const rng = createRng(21);
  for (let t = 0; t < 300; t++) {
    const n = 1 + rng.int(40);
    const labels: Preference['label'][] = ['a', 'b', 'tie', 0.7, 0.2];
    const gold = Float64Array.from({ length: n }, () => goldVector([pair('', '', '', labels[rng.int(labels.length)])])[0]);
    // few distinct margins so that ties in |Δ| are common; some abstentions
    const margin = Float64Array.from({ length: n }, () => (rng.uniform() < 0.05 ? NaN : (rng.int(7) - 3) / 2));
    const idx = Int32Array.from({ length: n }, () => rng.int(n));
    const fast = tieCalibratedPairAccuracy(gold, margin, idx);
    const g = new Float64Array(2 * n);
    const m = new Float64Array(2 * n);
    idx.forEach((i, k) => {
      g[k] = gold[i];
      g[n + k] = 1 - gold[i];
      m[k] = margin[i];
    });
    const ref = tieCalibratedKendall(g, m, { variant: 'acc23', numSys: 2, averageBy: 'item' });
    assert.equal(fast.accuracy, ref.tau, `case ${t}`);
    assert.ok(Object.is(fast.epsilon, ref.epsilon), `case ${t}: ε ${fast.epsilon} vs ${ref.epsilon}`);
  }
});
