import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestOfNCurve, bestOfNWeights, klBestOfN, meanBestOfNCurve, nForKl, sortForBestOfN } from '../../src/optimize/best-of-n.js';
import { fitGoldGain, overoptimizationReport, pooledStd } from '../../src/optimize/overoptimization.js';
import { combineProxies } from '../../src/optimize/ensembles.js';

/** Brute force over every n-subset with a uniformly random pick among tied proxy maxima. */
function bruteForce(proxy: number[], gold: number[], n: number): [number, number] {
  const N = proxy.length;
  let sp = 0, sg = 0, count = 0;
  const rec = (start: number, chosen: number[]) => {
    if (chosen.length === n) {
      const mx = Math.max(...chosen.map((i) => proxy[i]));
      const tied = chosen.filter((i) => proxy[i] === mx);
      sp += mx;
      sg += tied.reduce((s, i) => s + gold[i], 0) / tied.length;
      count++;
      return;
    }
    for (let i = start; i < N; i++) rec(i + 1, [...chosen, i]);
  };
  rec(0, []);
  return [sp / count, sg / count];
}

test('weights: C(i−1, n−1)/C(N, n), hand-checked for N = 4', () => {
  assert.deepEqual(Array.from(bestOfNWeights(4, 1)), [0.25, 0.25, 0.25, 0.25]);
  assert.deepEqual(Array.from(bestOfNWeights(4, 2)).map((w) => w * 6), [0, 1, 2, 3]);
  assert.deepEqual(Array.from(bestOfNWeights(4, 3)).map((w) => w * 4), [0, 0, 1, 3]);
  assert.deepEqual(Array.from(bestOfNWeights(4, 4)), [0, 0, 0, 1]);
  assert.throws(() => bestOfNWeights(3, 4), RangeError);
  // they sum to 1 for large N too, with no overflow (C(2000, 1000) is beyond float range)
  for (const n of [1, 7, 1000, 2000]) {
    const s = bestOfNWeights(2000, n).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(s - 1) < 1e-12, `n=${n} sum ${s}`);
  }
});

test('curve of three candidates, hand-checked', () => {
  // sorted by proxy: (1, 20), (2, 30), (3, 10). n=2 subsets: {1,2}→30, {1,3}→10, {2,3}→10 = 50/3
  const c = bestOfNCurve({ proxy: [3, 1, 2], gold: [10, 20, 30] });
  assert.deepEqual(Array.from(c.n), [1, 2, 3]);
  assert.equal(c.gold[0], 20);
  assert.ok(Math.abs(c.gold[1] - 50 / 3) < 1e-14);
  assert.equal(c.gold[2], 10);
  assert.equal(c.proxy[0], 2);
  assert.ok(Math.abs(c.proxy[1] - (2 + 3 + 3) / 3) < 1e-14);
  assert.equal(c.proxy[2], 3);
});

test('proxy ties: gold averaged within tie groups = uniform random pick among tied maxima', () => {
  const proxy = [1, 1, 0], gold = [0, 1, 5];
  assert.deepEqual(Array.from(sortForBestOfN({ proxy, gold }).gold), [5, 0.5, 0.5]);
  const c = bestOfNCurve({ proxy, gold });
  // n=2: {0,1} tie → 0.5, {0,2} → 0, {1,2} → 1: mean 0.5
  assert.equal(c.gold[1], 0.5);
  assert.equal(c.gold[2], 0.5);
});

test('agrees with brute-force enumeration on random sets with ties and NaNs dropped', () => {
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let t = 0; t < 30; t++) {
    const N = 2 + Math.floor(rand() * 9);
    const proxy = Array.from({ length: N }, () => Math.floor(rand() * 4)); // many ties
    const gold = Array.from({ length: N }, () => rand());
    const c = bestOfNCurve({ proxy, gold });
    for (let n = 1; n <= N; n++) {
      const [bp, bg] = bruteForce(proxy, gold, n);
      assert.ok(Math.abs(c.proxy[n - 1] - bp) < 1e-12 && Math.abs(c.gold[n - 1] - bg) < 1e-12, `N=${N} n=${n}`);
    }
  }
  const dropped = bestOfNCurve({ proxy: [1, NaN, 3, 2], gold: [1, 2, NaN, 4] });
  assert.equal(dropped.n.length, 2); // only candidates 0 and 3 have both scores
  assert.equal(dropped.gold[1], 4);
});

test('mean curve over prompts stops at the smallest set', () => {
  const m = meanBestOfNCurve([
    { proxy: [3, 1, 2], gold: [10, 20, 30] },
    { proxy: [1, 2], gold: [0, 1] },
  ]);
  assert.equal(m.n.length, 2);
  assert.equal(m.gold[0], (20 + 0.5) / 2);
  assert.ok(Math.abs(m.gold[1] - (50 / 3 + 1) / 2) < 1e-14);
  assert.throws(() => meanBestOfNCurve([{ proxy: [1], gold: [1] }], 2), RangeError);
});

