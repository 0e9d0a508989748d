// Permutation tests (PERM-BOTH and the pairwise-outcome variant) against mt-metrics-eval @68a481a:
//  - the golden significance runs on WMT21 en-de (fixtures/metaeval/results.en-de.json `significance`),
//  - the PermutationSigDiff / PairwisePermutationSigDiff deltas of the upstream test vectors,
//  - further reference runs on the same matrix (fixtures/significance/reference-runs.json).
// Deltas are deterministic: compared to 1e-12. p-values depend on the random stream (ours is not NumPy's), so
// they are compared within Monte-Carlo error: p_ref comes from k_ref resamples, ours from k resamples, and
// |p − p_ref| ≤ 4·√(v/k_ref + v/k) + 1e-3 with v = max(p_ref(1 − p_ref), 1/k_ref): four standard deviations
// of the difference of two independent estimates (v floored at 1/k_ref because a p_ref of 0 or 1 from k_ref
// draws only bounds the true p to about 1/k_ref).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURE_DIR, loadMatrix, loadResults, loadTestVectors } from '../fixtures/metaeval/load.js';
import { assertAbs } from './_compare.js';
import { PERM_1, PERM_2, PERM_G, PP_1, PP_2, PP_G } from './_mtme-inputs.js';
import {
  pairwisePermutationSigDiff,
  permutationSigDiff,
  zscore,
  type PermutationCorrelation,
  type PermutationResult,
} from '../../src/stats/permutation.js';
import type { AverageBy } from '../../src/stats/grouping.js';

const matrix = loadMatrix();
const golden = loadResults().significance;
const vectors: { call: string; actual: unknown }[] = loadTestVectors().vectors;
const runs = JSON.parse(readFileSync(path.resolve(FIXTURE_DIR, '../significance/reference-runs.json'), 'utf8'));

function mcTolerance(pRef: number, kRef: number, k: number): number {
  const v = Math.max(pRef * (1 - pRef), 1 / kRef);
  return 4 * Math.sqrt(v / kRef + v / k) + 1e-3;
}

function assertPValue(actual: number, pRef: number, kRef: number, k: number, where: string): void {
  const tol = mcTolerance(pRef, kRef, k);
  assert.ok(Math.abs(actual - pRef) <= tol, `${where}: p = ${actual} vs reference ${pRef} (|diff| ${Math.abs(actual - pRef).toFixed(4)} > ${tol.toFixed(4)})`);
}

function vector(call: string): number {
  const v = vectors.find((x) => x.call === call);
  assert.ok(v, `test vector not found: ${call}`);
  return v.actual as number;
}

const { gold, numSys } = matrix;
const bleu = matrix.metrics.bleu;
const chrf = matrix.metrics.chrf;

test('zscore: scipy.stats.zscore values (ddof 0), NaN for a constant vector', () => {
  // Printed by scipy 1.17.1: scipy.stats.zscore([1,2,3,4]) and zscore([0.1, 0.7, 0.2, 1e3, -5.5]).
  const a = zscore([1, 2, 3, 4]);
  [-1.3416407864998738, -0.4472135954999579, 0.4472135954999579, 1.3416407864998738].forEach((e, i) => assertAbs(a[i], e, 1e-15, `z[${i}]`));
  const b = zscore([0.1, 0.7, 0.2, 1e3, -5.5]);
  [-0.49693296892637534, -0.4954346785678034, -0.4966832538666134, 1.9999679136338393, -0.5109170122730472].forEach((e, i) =>
    assertAbs(b[i], e, 1e-15, `z[${i}]`),
  );
  assert.ok(Array.from(zscore([3, 3, 3])).every(Number.isNaN));
});

