// Paired permutation tests for "metric 2 correlates better with gold than metric 1" (mt-metrics-eval stats.py
// `PermutationSigDiff`, `PairwisePermutationSigDiff`; PERM-BOTH of Deutsch et al. 2021, arXiv:2104.00054).
//
// PERM-BOTH, as the reference runs it:
//  1. Pack the rated cells group by group (`packGroups` = `_ReshapeAndFilter`: groups in row / column order,
//     unrated gold dropped, groups with no rated cell left out).
//  2. z-score each metric ONCE over that whole packed vector (scipy.stats.zscore, ddof 0, NumPy pairwise sums,
//     in packed order), so that two metrics on different scales can be swapped cell by cell. Exception: tie-
//     calibrated Kendall z-scores the FULL vectors (unrated cells included) and recalibrates on them.
//  3. delta = corr(metric2) − corr(metric1) on the z-scored vectors, where corr averages the per-group values
//     with NaNs dropped (or counted as 0), 0 when none is left; Pearson and Spearman are NaN on constant groups.
//  4. Each resample flips a fair coin per cell: heads keeps the cell's scores, tails swaps the two metrics'.
//     Count resamples whose corr(m2') − corr(m1') ≥ delta; p = count / resamples.
//  5. Early stopping: every `blockSize` resamples, stop if p < earlyMin or p > earlyMax.
//
// Pearson is the common case and gets an exact fast engine (`PearsonSwapEngine` in permutation-pearson.ts); every
// other correlation is recomputed on the swapped vectors. The coin flips are the same bit stream in both engines
// (bit i of a resample's 32-bit words = cell i keeps its scores), so one seed gives the same swaps whatever the engine.
//
// PairwisePermutationSigDiff swaps pairwise outcomes instead of scores: each metric's tie threshold is calibrated
// once (or given), every within-group pair gets one of five outcomes per metric, and a resample flips a coin per
// pair. Only pairs whose two outcomes differ matter, and only through how many of each kind go each way, so a
// resample draws, per group and per kind of disagreement, a Binomial(count, ½) as a popcount of `count` random
// bits — the same distribution as the reference's per-pair coins, in O(groups) instead of O(pairs).
//
// Not bit-compatible with NumPy's RandomState: p-values agree with the reference within Monte-Carlo error,
// deltas exactly.

import { isConstant, kendallTau, pearson, spearman } from './correlation.js';
import { packGroups, type AverageBy, type GoldVector, type GroupCorrelation } from './grouping.js';
import { PearsonSwapEngine } from './permutation-pearson.js';
import { pairCount, type KendallPairCounts } from './kendall-pairs.js';
import { kendallVariant, tauFromCounts, type KendallVariant } from './kendall-variants.js';
import { createRng, type Rng } from './rng.js';
import { pairwiseMean, pairwiseSum } from './summation.js';
import { tieCalibratedKendall, type TieCalibratedVariant } from './tie-calibration.js';

/** Early-stopping parameters (`PermutationSigDiffParams`). blockSize = k disables early stopping. */
export interface PermutationParams {
  blockSize: number;
  earlyMin: number;
  earlyMax: number;
}

export const DEFAULT_PERMUTATION_PARAMS: Readonly<PermutationParams> = Object.freeze({ blockSize: 1000, earlyMin: 0.02, earlyMax: 0.5 });
export const DEFAULT_PERMUTATION_SEED = 12345;

/** What is compared. `custom` runs any per-group correlation (its `r`; NaN values are dropped). */
export type PermutationCorrelation =
  | { kind: 'pearson' }
  | { kind: 'spearman' }
  | { kind: 'kendall'; variant?: 'b' | 'c' }
  | { kind: 'kendallVariants'; variant?: KendallVariant; epsilon?: number }
  | { kind: 'tiesOpt'; variant?: TieCalibratedVariant; sampleRate?: number }
  | { kind: 'custom'; fn: GroupCorrelation; nanIfConstant?: boolean };

export interface PermutationOptions {
  numSys?: number;
  averageBy?: AverageBy;
  /** Number of resamples (default 1000). */
  k?: number;
  /** Seed of the coin flips (default DEFAULT_PERMUTATION_SEED); ignored when `rng` is given. */
  seed?: number;
  rng?: Rng;
  params?: Partial<PermutationParams>;
  /** Count NaN group correlations as 0 instead of dropping them. */
  replaceNansWithZeros?: boolean;
  /** Return every resample's pair of correlations. */
  keepDraws?: boolean;
  /** 'auto': the sufficient-statistics engine for Pearson; 'generic': always recompute (for cross-checks). */
  engine?: 'auto' | 'generic';
}

