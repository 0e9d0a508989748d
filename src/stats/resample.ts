// Resampling the items of a (systems × items) score matrix JOINTLY across systems: an index vector picks item
// columns, and every system keeps its score for each picked item, so the system × item structure (the pairing that
// grouped correlations, tie calibration and system-level means rely on) survives resampling. Vectors are packed
// system-major (cell (s, i) at s·numItems + i), gold null = not rated.
//  - `resampleColumns` builds the resampled matrix for an index vector (repeats allowed);
//  - `bootstrapMatrixMeasure` / `bootstrapMatrixDelta`: percentile bootstrap CIs (bootstrap.ts) of any measure
//    of the matrix, or of the difference between two metrics on the same draws (paired);
//  - `sampleItems`: mt-metrics-eval's `stats.Sample` (uniform without replacement, or stratified by bins such as
//    documents), for evaluating on a subset.

import { percentileBootstrap, type BootstrapInterval, type BootstrapOptions } from './bootstrap.js';
import { itemCount, type GoldVector } from './grouping.js';
import { createRng, type Rng } from './rng.js';

/** A measure of a score matrix, e.g. `(g, m, s) => new MatrixCorrelation(s, g, m).pearson('item')[0]`. */
export type MatrixMeasure = (gold: (number | null)[], metric: Float64Array, numSys: number) => number;

export interface ResampledMatrix {
  gold: (number | null)[];
  metrics: Float64Array[];
  numItems: number;
}

/** The matrix made of item columns `items` (in that order, repeats allowed), for gold and each metric. */
export function resampleColumns(gold: GoldVector, metrics: readonly ArrayLike<number>[], numSys: number, items: ArrayLike<number>): ResampledMatrix {
  const numItems = itemCount(gold.length, numSys);
  for (const m of metrics) if (m.length !== gold.length) throw new RangeError(`length mismatch: gold ${gold.length}, metric ${m.length}`);
  const k = items.length;
  const g = new Array<number | null>(numSys * k);
  const ms = metrics.map(() => new Float64Array(numSys * k));
  for (let s = 0; s < numSys; s++) {
    for (let c = 0; c < k; c++) {
      const item = items[c];
      if (!(item >= 0 && item < numItems)) throw new RangeError(`item index ${item} outside 0…${numItems - 1}`);
      const from = s * numItems + item;
      const to = s * k + c;
      const v = gold[from];
      g[to] = v === undefined ? null : v;
      for (let t = 0; t < metrics.length; t++) ms[t][to] = metrics[t][from];
    }
  }
  return { gold: g, metrics: ms, numItems: k };
}

/** Percentile bootstrap of `statistic` on the matrix resampled by items (n = number of items), the same draws for every metric. */
function _bootstrapItems(
  gold: GoldVector,
  metrics: readonly ArrayLike<number>[],
  numSys: number,
  statistic: (r: ResampledMatrix) => number,
  options: BootstrapOptions,
): BootstrapInterval {
  const numItems = itemCount(gold.length, numSys);
  return percentileBootstrap(numItems, (items) => statistic(resampleColumns(gold, metrics, numSys, items)), options);
}

/**
 * Percentile bootstrap CI of `measure` with items resampled jointly across systems (n = number of items). Draws are
 * seeded (options.seed, default of bootstrap.ts); the estimate is the measure on the original matrix.
 */
export function bootstrapMatrixMeasure(
  gold: GoldVector,
  metric: ArrayLike<number>,
  numSys: number,
  measure: MatrixMeasure,
  options: BootstrapOptions = {},
): BootstrapInterval {
  return _bootstrapItems(gold, [metric], numSys, (r) => measure(r.gold, r.metrics[0], numSys), options);
}

/** Paired bootstrap CI of measure(metric2) − measure(metric1): both metrics see the same item draws. */
export function bootstrapMatrixDelta(
  gold: GoldVector,
  metric1: ArrayLike<number>,
  metric2: ArrayLike<number>,
  numSys: number,
  measure: MatrixMeasure,
  options: BootstrapOptions = {},
): BootstrapInterval {
  return _bootstrapItems(gold, [metric1, metric2], numSys, (r) => measure(r.gold, r.metrics[1], numSys) - measure(r.gold, r.metrics[0], numSys), options);
}

/** The first `size` entries of a random permutation of 0 … n−1: a uniform draw without replacement, in draw order. */
function choiceWithoutReplacement(rng: Rng, n: number, size: number): Int32Array {
  const pool = new Int32Array(n);
  for (let i = 0; i < n; i++) pool[i] = i;
  for (let i = 0; i < size; i++) {
    const j = i + rng.int(n - i);
    const t = pool[i];
    pool[i] = pool[j];
    pool[j] = t;
  }
  return pool.slice(0, size);
}

/**
 * How many of `size` draws each bin gets: proportional to its size, floors first, then one more for the bins with
 * the largest fractional parts, ties broken at random (the reference shuffles the bins before its argpartition).
 * No bin can exceed its size (floor(b·size/total) + 1 > b would need b·size/total > b − 1 with a fractional part,
 * impossible for size < total), so the reference's redistribution branch never runs and is not reproduced.
 */
function stratumSizes(rng: Rng, binSizes: readonly number[], size: number, total: number): number[] {
  const order = choiceWithoutReplacement(rng, binSizes.length, binSizes.length);
  const sizes = binSizes.map((b) => Math.floor((b / total) * size));
  const missing = size - sizes.reduce((a, b) => a + b, 0);
  const byFraction = Array.from(order).sort((x, y) => {
    const fx = (binSizes[x] / total) * size - sizes[x];
    const fy = (binSizes[y] / total) * size - sizes[y];
    return fy - fx; // stable: equal fractions keep their shuffled order
  });
  for (let r = 0; r < missing; r++) sizes[byFraction[r]]++;
  return sizes;
}

export type SampleMethod = 'uniform' | 'stratify';

/**
 * `stats.Sample(total_size, size, method, bin_sizes, seed).sample`: `size` distinct indices in [0, totalSize)
 * (all of them, shuffled, when size is 0 or larger than totalSize). 'stratify' splits the draws over consecutive
 * bins of `binSizes` (e.g. documents) in proportion to their sizes and draws within each bin, bins in order.
 */
export function sampleItems(totalSize: number, size: number, method: SampleMethod, options: { binSizes?: readonly number[]; seed?: number; rng?: Rng } = {}): Int32Array {
  if (!Number.isInteger(totalSize) || totalSize < 0) throw new RangeError(`totalSize must be a non-negative integer, got ${totalSize}`);
  const rng = options.rng ?? createRng(options.seed ?? 0);
  const n = size === 0 || size > totalSize ? totalSize : size;
  if (method === 'uniform') return choiceWithoutReplacement(rng, totalSize, n);
  if (method !== 'stratify') throw new RangeError(`Unknown method: ${method as string}`);
  const bins = options.binSizes;
  if (!bins || bins.reduce((a, b) => a + b, 0) !== totalSize) throw new RangeError('stratify needs binSizes summing to totalSize');
  const perBin = stratumSizes(rng, bins, n, totalSize);
  const out = new Int32Array(n);
  let k = 0;
  let begin = 0;
  bins.forEach((b, i) => {
    for (const x of choiceWithoutReplacement(rng, b, perBin[i])) out[k++] = begin + x;
    begin += b;
  });
  return out;
}