test('golden perm_both_pearson_none: PERM-BOTH Pearson, no grouping, chrF vs BLEU', () => {
  const g = golden.perm_both_pearson_none;
  const r = permutationSigDiff(gold, bleu, chrf, { kind: 'pearson' }, { numSys, averageBy: 'none', k: g.k, seed: 1 });
  assertAbs(r.delta, g.delta, 1e-12, 'delta');
  assert.equal(r.kUsed, g.k_used);
  assertPValue(r.pValue, g.p_value, g.k, g.k, 'p (k = 1000)');
  const big = permutationSigDiff(gold, bleu, chrf, { kind: 'pearson' }, { numSys, averageBy: 'none', k: 20000, seed: 2, params: { blockSize: 20000 } });
  assertPValue(big.pValue, g.p_value, g.k, 20000, 'p (k = 20000)');
});

test('golden pairwise_perm_acc23_tieopt_item: calibrated epsilons, every pair tied for both metrics ⇒ delta 0, p 1', () => {
  const g = golden.pairwise_perm_acc23_tieopt_item;
  const r = pairwisePermutationSigDiff(gold, bleu, chrf, { variant: 'acc23', numSys, averageBy: 'item', k: g.k, sampleRate: g.sample_rate, seed: 1 });
  assert.equal(r.epsilon1, g.epsilon1);
  assert.equal(r.epsilon2, g.epsilon2);
  assert.equal(r.delta, g.delta);
  // No pair has different outcomes under the two metrics, so every resample reproduces the data: p is exactly 1.
  assert.equal(r.pValue, g.p_value);
  assert.equal(r.kUsed, g.k_used);
});

test('golden pairwise_perm_acc23_eps0_item: epsilons fixed at 0', () => {
  const g = golden.pairwise_perm_acc23_eps0_item;
  const r = pairwisePermutationSigDiff(gold, bleu, chrf, { variant: 'acc23', numSys, averageBy: 'item', k: 10000, epsilon1: 0, epsilon2: 0, seed: 1 });
  assertAbs(r.delta, g.delta, 1e-12, 'delta');
  assert.equal(r.epsilon1, 0);
  assertPValue(r.pValue, g.p_value, g.k, 10000, 'p');
});

// ---------------------------------------------------------------------------------------------------------
// Upstream stats_test.py vectors (deltas; `actual` = the reference's full-precision output)

const PERM_CALL = 'stats.PermutationSigDiff(stats.Correlation(4, [1, 2, 3, 4, 5, 5, 7, 8], [1, 2, 3, 3, 7, 3, 5, 5]), stats.Correlation(4, [1, 2, 3, 4, 5, 5, 7, 8], [2, 1, 2, 6, 8, 8, 7, 6]), ';
const PP_CALL = 'stats.PairwisePermutationSigDiff(stats.Correlation(4, [1, 3, 3, 3, 1, 2, 1, 2], [2, 4, 6, 6, 2, 6, 3, 7]), stats.Correlation(4, [1, 3, 3, 3, 1, 2, 1, 2], [1, 5, 4, 4, 4, 3, 2, 1]), ';

test('stats_test vectors: PermutationSigDiff deltas', () => {
  const cases: [string, PermutationCorrelation, AverageBy][] = [
    ["pearson, 'none', 10)[1]", { kind: 'pearson' }, 'none'],
    ["pearson, 'sys', 10)[1]", { kind: 'pearson' }, 'sys'],
    ["pearson, 'item', 10)[1]", { kind: 'pearson' }, 'item'],
    ["stats.KendallVariants, 'item', k=10, params=stats.PermutationSigDiffParams(block_size=10), variant='acc23')[1]", { kind: 'kendallVariants', variant: 'acc23' }, 'item'],
    [
      "stats.KendallWithTiesOpt, average_by='item', k=10, params=stats.PermutationSigDiffParams(block_size=10), variant='acc23', sample_rate=1.0)[1]",
      { kind: 'tiesOpt', variant: 'acc23', sampleRate: 1 },
      'item',
    ],
  ];
  for (const [tail, corr, averageBy] of cases) {
    for (const engine of ['auto', 'generic'] as const) {
      const r = permutationSigDiff(PERM_G, PERM_1, PERM_2, corr, { numSys: 4, averageBy, k: 10, params: { blockSize: 10 }, seed: 3, engine });
      assertAbs(r.delta, vector(PERM_CALL + tail), 1e-12, `${tail} (${engine})`);
      assert.equal(r.kUsed, 10);
      assert.ok(r.pValue > 0, `${tail}: p > 0 (the observed arrangement is one of the resamples' outcomes)`);
    }
  }
});

