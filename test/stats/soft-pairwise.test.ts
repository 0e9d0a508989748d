// Soft pairwise accuracy (pce.py / stats.PairwiseConfidenceError of mt-metrics-eval @68a481a).
// Hand-computed cases are exact. Permutation p-values are RNG-dependent (the reference uses NumPy's default_rng(4)):
// they are compared within Monte-Carlo error, |p − p_ref| ≤ 4·√(v/k_ref + v/k) + 1e-3, v = max(p_ref(1−p_ref), 1/k_ref)
// (see permutation.test.ts), and SPA within the mean over pairs of the human and metric p tolerances (|SPA − SPA_ref|
// ≤ mean |Δp_h| + mean |Δp_m| by the triangle inequality).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURE_DIR, loadMatrix, loadTestVectors } from '../fixtures/metaeval/load.js';
import { assertAbs } from './_compare.js';
import {
  drawSignVectors,
  pairwisePermutationPValues,
  softPairwiseAccuracy,
  softPairwiseAccuracyFromScores,
} from '../../src/stats/soft-pairwise.js';

const runs = JSON.parse(readFileSync(path.resolve(FIXTURE_DIR, '../significance/reference-runs.json'), 'utf8'));
const tol = (pRef: number, kRef: number, k: number) => {
  const v = Math.max(pRef * (1 - pRef), 1 / kRef);
  return 4 * Math.sqrt(v / kRef + v / k) + 1e-3;
};

test('softPairwiseAccuracy: 1 − mean |p_human − p_metric| over the upper triangle (hand-computed)', () => {
  const human = [
    [NaN, 0.1, 0.9],
    [NaN, NaN, 0.5],
    [NaN, NaN, NaN],
  ];
  const metric = [
    [NaN, 0.3, 0.6],
    [NaN, NaN, 0.5],
    [NaN, NaN, NaN],
  ];
  // |0.1 − 0.3| + |0.9 − 0.6| + 0 = 0.5 over 3 pairs.
  assertAbs(softPairwiseAccuracy(human, metric), 1 - 0.5 / 3, 1e-15, 'SPA');
  assert.equal(softPairwiseAccuracy(human, human), 1);
});

test('pairwise p-values on a hand-checked case: exactly 1 when no sign flip can reach the observed delta', () => {
  // Systems A = [1, 2, 3], B = [2, 3, 4]: per-segment A − B = −1, so every signed sum Σ s_l·(−1) ≥ −3 = delta.
  // Metric A = [2, 2, 4], B = [1, 3, 5]: differences (1, −1, −1), delta −1; Σ s_l·d_l < −1 only for s = (−, +, +),
  // so the exact p is 7/8.
  const signs = drawSignVectors(3, { numPermutations: 20000, seed: 7 });
  const human = pairwisePermutationPValues([[1, 2, 3], [2, 3, 4]], signs);
  assert.equal(human[0][1], 1);
  assert.ok(Number.isNaN(human[1][0]) && Number.isNaN(human[0][0]));
  const metric = pairwisePermutationPValues([[2, 2, 4], [1, 3, 5]], signs);
  const se = Math.sqrt((7 / 8) * (1 / 8) / 20000);
  assert.ok(Math.abs(metric[0][1] - 7 / 8) <= 4 * se, `p ${metric[0][1]} vs 7/8`);
});

test('stats_test testPairwiseConfidenceError: Correlation(2, …).PairwiseConfidenceError() ≈ 0.872 (RNG-dependent)', () => {
  const v = loadTestVectors().vectors.find((x: { call: string }) => x.call.includes('PairwiseConfidenceError()'));
  const r = softPairwiseAccuracyFromScores([1, 2, 3, 2, 3, 4], [2, 2, 4, 1, 3, 5], 2, { numPermutations: 1000 });
  // SPA = 1 − |1 − p_metric| = p_metric here, a Monte-Carlo estimate of 7/8.
  assert.equal(r.humanPValues[0][1], 1);
  assert.ok(Math.abs(r.accuracy - v.actual) <= tol(v.actual, 1000, 1000), `SPA ${r.accuracy} vs ${v.actual}`);
});

test('WMT21 en-de: per-pair p-values of MQM and metrics, and SPA, within Monte-Carlo error of pce.py', () => {
  const m = loadMatrix();
  const ref = runs.soft_pairwise;
  const k = 10000;
  for (const name of ['bleu', 'chrf', 'length'] as const) {
    const r = softPairwiseAccuracyFromScores(m.gold, m.metrics[name], m.numSys, { numPermutations: k, seed: 3 });
    let spaTol = 0;
    let pairs = 0;
    for (let i = 0; i < m.numSys; i++) {
      for (let j = i + 1; j < m.numSys; j++) {
        const ph = ref.pvalues_gold[i][j];
        const pm = ref['pvalues_' + name][i][j];
        const th = tol(ph, ref.k, k);
        const tm = tol(pm, ref.k, k);
        assert.ok(Math.abs(r.humanPValues[i][j] - ph) <= th, `MQM p[${i}][${j}] ${r.humanPValues[i][j]} vs ${ph}`);
        assert.ok(Math.abs(r.metricPValues[i][j] - pm) <= tm, `${name} p[${i}][${j}] ${r.metricPValues[i][j]} vs ${pm}`);
        spaTol += th + tm;
        pairs++;
      }
    }
    spaTol /= pairs;
    const spaRef = ref['spa_' + name];
    assert.ok(Math.abs(r.accuracy - spaRef) <= spaTol, `${name} SPA ${r.accuracy} vs ${spaRef} (tol ${spaTol})`);
  }
});

test('seeded and refusals', () => {
  const m = loadMatrix();
  const a = softPairwiseAccuracyFromScores(m.gold, m.metrics.chrf, m.numSys, { numPermutations: 500, seed: 8 });
  const b = softPairwiseAccuracyFromScores(m.gold, m.metrics.chrf, m.numSys, { numPermutations: 500, seed: 8 });
  assert.deepEqual(a, b);
  // Systems with different numbers of rated segments cannot be reshaped into rows.
  assert.throws(() => softPairwiseAccuracyFromScores([1, null, 3, 4], [1, 2, 3, 4], 2), /rated segments/);
});
