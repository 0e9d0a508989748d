// Property tests: the O(n log n) pair counters equal the O(n²) definition (written out again here,
// independently of src) on random data with many ties, with and without an ε tie threshold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  countStrictInversions,
  kendallPairCounts,
  kendallPairCountsNaive,
  kendallPairCountsWithEpsilon,
  type KendallPairCounts,
} from '../../src/stats/kendall-pairs.js';

/** The definition: every pair i < j classified once. ε-ties on the metric via |fl(m_j − m_i)| ≤ ε. */
function definition(gold: number[], metric: number[], epsilon = 0): KendallPairCounts {
  const c = { concordant: 0, discordant: 0, tiesGoldOnly: 0, tiesMetricOnly: 0, tiesBoth: 0, pairs: 0 };
  for (let i = 0; i < gold.length; i++) {
    for (let j = i + 1; j < gold.length; j++) {
      c.pairs++;
      const goldTie = gold[i] === gold[j];
      const metricTie = Math.abs(metric[j] - metric[i]) <= epsilon;
      if (goldTie && metricTie) c.tiesBoth++;
      else if (goldTie) c.tiesGoldOnly++;
      else if (metricTie) c.tiesMetricOnly++;
      else if (gold[i] < gold[j] === metric[i] < metric[j]) c.concordant++;
      else c.discordant++;
    }
  }
  return c;
}

const FC = { numRuns: 400, seed: 20240601 };
// Few distinct values (many ties) or arbitrary doubles; lengths across the insertion-sort/merge boundary.
const tiedValues = fc.integer({ min: -3, max: 3 });
const anyValues = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 });
const pairOf = (values: fc.Arbitrary<number>) =>
  fc.integer({ min: 0, max: 90 }).chain((n) => fc.tuple(fc.array(values, { minLength: n, maxLength: n }), fc.array(values, { minLength: n, maxLength: n })));

test('kendallPairCounts (merge sort) = the O(n²) definition, with ties', () => {
  fc.assert(fc.property(pairOf(tiedValues), ([g, m]) => assert.deepEqual(kendallPairCounts(g, m), definition(g, m))), FC);
});

test('kendallPairCounts = definition on arbitrary doubles (incl. -0 vs +0)', () => {
  fc.assert(fc.property(pairOf(anyValues), ([g, m]) => assert.deepEqual(kendallPairCounts(g, m), definition(g, m))), FC);
  assert.deepEqual(kendallPairCounts([0, 1], [-0, 0]), definition([0, 1], [-0, 0]));
});

test('kendallPairCountsWithEpsilon (Fenwick sweep) = definition for ε drawn from the data and at random', () => {
  const withEps = pairOf(fc.integer({ min: 0, max: 12 }).map((v) => v * 0.1)).chain(([g, m]) =>
    fc.tuple(fc.constant(g), fc.constant(m), m.length > 1 ? fc.oneof(fc.constant(Math.abs(m[1] - m[0])), fc.double({ min: 0, max: 1.5, noNaN: true })) : fc.constant(0.3)),
  );
  fc.assert(fc.property(withEps, ([g, m, eps]) => assert.deepEqual(kendallPairCountsWithEpsilon(g, m, eps), definition(g, m, eps))), FC);
});

test('ε = 0 through the sweep equals the exact-tie counts', () => {
  fc.assert(fc.property(pairOf(tiedValues), ([g, m]) => assert.deepEqual(kendallPairCountsWithEpsilon(g, m, 0), kendallPairCounts(g, m))), FC);
});

test('the naive counter in src (used for small groups) = definition', () => {
  fc.assert(
    fc.property(pairOf(tiedValues), fc.double({ min: 0, max: 3, noNaN: true }), ([g, m], eps) =>
      assert.deepEqual(kendallPairCountsNaive(g, m, eps), definition(g, m, eps)),
    ),
    FC,
  );
});

test('countStrictInversions = pairs i < j with a[i] > a[j], and sorts', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 300 }), (a) => {
      let expected = 0;
      for (let i = 0; i < a.length; i++) for (let j = i + 1; j < a.length; j++) if (a[i] > a[j]) expected++;
      const seq = Int32Array.from(a);
      assert.equal(countStrictInversions(seq), expected);
      assert.deepEqual([...seq], [...a].sort((x, y) => x - y));
    }),
    FC,
  );
});

test('epsilon must be non-negative; lengths must match', () => {
  assert.throws(() => kendallPairCountsWithEpsilon([1, 2], [1, 2], -1), RangeError);
  assert.throws(() => kendallPairCounts([1, 2], [1]), RangeError);
});