test('stats_test vectors: PairwisePermutationSigDiff deltas', () => {
  const acc = pairwisePermutationSigDiff(PP_G, PP_1, PP_2, { variant: 'acc23', numSys: 4, averageBy: 'item', k: 10, sampleRate: 1, seed: 3, keepDraws: true });
  assertAbs(acc.delta, vector(PP_CALL + "'acc23', 'item', k=10, sample_rate=1.0)[1]"), 1e-12, 'acc23 delta');
  assert.equal(acc.kUsed, 10);
  assert.equal(acc.draws!.metric2.length, 10);
  // The upstream check: p is the share of draws with c2 − c1 ≥ delta.
  const hits = acc.draws!.metric2.filter((c2, i) => c2 - acc.draws!.metric1[i] >= acc.delta).length;
  assert.equal(hits / 10, acc.pValue);
  const b = pairwisePermutationSigDiff(PP_G, PP_1, PP_2, { variant: 'b', numSys: 4, averageBy: 'item', k: 10, epsilon1: 1, epsilon2: 1, seed: 3 });
  assertAbs(b.delta, vector(PP_CALL + "'b', 'item', k=10, epsilon1=1, epsilon2=1)[1]"), 1e-12, 'tau-b delta');
  assert.equal(b.kUsed, 10);
});

// ---------------------------------------------------------------------------------------------------------
// Further reference runs on WMT21 en-de (bleu = metric 1, chrf = metric 2)

const PERM_RUNS: Record<string, { corr: PermutationCorrelation; k: number }> = {
  pearson_item: { corr: { kind: 'pearson' }, k: 10000 },
  pearson_sys: { corr: { kind: 'pearson' }, k: 10000 },
  spearman_none: { corr: { kind: 'spearman' }, k: 1000 },
  kendall_b_sys: { corr: { kind: 'kendall', variant: 'b' }, k: 1000 },
  kendall_variants_acc23_item: { corr: { kind: 'kendallVariants', variant: 'acc23' }, k: 2000 },
  ties_opt_acc23_item: { corr: { kind: 'tiesOpt', variant: 'acc23', sampleRate: 1 }, k: 200 },
};

for (const [name, spec] of Object.entries(PERM_RUNS)) {
  test(`reference run perm_both.${name}: delta exact, p within Monte-Carlo error`, (t) => {
    const ref = runs.perm_both[name];
    if (!ref) return t.skip(`${name} not in reference-runs.json`);
    const r = permutationSigDiff(gold, bleu, chrf, spec.corr, { numSys, averageBy: ref.average_by, k: spec.k, params: { blockSize: spec.k }, seed: 11 });
    assertAbs(r.delta, ref.delta, 1e-12, 'delta');
    assert.equal(r.kUsed, spec.k);
    assertPValue(r.pValue, ref.p_value, ref.k, spec.k, 'p');
  });
}

for (const name of ['tau23_calibrated_item', 'acc23_calibrated_sys', 'b_eps1_item']) {
  test(`reference run pairwise.${name}: epsilons and delta exact, p within Monte-Carlo error`, () => {
    const ref = runs.pairwise[name];
    const k = 10000;
    const r = pairwisePermutationSigDiff(gold, bleu, chrf, {
      variant: ref.variant,
      numSys,
      averageBy: ref.average_by,
      k,
      params: { blockSize: k },
      epsilon1: name.startsWith('b_') ? ref.epsilon1 : undefined,
      epsilon2: name.startsWith('b_') ? ref.epsilon2 : undefined,
      seed: 12,
    });
    assert.equal(r.epsilon1, ref.epsilon1);
    assert.equal(r.epsilon2, ref.epsilon2);
    assertAbs(r.delta, ref.delta, 1e-12, 'delta');
    assertPValue(r.pValue, ref.p_value, ref.k, k, 'p');
  });
}

