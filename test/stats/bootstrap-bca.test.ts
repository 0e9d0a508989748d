// BCa intervals against scipy.stats.bootstrap (method BCa) on the same bootstrap distribution (see fixtures/bca).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bcaBootstrap, bcaBounds, bootstrapReplicates, jackknifeValues, meanAt, percentileBootstrap } from '../../src/stats/bootstrap.js';
import { normalQuantile } from '../../src/stats/normal-quantile.js';
import { normalCdf } from '../../src/stats/special.js';

const here = path.dirname(fileURLToPath(import.meta.url));
interface Case {
  name: 'mean' | 'brier';
  data: number[][];
  seed: number;
  resamples: number;
  replicates: number[];
  intervals: { level: number; low: number; high: number }[];
}
const goldens = JSON.parse(readFileSync(path.join(here, '../fixtures/bca/bca-goldens.json'), 'utf8')) as { cases: Case[] };

function statisticOf(c: Case): (idx: Int32Array) => number {
  if (c.name === 'mean') return meanAt(c.data[0]);
  const [p, y] = c.data;
  return (idx) => {
    let s = 0;
    for (const i of idx) {
      const d = p[i] - y[i];
      s += d * d;
    }
    return s / idx.length;
  };
}

const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)), `${what}: ${a} vs scipy ${b}`);

test('BCa bounds equal scipy.stats.bootstrap(method="BCa") on the same replicates', () => {
  assert.equal(goldens.cases.length, 2);
  for (const c of goldens.cases) {
    const stat = statisticOf(c);
    const n = c.data[0].length;
    // the distribution scipy was given is the one our seeded draws give today
    assert.deepEqual(Array.from(bootstrapReplicates(n, stat, { seed: c.seed, resamples: c.resamples })), c.replicates);
    const identity = Int32Array.from({ length: n }, (_, i) => i);
    for (const iv of c.intervals) {
      const b = bcaBounds(c.replicates, stat(identity), jackknifeValues(n, stat), iv.level);
      close(b.lower, iv.low, `${c.name} ${iv.level} lower`);
      close(b.upper, iv.high, `${c.name} ${iv.level} upper`);
      const whole = bcaBootstrap(n, stat, { seed: c.seed, resamples: c.resamples, level: iv.level });
      assert.equal(whole.lower, b.lower);
      assert.equal(whole.upper, b.upper);
    }
  }
});

test('a biased statistic: BCa reads the replicates at levels shifted toward the bias', () => {
  // The plug-in variance shrinks under resampling (E* = (n−1)/n · s²): most replicates fall below the estimate
  // (z0 > 0) and the skew gives a > 0, so both BCa bounds move up from the percentile bounds.
  const x = [0.1, 0.2, 0.2, 0.3, 0.4, 0.5, 0.9, 1.4, 2.5, 6.0];
  const variance = (idx: Int32Array) => {
    let m = 0;
    for (const i of idx) m += x[i];
    m /= idx.length;
    let s = 0;
    for (const i of idx) s += (x[i] - m) ** 2;
    return s / idx.length;
  };
  const pct = percentileBootstrap(x.length, variance, { seed: 3, resamples: 2000 });
  const bca = bcaBootstrap(x.length, variance, { seed: 3, resamples: 2000 });
  assert.ok(bca.z0 > 0 && bca.acceleration > 0, `z0 ${bca.z0}, a ${bca.acceleration}`);
  assert.ok(bca.lower <= bca.estimate && bca.estimate <= bca.upper);
  assert.ok(bca.lower > pct.lower && bca.upper > pct.upper, 'BCa moves both ends up');
});

test('jackknife values leave one observation out in order', () => {
  assert.deepEqual(Array.from(jackknifeValues(4, meanAt([1, 2, 3, 10]))), [5, 14 / 3, 13 / 3, 2]);
});

test('a degenerate distribution gives NaN bounds, as scipy', () => {
  const b = bcaBounds([1, 1, 1], 1, [1, 1, 1], 0.95);
  assert.ok(Number.isNaN(b.lower) && Number.isNaN(b.upper));
});

test('normalQuantile inverts Φ (scipy.special.ndtri values)', () => {
  // scipy.special.ndtri([0.025, 0.05, 0.3, 0.5, 0.975, 1e-10])
  const expected: [number, number][] = [
    [0.025, -1.9599639845400545],
    [0.05, -1.6448536269514729],
    [0.3, -0.5244005127080409],
    [0.5, 0],
    [0.975, 1.959963984540054],
    [1e-10, -6.361340902404056],
  ];
  for (const [p, q] of expected) assert.ok(Math.abs(normalQuantile(p) - q) <= 4e-15 * Math.max(1, Math.abs(q)), `ndtri(${p}) = ${normalQuantile(p)} vs ${q}`);
  for (const p of [1e-20, 0.001, 0.2, 0.7, 0.999]) assert.ok(Math.abs(normalCdf(normalQuantile(p)) - p) <= 1e-14 * p);
  assert.equal(normalQuantile(0), -Infinity);
  assert.ok(Number.isNaN(normalQuantile(1.5)));
});
