// Joint item resampling and bootstrap CIs of matrix measures; stats.Sample's index selection (stats_test.py
// SampleTest cases).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadMatrix } from '../fixtures/metaeval/load.js';
import { bootstrapMatrixDelta, bootstrapMatrixMeasure, resampleColumns, sampleItems } from '../../src/stats/resample.js';
import { MatrixCorrelation } from '../../src/stats/matrix-correlation.js';
import { createRng } from '../../src/stats/rng.js';

test('resampleColumns keeps each picked item whole across systems (system-major, repeats allowed)', () => {
  // 2 systems × 3 items: cell (s, i) at 3s + i.
  const gold = [10, null, 30, 40, 50, 60];
  const metric = [1, 2, 3, 4, 5, 6];
  const r = resampleColumns(gold, [metric], 2, [2, 2, 1, 0]);
  assert.equal(r.numItems, 4);
  assert.deepEqual(r.gold, [30, 30, null, 10, 60, 60, 50, 40]);
  assert.deepEqual(Array.from(r.metrics[0]), [3, 3, 2, 1, 6, 6, 5, 4]);
  assert.throws(() => resampleColumns(gold, [metric], 2, [3]), /outside/);
});

const m = loadMatrix();
const itemPearson = (g: (number | null)[], x: Float64Array, s: number) => new MatrixCorrelation(s, g, x).pearson('item')[0];

test('bootstrap CI of item-grouped Pearson on WMT21 en-de: contains the estimate, reproducible, seed-dependent', () => {
  const opts = { resamples: 200, seed: 17 };
  const a = bootstrapMatrixMeasure(m.gold, m.metrics.chrf, m.numSys, itemPearson, opts);
  assert.equal(a.estimate, new MatrixCorrelation(m.numSys, m.gold, m.metrics.chrf).pearson('item')[0]);
  assert.ok(a.lower < a.estimate && a.estimate < a.upper, `${a.lower} < ${a.estimate} < ${a.upper}`);
  // 527 rated items: the half-width of a 95% interval of a mean of per-item correlations is a few hundredths.
  assert.ok(a.upper - a.lower > 0.01 && a.upper - a.lower < 0.2, `width ${a.upper - a.lower}`);
  assert.deepEqual(bootstrapMatrixMeasure(m.gold, m.metrics.chrf, m.numSys, itemPearson, opts), a);
  const c = bootstrapMatrixMeasure(m.gold, m.metrics.chrf, m.numSys, itemPearson, { ...opts, seed: 18 });
  assert.notEqual(c.lower, a.lower);
});

test('paired bootstrap of a difference: same draws for both metrics', () => {
  const opts = { resamples: 100, seed: 5 };
  const d = bootstrapMatrixDelta(m.gold, m.metrics.bleu, m.metrics.chrf, m.numSys, itemPearson, opts);
  const e1 = itemPearson(m.gold, m.metrics.bleu, m.numSys);
  const e2 = itemPearson(m.gold, m.metrics.chrf, m.numSys);
  assert.equal(d.estimate, e2 - e1);
  assert.ok(d.lower <= d.estimate && d.estimate <= d.upper);
  // A metric against itself: every replicate is exactly 0.
  const z = bootstrapMatrixDelta(m.gold, m.metrics.chrf, m.metrics.chrf, m.numSys, itemPearson, opts);
  assert.equal(z.lower, 0);
  assert.equal(z.upper, 0);
});

test('sampleItems uniform: distinct indices, reproducible (SampleTest.testUniformSample)', () => {
  const s1 = sampleItems(10, 5, 'uniform', { seed: 11 });
  assert.equal(s1.length, 5);
  assert.equal(new Set(s1).size, 5);
  assert.ok(Array.from(s1).every((i) => i >= 0 && i < 10));
  assert.deepEqual(sampleItems(10, 5, 'uniform', { seed: 11 }), s1);
  // size 0 or above the total: everything, shuffled.
  assert.deepEqual(Array.from(sampleItems(6, 0, 'uniform', { seed: 2 })).sort(), [0, 1, 2, 3, 4, 5]);
});

test('sampleItems stratify (SampleTest.testStratifiedSample)', () => {
  for (let seed = 0; seed < 20; seed++) {
    const rng = createRng(seed);
    const a = sampleItems(8, 4, 'stratify', { binSizes: [2, 2, 2, 2], rng });
    assert.ok([0, 1].includes(a[0]) && [2, 3].includes(a[1]) && [4, 5].includes(a[2]) && [6, 7].includes(a[3]), `seed ${seed}: ${a}`);
    const b = sampleItems(8, 4, 'stratify', { binSizes: [2, 6], rng });
    assert.ok([0, 1].includes(b[0]) && [1, 2, 3].every((k) => b[k] >= 2 && b[k] < 8) && new Set(b).size === 4, `seed ${seed}: ${b}`);
    const c = sampleItems(8, 3, 'stratify', { binSizes: [1, 7], rng });
    assert.equal(c.length, 3);
    assert.ok(!Array.from(c).includes(0), `seed ${seed}: ${c}`);
  }
  // Equal fractional parts: 4 draws over 3 bins of 3 cells is 1.33 per bin, so one bin (at random) gets a second draw.
  const counts = [0, 0, 0];
  for (const i of sampleItems(9, 4, 'stratify', { binSizes: [3, 3, 3], seed: 1 })) counts[Math.floor(i / 3)]++;
  assert.deepEqual([...counts].sort(), [1, 1, 2]);
  assert.throws(() => sampleItems(8, 3, 'stratify', { binSizes: [1, 6] }), /binSizes/);
});
