// Bradley–Terry ratings as Chatbot Arena computes them (lm-sys/FastChat, fastchat/serve/monitor/elo_analysis.py):
//
//   P(A beats B) = 1 / (1 + base^(−(θ_A − θ_B))),   rating = scale·θ + init   (base 10, scale 400, init 1000)
//
// fitted by maximum likelihood with a tie counted as half a win for each side. That is what both FastChat versions
// compute: the classic `compute_mle_elo` duplicates every battle and turns a tie into one A-win row and one B-win row
// for an unpenalised, intercept-free LogisticRegression; the later `compute_elo_mle_with_tie` uses outcome 0.5 in a
// weighted logistic loss. θ is only determined up to a constant; both solvers start at 0 and every gradient sums to
// 0, so they return the mean-zero solution, and so does this one (ratings average `init` unless anchored). FastChat
// then shifts everything so that mixtral-8x7b-instruct-v0.1 sits at 1114 when it is present; here that is the
// explicit `anchor` option, applied to the estimate and to every bootstrap round alike.
//
// The fit runs on per-pair sufficient statistics (battles n_ij, score s_ij of i) with Newton's method: gradient
// g_i = ln(base)·Σ_j (s_ij − n_ij·p_ij), Hessian −ln(base)²·Σ n_ij·p_ij(1 − p_ij) in Laplacian form. The Laplacian's
// null direction (adding a constant) is closed by a rank-one term c·11ᵀ/M, which leaves mean-zero steps unchanged.
// A backtracking line search keeps every step an ascent step. It stops when the largest step falls below
// `tolerance` (natural units; default 1e-10, i.e. 4e-8 rating points).
//
// Existence (Zermelo 1929; Ford 1957; Hunter 2004): without a prior the MLE is finite iff the "scored against" graph
// (i → j when i won or tied at least once against j) is strongly connected; otherwise some group of models won every
// battle against the rest and its ratings run off to infinity. FastChat's solvers then just stop somewhere; here
// that is an error unless `prior` > 0 — a Gaussian prior λ/2·‖θ‖² on θ, which equals sklearn's L2-penalised fit of
// FastChat's duplicated rows with λ = 1/(2C) (so sklearn's default C = 1 is prior 0.5).
//
// Bootstrap (FastChat `get_bootstrap_result_elo_mle_with_tie`): the counts of the unique outcomes are redrawn from a
// multinomial with the observed proportions and as many draws as battles, the model refitted (warm-started from the
// full-data fit), and per-model intervals read with NumPy's linear quantiles. The reported rating is the full-data
// fit; the rank is 1 + the number of models whose lower bound is above this model's upper bound (the Arena's
// "rank (UB)").

import { createRng } from '../stats/rng.js';
import { bootstrapSettings, multinomialCounts, quantileSorted } from './_resample.js';
import { pairTotals, tabulateBattles, type Battle, type BattleTable } from './battles.js';
import { BradleyTerryError, cholesky, chordSolve, gradient, newtonSolve, separatedModels, type BtProblem } from './_bt-solver.js';

export { BradleyTerryError } from './_bt-solver.js';

export interface BradleyTerryOptions {
  scale?: number;
  base?: number;
  init?: number;
  /** Shift all ratings so that this model gets this rating (FastChat: mixtral-8x7b-instruct-v0.1 at 1114). */
  anchor?: { model: string; rating: number };
  /** Gaussian prior strength λ on θ (default 0: plain MLE). */
  prior?: number;
  tolerance?: number;
  maxIterations?: number;
}

export interface BootstrapOptions {
  rounds?: number;
  seed?: number;
  confidence?: number;
  /** A resample without a finite MLE (only possible with prior 0): `error` (default) or `skip` the round. */
  onDegenerate?: 'error' | 'skip';
}

export interface ModelRating {
  model: string;
  rating: number;
  /** Bootstrap percentile interval (absent without bootstrap). */
  lower?: number;
  upper?: number;
  /** Bootstrap median and variance of the rating. */
  median?: number;
  variance?: number;
  /** With bootstrap: 1 + #models whose lower bound exceeds this upper bound. Without: 1 + #models rated higher. */
  rank: number;
  battles: number;
  wins: number;
  losses: number;
  ties: number;
}

