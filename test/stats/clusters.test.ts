// Significance clusters: mt-metrics-eval `data.AssignRanks` (data_test.py testAssignRanks, plus reference runs in
// fixtures/significance/reference-runs.json) and the metric ordering of CompareMetrics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURE_DIR } from '../fixtures/metaeval/load.js';
import { assignRanks, orderByCorrelation, significanceClusters, significanceMatrix } from '../../src/stats/clusters.js';

const runs = JSON.parse(readFileSync(path.resolve(FIXTURE_DIR, '../significance/reference-runs.json'), 'utf8'));

function square(flat: number[]): number[][] {
  const n = Math.sqrt(flat.length);
  return Array.from({ length: n }, (_, i) => flat.slice(i * n, (i + 1) * n));
}

test('data_test testAssignRanks (upstream expected ranks)', () => {
  const m1 = square([0, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0]);
  assert.deepEqual(assignRanks(m1, 0.5), [1, 1, 1, 1]);
  assert.deepEqual(assignRanks(m1, 1.0), [1, 2, 3, 4]);
  assert.deepEqual(assignRanks(square([0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0]), 0.5), [1, 1, 2, 2]);
  assert.deepEqual(assignRanks(square([0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]), 0.5), [1, 2, 2, 3]);
});

test('reference runs of AssignRanks', () => {
  for (const { matrix, pval, ranks } of runs.assign_ranks) assert.deepEqual(assignRanks(square(matrix), pval), ranks, JSON.stringify(matrix));
});

test('hand-made: the look-back stops at the current cluster start, and p = pval counts as significant', () => {
  // 0 beats 2 (0.01) but neither 0 vs 1 (0.2) nor 1 vs 2 (0.3) is significant: 2 opens cluster 2 because 0 is in
  // the current cluster; 1 and 2 end up in different clusters without differing significantly.
  assert.deepEqual(assignRanks([[0, 0.2, 0.01], [0, 0, 0.3], [0, 0, 0]], 0.05), [1, 1, 2]);
  // After 2 opened a cluster, 3 is compared with 2 only: 0's significant win over 3 is no longer looked at.
  assert.deepEqual(assignRanks([[0, 0.2, 0.01, 0.001], [0, 0, 0.3, 0.2], [0, 0, 0, 0.4], [0, 0, 0, 0]], 0.05), [1, 1, 2, 2]);
  assert.deepEqual(assignRanks([[0, 0.05], [0, 0]], 0.05), [1, 2]);
  assert.deepEqual(assignRanks([[0, 0.0500001], [0, 0]], 0.05), [1, 1]);
  assert.deepEqual(assignRanks([], 0.05), []);
  assert.throws(() => assignRanks([[0, 1], [0]], 0.05), /square/);
});

test('orderByCorrelation: decreasing, ties by name in code-point order, NaN last', () => {
  assert.deepEqual(orderByCorrelation({ b: 0.5, a: 0.5, c: 0.9, d: NaN, e: -1 }), ['c', 'a', 'b', 'e', 'd']);
  // JS '<' compares UTF-16 units (U+1F600's lead surrogate 0xD83D < 0xFF5E); Python compares code points.
  assert.deepEqual(orderByCorrelation({ '\u{1F600}': 1, '\uFF5E': 1 }), ['\uFF5E', '\u{1F600}']);
});

test('significanceClusters: order, pairwise tests (better, worse), ranks', () => {
  const corrs = { m1: 0.3, m2: 0.9, m3: 0.5, m4: 0.85 };
  const calls: string[] = [];
  const pTable: Record<string, number> = { 'm2>m4': 0.4, 'm2>m3': 0.01, 'm2>m1': 0.001, 'm4>m3': 0.03, 'm4>m1': 0.002, 'm3>m1': 0.2 };
  const res = significanceClusters(corrs, (better, worse) => {
    calls.push(`${better}>${worse}`);
    return pTable[`${better}>${worse}`];
  });
  assert.deepEqual(calls, ['m2>m4', 'm2>m3', 'm2>m1', 'm4>m3', 'm4>m1', 'm3>m1']);
  assert.deepEqual(res.ranked.map((r) => [r.name, r.rank]), [['m2', 1], ['m4', 1], ['m3', 2], ['m1', 2]]);
  assert.equal(res.sig[1][2], 0.03);
  assert.equal(res.sig[2][1], 0);
  assert.deepEqual(Array.from(significanceMatrix(2, () => 0.7)[0]), [0, 0.7]);
});
