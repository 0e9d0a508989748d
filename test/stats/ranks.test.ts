// Average ranks = scipy.stats.rankdata (reference values), dense ranks by definition.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadReference } from '../fixtures/metaeval/load.js';
import { averageRanks, denseRanks, sortedDistinct } from '../../src/stats/ranks.js';

test('averageRanks = scipy rankdata on the 48 random vectors (with and without ties)', () => {
  const cases = loadReference().correlations.filter((c: any) => c.rankdata_x);
  assert.equal(cases.length, 48);
  for (const c of cases) assert.deepEqual([...averageRanks(c.x)], c.rankdata_x);
});

test('averageRanks: ties share the mean position; NaN propagates', () => {
  assert.deepEqual([...averageRanks([10, 20, 10, 30, 10])], [2, 4, 2, 5, 2]);
  assert.deepEqual([...averageRanks([-0, 0])], [1.5, 1.5]);
  assert.ok([...averageRanks([1, NaN, 2])].every(Number.isNaN));
});

test('denseRanks and sortedDistinct', () => {
  const d = denseRanks([3.5, -1, 3.5, 2, -1]);
  assert.deepEqual([...d.ranks], [2, 0, 2, 1, 0]);
  assert.equal(d.count, 3);
  const distinct = sortedDistinct([0, -0, 1, 1]);
  assert.equal(distinct.length, 2);
  assert.ok(distinct[0] === 0 && distinct[1] === 1);
});