export interface BradleyTerryResult {
  /** Sorted by rating, highest first (ties keep first-appearance order). */
  ratings: ModelRating[];
  battles: number;
  selfBattles: number;
  iterations: number;
  options: Required<Omit<BradleyTerryOptions, 'anchor'>> & { anchor?: { model: string; rating: number } };
  bootstrap?: { rounds: number; seed: number; confidence: number; skipped: number };
}

const DEFAULTS = { scale: 400, base: 10, init: 1000, prior: 0, tolerance: 1e-10, maxIterations: 100 };

/** Ratings, and bootstrap intervals when `bootstrap` is given. */
export function bradleyTerry(battles: Iterable<Battle> | BattleTable, options: BradleyTerryOptions = {}, bootstrap?: BootstrapOptions): BradleyTerryResult {
  const table = isTable(battles) ? battles : tabulateBattles(battles);
  const opts = { ...DEFAULTS, ...options };
  checkOptions(opts, table);
  const fit = fitBradleyTerry(table, opts);
  const point = toRatings(fit.theta, table, opts);
  const M = table.models.length;
  const result: BradleyTerryResult = {
    ratings: [],
    battles: table.battles,
    selfBattles: table.selfBattles,
    iterations: fit.iterations,
    options: { scale: opts.scale, base: opts.base, init: opts.init, prior: opts.prior, tolerance: opts.tolerance, maxIterations: opts.maxIterations, ...(opts.anchor ? { anchor: opts.anchor } : {}) },
  };
  let lower: Float64Array | undefined;
  let upper: Float64Array | undefined;
  let median: Float64Array | undefined;
  let variance: Float64Array | undefined;
  if (bootstrap) {
    const boot = bootstrapRatings(table, opts, fit.theta, bootstrap);
    ({ lower, upper, median, variance } = boot.summary);
    result.bootstrap = boot.info;
  }
  const rows: ModelRating[] = table.models.map((model, m) => ({
    model,
    rating: point[m],
    ...(lower ? { lower: lower[m], upper: upper![m], median: median![m], variance: variance![m] } : {}),
    rank: 0,
    battles: table.perModel.battles[m],
    wins: table.perModel.wins[m],
    losses: table.perModel.losses[m],
    ties: table.perModel.ties[m],
  }));
  for (let m = 0; m < M; m++) {
    let rank = 1;
    for (let o = 0; o < M; o++) {
      if (o === m) continue;
      if (lower ? lower[o] > upper![m] : point[o] > point[m]) rank++;
    }
    rows[m].rank = rank;
  }
  result.ratings = rows.map((r, i) => [r, i] as const).sort((x, y) => y[0].rating - x[0].rating || x[1] - y[1]).map(([r]) => r);
  return result;
}

function isTable(x: Iterable<Battle> | BattleTable): x is BattleTable {
  return (x as BattleTable).cellCount instanceof Float64Array;
}

function checkOptions(opts: typeof DEFAULTS & BradleyTerryOptions, table: BattleTable): void {
  if (!(opts.base > 1)) throw new RangeError(`base must be > 1, got ${opts.base}`);
  if (!(opts.scale > 0)) throw new RangeError(`scale must be > 0, got ${opts.scale}`);
  if (!(opts.prior >= 0)) throw new RangeError(`prior must be ≥ 0, got ${opts.prior}`);
  if (opts.anchor && !table.models.includes(opts.anchor.model)) throw new RangeError(`anchor model "${opts.anchor.model}" has no battles`);
  if (table.models.length < 2 || table.battles === 0) throw new BradleyTerryError('Bradley–Terry needs battles between at least two models');
}

/** θ scaled to ratings, anchored when asked. */
export function toRatings(theta: Float64Array, table: BattleTable, opts: { scale?: number; init?: number; anchor?: { model: string; rating: number } }): Float64Array {
  const scale = opts.scale ?? DEFAULTS.scale;
  const init = opts.init ?? DEFAULTS.init;
  const out = theta.map((t) => t * scale + init);
  if (opts.anchor) {
    const shift = opts.anchor.rating - out[table.models.indexOf(opts.anchor.model)];
    for (let m = 0; m < out.length; m++) out[m] += shift;
  }
  return out;
}

