// Tie calibration (mt-metrics-eval `KendallWithTiesOpt` / tau_optimization.py; Deutsch et al. 2023,
// arXiv:2305.14324): choose the threshold ε such that metric pairs with |Δ| ≤ ε count as ties maximises the
// (group-averaged) acc_23 or tau_23.
//
// Every candidate ε is 0 or one of the pairs' |Δmetric|. Sort the pairs by |Δ| once and sweep: each pair in
// turn becomes a metric tie, which changes only its own group's counts, so the average is updated in O(1).
// O(P log P) for P pairs (O(P) with the radix order), never a rescoring per threshold.
//
// To return the same ε and the same tau bits as the reference, the sweep repeats its floating-point steps:
// pairs enumerated group by group in (i < j) order, a stable sort by |Δ|, the running total updated as
// `total − tau(group before) + tau(group after)`, one entry per distinct |Δ| (the last pair of a run of equal
// |Δ| sets it), and the FIRST maximum wins (np.nanargmax), i.e. the smallest ε among equal best values.
// The initial total is summed in ascending group order (the reference iterates a Python set of group numbers,
// which is ascending whenever the largest group number is below that set's table size, e.g. 527 rated of 1002
// items; otherwise its last bits may differ).
// Conventions: gold null = unrated (dropped); metric NaN pairs have |Δ| = NaN and sort last (Python's order
// for NaN keys is undefined), never tie before that; a group counts when it has at least one pair.

import { groupIndices, type AverageBy, type GoldVector } from './grouping.js';
import { stableOrder } from './stable-order.js';
import type { Rng } from './rng.js';

export type TieCalibratedVariant = '23' | 'acc23';

export interface TieCalibrationOptions {
  variant?: TieCalibratedVariant;
  numSys?: number;
  averageBy?: AverageBy;
  /**
   * Share of pairs to consider (0, 1]. Default 1.0: all pairs, deterministic. (The reference's
   * `Correlation.KendallWithTiesOpt` defaults to 0.1 with NumPy's global RNG; we make sampling explicit.)
   */
  sampleRate?: number;
  /** Required when sampleRate < 1: each pair is kept when rng.uniform() ≤ sampleRate. */
  rng?: Rng;
}

export interface TieCalibration {
  /** Best average tau. */
  tau: number;
  /** The threshold reaching it (the smallest such, in the reference's float arithmetic). */
  epsilon: number;
  /** Groups with at least one pair: the averaging denominator. */
  groups: number;
  /** Candidate thresholds in ascending order (0 first) and the average tau at each. */
  thresholds: Float64Array;
  taus: Float64Array;
}

// Pair categories (tau_optimization.TauSufficientStats fields).
export const CON = 0, DIS = 1, TIE_GOLD = 2, TIE_METRIC = 3, TIE_BOTH = 4;

/** The pair's category as it is, and (bit 3) whether it is a tie in both once the metric is tied. */
export function pairCategory(h1: number, h2: number, m1: number, m2: number): number {
  let cat: number;
  if (h1 === h2 && m1 === m2) cat = TIE_BOTH;
  else if (h1 === h2) cat = TIE_GOLD;
  else if (m1 === m2) cat = TIE_METRIC;
  else if ((h1 > h2 && m1 > m2) || (h1 < h2 && m1 < m2)) cat = CON;
  else cat = DIS;
  return h1 === h2 ? cat | 8 : cat;
}

