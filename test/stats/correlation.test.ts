// pearson / spearman / kendallTau against scipy.stats 1.17.1 on 60 seeded random vector pairs (n = 2…400,
// with and without ties, plus exactly (anti)monotone ones), and the NaN / constant / size conventions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadReference } from '../fixtures/metaeval/load.js';
import { kendallTau, pearson, spearman } from '../../src/stats/correlation.js';
import { kendallExactPValue } from '../../src/stats/kendall-pvalue.js';
import { assertAbs, assertSame, assertTail } from './_compare.js';

const cases = loadReference().correlations as any[];

test('pearson r (1e-9) and p (1e-9 abs and rel) = scipy.stats.pearsonr', () => {
  assert.equal(cases.length, 60);
  for (const c of cases) {
    const got = pearson(c.x, c.y);
    assertAbs(got.r, c.pearson[0], 1e-9, `r n=${c.x.length}`);
    assertTail(got.p, c.pearson[1], `p n=${c.x.length}`);
  }
});

test('spearman r and p = scipy.stats.spearmanr (p NaN for n = 2)', () => {
  for (const c of cases) {
    const got = spearman(c.x, c.y);
    assertAbs(got.r, c.spearman[0], 1e-9, `rho n=${c.x.length}`);
    assertTail(got.p, c.spearman[1], `p n=${c.x.length}`);
  }
});

test('kendallTau b and c: tau exact, p (auto: exact or asymptotic) = scipy.stats.kendalltau', () => {
  let exactMethod = 0;
  for (const c of cases) {
    const b = kendallTau(c.x, c.y);
    assertSame(b.r, c.kendall_b[0], `tau-b n=${c.x.length}`);
    assertTail(b.p, c.kendall_b[1], `p n=${c.x.length}`);
    if (c.kendall_c) {
      const k = kendallTau(c.x, c.y, { variant: 'c' });
      assertSame(k.r, c.kendall_c[0], `tau-c n=${c.x.length}`);
      assertTail(k.p, c.kendall_c[1], `p-c n=${c.x.length}`);
    }
    if (c.kendall_b_asymptotic) {
      assertTail(kendallTau(c.x, c.y, { method: 'asymptotic' }).p, c.kendall_b_asymptotic[1], `asymptotic n=${c.x.length}`);
    }
    if (c.kendall_b_exact) {
      exactMethod++;
      assertTail(kendallTau(c.x, c.y, { method: 'exact' }).p, c.kendall_b_exact[1], `exact n=${c.x.length}`);
    }
  }
  assert.ok(exactMethod >= 10);
});

test('constant input, NaN, and fewer than two values give NaN', () => {
  for (const f of [pearson, spearman, (x: number[], y: number[]) => kendallTau(x, y)]) {
    for (const [x, y] of [
      [[1, 1, 1], [1, 2, 3]],
      [[1, 2, 3], [5, 5, 5]],
      [[1, NaN, 3], [1, 2, 3]],
      [[1], [2]],
      [[], []],
    ]) {
      const r = f(x, y);
      assert.ok(Number.isNaN(r.r) && Number.isNaN(r.p), `${f.name}(${x}, ${y})`);
    }
  }
  assert.throws(() => pearson([1, 2], [1, 2, 3]), RangeError);
});

test('pearson with n = 2 is exactly ±1 with p = 1 (scipy rounds r there)', () => {
  assert.deepEqual(pearson([1, 2], [3, 7]), { r: 1, p: 1 });
  assert.deepEqual(pearson([1, 2], [7, 3]), { r: -1, p: 1 });
});

test('kendallTau: exact p-values by the recurrence, ties refuse the exact method', () => {
  assert.throws(() => kendallTau([1, 1, 2], [1, 2, 3], { method: 'exact' }), /Ties found/);
  assert.throws(() => kendallTau([1, 2, 3], [1, 2, 3], { variant: 'a' as 'b' }), /Unknown|unknown/);
  // n = 4: 24 permutations; P(concordant ≤ 1) = (1 + 3)/24, two-sided 1/3; c = 0 gives 2/4!.
  assertAbs(kendallExactPValue(4, 1), 1 / 3, 1e-15, 'n=4, c=1');
  assertAbs(kendallExactPValue(4, 0), 2 / 24, 1e-15, 'n=4, c=0');
  assert.equal(kendallExactPValue(4, 3), 1); // 4c = n(n−1): the middle of the distribution
  assert.equal(kendallExactPValue(2, 1), 1);
});
