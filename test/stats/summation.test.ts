// pairwiseSum / pairwiseMean reproduce np.sum / np.mean bit for bit (reference values from numpy 2.4.6).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadReference } from '../fixtures/metaeval/load.js';
import { pairwiseMean, pairwiseSum } from '../../src/stats/summation.js';

test('np.sum and np.mean bits on vectors of 1…1500 values of mixed magnitude', () => {
  const cases = loadReference().np_sum as { values: number[]; sum: number; mean: number }[];
  assert.equal(cases.length, 9);
  for (const c of cases) {
    assert.equal(pairwiseSum(c.values), c.sum, `sum of ${c.values.length}`);
    assert.equal(pairwiseMean(c.values), c.mean, `mean of ${c.values.length}`);
  }
});

test('the association differs from a left-to-right loop (the reason to reproduce it)', () => {
  const cases = loadReference().np_sum as { values: number[]; sum: number }[];
  const naive = cases.map((c) => c.values.reduce((a, b) => a + b, 0));
  assert.ok(naive.some((v, i) => v !== cases[i].sum), 'no case separates the two summation orders');
});

test('empty input', () => {
  assert.equal(pairwiseSum([]), -0);
  assert.ok(Number.isNaN(pairwiseMean([])));
});
