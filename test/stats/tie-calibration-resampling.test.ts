// The item-resampling fast path of tie calibration must give the bits of the direct computation on the
// resampled matrix: same tau, same ε, for every resample, including runs of equal |Δ| shared by several items
// (where the pair order decides the float sums), unrated cells, metric NaN and repeated draws. (Replaying a shared
// run's copies in item order instead of draw order fails the first two tests: they do see the order.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ItemResampledTieCalibration } from '../../src/stats/tie-calibration-resampling.js';
import { tieCalibratedKendall } from '../../src/stats/tie-calibration.js';
import { resampleColumns } from '../../src/stats/resample.js';
import { drawBootstrapIndices } from '../../src/stats/bootstrap.js';
import { createRng, type Rng } from '../../src/stats/rng.js';
import { loadMatrix } from '../fixtures/metaeval/load.js';

function direct(gold: (number | null)[], metric: Float64Array, numSys: number, items: ArrayLike<number>, variant: 'acc23' | '23') {
  const re = resampleColumns(gold, [metric], numSys, items);
  return tieCalibratedKendall(re.gold, re.metrics[0], { variant, numSys, averageBy: 'item' });
}

/** A small matrix with many ties: values from a few levels, so equal |Δ| runs span several items. */
function randomMatrix(rng: Rng, numSys: number, numItems: number, opts: { nullRate: number; nanRate: number; levels: number }) {
  const n = numSys * numItems;
  const gold: (number | null)[] = [];
  const metric = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    gold.push(rng.uniform() < opts.nullRate ? null : rng.int(4) * 0.5);
    // thirds: |a − b| of different pairs can differ in the last bit, or coincide exactly
    metric[c] = rng.uniform() < opts.nanRate ? NaN : rng.int(opts.levels) / 3;
  }
  return { gold, metric };
}

test('fast path = direct computation on resampled matrices: random small inputs, 6 seeds × 40 resamples, acc23 and 23', () => {
  let compared = 0;
  for (const seed of [1, 2, 3, 17, 99, 2024]) {
    const rng = createRng(seed);
    const numSys = 2 + rng.int(5);
    const numItems = 1 + rng.int(12);
    const { gold, metric } = randomMatrix(rng, numSys, numItems, { nullRate: 0.2, nanRate: seed % 2 ? 0.05 : 0, levels: 2 + rng.int(6) });
    for (const variant of ['acc23', '23'] as const) {
      const fast = new ItemResampledTieCalibration(gold, metric, numSys, variant);
      const idx = new Int32Array(numItems);
      for (let b = 0; b < 40; b++) {
        // draw sizes other than numItems too: the fast path takes any index vector
        const items = b % 5 === 4 ? Int32Array.from({ length: 1 + rng.int(2 * numItems) }, () => rng.int(numItems)) : drawBootstrapIndices(rng, numItems, idx);
        const want = direct(gold, metric, numSys, items, variant);
        const got = fast.at(items);
        assert.ok(Object.is(got.tau, want.tau), `seed ${seed} ${variant} resample ${b}: tau ${got.tau} vs ${want.tau}`);
        assert.ok(Object.is(got.epsilon, want.epsilon), `seed ${seed} ${variant} resample ${b}: ε ${got.epsilon} vs ${want.epsilon}`);
        assert.equal(got.groups, want.groups);
        compared++;
      }
    }
  }
  assert.equal(compared, 6 * 2 * 40);
});

test('fast path = direct computation when one |Δ| run spans many items and items repeat (sums order-sensitive)', () => {
  // every metric value in {0, 0.1, 0.2, 0.3}: |0.3 − 0.2|, |0.2 − 0.1|, |0.1 − 0| are different doubles, while
  // many pairs share each one, and gold differs so the running total moves in both directions
  const rng = createRng(7);
  const numSys = 4;
  const numItems = 30;
  const gold: (number | null)[] = [];
  const metric = new Float64Array(numSys * numItems);
  for (let c = 0; c < numSys * numItems; c++) {
    gold.push(rng.int(3));
    metric[c] = [0, 0.1, 0.2, 0.3][rng.int(4)];
  }
  const fast = new ItemResampledTieCalibration(gold, metric, numSys, 'acc23');
  for (let b = 0; b < 200; b++) {
    const items = drawBootstrapIndices(rng, numItems);
    const want = direct(gold, metric, numSys, items, 'acc23');
    const got = fast.at(items);
    assert.ok(Object.is(got.tau, want.tau) && Object.is(got.epsilon, want.epsilon), `resample ${b}: ${got.tau}/${got.epsilon} vs ${want.tau}/${want.epsilon}`);
  }
});

test('the identity draw reproduces tieCalibratedKendall; empty and all-unrated draws give NaN', () => {
  const { gold, metric } = randomMatrix(createRng(5), 3, 6, { nullRate: 0.1, nanRate: 0, levels: 4 });
  const fast = new ItemResampledTieCalibration(gold, metric, 3);
  const all = Int32Array.from({ length: 6 }, (_, i) => i);
  const want = tieCalibratedKendall(gold, metric, { variant: 'acc23', numSys: 3, averageBy: 'item' });
  const got = fast.at(all);
  assert.ok(Object.is(got.tau, want.tau) && Object.is(got.epsilon, want.epsilon));
  assert.ok(Number.isNaN(fast.at(new Int32Array(0)).tau));
  const unrated = new ItemResampledTieCalibration([null, null, 1, null, null, 2], new Float64Array(6), 3);
  const r = unrated.at(Int32Array.from([0, 0]));
  assert.ok(Number.isNaN(r.tau));
  assert.equal(r.groups, 0);
  assert.throws(() => fast.at([6]), /outside/);
});

test('WMT21 en-de MQM, BLEU: 25 bootstrap draws bit-equal to the direct computation', () => {
  const m = loadMatrix();
  const fast = new ItemResampledTieCalibration(m.gold, m.metrics.bleu, m.numSys, 'acc23');
  const rng = createRng(20240601);
  for (let b = 0; b < 25; b++) {
    const items = drawBootstrapIndices(rng, m.numItems);
    const want = direct(m.gold, m.metrics.bleu, m.numSys, items, 'acc23');
    const got = fast.at(items);
    assert.ok(Object.is(got.tau, want.tau) && Object.is(got.epsilon, want.epsilon), `draw ${b}: ${got.tau}/${got.epsilon} vs ${want.tau}/${want.epsilon}`);
  }
});
