// KendallVariants / KendallLike against mt-metrics-eval @68a481a outputs on seeded random vectors,
// including the reference's conventions for NaN metric values on both of its code paths (ε = 0, ε > 0).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadReference } from '../fixtures/metaeval/load.js';
import { kendallLike, kendallVariant, kendallVariantCounts } from '../../src/stats/kendall-variants.js';
import { assertSame } from './_compare.js';

const ref = loadReference();
const VARIANTS = ['b', 'c', '23', 'acc23'] as const;

function checkCases(cases: any[], label: string): number {
  let compared = 0;
  for (const [i, e] of cases.entries()) {
    for (const variant of VARIANTS) {
      assertSame(kendallVariant(e.gold, e.metric, { variant }).r, e.eps0[variant], `${label} #${i} ${variant} ε=0`);
      compared++;
      if (variant === 'c') continue;
      assertSame(kendallVariant(e.gold, e.metric, { variant, epsilon: 0.7 }).r, e.eps1[variant], `${label} #${i} ${variant} ε=0.7`);
      compared++;
    }
  }
  return compared;
}

test('KendallVariants b, c, 23, acc23 at ε = 0 and ε = 0.7, n = 3…40 (0, 1 or 3 NaN metrics): bit-exact', () => {
  assert.equal(checkCases(ref.kendall_variants, 'short'), 15 * 7);
});

test('the same on n = 60 and 150 (the sorting paths), with 0, 2 or 7 NaN metrics: bit-exact', () => {
  assert.equal(checkCases(ref.kendall_variants_long, 'long'), 6 * 7);
});

test('NaN on the ε > 0 path: the reference\'s diagonal quirk can make acc23 negative', () => {
  // gold [1,3,1,2,3], metric [NaN,−2.6,NaN,1.4,NaN]: the reference returns acc23 = −0.1 (fixture case).
  const e = ref.kendall_variants.find((c: any) => c.eps1.acc23 < 0);
  assert.ok(e, 'fixture has the negative-acc23 case');
  assert.equal(kendallVariant(e.gold, e.metric, { variant: 'acc23', epsilon: 0.7 }).r, e.eps1.acc23);
  const c = kendallVariantCounts(e.gold, e.metric, 0.7);
  assert.ok(c.tiesBoth < 0);
});

test('KendallLike (WMT20) = reference [corr, 0, pairs, concordant, discordant] incl. null gold and thresh 0', () => {
  assert.equal(ref.kendall_like.length, 12);
  for (const e of ref.kendall_like) {
    const r = kendallLike(e.gold, e.metric, e.thresh);
    assert.deepEqual([r.r, r.p, r.numPairs, r.concordant, r.discordant], e.result, `thresh ${e.thresh}`);
    assert.equal(r.weight, r.numPairs);
  }
});

test('argument checks mirror the reference', () => {
  assert.throws(() => kendallVariant([1, 2], [1, 2], { epsilon: -1 }), /non-negative/);
  assert.throws(() => kendallVariant([1, 2], [1, 2], { variant: 'c', epsilon: 0.5 }), /tau-c/);
  assert.throws(() => kendallVariant([1, 2], [1, 2], { variant: 'x' as 'b' }), /Unknown variant/);
  // No pair: the reference divides by zero for 23/acc23 (raises) and returns NaN for b/c; we return NaN for all.
  for (const variant of VARIANTS) assert.ok(Number.isNaN(kendallVariant([1], [2], { variant }).r));
  // All gold tied: b and c undefined, acc23 = share of metric ties.
  assert.ok(Number.isNaN(kendallVariant([1, 1, 1], [1, 2, 2], { variant: 'b' }).r));
  assert.equal(kendallVariant([1, 1, 1], [1, 2, 2], { variant: 'acc23' }).r, 1 / 3);
});
