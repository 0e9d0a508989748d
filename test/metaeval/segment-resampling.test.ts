// The bootstrap's per-resample values of acc23-tc / tau23-tc grouped by item come from the sorted-pairs fast
// path; they must be the values of segmentMeasure on the resampled columns, with the segment layer's masking
// (gold NaN = unrated, scorer NaN = abstained) and its "fewer than 2 cells" rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { itemResampledMeasure, segmentMeasure } from '../../src/metaeval/segment.js';
import { parseMeasure } from '../../src/metaeval/measures.js';
import { resampleColumns } from '../../src/stats/resample.js';
import { drawBootstrapIndices } from '../../src/stats/bootstrap.js';
import { createRng } from '../../src/stats/rng.js';

test('itemResampledMeasure = segmentMeasure on resampled columns (acc23-tc, tau23-tc; NaN gold and scores; 5 seeds × 30 draws)', () => {
  let compared = 0;
  for (const seed of [3, 11, 12, 40, 77]) {
    const rng = createRng(seed);
    const numSys = 2 + rng.int(4);
    const numItems = 2 + rng.int(10);
    const gold = Float64Array.from({ length: numSys * numItems }, () => (rng.uniform() < 0.2 ? NaN : rng.int(3)));
    const metric = Float64Array.from({ length: numSys * numItems }, () => (rng.uniform() < 0.1 ? NaN : rng.int(5) / 7));
    for (const name of ['acc23-tc', 'tau23-tc']) {
      const m = parseMeasure(name);
      const fast = itemResampledMeasure(m, gold, metric, numSys, 'item')!;
      for (let b = 0; b < 30; b++) {
        const items = b % 6 === 5 ? Int32Array.from([rng.int(numItems)]) : drawBootstrapIndices(rng, numItems);
        const re = resampleColumns(gold, [metric], numSys, items);
        const want = segmentMeasure(m, re.gold as number[], re.metrics[0], numSys, 'item');
        const got = fast(items);
        assert.ok(Object.is(got.value, want.value), `seed ${seed} ${name} draw ${b}: ${got.value} vs ${want.value}`);
        assert.equal(got.n, want.n);
        if (want.extra) assert.ok(Object.is(got.extra!.epsilon, want.extra.epsilon));
        compared++;
      }
    }
  }
  assert.equal(compared, 5 * 2 * 30);
});

test('no fast path for other measures or groupings (they resample the columns)', () => {
  const gold = Float64Array.from([1, 2, 3, 4]);
  const metric = Float64Array.from([1, 2, 3, 4]);
  assert.equal(itemResampledMeasure(parseMeasure('acc23-tc'), gold, metric, 2, 'sys'), undefined);
  assert.equal(itemResampledMeasure(parseMeasure('acc23-tc'), gold, metric, 2, 'none'), undefined);
  assert.equal(itemResampledMeasure(parseMeasure('pearson'), gold, metric, 2, 'item'), undefined);
});
