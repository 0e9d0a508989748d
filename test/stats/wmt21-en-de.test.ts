// mt-metrics-eval @68a481a outputs on WMT21 en-de MQM (8 systems × 1002 segments, 527 rated) with sacreBLEU
// sentence metrics: every segment-level measure × grouping and the system-level measures
// (fixtures/metaeval/results.en-de.json, computed from matrix.en-de.tsv.gz and system-means.en-de.tsv).
// Tolerances: counting statistics (Kendall tau-b/c, acc23, tau23, pairwise accuracy, ε) exactly; Pearson and
// Spearman 1e-9; p-values 1e-9 absolute and 1e-9 relative (they reach 1e-19); tie-calibrated tau 1e-12.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import {
  FIXTURE_DIR,
  METRICS,
  SHARED_METAEVAL,
  hasShared,
  loadMatrix,
  loadResults,
  loadSystemMeans,
} from '../fixtures/metaeval/load.js';
import {
  MatrixCorrelation,
  kendallVariant,
  averageCorrelation,
  pairwiseAgreement,
  tieCalibratedKendall,
  type AverageBy,
  type AveragedCorrelation,
} from '../../src/stats/index.js';

const matrix = loadMatrix();
const results = loadResults();
const systemMeans = loadSystemMeans();

type Tol = 'exact' | 'corr' | 'p';

function close(actual: number, expected: number, tol: Tol, where: string): void {
  if (tol === 'exact') {
    assert.equal(actual, expected, where);
    return;
  }
  const abs = Math.abs(actual - expected);
  assert.ok(abs <= 1e-9, `${where}: ${actual} vs ${expected} (abs ${abs})`);
  if (tol === 'p') assert.ok(abs <= 1e-9 * Math.abs(expected), `${where}: ${actual} vs ${expected} (rel ${abs / Math.abs(expected)})`);
}

function checkTriple(got: AveragedCorrelation, expected: number[], corrTol: Tol, pTol: Tol, where: string): void {
  close(got[0], expected[0], corrTol, `${where} corr`);
  close(got[1], expected[1], pTol, `${where} p`);
  assert.equal(got[2], expected[2], `${where} n`);
}

test('the fixture matrix is the documented 8 × 1002 en-de matrix with 4216 rated cells', () => {
  assert.deepEqual(matrix.systems, results.systems);
  assert.equal(matrix.numSys, results.num_sys);
  assert.equal(matrix.numItems, results.num_items);
  assert.equal(matrix.gold.filter((g) => g !== null).length, results.num_rated_cells);
});

for (const metric of METRICS) {
  const seg = results.segment[metric];
  const mc = new MatrixCorrelation(matrix.numSys, matrix.gold, matrix.metrics[metric]);

  test(`segment ${metric}: pearson, spearman, kendall b/c × none|item|sys`, () => {
    for (const avg of ['none', 'item', 'sys'] as AverageBy[]) {
      checkTriple(mc.pearson(avg), seg[`pearson/${avg}`], 'corr', 'p', `pearson/${avg}`);
      checkTriple(mc.spearman(avg), seg[`spearman/${avg}`], 'corr', 'p', `spearman/${avg}`);
      checkTriple(mc.kendall(avg, 'b'), seg[`kendall_b/${avg}`], 'exact', 'p', `kendall_b/${avg}`);
      checkTriple(mc.kendall(avg, 'c'), seg[`kendall_c/${avg}`], 'exact', 'p', `kendall_c/${avg}`);
    }
  });

  test(`segment ${metric}: acc23 and tau23 (ε = 0) × none|item`, () => {
    for (const avg of ['none', 'item'] as AverageBy[]) {
      checkTriple(mc.kendallVariants(avg, 'acc23'), seg[`acc23/${avg}`], 'exact', 'exact', `acc23/${avg}`);
      checkTriple(mc.kendallVariants(avg, '23'), seg[`tau23/${avg}`], 'exact', 'exact', `tau23/${avg}`);
    }
  });

  test(`segment ${metric}: tie-calibrated acc23, item-grouped — tau and ε`, () => {
    const expected = seg['acc23_tieopt/item'];
    const got = tieCalibratedKendall(matrix.gold, matrix.metrics[metric], { variant: 'acc23', numSys: 8, averageBy: 'item' });
    assert.equal(got.epsilon, expected.epsilon, 'epsilon');
    assert.ok(Math.abs(got.tau - expected.tau) <= 1e-12, `tau ${got.tau} vs ${expected.tau}`);
    assert.equal(got.groups, 527, 'rated segments');
    const via = mc.kendallWithTiesOpt('item', 'acc23');
    assert.ok(Math.abs(via[0] - expected.via_Correlation[0]) <= 1e-12);
    assert.deepEqual(via.slice(1), expected.via_Correlation.slice(1));
    // Self-consistency, as upstream asserts it: the calibrated tau is acc23 at that ε.
    const atEps = mc.kendallVariants('item', 'acc23', got.epsilon);
    assert.ok(Math.abs(atEps[0] - got.tau) <= 1e-12, `acc23 at ε: ${atEps[0]} vs ${got.tau}`);
  });

  test(`system ${metric}: pearson, spearman, kendall_b on system means; pairwise accuracy`, () => {
    const sys = results.system[metric];
    const sc = new MatrixCorrelation(8, systemMeans.gold, systemMeans.metrics[metric]);
    checkTriple(sc.pearson(), sys.pearson, 'corr', 'p', 'pearson');
    checkTriple(sc.spearman(), sys.spearman, 'corr', 'p', 'spearman');
    checkTriple(sc.kendall(), sys.kendall_b, 'exact', 'p', 'kendall_b');
    const a = pairwiseAgreement(systemMeans.gold, systemMeans.metrics[metric]);
    assert.deepEqual({ agree: a.agree, num_pairs: a.numPairs, accuracy: a.agree / a.numPairs }, sys.pairwise_accuracy);
  });
}