export interface PermutationResult {
  /** Share of resamples with corr(m2') − corr(m1') ≥ delta: the p-value of "metric 2 is better". */
  pValue: number;
  /** corr(metric2) − corr(metric1). */
  delta: number;
  /** Resamples actually run (fewer than k after early stopping). */
  kUsed: number;
  /** Per resample: the correlation of the metric-2 side and of the metric-1 side (the reference's (c2, c1)). */
  draws?: { metric2: Float64Array; metric1: Float64Array };
}

// ---------------------------------------------------------------------------------------------------------
// Shared pieces

/**
 * scipy.stats.zscore(v) (ddof 0): (v − mean) / std with mean and variance as NumPy pairwise means; all NaN when
 * std ≤ |eps·mean| (a constant vector, scipy's rule) or when any value is NaN.
 */
export function zscore(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const mean = pairwiseMean(values);
  const centered = new Float64Array(n);
  const squares = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    centered[i] = values[i] - mean;
    squares[i] = centered[i] * centered[i];
  }
  const std = Math.sqrt(pairwiseMean(squares));
  if (std <= Math.abs(Number.EPSILON * mean)) return centered.fill(NaN);
  for (let i = 0; i < n; i++) centered[i] /= std;
  return centered;
}

function resolveParams(p: Partial<PermutationParams> | undefined): PermutationParams {
  const params = { ...DEFAULT_PERMUTATION_PARAMS, ...p };
  if (!Number.isInteger(params.blockSize) || params.blockSize < 1) throw new RangeError(`blockSize must be a positive integer, got ${params.blockSize}`);
  return params;
}

function resolveK(k: number | undefined): number {
  const out = k ?? 1000;
  // The reference returns (0, delta, 1) for k = 0; a test with no resample has no p-value, so we refuse it.
  if (!Number.isInteger(out) || out < 1) throw new RangeError(`k must be a positive integer, got ${out}`);
  return out;
}

function checkLengths(gold: GoldVector, metric1: ArrayLike<number>, metric2: ArrayLike<number>): void {
  if (gold.length !== metric1.length || gold.length !== metric2.length) {
    throw new RangeError(`length mismatch: gold ${gold.length}, metric1 ${metric1.length}, metric2 ${metric2.length}`);
  }
}

/** The settings both tests share, defaults filled in and checked (k, then the early-stopping parameters). */
function resolveRun(options: Omit<PermutationOptions, 'engine'>) {
  return {
    numSys: options.numSys ?? 1,
    averageBy: options.averageBy ?? 'none',
    k: resolveK(options.k),
    params: resolveParams(options.params),
    rng: options.rng ?? createRng(options.seed ?? DEFAULT_PERMUTATION_SEED),
    replaceNans: options.replaceNansWithZeros ?? false,
  };
}

/** np.average over the group values after the reference's NaN rule; 0 when nothing is left. */
function averageGroupValues(values: Float64Array, scratch: Float64Array, replaceNansWithZeros: boolean): number {
  let m = 0;
  for (let g = 0; g < values.length; g++) {
    const v = values[g];
    if (v === v) scratch[m++] = v;
    else if (replaceNansWithZeros) scratch[m++] = 0;
  }
  return m ? pairwiseSum(scratch.subarray(0, m)) / m : 0;
}

type ResampleStep = (i: number) => { c1: number; c2: number };

/**
 * The resampling loop with the reference's early stopping. `checkOnlyAfterHit` reproduces
 * PairwisePermutationSigDiff, whose block check sits inside the `c2 − c1 ≥ delta` branch (so it only runs on
 * resamples that are counted).
 */
function runResamples(k: number, params: PermutationParams, delta: number, step: ResampleStep, keepDraws: boolean, checkOnlyAfterHit: boolean): PermutationResult {
  const d2 = keepDraws ? new Float64Array(k) : undefined;
  const d1 = keepDraws ? new Float64Array(k) : undefined;
  let count = 0;
  let i = 1;
  for (; i <= k; i++) {
    const { c1, c2 } = step(i);
    if (d2 && d1) {
      d2[i - 1] = c2;
      d1[i - 1] = c1;
    }
    const hit = c2 - c1 >= delta;
    if (hit) count++;
    if ((hit || !checkOnlyAfterHit) && i % params.blockSize === 0) {
      const p = count / i;
      if (p < params.earlyMin || p > params.earlyMax) break;
    }
  }
  const kUsed = Math.min(i, k); // Python's loop variable stays at k when the loop runs to the end
  const result: PermutationResult = { pValue: count / kUsed, delta, kUsed };
  if (d2 && d1) result.draws = { metric2: d2.slice(0, kUsed), metric1: d1.slice(0, kUsed) };
  return result;
}