export interface BradleyTerryFit {
  /** θ in natural units (P = σ(ln(base)·(θ_i − θ_j))), mean zero without a prior. */
  theta: Float64Array;
  iterations: number;
}

/**
 * The MLE (or MAP with `prior`) of θ for the given cell counts (default the table's own), from `start` (default 0).
 * Throws BradleyTerryError when the MLE does not exist.
 */
export function fitBradleyTerry(table: BattleTable, options: BradleyTerryOptions = {}, counts?: ArrayLike<number>, start?: Float64Array): BradleyTerryFit {
  const opts = { ...DEFAULTS, ...options };
  const pb = problemOf(table, opts, counts);
  if (opts.prior === 0) {
    const why = separatedModels(table.models, pb);
    if (why) throw new BradleyTerryError(why);
  }
  return newtonSolve(pb, opts.tolerance, opts.maxIterations, start);
}

function problemOf(table: BattleTable, opts: typeof DEFAULTS, counts?: ArrayLike<number>): BtProblem {
  const { n, s } = pairTotals(table, counts);
  return { pi: table.pairI, pj: table.pairJ, n, s, M: table.models.length, alpha: Math.log(opts.base), lambda: opts.prior };
}

interface BootstrapSummary {
  lower: Float64Array;
  upper: Float64Array;
  median: Float64Array;
  variance: Float64Array;
}

/** Bootstrap rounds × models ratings (row-major) and their per-model summaries. */
export function bootstrapRatings(
  table: BattleTable,
  options: BradleyTerryOptions,
  start: Float64Array,
  bootstrap: BootstrapOptions,
): { draws: Float64Array; rounds: number; summary: BootstrapSummary; info: { rounds: number; seed: number; confidence: number; skipped: number } } {
  const opts = { ...DEFAULTS, ...options };
  const { rounds, seed, confidence } = bootstrapSettings(bootstrap);
  const onDegenerate = bootstrap.onDegenerate ?? 'error';
  const M = table.models.length;
  const rng = createRng(seed);
  const counts = new Float64Array(table.cellCount.length);
  const draws = new Float64Array(rounds * M);
  // the full data's Hessian at its optimum, factored once, drives the chord iterations of every round
  const full = problemOf(table, opts);
  const H0 = new Float64Array(M * M);
  gradient(full, start, new Float64Array(M), H0);
  const L0 = cholesky(H0, M);
  let kept = 0;
  let skipped = 0;
  for (let b = 0; b < rounds; b++) {
    multinomialCounts(rng, table.cellCount, table.battles, counts);
    const pb = problemOf(table, opts, counts);
    const why = opts.prior === 0 ? separatedModels(table.models, pb) : undefined;
    if (why) {
      if (onDegenerate === 'error') throw new BradleyTerryError(`bootstrap round ${b + 1}: ${why}; or skip such rounds (onDegenerate: 'skip')`);
      skipped++;
      continue;
    }
    const fit = chordSolve(pb, L0, opts.tolerance, 200, start) ?? newtonSolve(pb, opts.tolerance, opts.maxIterations, start);
    draws.set(toRatings(fit.theta, table, opts), kept * M);
    kept++;
  }
  if (kept === 0) throw new BradleyTerryError('every bootstrap round was degenerate');
  const tail = (1 - confidence) / 2;
  const summary: BootstrapSummary = { lower: new Float64Array(M), upper: new Float64Array(M), median: new Float64Array(M), variance: new Float64Array(M) };
  const column = new Float64Array(kept);
  for (let m = 0; m < M; m++) {
    let mean = 0;
    for (let b = 0; b < kept; b++) mean += column[b] = draws[b * M + m];
    mean /= kept;
    let ss = 0;
    for (let b = 0; b < kept; b++) ss += (column[b] - mean) ** 2;
    column.sort();
    summary.lower[m] = quantileSorted(column, tail);
    summary.upper[m] = quantileSorted(column, 1 - tail);
    summary.median[m] = quantileSorted(column, 0.5);
    // pandas' DataFrame.var(): ddof = 1
    summary.variance[m] = kept > 1 ? ss / (kept - 1) : NaN;
  }
  return { draws: draws.subarray(0, kept * M), rounds: kept, summary, info: { rounds, seed, confidence, skipped } };
}
