// Holm–Bonferroni on hand-checked cases (worked out in the comments; no reference implementation is involved).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertAbs } from './_compare.js';
import { holmAdjustMatrix, holmBonferroni } from '../../src/stats/holm.js';

test('four tests at α = 0.05', () => {
  // Sorted: 0.005 (#3), 0.01 (#0), 0.03 (#2), 0.04 (#1); thresholds α/4, α/3, α/2, α = 0.0125, 0.0167, 0.025, 0.05.
  // 0.005 ≤ 0.0125 reject, 0.01 ≤ 0.0167 reject, 0.03 > 0.025 stop: #2 and #1 are kept even though 0.04 ≤ 0.05.
  // Adjusted: 4·0.005 = 0.02, max(0.02, 3·0.01) = 0.03, max(0.03, 2·0.03) = 0.06, max(0.06, 1·0.04) = 0.06.
  const r = holmBonferroni([0.01, 0.04, 0.03, 0.005]);
  assert.deepEqual(r.reject, [true, false, false, true]);
  [0.03, 0.06, 0.06, 0.02].forEach((e, i) => assertAbs(r.adjusted[i], e, 1e-15, `adjusted[${i}]`));
  assert.equal(r.m, 4);
});

test('adjusted p-values are capped at 1, NaN tests are left out of the family', () => {
  // Family of 3 (the NaN is not a test): 3·0.2 = 0.6, max(0.6, 2·0.5) = 1, max(1, 0.9) = 1.
  const r = holmBonferroni([0.5, NaN, 0.2, 0.9]);
  assert.equal(r.m, 3);
  assertAbs(r.adjusted[2], 0.6, 1e-15, 'adjusted 0.2');
  assert.equal(r.adjusted[0], 1);
  assert.equal(r.adjusted[3], 1);
  assert.ok(Number.isNaN(r.adjusted[1]));
  assert.deepEqual(r.reject, [false, false, false, false]);
});

test('ties and α: equal p-values get equal adjusted values; a p exactly on its threshold is rejected', () => {
  // m = 2, α = 0.1: 0.05 ≤ 0.1/2 rejects, then 0.05 ≤ 0.1/1 rejects; adjusted both max(2·0.05, 1·0.05) = 0.1.
  const r = holmBonferroni([0.05, 0.05], 0.1);
  assert.deepEqual(r.reject, [true, true]);
  assert.deepEqual(Array.from(r.adjusted), [0.1, 0.1]);
  assert.throws(() => holmBonferroni([1.5]), /not in \[0, 1\]/);
  assert.throws(() => holmBonferroni([0.5], 0), /alpha/);
});

test('holmAdjustMatrix treats the upper triangle as one family', () => {
  // Pairs (0,1) 0.01, (0,2) 0.02, (1,2) 0.04: adjusted 3·0.01 = 0.03, max(0.03, 2·0.02) = 0.04, max(0.04, 0.04) = 0.04.
  const out = holmAdjustMatrix([
    [0, 0.01, 0.02],
    [0.7, 0, 0.04],
    [0, 0, 0],
  ]);
  assertAbs(out[0][1], 0.03, 1e-15, '(0,1)');
  assertAbs(out[0][2], 0.04, 1e-15, '(0,2)');
  assertAbs(out[1][2], 0.04, 1e-15, '(1,2)');
  assert.equal(out[1][0], 0.7); // below the diagonal: copied
});
