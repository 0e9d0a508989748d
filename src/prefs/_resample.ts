// Resampling helpers shared by the prefs tools: percentile intervals with NumPy's default (linear) quantile rule,
// index resampling with replacement, and multinomial counts drawn as a chain of conditional binomials.
import type { Rng } from '../stats/rng.js';

/** A two-sided percentile interval and the level it was read at. */
export interface Interval {
  lower: number;
  upper: number;
  level: number;
}

/**
 * The q-quantile (0 ≤ q ≤ 1) of an ascending array, interpolating linearly between order statistics:
 * NumPy's `np.quantile(..., method='linear')` and pandas' `Series.quantile`, which FastChat reads CIs with.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const frac = h - lo;
  if (frac === 0) return sorted[lo];
  // NumPy's `_lerp`: a + (b − a)·t below t = 0.5 and b − (b − a)·(1 − t) from 0.5 up, so both ends are exact.
  const a = sorted[lo];
  const b = sorted[hi];
  return frac < 0.5 ? a + (b - a) * frac : b - (b - a) * (1 - frac);
}

/** Percentile interval of a sample of statistics (NaN draws are left out; NaN bounds if none is left). */
export function percentileInterval(values: ArrayLike<number>, level: number): Interval {
  checkLevel(level);
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) finite.push(values[i]);
  const sorted = Float64Array.from(finite).sort();
  const tail = (1 - level) / 2;
  return { lower: quantileSorted(sorted, tail), upper: quantileSorted(sorted, 1 - tail), level };
}

export function checkLevel(level: number): void {
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
}

export function checkRounds(rounds: number): void {
  if (!Number.isInteger(rounds) || rounds < 1) throw new RangeError(`bootstrap rounds must be a positive integer, got ${rounds}`);
}

/** The bootstrap settings every prefs tool takes, defaults filled in (1000 rounds, seed 0, 95%) and checked. */
export interface BootstrapSettings {
  rounds: number;
  seed: number;
  confidence: number;
}

export function bootstrapSettings(options: { rounds?: number; seed?: number; confidence?: number }): BootstrapSettings {
  const settings = { rounds: options.rounds ?? 1000, seed: options.seed ?? 0, confidence: options.confidence ?? 0.95 };
  checkRounds(settings.rounds);
  checkLevel(settings.confidence);
  return settings;
}

/** n indices drawn uniformly with replacement from [0, n). */
export function resampleIndices(rng: Rng, n: number, out = new Int32Array(n)): Int32Array {
  for (let i = 0; i < n; i++) out[i] = rng.int(n);
  return out;
}

/**
 * Multinomial(total, counts / Σcounts) into `out`: cell k gets Binomial(left, counts[k] / Σ_{j≥k} counts[j]).
 * The conditional probability is a ratio of integers, so no probability mass drifts away through subtraction.
 */
export function multinomialCounts(rng: Rng, counts: ArrayLike<number>, total: number, out: Float64Array): Float64Array {
  let massLeft = 0;
  for (let k = 0; k < counts.length; k++) massLeft += counts[k];
  let left = total;
  for (let k = 0; k < counts.length; k++) {
    const c = counts[k];
    if (left === 0 || c === 0) {
      out[k] = 0;
    } else if (c >= massLeft) {
      out[k] = left;
      left = 0;
    } else {
      const draw = rng.binomial(left, c / massLeft);
      out[k] = draw;
      left -= draw;
    }
    massLeft -= c;
  }
  return out;
}