test('KL of best-of-n: log n − (n−1)/n, inverted by nForKl', () => {
  assert.equal(klBestOfN(1), 0);
  assert.equal(klBestOfN(2), Math.log(2) - 0.5);
  assert.ok(Math.abs(klBestOfN(16) - (Math.log(16) - 15 / 16)) < 1e-15);
  assert.equal(nForKl(klBestOfN(16)), 16);
  assert.equal(nForKl(klBestOfN(1000) + 1e-9), 1000);
  assert.equal(nForKl(0), 1);
  // past 2^20 the asymptote log n − 1 takes over: KL 30 ↔ n ≈ e^31
  assert.equal(nForKl(30), Math.round(Math.exp(31)));
  assert.ok(Math.abs(klBestOfN(nForKl(30)) - 30) < 1e-9);
  assert.throws(() => klBestOfN(0), RangeError);
});

test('gold-gain fit recovers α, β of an exact d(α − βd) curve, and its peak', () => {
  const d = [1, 2, 3, 4, 5].map((n) => Math.sqrt(klBestOfN(n * 10)));
  const gain = d.map((x) => x * (0.3 - 0.05 * x));
  const f = fitGoldGain(d, gain);
  assert.ok(Math.abs(f.alpha - 0.3) < 1e-12 && Math.abs(f.beta - 0.05) < 1e-12);
  assert.ok(f.rmse < 1e-13);
  assert.ok(Math.abs(f.peak!.d - 3) < 1e-10); // α / 2β
  assert.ok(Math.abs(f.peak!.kl - 9) < 1e-9);
  assert.ok(Math.abs(klBestOfN(f.peak!.n) - 9) < klBestOfN(f.peak!.n + 1) - klBestOfN(f.peak!.n)); // nearest n
  assert.ok(Math.abs(f.peak!.gain - 0.45) < 1e-10);
  assert.equal(fitGoldGain([1, 2], [1, 2]).peak, null); // β ≤ 0 would never turn down... here β = 0 exactly
  assert.throws(() => fitGoldGain([1], [1]), RangeError);
});

test('Goodhart point and the standardised proxy–gold gap on a curve that turns down', () => {
  const curve = { n: Int32Array.from([1, 2, 3, 4]), proxy: Float64Array.from([0, 1, 2, 3]), gold: Float64Array.from([0, 0.5, 0.6, 0.4]) };
  const r = overoptimizationReport(curve, { proxySd: 2, goldSd: 0.5 });
  assert.deepEqual(r.goodhart, { n: 3, gold: 0.6 });
  assert.deepEqual(r.standardizedGap, [0, 0.5 - 1, 1 - 1.2, 1.5 - 0.8]);
  assert.deepEqual(r.kl, [1, 2, 3, 4].map(klBestOfN));
  assert.equal(pooledStd([[1, 3], [NaN, 1, 3]]), 1);
});

test('ensembles: mean, worst case and mean − λ·variance or λ·std, with and without standardising', () => {
  const members = [
    [Float64Array.from([1, 2, 3])],
    [Float64Array.from([3, 2, 1])],
  ];
  const raw = (rule: 'mean' | 'min' | 'uwo', lambda?: number, spread?: 'std' | 'var') => Array.from(combineProxies(members, { rule, lambda, spread, standardize: false })[0]);
  assert.deepEqual(raw('mean'), [2, 2, 2]);
  assert.deepEqual(raw('min'), [1, 2, 1]);
  assert.deepEqual(raw('uwo', 0.5, 'var'), [2 - 0.5 * 1, 2, 2 - 0.5 * 1]); // population variance of (1, 3) is 1
  // (0, 4): variance 4, std 2 — Coste et al.'s variance penalty and the std one differ
  const wide = [[Float64Array.from([0])], [Float64Array.from([4])]];
  assert.deepEqual(Array.from(combineProxies(wide, { rule: 'uwo', lambda: 0.5, spread: 'var', standardize: false })[0]), [2 - 0.5 * 4]);
  assert.deepEqual(Array.from(combineProxies(wide, { rule: 'uwo', lambda: 0.5, spread: 'std', standardize: false })[0]), [2 - 0.5 * 2]);
  // standardised: member scores (1,2,3) → (−√1.5, 0, √1.5), so a ×100 rescale of one member changes nothing
  const scaled = [[Float64Array.from([100, 200, 300])], members[1]];
  assert.deepEqual(Array.from(combineProxies(scaled, { rule: 'mean' })[0]), Array.from(combineProxies(members, { rule: 'mean' })[0]));
  assert.ok(Number.isNaN(combineProxies([[Float64Array.from([1, NaN])], [Float64Array.from([1, 2])]], { rule: 'mean', standardize: false })[0][1]));
  assert.throws(() => combineProxies([], { rule: 'mean' }), RangeError);
});
