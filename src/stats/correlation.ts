// Pearson's r, Spearman's rho and Kendall's tau (b and c) with two-sided p-values, as scipy.stats 1.17
// computes them (pearsonr, spearmanr, kendalltau) — the functions mt-metrics-eval's `Correlation` delegates to.
// NaN conventions (scipy's default nan_policy='propagate'): any NaN in either vector gives {r: NaN, p: NaN}.
// A constant vector gives NaN too (scipy ≥ 1.14 for pearsonr; spearmanr and kendalltau always did); fewer
// than two values give NaN (scipy raises for pearsonr, mt-metrics-eval never calls it so).

import { averageRanks } from './ranks.js';
import { regularizedBetaComplement, studentTCdf } from './special.js';
import { pairwiseMean, pairwiseSum } from './summation.js';
import { blasDot, defaultDotKernel, type DotKernel } from './blas-dot.js';
import { kendallTieProfile } from './kendall-pairs.js';
import { kendallAsymptoticPValue, kendallExactPValue } from './kendall-pvalue.js';

export interface CorrelationResult {
  /** The coefficient. */
  r: number;
  /** Two-sided p-value of the test of no association. */
  p: number;
}

const UNDEFINED: CorrelationResult = Object.freeze({ r: NaN, p: NaN });

function checkLengths(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) throw new RangeError(`length mismatch: ${x.length} vs ${y.length}`);
  return x.length;
}

/** All values equal to the first, compared with `==` as NumPy does (so a NaN never makes a vector constant). */
export function isConstant(v: ArrayLike<number>): boolean {
  const first = v[0];
  for (let i = 1; i < v.length; i++) if (v[i] !== first) return false;
  return true;
}

function hasNaN(v: ArrayLike<number>): boolean {
  for (let i = 0; i < v.length; i++) if (Number.isNaN(v[i])) return true;
  return false;
}

/**
 * v − mean(v), divided by its Euclidean norm, the way scipy's pearsonr forms it: scaled by max |·| first
 * (against overflow), the norm as np.linalg.norm(…, axis=-1), i.e. √(pairwise sum of squares).
 */
function centeredUnit(v: ArrayLike<number>): Float64Array {
  const mean = pairwiseMean(v);
  const out = new Float64Array(v.length);
  let max = 0;
  for (let i = 0; i < v.length; i++) {
    out[i] = v[i] - mean;
    max = Math.max(max, Math.abs(out[i]));
  }
  const squares = new Float64Array(v.length);
  for (let i = 0; i < out.length; i++) {
    const s = out[i] / max;
    squares[i] = s * s;
  }
  const norm = max * Math.sqrt(pairwiseSum(squares));
  for (let i = 0; i < out.length; i++) out[i] /= norm;
  return out;
}

/** NumPy's `np.round` (half to even) — scipy rounds r to exactly ±1 when n = 2. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - Math.trunc(x)) === 0.5 ? 2 * Math.round(x / 2) : r;
}

/**
 * Two-sided p-value of Pearson's r for n observations: under independence (r+1)/2 ~ Beta(n/2−1, n/2−1),
 * so p = 2·(1 − I_{(|r|+1)/2}(n/2−1, n/2−1)), as scipy's `pearsonr`.
 */
export function pearsonPValue(r: number, n: number): number {
  const ab = n / 2 - 1;
  return 2 * regularizedBetaComplement(ab, ab, (Math.abs(r) + 1) / 2);
}