// ---------------------------------------------------------------------------------------------------------
// The Pearson engine: same coin flips ⇒ same resampled correlations as recomputing scipy's Pearson

function sameDraws(a: PermutationResult, b: PermutationResult, tol: number, where: string): void {
  assert.equal(a.kUsed, b.kUsed, `${where}: kUsed`);
  assert.equal(a.pValue, b.pValue, `${where}: p`);
  assert.equal(a.delta, b.delta, `${where}: delta`);
  for (let i = 0; i < a.kUsed; i++) {
    assertAbs(a.draws!.metric1[i], b.draws!.metric1[i], tol, `${where}: draw ${i} metric1`);
    assertAbs(a.draws!.metric2[i], b.draws!.metric2[i], tol, `${where}: draw ${i} metric2`);
  }
}

test('Pearson engine = recomputation on WMT21 en-de, every grouping', () => {
  for (const averageBy of ['none', 'sys', 'item'] as const) {
    const opts = { numSys, averageBy, k: 100, seed: 5, keepDraws: true };
    const fast = permutationSigDiff(gold, bleu, chrf, { kind: 'pearson' }, { ...opts, engine: 'auto' });
    const slow = permutationSigDiff(gold, bleu, chrf, { kind: 'pearson' }, { ...opts, engine: 'generic' });
    sameDraws(fast, slow, 1e-12, averageBy);
  }
});

test('Pearson engine: constant swapped groups are NaN exactly when recomputation says so (and n = 2 gives ±1)', () => {
  // 3 systems × 4 items, no unrated cell. Item 0: both metrics constant (different constants) ⇒ a swapped group
  // is constant only when its coins all agree. Item 1: metric 1 equals metric 2 in two cells. Item 3: gold constant.
  const g = [1, 2, 3, 5, 2, 3, 4, 5, 3, 1, 2, 5];
  const m1 = [0.5, 1, 2, 7, 0.5, 3, 1, 7, 0.5, 2, 4, 7];
  const m2 = [0.9, 1, 5, 2, 0.9, 3, 1, 3, 0.9, 4, 2, 1];
  for (const averageBy of ['item', 'sys', 'none'] as const) {
    for (const replaceNansWithZeros of [false, true]) {
      const opts = { numSys: 3, averageBy, k: 300, seed: 9, keepDraws: true, replaceNansWithZeros };
      const fast = permutationSigDiff(g, m1, m2, { kind: 'pearson' }, { ...opts, engine: 'auto' });
      const slow = permutationSigDiff(g, m1, m2, { kind: 'pearson' }, { ...opts, engine: 'generic' });
      sameDraws(fast, slow, 1e-12, `${averageBy}, nan→0 ${replaceNansWithZeros}`);
    }
  }
  // Two systems: every item group has two cells, Pearson is ±1 or NaN.
  const g2 = [1, 2, 3, 4, 2, 1, 5, 4];
  const a2 = [1, 5, 2, 2, 3, 4, 2, 1];
  const b2 = [2, 3, 3, 9, 1, 3, 2, 1];
  const fast = permutationSigDiff(g2, a2, b2, { kind: 'pearson' }, { numSys: 2, averageBy: 'item', k: 200, seed: 4, keepDraws: true });
  const slow = permutationSigDiff(g2, a2, b2, { kind: 'pearson' }, { numSys: 2, averageBy: 'item', k: 200, seed: 4, keepDraws: true, engine: 'generic' });
  sameDraws(fast, slow, 0, 'two systems');
});

