// Williams's test against mt-metrics-eval @68a481a: the two WilliamsSigDiff vectors of stats_test.py (full-precision
// `actual` values, fixtures/metaeval) and reference runs on WMT21 en-de (fixtures/significance/reference-runs.json).
// Deterministic: compared to 1e-12 (Pearson goes through scipy's float path, the t tail through stdtr).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURE_DIR, loadMatrix, loadTestVectors } from '../fixtures/metaeval/load.js';
import { assertAbs } from './_compare.js';
import { williamsSigDiff, williamsTest } from '../../src/stats/williams.js';
import { averageCorrelation, type GoldVector } from '../../src/stats/grouping.js';
import { pearson } from '../../src/stats/correlation.js';

const vectors: { call: string; actual: unknown }[] = loadTestVectors().vectors;
const runs = JSON.parse(readFileSync(path.resolve(FIXTURE_DIR, '../significance/reference-runs.json'), 'utf8'));

function vector(prefix: string): number[] {
  const v = vectors.find((x) => x.call.startsWith(prefix));
  assert.ok(v, `vector not found: ${prefix}`);
  return v.actual as number[];
}

/** stats.AverageCorrelation(pearson, numSys, averageBy) as a vector correlation. */
const averagedPearson = (numSys: number, averageBy: 'none' | 'item' | 'sys') => (x: GoldVector, y: ArrayLike<number>) =>
  averageCorrelation(pearson, x, y, { numSys, averageBy })[0];

test('stats_test testSigDiff: plain Pearson, 5 observations', () => {
  const [p, r1, r2] = vector('[float(v) for v in stats.WilliamsSigDiff(stats.Correlation(5, [1, 2, 3, 4, 5], [1.1, 2, 3.1, 4, 5.1])');
  const r = williamsSigDiff([1, 2, 3, 4, 5], [1.1, 2, 3.1, 4, 5.1], [1.5, 2, 3.1, 4, 5.5], (x, y) => pearson(x as number[], y).r);
  assertAbs(r.pValue, p, 1e-12, 'p');
  assertAbs(r.r1, r1, 1e-12, 'r1');
  assertAbs(r.r2, r2, 1e-12, 'r2');
});

test('stats_test testSigDiffWithAvgAndNones: item-averaged Pearson, unrated gold, n = full length', () => {
  const [p, r1, r2] = vector('[float(v) for v in stats.WilliamsSigDiff(stats.Correlation(3, [1, None, 3, 4, 5, 6]');
  const r = williamsSigDiff([1, null, 3, 4, 5, 6], [1, 2, 3, 3, 7, 3], [2, 1, 2, 6, 8, 8], averagedPearson(3, 'item'));
  assertAbs(r.pValue, p, 1e-12, 'p');
  assertAbs(r.r1, r1, 1e-12, 'r1');
  assertAbs(r.r2, r2, 1e-12, 'r2');
});

test('reference runs on WMT21 en-de: BLEU vs chrF, Pearson without grouping and averaged by item', () => {
  const m = loadMatrix();
  for (const [key, averageBy] of [['williams_pearson_none', 'none'], ['williams_pearson_item', 'item']] as const) {
    const ref = runs[key];
    const r = williamsSigDiff(m.gold, m.metrics.bleu, m.metrics.chrf, averagedPearson(m.numSys, averageBy));
    assertAbs(r.r1, ref.r1, 1e-12, `${key} r1`);
    assertAbs(r.r2, ref.r2, 1e-12, `${key} r2`);
    assertAbs(r.pValue, ref.p_value, 1e-12, `${key} p`);
  }
});

test('two-sided test doubles the one-sided p (reference WilliamsTest(0.6, 0.4, 0.5, 50, one_sided=False))', () => {
  const ref = runs.williams_two_sided;
  assertAbs(williamsTest(ref.r12, ref.r13, ref.r23, ref.n, false), ref.p_value, 1e-12, 'two-sided');
  assertAbs(williamsTest(ref.r12, ref.r13, ref.r23, ref.n), ref.p_value / 2, 1e-12, 'one-sided');
  // Symmetric in the two metrics.
  assert.equal(williamsTest(0.4, 0.6, 0.5, 50), williamsTest(0.6, 0.4, 0.5, 50));
});