/**
 * Pearson's r and its p-value (scipy.stats.pearsonr). `dotKernel`: the OpenBLAS ddot kernel whose last bits r
 * reproduces (blas-dot.ts).
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>, dotKernel: DotKernel = defaultDotKernel()): CorrelationResult {
  const n = checkLengths(x, y);
  if (n < 2 || isConstant(x) || isConstant(y)) return { ...UNDEFINED };
  if (hasNaN(x) || hasNaN(y)) return { ...UNDEFINED };
  const ux = centeredUnit(x);
  const uy = centeredUnit(y);
  // np.vecdot is OpenBLAS's ddot, whose association and FMAs depend on the CPU (blas-dot.ts).
  let r = blasDot(ux, uy, dotKernel);
  r = Math.min(1, Math.max(-1, r)); // scipy clips rounding artefacts beyond ±1
  if (n === 2) return { r: roundHalfEven(r), p: 1 };
  return { r, p: pearsonPValue(r, n) };
}

/** Pearson correlation of two already-ranked vectors the way `np.corrcoef` computes it (Spearman's rho). */
function corrcoef(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  const mx = pairwiseMean(x);
  const my = pairwiseMean(y);
  let sxx = 0, syy = 0, sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  const r = sxy / (n - 1) / Math.sqrt(sxx / (n - 1)) / Math.sqrt(syy / (n - 1));
  return Math.min(1, Math.max(-1, r));
}

/**
 * Spearman's rho (Pearson on average ranks) and scipy's p-value: t = ρ·√(df/((ρ+1)(1−ρ))), df = n−2,
 * p = 2·P(T_df < −|t|). With n = 2, df = 0 and the p-value is NaN, as in scipy.
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): CorrelationResult {
  const n = checkLengths(x, y);
  if (n <= 1 || isConstant(x) || isConstant(y)) return { ...UNDEFINED };
  if (hasNaN(x) || hasNaN(y)) return { ...UNDEFINED };
  const r = corrcoef(averageRanks(x), averageRanks(y));
  const dof = n - 2;
  // Math.max(0, NaN) stays NaN, like NumPy's clip(0) on 0/0.
  const t = r * Math.sqrt(Math.max(0, dof / ((r + 1) * (1 - r))));
  return { r, p: 2 * studentTCdf(dof, -Math.abs(t)) };
}

export type KendallTauVariant = 'b' | 'c';
export type KendallPValueMethod = 'auto' | 'exact' | 'asymptotic';

export interface KendallTauOptions {
  variant?: KendallTauVariant;
  method?: KendallPValueMethod;
}

/**
 * Kendall's tau-b or tau-c with scipy's p-value (scipy.stats.kendalltau): O(n log n) pair counting; p exact
 * for tie-free data with n ≤ 33 (or when at most one pair is out of order), otherwise the tie-corrected
 * normal approximation. All pairs tied in either vector gives NaN.
 */
export function kendallTau(x: ArrayLike<number>, y: ArrayLike<number>, options: KendallTauOptions = {}): CorrelationResult {
  const variant = options.variant ?? 'b';
  let method = options.method ?? 'auto';
  const n = checkLengths(x, y);
  if (n <= 1) return { ...UNDEFINED };
  if (hasNaN(x) || hasNaN(y)) return { ...UNDEFINED };
  const profile = kendallTieProfile(x, y);
  const counts = profile.counts;
  const xt = profile.goldTies;
  const yt = profile.metricTies;
  const tot = counts.pairs;
  if (xt.pairs === tot || yt.pairs === tot) return { ...UNDEFINED };
  const dis = counts.discordant;
  const conMinusDis = tot - xt.pairs - yt.pairs + counts.tiesBoth - 2 * dis;
  let tau: number;
  if (variant === 'b') {
    tau = conMinusDis / Math.sqrt(tot - xt.pairs) / Math.sqrt(tot - yt.pairs);
  } else if (variant === 'c') {
    const minClasses = Math.min(profile.goldDistinct, profile.metricDistinct);
    tau = (2 * conMinusDis) / ((n * n * (minClasses - 1)) / minClasses);
  } else {
    throw new RangeError(`unknown Kendall variant '${variant as string}' (use 'b' or 'c')`);
  }
  tau = Math.min(1, Math.max(-1, tau));
  const tieFree = xt.pairs === 0 && yt.pairs === 0;
  if (method === 'exact' && !tieFree) throw new RangeError('Ties found, exact method cannot be used.');
  if (method === 'auto') method = tieFree && (n <= 33 || Math.min(dis, tot - dis) <= 1) ? 'exact' : 'asymptotic';
  const p = method === 'exact' ? kendallExactPValue(n, tot - dis) : kendallAsymptoticPValue(n, conMinusDis, xt, yt);
  return { r: tau, p };
}
