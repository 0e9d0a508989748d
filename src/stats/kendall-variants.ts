// mt-metrics-eval's Kendall family beyond scipy (stats.py `KendallVariants`, `KendallLike`):
//  - tau-b and tau-c (as scipy, without p-value and without clipping),
//  - tau_23 = (C + T_both − D − T_gold − T_metric) / pairs and acc_23 = (C + T_both) / pairs
//    (Deutsch et al. 2023, "Ties Matter", arXiv:2305.14324), where a metric pair with |Δ| ≤ ε counts as tied;
//  - the WMT20 "Kendall-like" tau over gold pairs at least `thresh` apart.
// Argument order is (gold, metric) everywhere; ε applies to the metric only.
//
// NaN metric values (the reference documents them as unsupported, but its numbers are well defined, and we
// reproduce them so that results stay comparable):
//  - ε = 0 (its Fenwick-tree path): a NaN sorts above every number and NaNs are distinct values ordered like
//    their gold scores, so NaN-vs-number pairs follow the gold order and NaN pairs are concordant unless
//    gold-tied;
//  - ε > 0 (its pairwise-matrix path): a pair involving a NaN is discordant unless gold-tied, and, because the
//    NaN diagonal entries are not ties there, T_gold gains ⌊k/2⌋ and T_both becomes trunc((2·T_both − k)/2)
//    for k NaNs (this can make acc_23 negative).
// Gold values must be numbers (callers drop missing gold first, see grouping.ts).

import {
  kendallPairCounts,
  kendallPairCountsNaive,
  kendallPairCountsWithEpsilon,
  distinctCount,
  pairCount,
  type KendallPairCounts,
} from './kendall-pairs.js';
import { lowerBound, upperBound } from './ranks.js';

export type KendallVariant = 'b' | 'c' | '23' | 'acc23';

/** Below this size the O(n²) loop beats sorting (segment-level groups of a few systems). */
const NAIVE_MAX = 48;

function countFinite(gold: ArrayLike<number>, metric: ArrayLike<number>, epsilon: number): KendallPairCounts {
  if (gold.length <= NAIVE_MAX) return kendallPairCountsNaive(gold, metric, epsilon);
  return epsilon > 0 ? kendallPairCountsWithEpsilon(gold, metric, epsilon) : kendallPairCounts(gold, metric);
}

/** Σ c(c−1)/2 over groups of equal values in a sorted array. */
function tiedPairsSorted(sorted: Float64Array): number {
  let t = 0;
  let i = 0;
  while (i < sorted.length) {
    let j = i + 1;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    t += ((j - i) * (j - i - 1)) / 2;
    i = j;
  }
  return t;
}

/**
 * The five pair counts the reference derives for `KendallVariants(gold, metric, epsilon=ε)`, including its
 * conventions for NaN metric values (see the file comment).
 */
export function kendallVariantCounts(gold: ArrayLike<number>, metric: ArrayLike<number>, epsilon = 0): KendallPairCounts {
  if (gold.length !== metric.length) throw new RangeError(`length mismatch: gold ${gold.length}, metric ${metric.length}`);
  if (!(epsilon >= 0)) throw new RangeError('Epsilon must be non-negative.');
  const n = gold.length;
  let k = 0;
  for (let i = 0; i < n; i++) if (Number.isNaN(metric[i])) k++;
  if (k === 0) return countFinite(gold, metric, epsilon);

  const goldFinite = new Float64Array(n - k);
  const metricFinite = new Float64Array(n - k);
  const goldNaN = new Float64Array(k);
  for (let i = 0, f = 0, q = 0; i < n; i++) {
    if (Number.isNaN(metric[i])) goldNaN[q++] = gold[i];
    else {
      goldFinite[f] = gold[i];
      metricFinite[f++] = metric[i];
    }
  }
  const c = countFinite(goldFinite, metricFinite, epsilon);
  const sortedFinite = Float64Array.from(goldFinite).sort();
  // Pairs with a NaN, split by the gold comparison: NaN cell's gold above / equal / below the other's.
  let above = 0, equal = 0, below = 0;
  for (let q = 0; q < k; q++) {
    const lo = lowerBound(sortedFinite, goldNaN[q]);
    const hi = upperBound(sortedFinite, goldNaN[q]);
    below += lo;
    equal += hi - lo;
    above += sortedFinite.length - hi;
  }
  goldNaN.sort();
  const nanPairsTied = tiedPairsSorted(goldNaN);
  const nanPairsUntied = (k * (k - 1)) / 2 - nanPairsTied;
  equal += nanPairsTied;

  if (epsilon === 0) {
    // NaN = a value above every number: concordant when the NaN cell's gold is higher; among NaNs, ordered by gold.
    return {
      concordant: c.concordant + below + nanPairsUntied,
      discordant: c.discordant + above,
      tiesGoldOnly: c.tiesGoldOnly + equal,
      tiesMetricOnly: c.tiesMetricOnly,
      tiesBoth: c.tiesBoth,
      pairs: c.pairs + (n - k) * k + (k * (k - 1)) / 2,
    };
  }
  // Pairwise-matrix path: NaN differences are neither ties nor ordered; the diagonal quirk shifts two counts.
  const pairs = pairCount(n);
  const tiesGoldOnly = Math.trunc((2 * (c.tiesGoldOnly + equal) + k) / 2);
  const tiesBoth = Math.trunc((2 * c.tiesBoth - k) / 2);
  const concordant = c.concordant;
  const tiesMetricOnly = c.tiesMetricOnly;
  const discordant = pairs - (concordant + tiesMetricOnly + tiesGoldOnly + tiesBoth);
  return { concordant, discordant, tiesGoldOnly, tiesMetricOnly, tiesBoth, pairs };
}