/** Reference-exact tie-calibrated Kendall; see the file comment. */
export function tieCalibratedKendall(
  gold: GoldVector,
  metric: ArrayLike<number | null>,
  options: TieCalibrationOptions = {},
): TieCalibration {
  if (gold.length !== metric.length) throw new RangeError(`length mismatch: gold ${gold.length}, metric ${metric.length}`);
  const variant = options.variant ?? 'acc23';
  if (variant !== '23' && variant !== 'acc23') throw new RangeError('Only the *23 variants support epsilon optimization.');
  const sampleRate = options.sampleRate ?? 1;
  if (!(sampleRate > 0 && sampleRate <= 1)) throw new RangeError(`sampleRate must be in the range (0, 1]. Found ${sampleRate}`);
  if (sampleRate < 1 && !options.rng) throw new RangeError('sampleRate < 1 needs an explicit rng (seeded)');
  const groups = groupIndices(gold.length, options.numSys ?? 1, options.averageBy ?? 'none');
  const numGroups = groups.length;

  // Rated cells (gold and metric both present) packed group by group, then the pair budget.
  const h = new Float64Array(gold.length);
  const m = new Float64Array(gold.length);
  const groupEnd = new Int32Array(numGroups);
  let cellsKept = 0;
  let maxPairs = 0;
  for (let row = 0; row < numGroups; row++) {
    const cells = groups[row];
    const first = cellsKept;
    for (let k = 0; k < cells.length; k++) {
      const g = gold[cells[k]];
      const x = metric[cells[k]];
      if (g === null || g === undefined || x === null || x === undefined) continue;
      h[cellsKept] = g;
      m[cellsKept++] = x;
    }
    groupEnd[row] = cellsKept;
    const r = cellsKept - first;
    maxPairs += (r * (r - 1)) / 2;
  }
  const diff = new Float64Array(maxPairs);
  const code = new Int32Array(maxPairs); // group · 16 + category (bit 3: tied in both once tied)
  const counts = new Float64Array(numGroups * 5);
  const pairTotal = new Float64Array(numGroups);
  const sampled = sampleRate < 1;
  let P = 0;
  for (let row = 0, first = 0; row < numGroups; first = groupEnd[row++]) {
    const end = groupEnd[row];
    for (let i = first; i < end; i++) {
      const h1 = h[i];
      const m1 = m[i];
      for (let j = i + 1; j < end; j++) {
        if (sampled && !(options.rng!.uniform() <= sampleRate)) continue;
        const h2 = h[j];
        const m2 = m[j];
        const cat = pairCategory(h1, h2, m1, m2);
        diff[P] = Math.abs(m1 - m2);
        code[P] = row * 16 + cat;
        counts[row * 5 + (cat & 7)]++;
        pairTotal[row]++;
        P++;
      }
    }
  }

  const acc = variant === 'acc23';
  const tauOf = (row: number): number => {
    const o = row * 5;
    const num = acc ? counts[o + CON] + counts[o + TIE_BOTH] : counts[o + CON] + counts[o + TIE_BOTH] - counts[o + DIS] - counts[o + TIE_GOLD] - counts[o + TIE_METRIC];
    return num / pairTotal[row];
  };

  // Each group's current tau, so the sweep divides once per pair (tauOf is a function of the counts alone).
  const groupTau = new Float64Array(numGroups);
  let numRows = 0;
  let total = 0;
  for (let row = 0; row < numGroups; row++) {
    if (pairTotal[row] > 0) {
      numRows++;
      groupTau[row] = tauOf(row);
      total += groupTau[row];
    }
  }
  const thresholds = new Float64Array(P + 1);
  const taus = new Float64Array(P + 1);
  thresholds[0] = 0;
  taus[0] = total / numRows;
  let last = 0;
  const order = stableOrder(diff.subarray(0, P));
  // Gather the pairs into sweep order first: independent loads overlap, unlike reads inside the sweep.
  const sweepDiff = new Float64Array(P);
  const sweepCode = new Int32Array(P);
  for (let k = 0; k < P; k++) {
    const p = order[k];
    sweepDiff[k] = diff[p];
    sweepCode[k] = code[p];
  }
  for (let k = 0; k < P; k++) {
    const row = sweepCode[k] >> 4;
    const cat = sweepCode[k] & 15;
    total -= groupTau[row];
    counts[row * 5 + (cat & 7)]--;
    counts[row * 5 + (cat & 8 ? TIE_BOTH : TIE_METRIC)]++;
    const after = tauOf(row);
    groupTau[row] = after;
    total += after;
    const d = sweepDiff[k];
    // Only the last pair of a run of equal |Δ| leaves its value (each NaN is a run of its own: NaN !== NaN).
    if (k + 1 < P && sweepDiff[k + 1] === d) continue;
    const overall = total / numRows;
    if (thresholds[last] === d) taus[last] = overall;
    else {
      last++;
      thresholds[last] = d;
      taus[last] = overall;
    }
  }
  // np.nanargmax: the first maximum, NaN ignored.
  let best = -1;
  for (let t = 0; t <= last; t++) {
    if (Number.isNaN(taus[t])) continue;
    if (best < 0 || taus[t] > taus[best]) best = t;
  }
  return {
    tau: best < 0 ? NaN : taus[best],
    epsilon: best < 0 ? 0 : thresholds[best],
    groups: numRows,
    thresholds: thresholds.slice(0, last + 1),
    taus: taus.slice(0, last + 1),
  };
}
