// Uncertainty of a meta-evaluation number: percentile (or, for biased statistics, BCa) bootstrap intervals over the units the data is made of — items
// (resampled jointly across systems: one draw picks an item with all its systems' cells), pairs, or lists. Every
// scorer is resampled with the same draws (same seed), so intervals of different scorers are paired.

import { bcaBounds, bootstrapReplicates, jackknifeValues, percentileBounds } from '../stats/bootstrap.js';

export interface BootstrapSettings {
  resamples: number;
  confidence: number;
  seed: number;
}

/** How an interval is read off the replicates: percentile, or BCa (bias-corrected and accelerated, scipy's default). */
export type IntervalMethod = 'percentile' | 'bca';

/**
 * Interval of `statistic` over `units.length` resampled units (indices into `units`). `bca` runs a jackknife over the
 * units (n more evaluations) and takes its estimate from `statistic` on all the units, the same arithmetic as the
 * replicates (a point estimate computed another way may differ in the last bits and tip the bias correction); a
 * degenerate BCa (NaN bounds) gives no interval.
 */
export function bootstrapInterval(
  units: ArrayLike<number>,
  statistic: (sample: Int32Array) => number,
  settings: BootstrapSettings,
  method: IntervalMethod = 'percentile',
): { lower: number; upper: number; method?: 'bca'; edge?: boolean } | undefined {
  if (settings.resamples < 1 || units.length < 2) return undefined;
  const sample = new Int32Array(units.length);
  const reps = bootstrapReplicates(
    units.length,
    (idx) => {
      for (let k = 0; k < idx.length; k++) sample[k] = units[idx[k]];
      return statistic(sample);
    },
    { resamples: settings.resamples, seed: settings.seed },
  );
  if (method === 'bca') {
    const theta = statistic(Int32Array.from(units));
    const leaveOneOut = new Int32Array(units.length - 1);
    const jack = jackknifeValues(units.length, (idx) => {
      for (let k = 0; k < idx.length; k++) leaveOneOut[k] = units[idx[k]];
      return statistic(leaveOneOut);
    });
    const b = bcaBounds(reps, theta, jack, settings.confidence);
    if (Number.isNaN(b.lower) || Number.isNaN(b.upper)) return undefined;
    // every replicate on one side of the estimate: z0 = ±∞ and BCa collapses onto the extreme replicate (scipy too)
    return { lower: b.lower, upper: b.upper, method: 'bca', ...(Number.isFinite(b.z0) ? {} : { edge: true }) };
  }
  const b = percentileBounds(reps, settings.confidence);
  if (Number.isNaN(b.lower)) return undefined;
  return { lower: b.lower, upper: b.upper };
}

/** Items with at least one rated cell: the units an item bootstrap draws from. */
export function ratedItems(values: Float64Array, numSys: number): Int32Array {
  const nI = values.length / numSys;
  const out: number[] = [];
  for (let i = 0; i < nI; i++) {
    for (let s = 0; s < numSys; s++) {
      if (!Number.isNaN(values[s * nI + i])) {
        out.push(i);
        break;
      }
    }
  }
  return Int32Array.from(out);
}
