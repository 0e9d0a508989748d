// Matrix averaging (AverageCorrelation / Correlation) against mt-metrics-eval @68a481a on 8 seeded random
// matrices (2–8 systems, up to 30% unrated gold cells, some NaN metric cells): every measure × none|sys|item,
// with replace_nans_with_zeros, micro averaging and pairwise-difference Pearson.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadReference } from '../fixtures/metaeval/load.js';
import {
  MatrixCorrelation,
  averageCorrelation,
  groupIndices,
  packGroups,
  pearson,
  kendallTau,
  type AverageBy,
  type AveragedCorrelation,
} from '../../src/stats/index.js';
import { assertAbs, assertSame, assertTail } from './_compare.js';

const ref = loadReference();
const GROUPINGS: AverageBy[] = ['none', 'sys', 'item'];

function check(got: AveragedCorrelation, expected: number[], exact: boolean, where: string): void {
  if (exact) assertSame(got[0], expected[0], `${where} corr`);
  else assertAbs(got[0], expected[0], 1e-9, `${where} corr`);
  if (exact) assertSame(got[1], expected[1], `${where} p`);
  else assertTail(got[1], expected[1], `${where} p`);
  assert.equal(got[2], expected[2], `${where} n`);
}

test('every measure × grouping = reference on 8 random matrices (counting measures bit-exact)', () => {
  assert.equal(ref.matrices.length, 8);
  let compared = 0;
  for (const [i, m] of ref.matrices.entries()) {
    const mc = new MatrixCorrelation(m.num_sys, m.gold, m.metric);
    for (const avg of GROUPINGS) {
      const r = m.results[avg];
      const at = `matrix ${i} ${avg}`;
      const run: [string, AveragedCorrelation, boolean][] = [
        ['pearson', mc.pearson(avg), false],
        ['spearman', mc.spearman(avg), false],
        ['kendall_b', mc.kendall(avg, 'b'), false], // exact tau, scipy-path p-value
        ['kendall_c', mc.kendall(avg, 'c'), false],
        ['kendall_like_5', mc.kendallLike(avg, 1), true],
        ['kv_b', mc.kendallVariants(avg, 'b'), true],
        ['kv_c', mc.kendallVariants(avg, 'c'), true],
        ['kv_23', mc.kendallVariants(avg, '23'), true],
        ['kv_acc23', mc.kendallVariants(avg, 'acc23'), true],
        ['kv_b_eps', mc.kendallVariants(avg, 'b', 1.5), true],
        ['kv_23_eps', mc.kendallVariants(avg, '23', 1.5), true],
        ['kv_acc23_eps', mc.kendallVariants(avg, 'acc23', 1.5), true],
        ['pearson_nan0', averageCorrelation(pearson, m.gold, m.metric, { numSys: m.num_sys, averageBy: avg, replaceNansWithZeros: true }), false],
        ['pearson_micro', averageCorrelation(pearson, m.gold, m.metric, { numSys: m.num_sys, averageBy: avg, macro: false }), false],
      ];
      if (r.pearson_pdp) run.push(['pearson_pdp', mc.pearson(avg, true), false]);
      for (const [key, got, exact] of run) {
        check(got, r[key], exact, `${at} ${key}`);
        compared++;
      }
      // Kendall's tau itself is computed by the same integer arithmetic as scipy: bit-exact too.
      assertSame(mc.kendall(avg, 'b')[0], r.kendall_b[0], `${at} kendall_b tau bits`);
    }
  }
  assert.equal(compared, 8 * 3 * 14 + 6 * 3);
});

test('groupIndices: the reference reshape (system-major cells; sys rows, item columns)', () => {
  assert.deepEqual(groupIndices(6, 2, 'sys').map((g) => [...g]), [[0, 1, 2], [3, 4, 5]]);
  assert.deepEqual(groupIndices(6, 2, 'item').map((g) => [...g]), [[0, 3], [1, 4], [2, 5]]);
  assert.deepEqual(groupIndices(6, 2, 'none').map((g) => [...g]), [[0, 1, 2, 3, 4, 5]]);
  assert.throws(() => groupIndices(7, 2, 'sys'), /do not split/);
  assert.throws(() => groupIndices(6, 2, 'seg' as AverageBy), /Unknown averaging/);
});

test('packGroups keeps singleton groups and drops empty ones (the permutation tests\' input)', () => {
  const p = packGroups([1, null, null, null, 5, 6], [[1, 2, 3, 4, 5, 6]], 2, 'item');
  assert.deepEqual(p.lengths, [1, 1, 1]);
  assert.deepEqual([...p.gold], [1, 5, 6]);
  assert.deepEqual([...p.metrics[0]], [1, 5, 6]);
});

test('averaging conventions: nothing left gives [0, 0, 0]; filterNones false refuses null gold', () => {
  assert.deepEqual(averageCorrelation(pearson, [1, null, null, 4], [1, 2, 3, 4], { numSys: 2, averageBy: 'item' }), [0, 0, 0]);
  assert.throws(() => averageCorrelation(pearson, [1, null], [1, 2], { filterNones: false }), /filterNones/);
  // Without filtering (stats.Correlation when no gold is missing), single-cell groups reach the function —
  // scipy's kendalltau gives NaN there — and count as 0 with replaceNansWithZeros.
  const kendall = (g: Float64Array, m: Float64Array) => kendallTau(g, m);
  const opts = { numSys: 4, averageBy: 'sys' as AverageBy, filterNones: false };
  assert.deepEqual(averageCorrelation(kendall, [1, 2, 3, 4], [1, 3, 2, 4], { ...opts, replaceNansWithZeros: true }), [0, 0, 4]);
  assert.deepEqual(averageCorrelation(kendall, [1, 2, 3, 4], [1, 3, 2, 4], opts), [0, 0, 0]);
  assert.throws(() => new MatrixCorrelation(2, [1, 2, 3], [1, 2, 3]), /do not split/);
});
