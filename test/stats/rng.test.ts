// The seedable RNG: reproducibility and distributional checks (no reference stream to match — NumPy's
// generators are not reproduced; these are statistical tests with fixed seeds, far from their thresholds).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../src/stats/rng.js';
import { logGamma } from '../../src/stats/special.js';

test('same seed, same stream; different seeds, different streams; seeds above 2^32 matter', () => {
  const a = createRng(42), b = createRng(42), c = createRng(43), d = createRng(42 + 2 ** 32);
  const sa = Array.from({ length: 50 }, () => a.nextUint32());
  assert.deepEqual(sa, Array.from({ length: 50 }, () => b.nextUint32()));
  assert.notDeepEqual(sa, Array.from({ length: 50 }, () => c.nextUint32()));
  assert.notDeepEqual(sa, Array.from({ length: 50 }, () => d.nextUint32()));
  assert.ok(sa.every((v) => Number.isInteger(v) && v >= 0 && v < 2 ** 32));
  assert.throws(() => createRng(-1), RangeError);
  assert.throws(() => createRng(1.5), RangeError);
});

test('uniform: in [0, 1), mean 1/2 and variance 1/12 (n = 200000)', () => {
  const r = createRng(1);
  const n = 200000;
  let s = 0, s2 = 0;
  for (let i = 0; i < n; i++) {
    const u = r.uniform();
    assert.ok(u >= 0 && u < 1);
    s += u;
    s2 += u * u;
  }
  const mean = s / n;
  assert.ok(Math.abs(mean - 0.5) < 5 * Math.sqrt(1 / 12 / n), `mean ${mean}`);
  assert.ok(Math.abs(s2 / n - mean * mean - 1 / 12) < 0.002);
});

test('int(n): chi-square uniformity over 7 buckets, and range checks', () => {
  const r = createRng(2);
  const counts = new Array(7).fill(0);
  const n = 70000;
  for (let i = 0; i < n; i++) counts[r.int(7)]++;
  const chi2 = counts.reduce((s, c) => s + (c - n / 7) ** 2 / (n / 7), 0);
  assert.ok(chi2 < 22.46, `chi2 ${chi2}`); // 6 dof, p = 0.001
  assert.equal(r.int(1), 0);
  assert.throws(() => r.int(0), RangeError);
  assert.throws(() => r.int(2 ** 32 + 1), RangeError);
});

test('normal: mean 0, variance 1, P(|z| > 1.96) ≈ 0.05 (n = 100000)', () => {
  const r = createRng(3);
  const n = 100000;
  let s = 0, s2 = 0, tail = 0;
  for (let i = 0; i < n; i++) {
    const z = r.normal();
    s += z;
    s2 += z * z;
    if (Math.abs(z) > 1.959963984540054) tail++;
  }
  assert.ok(Math.abs(s / n) < 0.02);
  assert.ok(Math.abs(s2 / n - 1) < 0.02);
  assert.ok(Math.abs(tail / n - 0.05) < 0.004);
});

test('shuffle: a permutation, each of the 6 orders of 3 items about equally often', () => {
  const r = createRng(4);
  const seen = new Map<string, number>();
  for (let i = 0; i < 60000; i++) {
    const k = r.shuffle([1, 2, 3]).join('');
    seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  assert.equal(seen.size, 6);
  const chi2 = [...seen.values()].reduce((s, c) => s + (c - 10000) ** 2 / 10000, 0);
  assert.ok(chi2 < 20.52, `chi2 ${chi2}`); // 5 dof, p = 0.001
  const big = r.shuffle(Array.from({ length: 1000 }, (_, i) => i));
  assert.deepEqual([...big].sort((a, b) => a - b), Array.from({ length: 1000 }, (_, i) => i));
  const typed = r.shuffle(Float64Array.from([1, 2, 3, 4]));
  assert.deepEqual([...typed].sort(), [1, 2, 3, 4]);
});

function binomialPmf(n: number, p: number, k: number): number {
  return Math.exp(logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

test('binomial: goodness of fit to the pmf on both code paths (small np; mode-centred inversion)', () => {
  for (const [n, p, seed] of [[10, 0.3, 5], [1, 0.5, 6], [200, 0.5, 7], [1000, 0.9, 8], [5000, 0.02, 9]]) {
    const r = createRng(seed);
    const draws = 40000;
    const counts = new Map<number, number>();
    for (let i = 0; i < draws; i++) {
      const k = r.binomial(n, p);
      assert.ok(Number.isInteger(k) && k >= 0 && k <= n);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    // Chi-square over outcomes with expected count ≥ 20, the rest pooled.
    let chi2 = 0, dof = -1, restObs = 0, restExp = 0;
    for (let k = 0; k <= n; k++) {
      const e = draws * binomialPmf(n, p, k);
      const o = counts.get(k) ?? 0;
      if (e >= 20) {
        chi2 += (o - e) ** 2 / e;
        dof++;
      } else {
        restObs += o;
        restExp += e;
      }
    }
    if (restExp >= 5) {
      chi2 += (restObs - restExp) ** 2 / restExp;
      dof++;
    }
    // Wilson–Hilferty 0.999 quantile of chi-square(dof).
    const q = dof * (1 - 2 / (9 * dof) + 3.09 * Math.sqrt(2 / (9 * dof))) ** 3;
    assert.ok(chi2 < q, `binomial(${n}, ${p}): chi2 ${chi2.toFixed(1)} ≥ ${q.toFixed(1)} (dof ${dof})`);
  }
});

test('binomial edges and argument checks', () => {
  const r = createRng(10);
  assert.equal(r.binomial(0, 0.5), 0);
  assert.equal(r.binomial(7, 0), 0);
  assert.equal(r.binomial(7, 1), 7);
  assert.throws(() => r.binomial(-1, 0.5), RangeError);
  assert.throws(() => r.binomial(3, 1.5), RangeError);
});