/** One resample's coin flips: n bits in 32-bit words, plus one spare word so two-word reads never run off. */
class SwapMask {
  readonly words: Uint32Array;
  constructor(readonly n: number) {
    this.words = new Uint32Array((n >>> 5) + 2);
  }
  draw(rng: Rng): void {
    const used = (this.n + 31) >>> 5;
    for (let w = 0; w < used; w++) this.words[w] = rng.nextUint32();
  }
  /** All cells keep their scores: the observed data. */
  keepAll(): void {
    this.words.fill(0xffffffff);
  }
  keeps(i: number): boolean {
    return ((this.words[i >>> 5] >>> (i & 31)) & 1) === 1;
  }
  /** m1 takes a where the coin says keep, b otherwise; m2 the opposite. */
  apply(a: Float64Array, b: Float64Array, m1: Float64Array, m2: Float64Array): void {
    for (let i = 0; i < a.length; i++) {
      if (this.keeps(i)) {
        m1[i] = a[i];
        m2[i] = b[i];
      } else {
        m1[i] = b[i];
        m2[i] = a[i];
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// PERM-BOTH

type VectorCorrelation = (metric: Float64Array) => number;

/** corr over packed groups for the recomputing engine. */
function packedGroupCorrelation(
  corr: Exclude<PermutationCorrelation, { kind: 'tiesOpt' }>,
  lengths: number[],
  gold: Float64Array,
  replaceNansWithZeros: boolean,
): VectorCorrelation {
  let fn: (g: Float64Array, m: Float64Array) => number;
  switch (corr.kind) {
    case 'pearson':
      fn = (g, m) => pearson(g, m).r;
      break;
    case 'spearman':
      fn = (g, m) => spearman(g, m).r;
      break;
    case 'kendall': {
      const variant = corr.variant ?? 'b';
      fn = (g, m) => kendallTau(g, m, { variant }).r;
      break;
    }
    case 'kendallVariants': {
      const opts = { variant: corr.variant ?? 'b', epsilon: corr.epsilon ?? 0 };
      fn = (g, m) => kendallVariant(g, m, opts).r;
      break;
    }
    case 'custom': {
      const user = corr.fn;
      fn = corr.nanIfConstant ? (g, m) => (isConstant(g) || isConstant(m) ? NaN : user(g, m).r) : (g, m) => user(g, m).r;
      break;
    }
    default:
      throw new RangeError(`unknown correlation kind ${(corr as { kind: string }).kind}`);
  }
  // The reference sets Pearson and Spearman to NaN on a constant group (scipy ≥ 1.14 would say 0 or 1);
  // our pearson/spearman already return NaN there.
  const starts: number[] = [0];
  for (const len of lengths) starts.push(starts[starts.length - 1] + len);
  const values = new Float64Array(lengths.length);
  const scratch = new Float64Array(lengths.length);
  return (metric) => {
    for (let g = 0; g < lengths.length; g++) values[g] = fn(gold.subarray(starts[g], starts[g + 1]), metric.subarray(starts[g], starts[g + 1]));
    return averageGroupValues(values, scratch, replaceNansWithZeros);
  };
}

function hasNaN(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (v[i] !== v[i]) return true;
  return false;
}

/**
 * PERM-BOTH test that metric2 correlates better with gold than metric1 (`stats.PermutationSigDiff`).
 * Vectors are packed system-major (cell (s, i) at s·numItems + i); gold null = not rated.
 */
export function permutationSigDiff(
  gold: GoldVector,
  metric1: ArrayLike<number>,
  metric2: ArrayLike<number>,
  corr: PermutationCorrelation = { kind: 'pearson' },
  options: PermutationOptions = {},
): PermutationResult {
  checkLengths(gold, metric1, metric2);
  const { numSys, averageBy, k, params, rng, replaceNans } = resolveRun(options);
  const keepDraws = options.keepDraws ?? false;

  if (corr.kind === 'tiesOpt') {
    // The reference recalibrates on the full vectors, z-scored with their unrated cells, and swaps every cell.
    const a = zscore(metric1);
    const b = zscore(metric2);
    const calibrated: VectorCorrelation = (m) =>
      tieCalibratedKendall(gold, m, { variant: corr.variant ?? 'acc23', numSys, averageBy, sampleRate: corr.sampleRate ?? 1, rng }).tau;
    return recomputingTest(a, b, calibrated, k, params, rng, keepDraws);
  }

  const packed = packGroups(gold, [metric1, metric2], numSys, averageBy);
  const a = zscore(packed.metrics[0]);
  const b = zscore(packed.metrics[1]);
  const exactCorr = packedGroupCorrelation(corr, packed.lengths, packed.gold, replaceNans);
  if (corr.kind === 'pearson' && options.engine !== 'generic' && !hasNaN(a) && !hasNaN(b) && PearsonSwapEngine.fits(packed.lengths)) {
    const scratch = new Float64Array(packed.lengths.length);
    const engine = new PearsonSwapEngine(packed.lengths, packed.gold, a, b, (values) => averageGroupValues(values, scratch, replaceNans));
    const delta = exactCorr(b) - exactCorr(a);
    const mask = new SwapMask(a.length);
    // Resamples are compared with the observed delta as computed by the same engine, so that the one resample
    // that reproduces the data counts exactly as in the reference; the reported delta is scipy's arithmetic.
    mask.keepAll();
    const observed = engine.evaluate(mask.words);
    const engineDelta = observed.c2 - observed.c1;
    const result = runResamples(
      k,
      params,
      engineDelta,
      () => {
        mask.draw(rng);
        return engine.evaluate(mask.words);
      },
      keepDraws,
      false,
    );
    return { ...result, delta };
  }
  return recomputingTest(a, b, exactCorr, k, params, rng, keepDraws);
}

function recomputingTest(
  a: Float64Array,
  b: Float64Array,
  corr: VectorCorrelation,
  k: number,
  params: PermutationParams,
  rng: Rng,
  keepDraws: boolean,
): PermutationResult {
  const delta = corr(b) - corr(a);
  const mask = new SwapMask(a.length);
  const m1 = new Float64Array(a.length);
  const m2 = new Float64Array(a.length);
  return runResamples(
    k,
    params,
    delta,
    () => {
      mask.draw(rng);
      mask.apply(a, b, m1, m2);
      return { c1: corr(m1), c2: corr(m2) };
    },
    keepDraws,
    false,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Pairwise permutation (swapping pair outcomes)

export interface PairwisePermutationOptions extends Omit<PermutationOptions, 'engine'> {
  /** Kendall variant: 'acc23' (default), '23' or 'b' ('c' is not defined for swapped pairs). */
  variant?: Exclude<KendallVariant, 'c'>;
  /** Metric-1 tie threshold; calibrated on the data (tie calibration) when omitted. */
  epsilon1?: number;
  epsilon2?: number;
  /** Share of pairs used by the calibration (default 1.0; < 1 draws from the same rng). */
  sampleRate?: number;
}

export interface PairwisePermutationResult extends PermutationResult {
  epsilon1: number;
  epsilon2: number;
}

// Outcome codes of a pair for one metric (tau_optimization's five categories).
const CON = 0, DIS = 1, TIE_GOLD = 2, TIE_METRIC = 3, TIE_BOTH = 4;

/** The pair's outcome under tie threshold eps (the reference's PairwiseDiffs + _MatrixSufficientStatistics). */
function pairOutcome(g1: number, g2: number, m1: number, m2: number, eps: number): number {
  const goldTie = g1 === g2;
  const metricTie = Math.abs(m1 - m2) <= eps;
  if (goldTie) return metricTie ? TIE_BOTH : TIE_GOLD;
  if (metricTie) return TIE_METRIC;
  return g1 < g2 === m1 < m2 ? CON : DIS;
}

function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** Number of heads in `count` fair coins: a Binomial(count, ½) draw, one random bit per coin. */
function fairCoinHeads(rng: Rng, count: number): number {
  let heads = 0;
  for (; count >= 32; count -= 32) heads += popcount(rng.nextUint32());
  if (count > 0) heads += popcount(rng.nextUint32() >>> (32 - count));
  return heads;
}

/**
 * Pairwise permutation test for Kendall-type accuracy (`stats.PairwisePermutationSigDiff`): p-value that
 * metric2 is better. With the epsilons omitted this is the WMT23/24 test for tie-calibrated acc_23 ("acc-t").
 */
export function pairwisePermutationSigDiff(
  gold: GoldVector,
  metric1: ArrayLike<number>,
  metric2: ArrayLike<number>,
  options: PairwisePermutationOptions = {},
): PairwisePermutationResult {
  checkLengths(gold, metric1, metric2);
  const variant = options.variant ?? 'acc23';
  if ((variant as string) === 'c') throw new RangeError('tau-c not supported by PairwisePermutationSigDiff.');
  const { numSys, averageBy, k, params, rng, replaceNans } = resolveRun(options);
  const calibrate = (metric: ArrayLike<number>): number => {
    if (variant !== '23' && variant !== 'acc23') throw new RangeError('Only the *23 variants support epsilon optimization.');
    return tieCalibratedKendall(gold, metric, { variant, numSys, averageBy, sampleRate: options.sampleRate ?? 1, rng }).epsilon;
  };
  const epsilon1 = options.epsilon1 ?? calibrate(metric1);
  const epsilon2 = options.epsilon2 ?? calibrate(metric2);
  if (epsilon1 < 0 || epsilon2 < 0) throw new RangeError('Epsilon must be non-negative.');

  const packed = packGroups(gold, [metric1, metric2], numSys, averageBy);
  const [x1, x2] = packed.metrics;
  // NaN metric scores make the reference's outcome matrices depend on diagonal entries the coins also touch;
  // there is no meaningful pair outcome to swap, so they are refused.
  if (hasNaN(x1) || hasNaN(x2)) throw new RangeError('NaN metric scores are not supported by the pairwise permutation test');

  // Per group: outcome counts shared by both metrics, and the pairs whose outcomes differ, by (o1, o2).
  const G = packed.lengths.length;
  const shared = new Float64Array(G * 5);
  const sizes = Int32Array.from(packed.lengths);
  const splitGroup: number[] = [];
  const splitFrom: number[] = [];
  const splitTo: number[] = [];
  const splitCount: number[] = [];
  const combos = new Int32Array(25);
  for (let g = 0, s = 0; g < G; s += sizes[g], g++) {
    combos.fill(0);
    const len = sizes[g];
    for (let i = s; i < s + len; i++) {
      for (let j = i + 1; j < s + len; j++) {
        const o1 = pairOutcome(packed.gold[i], packed.gold[j], x1[i], x1[j], epsilon1);
        const o2 = pairOutcome(packed.gold[i], packed.gold[j], x2[i], x2[j], epsilon2);
        if (o1 === o2) shared[g * 5 + o1]++;
        else combos[o1 * 5 + o2]++;
      }
    }
    for (let c = 0; c < 25; c++) {
      if (combos[c] === 0) continue;
      splitGroup.push(g);
      splitFrom.push((c / 5) | 0);
      splitTo.push(c % 5);
      splitCount.push(combos[c]);
    }
  }

  const counts1 = new Float64Array(G * 5);
  const counts2 = new Float64Array(G * 5);
  const values = new Float64Array(G);
  const scratch = new Float64Array(G);
  const holder: KendallPairCounts = { concordant: 0, discordant: 0, tiesGoldOnly: 0, tiesMetricOnly: 0, tiesBoth: 0, pairs: 0 };
  const average = (counts: Float64Array): number => {
    for (let g = 0; g < G; g++) {
      const o = g * 5;
      holder.concordant = counts[o + CON];
      holder.discordant = counts[o + DIS];
      holder.tiesGoldOnly = counts[o + TIE_GOLD];
      holder.tiesMetricOnly = counts[o + TIE_METRIC];
      holder.tiesBoth = counts[o + TIE_BOTH];
      holder.pairs = pairCount(sizes[g]);
      values[g] = tauFromCounts(holder, variant, sizes[g]);
    }
    return averageGroupValues(values, scratch, replaceNans);
  };
  // heads(e) = pairs of split e whose coin keeps the outcomes; null = the observed data (every coin keeps).
  const fill = (heads: ((e: number) => number) | null): { c1: number; c2: number } => {
    counts1.set(shared);
    counts2.set(shared);
    for (let e = 0; e < splitCount.length; e++) {
      const n = splitCount[e];
      const h = heads ? heads(e) : n;
      const o = splitGroup[e] * 5;
      counts1[o + splitFrom[e]] += h;
      counts1[o + splitTo[e]] += n - h;
      counts2[o + splitTo[e]] += h;
      counts2[o + splitFrom[e]] += n - h;
    }
    return { c1: average(counts1), c2: average(counts2) };
  };
  const observed = fill(null);
  const delta = observed.c2 - observed.c1;
  const result = runResamples(k, params, delta, () => fill((e) => fairCoinHeads(rng, splitCount[e])), options.keepDraws ?? false, true);
  return { ...result, epsilon1, epsilon2 };
}