export interface KendallVariantOptions {
  variant?: KendallVariant;
  /** Metric pairs with |Δ| ≤ epsilon count as ties. Not allowed with tau-c. */
  epsilon?: number;
}

/** Number of distinct values the way Python's `len(set(values))` counts them: every NaN is its own value. */
function pythonDistinct(values: ArrayLike<number>): number {
  let nan = 0;
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i])) nan++;
    else finite.push(values[i]);
  }
  return distinctCount(finite) + nan;
}

/** The tau variant from the five pair counts (stats.py `KendallVariants`, after its sufficient statistics). */
export function tauFromCounts(c: KendallPairCounts, variant: KendallVariant, n: number, classes?: () => number): number {
  const metricTies = c.tiesMetricOnly + c.tiesBoth;
  const goldTies = c.tiesGoldOnly + c.tiesBoth;
  const tot = c.concordant + c.discordant + c.tiesGoldOnly + c.tiesMetricOnly + c.tiesBoth;
  switch (variant) {
    case 'b':
      if (metricTies === tot || goldTies === tot) return NaN;
      return (c.concordant - c.discordant) / Math.sqrt(tot - metricTies) / Math.sqrt(tot - goldTies);
    case 'c': {
      if (metricTies === tot || goldTies === tot) return NaN;
      if (!classes) throw new RangeError("tau-c needs the number of classes");
      const minClasses = classes();
      return (2 * (c.concordant - c.discordant)) / ((n * n * (minClasses - 1)) / minClasses);
    }
    case '23':
      // The reference divides by zero (and raises) when there is no pair; NaN lets averaging skip it.
      return tot === 0 ? NaN : (c.concordant + c.tiesBoth - c.discordant - c.tiesGoldOnly - c.tiesMetricOnly) / tot;
    case 'acc23':
      return tot === 0 ? NaN : (c.concordant + c.tiesBoth) / tot;
    default:
      throw new RangeError(`Unknown variant of the method chosen: ${variant as string}. variant must be 'b', 'c', '23', or 'acc23'.`);
  }
}

/** `stats.KendallVariants(gold, metric, variant, epsilon=ε)`: {r: tau, p: 0} (the reference returns a dummy 0). */
export function kendallVariant(
  gold: ArrayLike<number>,
  metric: ArrayLike<number>,
  options: KendallVariantOptions = {},
): { r: number; p: number } {
  const variant = options.variant ?? 'b';
  const epsilon = options.epsilon ?? 0;
  if (!(epsilon >= 0)) throw new RangeError('Epsilon must be non-negative.');
  if (epsilon > 0 && variant === 'c') throw new RangeError('Non-zero epsilon with tau-c not supported.');
  const counts = kendallVariantCounts(gold, metric, epsilon);
  const r = tauFromCounts(counts, variant, gold.length, () => Math.min(pythonDistinct(metric), pythonDistinct(gold)));
  return { r, p: 0 };
}

export interface KendallLikeResult {
  r: number;
  p: number;
  /** Pairs whose gold scores differ by at least `thresh`: the weight of micro averaging (the reference's ret[2]). */
  weight: number;
  numPairs: number;
  concordant: number;
  discordant: number;
}

/**
 * WMT20 "Kendall-like" tau (`stats.KendallLike`): over pairs with |gold_i − gold_j| ≥ thresh (missing gold
 * skipped), (concordant − discordant) / pairs, 0 when no pair qualifies. As the reference, the metric
 * comparison is strict: a metric tie (or a NaN) is discordant, also when thresh = 0 and the gold tie.
 */
export function kendallLike(gold: ArrayLike<number | null>, metric: ArrayLike<number>, thresh = 25): KendallLikeResult {
  if (gold.length !== metric.length) throw new RangeError(`length mismatch: gold ${gold.length}, metric ${metric.length}`);
  let concordant = 0;
  let discordant = 0;
  for (let i = 0; i < gold.length; i++) {
    const gi = gold[i];
    if (gi === null) continue;
    for (let j = i + 1; j < gold.length; j++) {
      const gj = gold[j];
      if (gj === null) continue;
      const diff = gi - gj;
      if (Math.abs(diff) >= thresh) {
        if ((diff > 0 && metric[i] > metric[j]) || (diff < 0 && metric[i] < metric[j])) concordant++;
        else discordant++;
      }
    }
  }
  const numPairs = concordant + discordant;
  const r = numPairs ? (concordant - discordant) / numPairs : 0;
  return { r, p: 0, weight: numPairs, numPairs, concordant, discordant };
}
