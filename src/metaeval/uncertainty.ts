// Uncertainty of a meta-evaluation number: percentile bootstrap intervals over the units the data is made of — items
// (resampled jointly across systems: one draw picks an item with all its systems' cells), pairs, or lists. Every
// scorer is resampled with the same draws (same seed), so intervals of different scorers are paired.

import { bootstrapReplicates, percentileBounds } from '../stats/bootstrap.js';

export interface BootstrapSettings {
  resamples: number;
  confidence: number;
  seed: number;
}

/** Percentile interval of `statistic` over `units.length` resampled units (indices into `units`). */
export function bootstrapInterval(
  units: ArrayLike<number>,
  statistic: (sample: Int32Array) => number,
  settings: BootstrapSettings,
): { lower: number; upper: number } | undefined {
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