test('seeded: same seed ⇒ same result; another seed ⇒ other draws', () => {
  const opts = { numSys, averageBy: 'item' as const, k: 200, keepDraws: true };
  const a = permutationSigDiff(gold, bleu, chrf, { kind: 'pearson' }, { ...opts, seed: 42 });
  const b = permutationSigDiff(gold, bleu, chrf, { kind: 'pearson' }, { ...opts, seed: 42 });
  assert.deepEqual(a, b);
  const c = permutationSigDiff(gold, bleu, chrf, { kind: 'pearson' }, { ...opts, seed: 43 });
  assert.notDeepEqual(a.draws!.metric1, c.draws!.metric1);
  const pa = pairwisePermutationSigDiff(gold, bleu, chrf, { numSys, averageBy: 'item', k: 300, epsilon1: 0, epsilon2: 0, seed: 42, keepDraws: true });
  const pb = pairwisePermutationSigDiff(gold, bleu, chrf, { numSys, averageBy: 'item', k: 300, epsilon1: 0, epsilon2: 0, seed: 42, keepDraws: true });
  assert.deepEqual(pa, pb);
});

test('early stopping: PERM-BOTH stops at a block boundary once p leaves [earlyMin, earlyMax]', () => {
  // stats_test testPearsonNoAvgWithEarlyStop: block_size=50, early_max=0.2 on data whose p is well above 0.2.
  const r = permutationSigDiff(PERM_G, PERM_1, PERM_2, { kind: 'pearson' }, { numSys: 4, k: 1000, params: { blockSize: 50, earlyMax: 0.2 }, seed: 1, keepDraws: true, engine: 'generic' });
  assert.ok(r.kUsed < 1000 && r.kUsed % 50 === 0, `kUsed ${r.kUsed}`);
  assert.equal(r.draws!.metric1.length, r.kUsed);
  const hits = r.draws!.metric2.filter((c2, i) => c2 - r.draws!.metric1[i] >= r.delta).length;
  assert.equal(r.pValue, hits / r.kUsed);
  assert.ok(r.pValue > 0.2);
});

test('early stopping quirk of PairwisePermutationSigDiff: the block check only runs on counted resamples', () => {
  // Metric 2 orders every pair as gold does, metric 1 reverses them: c2 − c1 ≥ delta essentially never happens.
  const g = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const good = g.map((x) => x * 2);
  const bad = g.map((x) => -x);
  const params = { blockSize: 10, earlyMin: 0.02, earlyMax: 0.5 };
  const perm = permutationSigDiff(g, bad, good, { kind: 'kendallVariants', variant: 'acc23' }, { k: 100, params, seed: 1 });
  assert.equal(perm.kUsed, 10); // p = 0 < 0.02 at the first block boundary
  const pairs = pairwisePermutationSigDiff(g, bad, good, { variant: 'acc23', k: 100, params, epsilon1: 0, epsilon2: 0, seed: 1 });
  assert.equal(pairs.pValue, 0);
  assert.equal(pairs.kUsed, 100); // never counted, so never checked
});

test('refusals: tau-c, NaN metric scores, k < 1, negative epsilon', () => {
  assert.throws(() => pairwisePermutationSigDiff(PP_G, PP_1, PP_2, { variant: 'c' as 'b', numSys: 4 }), /tau-c/);
  assert.throws(() => pairwisePermutationSigDiff(PP_G, [NaN, ...PP_1.slice(1)], PP_2, { epsilon1: 0, epsilon2: 0, numSys: 4 }), /NaN/);
  assert.throws(() => permutationSigDiff(PERM_G, PERM_1, PERM_2, { kind: 'pearson' }, { k: 0 }), /k must be/);
  assert.throws(() => pairwisePermutationSigDiff(PP_G, PP_1, PP_2, { epsilon1: -1, epsilon2: 0, numSys: 4 }), /non-negative/);
});
