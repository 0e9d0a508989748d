// Tie calibration (mt-metrics-eval `KendallWithTiesOpt` / tau_optimization.py; Deutsch et al. 2023,
// arXiv:2305.14324): choose the threshold ε such that metric pairs with |Δ| ≤ ε count as ties maximises the
// (group-averaged) acc_23 or tau_23.
//
// Every candidate ε is 0 or one of the pairs' |Δmetric|. Sort the pairs by |Δ| once and sweep: each pair in
// turn becomes a metric tie, which changes only its own group's numerator (by −2…+2, see NUMERATOR_STEP), so
// the average is updated in O(1). O(P) for P pairs with the radix order, never a rescoring per threshold.
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

import { itemCount, type AverageBy, type GoldVector } from './grouping.js';
import { PairSorter } from './tie-calibration-sort.js';
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

// A pair's category (pairCategory) from two comparison indices: gold h1 < h2 → 0, = → 1, > → 2, unordered → 3,
// and the same for the metric; one table read instead of a chain of unpredictable branches.
const CATEGORY = Int32Array.from([
  // metric <, =, >, unordered (NaN)
  CON, TIE_METRIC, DIS, DIS, // gold <
  TIE_GOLD | 8, TIE_BOTH | 8, TIE_GOLD | 8, TIE_GOLD | 8, // gold =
  DIS, TIE_METRIC, CON, DIS, // gold >
  DIS, TIE_METRIC, DIS, DIS, // gold unordered
]);

const order3 = (a: number, b: number): number => (a < b ? 0 : a === b ? 1 : a > b ? 2 : 3);

/**
 * How a group's integer numerator changes when a pair of category `cat` (with bit 3) becomes a metric tie:
 * acc23 counts con + tieBoth, tau23 con + tieBoth − dis − tieGold − tieMetric. Con → tieMetric: −1 (acc23) or −2;
 * tieGold → tieBoth: +1 or +2; dis → tieMetric: 0 or 0; ties stay ties: 0. The numerator is an exact integer
 * either way, so num / pairs is the very double the reference's sufficient statistics give.
 */
const NUMERATOR_STEP: Record<TieCalibratedVariant, Float64Array> = {
  acc23: new Float64Array(16),
  '23': new Float64Array(16),
};
NUMERATOR_STEP.acc23[CON] = -1;
NUMERATOR_STEP.acc23[TIE_GOLD | 8] = 1;
NUMERATOR_STEP['23'][CON] = -2;
NUMERATOR_STEP['23'][TIE_GOLD | 8] = 2;

/** Scratch reused across calls (grown on demand): a call allocates only its results. */
let scratchCells = 0;
let gold64 = new Float64Array(0);
let metric64 = new Float64Array(0);
let scratchGroups = 0;
let groupEnd = new Int32Array(0);
let numerator = new Float64Array(0);
let pairTotal = new Float64Array(0);
let groupTau = new Float64Array(0);
const sorter = new PairSorter();
const catCount = new Int32Array(5);
/** Curve buffers up to this length are kept between calls. */
const RETAIN_CURVE = 1 << 19;
let curveCapacity = 0;
let curveThresholds = new Float64Array(0);
let curveTaus = new Float64Array(0);