test('system means: the gold column is the mean over the 527 rated segments (Python left-to-right sum)', () => {
  for (let s = 0; s < matrix.numSys; s++) {
    let sum = 0;
    let n = 0;
    for (let i = 0; i < matrix.numItems; i++) {
      const g = matrix.gold[s * matrix.numItems + i];
      if (g !== null) {
        sum += g;
        n++;
      }
    }
    assert.equal(n, 527);
    assert.equal(sum / n, systemMeans.gold[s], matrix.systems[s]);
  }
});

test('significance entries: the deterministic deltas (bleu → chrf)', () => {
  const sig = results.significance;
  const bleu = matrix.metrics.bleu;
  const chrf = matrix.metrics.chrf;
  // PERM-BOTH delta = pearson(chrf) − pearson(bleu), 'none'. The reference z-scores first (same r up to rounding).
  const pearsonNone = (m: Float64Array) => new MatrixCorrelation(8, matrix.gold, m).pearson('none')[0];
  close(pearsonNone(chrf) - pearsonNone(bleu), sig.perm_both_pearson_none.delta, 'corr', 'perm_both delta');
  // Pairwise permutation, acc23 item: the calibrated ε of each metric, then acc23 at those ε.
  const eps1 = tieCalibratedKendall(matrix.gold, bleu, { numSys: 8, averageBy: 'item' }).epsilon;
  const eps2 = tieCalibratedKendall(matrix.gold, chrf, { numSys: 8, averageBy: 'item' }).epsilon;
  assert.equal(eps1, sig.pairwise_perm_acc23_tieopt_item.epsilon1);
  assert.equal(eps2, sig.pairwise_perm_acc23_tieopt_item.epsilon2);
  const acc = (m: Float64Array, epsilon: number) =>
    averageCorrelation((g, x) => kendallVariant(g, x, { variant: 'acc23', epsilon }), matrix.gold, m, { numSys: 8, averageBy: 'item' })[0];
  // Both thresholds tie every metric pair, so the two per-item values coincide and the delta is exactly 0.
  assert.equal(acc(chrf, eps2) - acc(bleu, eps1), sig.pairwise_perm_acc23_tieopt_item.delta);
  assert.ok(Math.abs(acc(chrf, 0) - acc(bleu, 0) - sig.pairwise_perm_acc23_eps0_item.delta) <= 1e-12);
});

// The significance goldens (PermutationSigDiff, PairwisePermutationSigDiff) are checked in test/stats/permutation.test.ts.

test('fixture copies equal the shared golden files', (t) => {
  if (!hasShared()) {
    t.skip('../shared not present');
    return;
  }
  const fixtureMatrix = gunzipSync(readFileSync(path.join(FIXTURE_DIR, 'matrix.en-de.tsv.gz')));
  assert.ok(fixtureMatrix.equals(readFileSync(path.join(SHARED_METAEVAL, 'matrix.en-de.tsv'))), 'matrix.en-de.tsv');
  for (const name of ['results.en-de.json', 'system-means.en-de.tsv', 'mtme-stats-test-vectors.json']) {
    assert.ok(readFileSync(path.join(FIXTURE_DIR, name)).equals(readFileSync(path.join(SHARED_METAEVAL, name))), name);
  }
});
