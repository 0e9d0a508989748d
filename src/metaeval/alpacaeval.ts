// AlpacaEval leaderboard columns from per-instruction judge preferences, as tatsu-lab/alpaca_eval computes them
// (src/alpaca_eval/metrics/winrate.py get_winrate and metrics/helpers.py BaseScoringRule.describe_head2head, with
// AbsoluteScoringRule for win_rate and ZeroOneScoringRule for discrete_win_rate; main.py for avg_length) at
// commit cd543a1. A preference is a float in [1, 2]: 1 = the baseline (output_1) wins, 2 = the model (output_2)
// wins, 1.5 a draw; the weighted judges give 1 + P(model wins).
import { pairwiseSum } from '../stats/summation.js';
import { codePointLength } from '../scorers/lexical/text.js';

// Lengths are code points, what Python's len() and pandas' str.len() count (lone surrogates one each, as in Python).
export { codePointLength };

export interface AlpacaEvalRow {
  /** 100 · mean(p), p = preference − 1 over the valid preferences. */
  win_rate: number;
  /** 100 · pandas Series.sem(): sample standard deviation (ddof = 1) / sqrt(n). NaN for n < 2. */
  standard_error: number;
  /** #(p > 0.5). */
  n_wins: number;
  /** #(p < 0.5). */
  n_wins_base: number;
  /** #(preference == 1.5 or == 0), counted before invalid preferences are dropped. */
  n_draws: number;
  /** Number of valid preferences (in [1, 2]). */
  n_total: number;
  /** 100 · mean of 1 (p > 0.5), 0.5 (p == 0.5), 0 (p < 0.5). */
  discrete_win_rate: number;
}

/**
 * Upstream's preprocessing: 0 is the legacy code for a draw and becomes 1.5; a missing preference (null/undefined,
 * pandas NaN) and any value outside [1, 2] is dropped from every column (validate_alpacaeval_preference with
 * is_allow_nan=False). In the upstream pipeline a failed annotation never reaches the metric at all (the annotator
 * drops rows whose preference is NaN), which is the same thing: it does not count in n_total.
 */
function normalizePreference(x: number | null | undefined): number {
  if (x === null || x === undefined) return NaN;
  return x === 0 ? 1.5 : x;
}

export function alpacaEvalWinRate(preferences: ArrayLike<number | null | undefined>): AlpacaEvalRow {
  const kept: number[] = [];
  let nDraws = 0;
  for (let i = 0; i < preferences.length; i++) {
    const x = normalizePreference(preferences[i]);
    if (x === 1.5) nDraws++;
    if (x >= 1 && x <= 2) kept.push(x - 1); // NaN fails both comparisons
  }
  const n = kept.length;
  let wins = 0, losses = 0;
  const discrete = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = kept[i];
    if (p > 0.5) {
      wins++;
      discrete[i] = 1;
    } else if (p < 0.5) {
      losses++;
      discrete[i] = 0;
    } else {
      discrete[i] = 0.5;
    }
  }
  // ZeroOneScoringRule rounds the preference after mapping exactly 1.5 to the draw code 0, so its classes are the
  // same three as above (round-half-even only matters at exactly 1.5, which is already a draw).
  const mean = n === 0 ? NaN : pairwiseSum(kept) / n;
  return {
    win_rate: mean * 100,
    standard_error: pandasSem(kept, mean) * 100,
    n_wins: wins,
    n_wins_base: losses,
    n_draws: nDraws,
    n_total: n,
    discrete_win_rate: (n === 0 ? NaN : pairwiseSum(discrete) / n) * 100,
  };
}

/**
 * pandas nanops.nansem with ddof = 1: var = Σ(mean − x)² / (n − 1) (both sums NumPy-pairwise), then
 * sqrt(var) / sqrt(n) — two square roots, not sqrt(var / n), which can differ in the last bit.
 */
function pandasSem(values: readonly number[], mean: number): number {
  const n = values.length;
  if (n < 2) return NaN;
  const sq = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = mean - values[i];
    sq[i] = d * d;
  }
  return Math.sqrt(pairwiseSum(sq) / (n - 1)) / Math.sqrt(n);
}

/**
 * avg_length: `int(model_outputs["output"].str.len().mean())`, the mean length in code points truncated toward
 * zero. Upstream takes it over the model's outputs file, not the annotations, so a model with missing
 * annotations can differ from the mean over annotated outputs.
 */
export function alpacaEvalAvgLength(outputs: readonly string[]): number {
  return avgLengthFromCounts(outputs.map(codePointLength));
}

/** avg_length from precomputed lengths (integers, so the sum is exact in any order). */
export function avgLengthFromCounts(lengths: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < lengths.length; i++) sum += lengths[i];
  return Math.trunc(sum / lengths.length);
}
