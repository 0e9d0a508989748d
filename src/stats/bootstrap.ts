// Percentile bootstrap over resampled indices (Efron & Tibshirani 1993, ch. 13): draw n indices with replacement,
// recompute the statistic on them, repeat, and read the interval off the sorted replicates. Statistics are given
// as functions of an index vector, so callers that keep sufficient statistics (counts, sums, statistics rows) pay
// O(n) per replicate and never copy their data. Seeded through the one RNG of trenchcoat (rng.ts): same seed and
// same statistic ⇒ same interval, bit for bit.

import { createRng, type Rng } from './rng.js';

export interface BootstrapOptions {
  /** Number of bootstrap replicates. Default 1000. */
  resamples?: number;
  /** Seed of the index draws. Default 12345. */
  seed?: number;
  /** Two-sided confidence level in (0, 1). Default 0.95. */
  level?: number;
}

export interface BootstrapInterval {
  /** The statistic on the original sample (indices 0 … n−1). */
  estimate: number;
  lower: number;
  upper: number;
  level: number;
  resamples: number;
  seed: number;
  /** Replicates whose statistic was NaN (e.g. a rate over an empty subset); they are left out of the quantiles. */
  undefinedReplicates: number;
}

export const DEFAULT_BOOTSTRAP_RESAMPLES = 1000;
export const DEFAULT_BOOTSTRAP_SEED = 12345;
export const DEFAULT_BOOTSTRAP_LEVEL = 0.95;

/** Fills `out` with n indices drawn uniformly with replacement from [0, n). */
export function drawBootstrapIndices(rng: Rng, n: number, out: Int32Array = new Int32Array(n)): Int32Array {
  for (let i = 0; i < n; i++) out[i] = rng.int(n);
  return out;
}

/**
 * The replicates of `statistic` over `resamples` index draws. The index array is reused between calls: a statistic
 * must not keep it.
 */
export function bootstrapReplicates(
  n: number,
  statistic: (indices: Int32Array) => number,
  options: Pick<BootstrapOptions, 'resamples' | 'seed'> = {},
): Float64Array {
  const resamples = options.resamples ?? DEFAULT_BOOTSTRAP_RESAMPLES;
  const seed = options.seed ?? DEFAULT_BOOTSTRAP_SEED;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`bootstrap needs at least one observation, got n = ${n}`);
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`resamples must be a positive integer, got ${resamples}`);
  const rng = createRng(seed);
  const indices = new Int32Array(n);
  const out = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) out[b] = statistic(drawBootstrapIndices(rng, n, indices));
  return out;
}

/**
 * q-quantile (0 ≤ q ≤ 1) of an ascending array with linear interpolation between order statistics at position
 * (n − 1)·q: NumPy's default `np.percentile` / `np.quantile` rule, which is how bootstrap CIs are usually read.
 */
export function linearQuantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const frac = h - lo;
  if (frac === 0) return sorted[lo];
  const a = sorted[lo];
  const b = sorted[Math.min(lo + 1, n - 1)];
  // NumPy's lerp form, exact at both ends.
  return frac < 0.5 ? a + (b - a) * frac : b - (b - a) * (1 - frac);
}

/** The two-sided percentile interval of a set of replicates (NaN replicates ignored). */
export function percentileBounds(replicates: ArrayLike<number>, level: number): { lower: number; upper: number; undefinedReplicates: number } {
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  const kept: number[] = [];
  for (let i = 0; i < replicates.length; i++) if (!Number.isNaN(replicates[i])) kept.push(replicates[i]);
  const sorted = Float64Array.from(kept).sort();
  const tail = (1 - level) / 2;
  return { lower: linearQuantileSorted(sorted, tail), upper: linearQuantileSorted(sorted, 1 - tail), undefinedReplicates: replicates.length - kept.length };
}

/**
 * Percentile bootstrap CI of `statistic` over n observations. `statistic(indices)` computes the statistic on the
 * observations named by `indices` (with repeats); it is also called once on 0 … n−1 for the point estimate.
 */
export function percentileBootstrap(n: number, statistic: (indices: Int32Array) => number, options: BootstrapOptions = {}): BootstrapInterval {
  const resamples = options.resamples ?? DEFAULT_BOOTSTRAP_RESAMPLES;
  const seed = options.seed ?? DEFAULT_BOOTSTRAP_SEED;
  const level = options.level ?? DEFAULT_BOOTSTRAP_LEVEL;
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  const identity = new Int32Array(n);
  for (let i = 0; i < n; i++) identity[i] = i;
  const estimate = statistic(identity);
  const reps = bootstrapReplicates(n, statistic, { resamples, seed });
  const { lower, upper, undefinedReplicates } = percentileBounds(reps, level);
  return { estimate, lower, upper, level, resamples, seed, undefinedReplicates };
}

/** Statistic helper: the mean of `values` at `indices` (NaN values skipped; NaN if none is left). */
export function meanAt(values: ArrayLike<number>): (indices: Int32Array) => number {
  return (indices) => {
    let sum = 0;
    let n = 0;
    for (let k = 0; k < indices.length; k++) {
      const v = values[indices[k]];
      if (Number.isNaN(v)) continue;
      sum += v;
      n++;
    }
    return n === 0 ? NaN : sum / n;
  };
}

/** Percentile bootstrap CI of a mean (NaN entries are observations that do not count, e.g. abstentions). */
export function bootstrapMean(values: ArrayLike<number>, options: BootstrapOptions = {}): BootstrapInterval {
  return percentileBootstrap(values.length, meanAt(values), options);
}