function ensureScratch(cells: number, groups: number): void {
  if (cells > scratchCells) {
    scratchCells = cells;
    gold64 = new Float64Array(cells);
    metric64 = new Float64Array(cells);
  }
  if (groups > scratchGroups) {
    scratchGroups = groups;
    groupEnd = new Int32Array(groups);
    numerator = new Float64Array(groups);
    pairTotal = new Float64Array(groups);
    groupTau = new Float64Array(groups);
  }
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
  const averageBy = options.averageBy ?? 'none';
  const n = gold.length;
  // Groups as grouping.ts's groupIndices lays them out: cell k of group `row` is row·rowStride + k·kStride.
  let numGroups: number, groupSize: number, rowStride: number, kStride: number;
  if (averageBy === 'none') [numGroups, groupSize, rowStride, kStride] = [1, n, 0, 1];
  else if (averageBy === 'sys' || averageBy === 'item') {
    const numSys = options.numSys ?? 1;
    const numItems = itemCount(n, numSys);
    if (averageBy === 'sys') [numGroups, groupSize, rowStride, kStride] = [numSys, numItems, numItems, 1];
    else [numGroups, groupSize, rowStride, kStride] = [numItems, numSys, 1, numItems];
  } else throw new RangeError(`Unknown averaging option: ${averageBy as string}`);
  ensureScratch(n, numGroups);

  // Rated cells (gold and metric both present) packed group by group, then the pair budget.
  const h = gold64;
  const m = metric64;
  let cellsKept = 0;
  let maxPairs = 0;
  for (let row = 0; row < numGroups; row++) {
    const first = cellsKept;
    for (let k = 0, cell = row * rowStride; k < groupSize; k++, cell += kStride) {
      const g = gold[cell];
      const x = metric[cell];
      if (g === null || g === undefined || x === null || x === undefined) continue;
      h[cellsKept] = g;
      m[cellsKept++] = x;
    }
    groupEnd[row] = cellsKept;
    const r = cellsKept - first;
    maxPairs += (r * (r - 1)) / 2;
  }

  // Pairs in the reference's order (group by group, i < j), each as its group · 16 + category, filed by |Δ|.
  const step = NUMERATOR_STEP[variant];
  const acc = variant === 'acc23';
  sorter.reset(maxPairs);
  const rng = sampleRate < 1 ? options.rng! : null;
  // Finite values only: the comparisons as 0/1 arithmetic (no unpredictable branches); otherwise order3.
  let finite = true;
  for (let c = 0; c < cellsKept && finite; c++) finite = Number.isFinite(h[c]) && Number.isFinite(m[c]);
  for (let row = 0, first = 0; row < numGroups; first = groupEnd[row++]) {
    const end = groupEnd[row];
    catCount.fill(0);
    const base = row * 16;
    for (let i = first; i < end; i++) {
      const h1 = h[i];
      const m1 = m[i];
      for (let j = i + 1; j < end; j++) {
        if (rng !== null && !(rng.uniform() <= sampleRate)) continue;
        const h2 = h[j];
        const m2 = m[j];
        const cat = finite
          ? CATEGORY[5 + 4 * (+(h1 > h2) - +(h1 < h2)) + +(m1 > m2) - +(m1 < m2)]
          : CATEGORY[order3(h1, h2) * 4 + order3(m1, m2)];
        sorter.add(Math.abs(m1 - m2), base + cat);
        catCount[cat & 7]++;
      }
    }
    const [con, dis, tieGold, tieMetric, tieBoth] = catCount;
    pairTotal[row] = con + dis + tieGold + tieMetric + tieBoth;
    numerator[row] = acc ? con + tieBoth : con + tieBoth - dis - tieGold - tieMetric;
  }
  const P = sorter.size;

  // Each group's current tau, so the sweep divides once per pair.
  let numRows = 0;
  let total = 0;
  for (let row = 0; row < numGroups; row++) {
    if (pairTotal[row] > 0) {
      numRows++;
      groupTau[row] = numerator[row] / pairTotal[row];
      total += groupTau[row];
    }
  }
  const { diffs: sweepDiff, codes: sweepCode } = sorter.sorted();
  if (P + 1 > curveCapacity) {
    curveCapacity = P + 1;
    curveThresholds = new Float64Array(curveCapacity);
    curveTaus = new Float64Array(curveCapacity);
  }
  const thresholds = curveThresholds;
  const taus = curveTaus;
  thresholds[0] = 0;
  taus[0] = total / numRows;
  // Every pair writes its run's entry; the run's last pair leaves its value there. The entry index moves on
  // where |Δ| changes, so zeros update entry 0 and each NaN gets its own (NaN !== NaN). No branch per pair.
  let last = 0;
  let previous = 0;
  for (let k = 0; k < P; k++) {
    const code = sweepCode[k];
    const row = code >> 4;
    total -= groupTau[row];
    const num = (numerator[row] += step[code & 15]);
    const after = num / pairTotal[row];
    groupTau[row] = after;
    total += after;
    const d = sweepDiff[k];
    last += +(d !== previous);
    previous = d;
    thresholds[last] = d;
    taus[last] = total / numRows;
  }
  // np.nanargmax: the first maximum (strict >), NaN ignored (every comparison with NaN is false).
  let best = -1;
  let bestTau = -Infinity;
  for (let t = 0; t <= last; t++) {
    if (taus[t] > bestTau) {
      best = t;
      bestTau = taus[t];
    }
  }
  const result = {
    tau: best < 0 ? NaN : taus[best],
    epsilon: best < 0 ? 0 : thresholds[best],
    groups: numRows,
    thresholds: thresholds.slice(0, last + 1),
    taus: taus.slice(0, last + 1),
  };
  if (curveCapacity > RETAIN_CURVE) {
    curveCapacity = 0;
    curveThresholds = curveTaus = new Float64Array(0);
  }
  return result;
}
