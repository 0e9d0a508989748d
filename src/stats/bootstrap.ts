// Percentile bootstrap over resampled indices (Efron & Tibshirani 1993, ch. 13): draw n indices with replacement,
// recompute the statistic on them, repeat, and read the interval off the sorted replicates. Statistics are given
// as functions of an index vector, so callers that keep sufficient statistics (counts, sums, statistics rows) pay
// O(n) per replicate and never copy their data. Seeded through the one RNG of trenchcoat (rng.ts): same seed and
// same statistic ⇒ same interval, bit for bit.

import { createRng, type Rng } from './rng.js';
import { normalQuantile } from './normal-quantile.js';
import { normalCdf } from './special.js';

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

/**
 * Leave-one-out values of `statistic`: entry i is the statistic on the n − 1 observations without observation i, in
 * the order 0 … n−1 (the jackknife of scipy.stats.bootstrap's BCa acceleration).
 */
export function jackknifeValues(n: number, statistic: (indices: Int32Array) => number): Float64Array {
  const out = new Float64Array(n);
  const idx = new Int32Array(n - 1);
  for (let i = 0; i < n; i++) {
    for (let j = 0, k = 0; j < n; j++) if (j !== i) idx[k++] = j;
    out[i] = statistic(idx);
  }
  return out;
}

export interface BcaBounds {
  lower: number;
  upper: number;
  /** Bias correction z0 = Φ⁻¹(share of replicates below the estimate, ties counted ½). */
  z0: number;
  /** Acceleration from the jackknife skewness. */
  acceleration: number;
  /** The percentile levels the interval is read at, in (0, 1). */
  levels: [number, number];
  undefinedReplicates: number;
}

/**
 * Bias-corrected and accelerated (BCa) interval (Efron & Tibshirani 1993, §14.3; scipy.stats.bootstrap's default
 * method): the replicates are read at Φ(z0 + (z0 + z)/(1 − a(z0 + z))) for z = Φ⁻¹(α/2), Φ⁻¹(1 − α/2) instead of at
 * α/2 and 1 − α/2, which moves the interval back over a biased estimate (ECE and Brier grow under resampling, so
 * their percentile intervals can miss their own estimate). NaN replicates are left out, as in `percentileBounds`; a
 * degenerate distribution (every replicate equal, or a constant jackknife) gives NaN bounds, as scipy does.
 */
export function bcaBounds(replicates: ArrayLike<number>, estimate: number, jackknife: ArrayLike<number>, level: number): BcaBounds {
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  const kept: number[] = [];
  for (let i = 0; i < replicates.length; i++) if (!Number.isNaN(replicates[i])) kept.push(replicates[i]);
  const B = kept.length;
  // scipy's _percentile_of_score with kind 'mean': (#below + #below-or-equal) / 2B
  let below = 0;
  let belowOrEqual = 0;
  for (const t of kept) {
    if (t < estimate) below++;
    if (t <= estimate) belowOrEqual++;
  }
  const z0 = normalQuantile((below + belowOrEqual) / (2 * B));
  // acceleration: U_i = (n − 1)(mean − θ_i), a = (ΣU³/n³) / (6 (ΣU²/n²)^{3/2}), in scipy's order of operations
  const n = jackknife.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += jackknife[i];
  mean /= n;
  let s2 = 0;
  let s3 = 0;
  for (let i = 0; i < n; i++) {
    const u = (n - 1) * (mean - jackknife[i]);
    s2 += u ** 2;
    s3 += u ** 3;
  }
  const acceleration = ((1 / 6) * (s3 / n ** 3)) / (s2 / n ** 2) ** 1.5;
  const alpha = (1 - level) / 2;
  const zAlpha = normalQuantile(alpha);
  const at = (z: number) => normalCdf(z0 + (z0 + z) / (1 - acceleration * (z0 + z)));
  const levels: [number, number] = [at(zAlpha), at(-zAlpha)];
  const sorted = Float64Array.from(kept).sort();
  const read = (q: number) => (Number.isNaN(q) ? NaN : linearQuantileSorted(sorted, q));
  return { lower: read(levels[0]), upper: read(levels[1]), z0, acceleration, levels, undefinedReplicates: replicates.length - B };
}

/** BCa bootstrap CI of `statistic` over n observations: the replicates of `bootstrapReplicates` plus a jackknife. */
export function bcaBootstrap(n: number, statistic: (indices: Int32Array) => number, options: BootstrapOptions = {}): BootstrapInterval & { z0: number; acceleration: number } {
  const resamples = options.resamples ?? DEFAULT_BOOTSTRAP_RESAMPLES;
  const seed = options.seed ?? DEFAULT_BOOTSTRAP_SEED;
  const level = options.level ?? DEFAULT_BOOTSTRAP_LEVEL;
  const identity = new Int32Array(n);
  for (let i = 0; i < n; i++) identity[i] = i;
  const estimate = statistic(identity);
  const reps = bootstrapReplicates(n, statistic, { resamples, seed });
  const b = bcaBounds(reps, estimate, jackknifeValues(n, statistic), level);
  return { estimate, lower: b.lower, upper: b.upper, level, resamples, seed, undefinedReplicates: b.undefinedReplicates, z0: b.z0, acceleration: b.acceleration };
}
