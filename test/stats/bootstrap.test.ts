import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  bootstrapMean,
  bootstrapReplicates,
  drawBootstrapIndices,
  linearQuantileSorted,
  percentileBootstrap,
  percentileBounds,
} from '../../src/stats/bootstrap.js';
import { createRng } from '../../src/stats/rng.js';

const here = path.dirname(fileURLToPath(import.meta.url));

test('linear quantiles match np.percentile (default method)', () => {
  // NumPy 2.4: np.quantile([1,2,3,4,10], [0.025, 0.975, 0.5, 0.333]).tolist() = [1.1, 9.399999999999999, 3.0, 2.332]
  const a = [1, 2, 3, 4, 10];
  assert.equal(linearQuantileSorted(a, 0.025), 1.1);
  assert.equal(linearQuantileSorted(a, 0.975), 9.399999999999999);
  assert.equal(linearQuantileSorted(a, 0.5), 3);
  assert.equal(linearQuantileSorted(a, 0.333), 2.332);
  // np.percentile(sorted([0.3,-1.2,5.5,2.25,0.0,7.75,3.1]), [2.5, 97.5, 50, 10, 90])
  const v = [0.3, -1.2, 5.5, 2.25, 0.0, 7.75, 3.1].sort((x, y) => x - y);
  const expected = [-1.02, 7.4125, 2.25, -0.47999999999999987, 6.4];
  [0.025, 0.975, 0.5, 0.1, 0.9].forEach((q, k) => assert.equal(linearQuantileSorted(v, q), expected[k]));
  assert.ok(Number.isNaN(linearQuantileSorted([], 0.5)));
});

test('index draws are uniform with replacement', () => {
  const rng = createRng(7);
  const counts = new Array(10).fill(0);
  const idx = new Int32Array(10);
  for (let r = 0; r < 20000; r++) for (const i of drawBootstrapIndices(rng, 10, idx)) counts[i]++;
  // 200000 draws, 20000 expected per cell, sd ≈ 134: every cell within 5 sd
  for (const c of counts) assert.ok(Math.abs(c - 20000) < 5 * 134, `count ${c}`);
});

test('same seed, same interval; another seed, another interval', () => {
  const values = Float64Array.from({ length: 50 }, (_, i) => Math.sin(i) * 3 + i / 10);
  const a = bootstrapMean(values, { seed: 3, resamples: 500 });
  const b = bootstrapMean(values, { seed: 3, resamples: 500 });
  const c = bootstrapMean(values, { seed: 4, resamples: 500 });
  assert.deepEqual(a, b);
  assert.notEqual(a.lower, c.lower);
  assert.equal(a.estimate, values.reduce((s, x) => s + x, 0) / 50);
  assert.ok(a.lower < a.estimate && a.estimate < a.upper);
});

test('constant data has a degenerate interval; NaN replicates are counted and left out', () => {
  const r = bootstrapMean([2, 2, 2, 2], { resamples: 100 });
  assert.deepEqual([r.estimate, r.lower, r.upper], [2, 2, 2]);
  // A rate over "items flagged 1": undefined (NaN) when a replicate draws only NaN entries.
  const withNaN = [NaN, NaN, NaN, 1];
  const s = percentileBootstrap(4, (idx) => {
    let n = 0, sum = 0;
    for (const i of idx) if (!Number.isNaN(withNaN[i])) (sum += withNaN[i]), n++;
    return n ? sum / n : NaN;
  }, { resamples: 2000, seed: 1 });
  // P(no draw of index 3 in 4 draws) = (3/4)^4 ≈ 0.316: about 632 of 2000, well inside 500..760
  assert.ok(s.undefinedReplicates > 500 && s.undefinedReplicates < 760, String(s.undefinedReplicates));
  assert.deepEqual([s.lower, s.upper], [1, 1]);
});

test('bad arguments throw', () => {
  assert.throws(() => bootstrapReplicates(0, () => 0), RangeError);
  assert.throws(() => bootstrapReplicates(3, () => 0, { resamples: 0 }), RangeError);
  assert.throws(() => percentileBounds([1, 2], 1), RangeError);
});

test('percentile CI of a mean agrees with scipy.stats.bootstrap(method="percentile") within Monte-Carlo error', () => {
  // Sample: the judge's P(win) of the first 200 deberta best-of-16 picks (RewardBench, fixture in test/fixtures/bon).
  const bon = JSON.parse(gunzipSync(readFileSync(path.join(here, '../fixtures/bon/rewardbench-bon16.json.gz'))).toString('utf8'));
  const x = (bon.pickAnnotations['OpenAssistant/reward-model-deberta-v3-large-v2'] as number[]).slice(0, 200).map((v) => v - 1);
  const ours = bootstrapMean(x, { resamples: 20000, seed: 2024, level: 0.95 });
  // scipy 1.17, 20 runs of 20000 resamples (different RNG streams): mean low 0.249079, high 0.363970; the sd of
  // one run's bound is 0.00054 / 0.00061, so 0.003 is five of those.
  assert.ok(Math.abs(ours.lower - 0.24907851064616188) < 0.003, `lower ${ours.lower}`);
  assert.ok(Math.abs(ours.upper - 0.36397005827518564) < 0.003, `upper ${ours.upper}`);
  assert.ok(Math.abs(ours.estimate - 0.305675162615) < 1e-12);
});
