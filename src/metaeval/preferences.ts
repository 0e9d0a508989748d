// A scorer used as a reward model on preference pairs (prompt, a, b, gold label). Pointwise scorers score both sides
// and compare (Δ = s(a) − s(b), oriented so higher is better); pairwise judges give P(a ≻ b) directly. Measures:
//   accuracy        RewardBench v1 (allenai/reward-bench run_rm.py): a pair is won when the preferred side scores
//                   strictly higher; a tie or an abstention is wrong. Gold ties are left out.
//   accuracy-half   the same with ½ credit for a scorer tie or abstention (the judge-tie convention).
//   acc23-tc        tie-aware: gold ties stay in; the scorer ties when |Δ| ≤ ε, and ε is chosen to maximise the
//                   accuracy (Deutsch et al. 2023's acc_23 with tie calibration, each pair a group of two "systems").
//   ece, brier      calibration of P(a ≻ b) = σ(Δ / T): T is fitted by 2-fold cross-fitting (fit on one half of the
//                   pairs, predict the other, and back), so the probabilities are judged on pairs they were not fitted
//                   on. Judges with probabilities are used as they are. Gold ties are outcome ½; soft labels as given.
//                   Their bootstrap intervals resample pairs with these probabilities fixed (the fit is not redone).
//   judgebench      ScalerLab/JudgeBench: two games (original and swapped order) vote; a reward model's decision in a
//                   game is "first shown wins" iff it scores strictly higher (utils/judges.py).
//   two-order       LLMBar: accuracy in each order, their mean, agreement of the two orders.
//   win-rate        AlpacaEval: win rate of b over a from P(b ≻ a) (preference 1 + P(b)), as the leaderboard does.
// Every measure takes an index list, so subsets and bootstrap replicates reuse the same code.

import type { Preference, PreferenceLabel } from '../judgments/types.js';
import { brierScore, expectedCalibrationError, fitTemperature, marginToProbability, reliabilityDiagram } from '../stats/calibration.js';
import { createRng } from '../stats/rng.js';
import { alpacaEvalWinRate } from './alpacaeval.js';
import { judgeBenchPairOutcome, type JudgeBenchDecision } from './judgebench.js';
import type { MeasureSpec } from './measures.js';
import { positionConsistency, type Winner } from './position.js';
import type { MeasureValue } from './segment.js';
import type { PairVerdict } from '../scorers/pairwise.js';

export interface PairScores {
  spec: string;
  signature: string;
  direction: 'higher' | 'lower';
  /** Oriented margin s(a) − s(b) per pair (for judges P(a) − ½); NaN = the scorer abstained. */
  margin: Float64Array;
  /** P(a ≻ b) when the scorer gives one (judges, recorded preferences); otherwise fitted from the margin. */
  prob?: Float64Array;
  /** Verdicts with a shown first and with b shown first, in the pair's own terms (two-order judges). */
  orders?: { first: PairVerdict[]; second: PairVerdict[] };
  /** AlpacaEval's raw preference in [1, 2] (null = missing), for its win rate. */
  preference?: (number | null)[];
}

/** Gold P(a ≻ b): 1, 0, ½ for a, b, tie; a soft label as it is. */
export function goldValue(label: PreferenceLabel): number {
  return label === 'a' ? 1 : label === 'b' ? 0 : label === 'tie' ? 0.5 : label;
}

export function goldVector(pairs: readonly Preference[]): Float64Array {
  return Float64Array.from(pairs, (p) => goldValue(p.label));
}

export interface PairContext {
  /** Seed of the cross-fitting split (ece, brier). */
  seed: number;
  /**
   * Probabilities fixed in advance, per pair index (NaN = none): bootstrap replicates of ece / brier resample the pairs
   * with the probabilities the reported row was computed from (see pairForecasts), rather than refitting T each time.
   */
  forecasts?: Float64Array;
}

function verdictOfMargin(d: number): PairVerdict {
  return Number.isNaN(d) ? null : d > 0 ? 'a' : d < 0 ? 'b' : 'tie';
}

function accuracy(gold: Float64Array, s: PairScores, idx: ArrayLike<number>, tieCredit: number): MeasureValue {
  let credit = 0;
  let n = 0;
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k];
    const g = gold[i];
    if (g === 0.5) continue;
    n++;
    const d = s.margin[i];
    if (Number.isNaN(d) || d === 0) credit += tieCredit;
    else if (g > 0.5 === d > 0) credit += 1;
  }
  return { value: n ? credit / n : NaN, n };
}

/** Pair indices by increasing |Δ| (NaN last), computed once per scorer and reused by every subset and replicate. */
const SWEEP_ORDER = new WeakMap<Float64Array, Int32Array>();

function sweepOrder(margin: Float64Array): Int32Array {
  let order = SWEEP_ORDER.get(margin);
  if (!order) {
    const abs = Float64Array.from(margin, Math.abs);
    order = Int32Array.from({ length: margin.length }, (_, k) => k).sort((x, y) => {
      const nx = Number.isNaN(abs[x]);
      const ny = Number.isNaN(abs[y]);
      if (nx || ny) return nx === ny ? x - y : nx ? 1 : -1;
      return abs[x] - abs[y] || x - y;
    });
    SWEEP_ORDER.set(margin, order);
  }
  return order;
}

/**
 * Tie-calibrated acc_23 with every pair its own group of two "systems" (gold (g, 1 − g), metric (Δ, 0)): what
 * stats/tie-calibration.ts computes for that matrix with numSys 2, averageBy item, in O(pairs) per call after one
 * sort. Each group's tau is 0 or 1, so the reference's running total is an exact integer and the accuracy is
 * count / pairs; the sweep ties the pairs in order of |Δ|, one threshold per distinct |Δ| (the last pair of a run
 * sets it), and the first maximum wins (the smallest ε). A pair with a NaN margin sorts last with a threshold of its
 * own (NaN ≠ NaN), as in the reference. `idx` may repeat pairs (bootstrap): a repeat counts as another pair.
 */
export function tieCalibratedPairAccuracy(gold: Float64Array, margin: Float64Array, idx: ArrayLike<number>): { accuracy: number; epsilon: number } {
  const n = idx.length;
  if (n === 0) return { accuracy: NaN, epsilon: 0 };
  const mult = new Int32Array(gold.length);
  for (let k = 0; k < n; k++) mult[idx[k]]++;
  // correct as it is (a Δ of 0 is already a tie), and correct once tied
  let count = 0;
  for (let i = 0; i < gold.length; i++) {
    if (!mult[i]) continue;
    const goldTie = gold[i] === 1 - gold[i];
    const d = margin[i];
    const right = d === 0 ? goldTie : !goldTie && !Number.isNaN(d) && gold[i] > 1 - gold[i] === d > 0;
    if (right) count += mult[i];
  }
  let best = count;
  let epsilon = 0;
  const order = sweepOrder(margin);
  for (let k = 0; k < order.length; ) {
    const i = order[k];
    if (!mult[i]) {
      k++;
      continue;
    }
    const d = Math.abs(margin[i]);
    // every pair with this |Δ| becomes a metric tie (a NaN |Δ| is a run of its own)
    let j = k;
    while (j < order.length && (j === k || (!Number.isNaN(d) && Math.abs(margin[order[j]]) === d))) {
      const p = order[j++];
      if (!mult[p]) continue;
      const goldTie = gold[p] === 1 - gold[p];
      const before = margin[p] === 0 ? goldTie : !goldTie && !Number.isNaN(margin[p]) && gold[p] > 1 - gold[p] === margin[p] > 0;
      if (before !== goldTie) count += goldTie ? mult[p] : -mult[p];
    }
    if (count > best) {
      best = count;
      epsilon = d;
    }
    k = j;
  }
  return { accuracy: best / n, epsilon };
}

function tieAwareAccuracy(gold: Float64Array, s: PairScores, idx: ArrayLike<number>): MeasureValue {
  if (idx.length === 0) return { value: NaN, n: 0 };
  const r = tieCalibratedPairAccuracy(gold, s.margin, idx);
  return { value: r.accuracy, n: idx.length, extra: { epsilon: r.epsilon } };
}

export interface CalibrationForecasts {
  forecasts: Float64Array;
  outcomes: Float64Array;
  /** Temperature fitted on all the used pairs (reported; the forecasts themselves are cross-fitted). */
  temperature: number;
}

/** Cross-fitted probabilities for the pairs in `idx` the scorer did not abstain on. */
export function calibrationForecasts(gold: Float64Array, s: PairScores, idx: ArrayLike<number>, seed: number): CalibrationForecasts {
  const used: number[] = [];
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k];
    if (!Number.isNaN(s.margin[i]) && !(s.prob && Number.isNaN(s.prob[i]))) used.push(i);
  }
  const n = used.length;
  const outcomes = Float64Array.from(used, (i) => gold[i]);
  const forecasts = new Float64Array(n);
  if (s.prob) {
    used.forEach((i, k) => (forecasts[k] = s.prob![i]));
    return { forecasts, outcomes, temperature: NaN };
  }
  const margins = Float64Array.from(used, (i) => s.margin[i]);
  if (n < 2) {
    for (let k = 0; k < n; k++) forecasts[k] = 0.5;
    return { forecasts, outcomes, temperature: NaN };
  }
  const order = createRng(seed).shuffle(Int32Array.from({ length: n }, (_, k) => k));
  const half = Math.floor(n / 2);
  const folds = [order.subarray(0, half), order.subarray(half)];
  for (let f = 0; f < 2; f++) {
    const fit = folds[1 - f];
    const t = fitTemperature(
      Float64Array.from(fit, (k) => margins[k]),
      Float64Array.from(fit, (k) => outcomes[k]),
    ).temperature;
    for (const k of folds[f]) forecasts[k] = marginToProbability(margins[k], t);
  }
  return { forecasts, outcomes, temperature: fitTemperature(margins, outcomes).temperature };
}

/** The cross-fitted probabilities of the pairs `idx`, laid out by pair index (NaN elsewhere and where abstained). */
export function pairForecasts(gold: Float64Array, s: PairScores, idx: ArrayLike<number>, seed: number): Float64Array {
  const c = calibrationForecasts(gold, s, idx, seed);
  const out = new Float64Array(gold.length).fill(NaN);
  let k = 0;
  for (let j = 0; j < idx.length; j++) {
    const i = idx[j];
    if (Number.isNaN(s.margin[i]) || (s.prob && Number.isNaN(s.prob[i]))) continue;
    out[i] = c.forecasts[k++];
  }
  return out;
}

function fixedForecasts(gold: Float64Array, forecasts: Float64Array, idx: ArrayLike<number>): CalibrationForecasts {
  const f: number[] = [];
  const o: number[] = [];
  for (let k = 0; k < idx.length; k++) {
    const p = forecasts[idx[k]];
    if (Number.isNaN(p)) continue;
    f.push(p);
    o.push(gold[idx[k]]);
  }
  return { forecasts: Float64Array.from(f), outcomes: Float64Array.from(o), temperature: NaN };
}

const JB_ORIGINAL: Record<'a' | 'b' | 'tie', JudgeBenchDecision> = { a: 'A>B', b: 'B>A', tie: 'A=B' };
// In the swapped game the original b is shown first, so "a won" reads B>A in that game's own terms.
const JB_SWAPPED: Record<'a' | 'b' | 'tie', JudgeBenchDecision> = { a: 'B>A', b: 'A>B', tie: 'A=B' };

function judgeBenchGames(s: PairScores, i: number): [JudgeBenchDecision, JudgeBenchDecision] {
  if (s.orders) {
    const f = s.orders.first[i];
    const w = s.orders.second[i];
    return [f === null ? null : JB_ORIGINAL[f], w === null ? null : JB_SWAPPED[w]];
  }
  // A reward model in JudgeBench (utils/judges.py): A>B iff the first shown scores strictly higher, else B>A.
  const d = s.margin[i];
  if (Number.isNaN(d)) return [null, null];
  return [d > 0 ? 'A>B' : 'B>A', -d > 0 ? 'A>B' : 'B>A'];
}

function judgeBench(gold: Float64Array, s: PairScores, idx: ArrayLike<number>): MeasureValue {
  let correct = 0;
  let ties = 0;
  let n = 0;
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k];
    if (gold[i] === 0.5) continue;
    n++;
    const [g1, g2] = judgeBenchGames(s, i);
    const outcome = judgeBenchPairOutcome(gold[i] > 0.5 ? 'A>B' : 'B>A', g1, g2);
    if (outcome === 'correct') correct++;
    else if (outcome === 'tie') ties++;
  }
  return { value: n ? correct / n : NaN, n, extra: { correct, ties } };
}

function winner(v: PairVerdict): Winner {
  return v === 'a' ? 1 : v === 'b' ? 2 : null;
}

function twoOrder(gold: Float64Array, s: PairScores, idx: ArrayLike<number>): MeasureValue {
  const labels: (1 | 2)[] = [];
  const original: Winner[] = [];
  const swapped: Winner[] = [];
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k];
    if (gold[i] === 0.5) continue;
    labels.push(gold[i] > 0.5 ? 1 : 2);
    const f = s.orders ? s.orders.first[i] : verdictOfMargin(s.margin[i]);
    const w = s.orders ? s.orders.second[i] : f;
    original.push(winner(f));
    swapped.push(winner(w));
  }
  if (labels.length === 0) return { value: NaN, n: 0 };
  const c = positionConsistency({ labels, original, swapped });
  return {
    value: c.correctAverage / 100,
    n: c.n,
    extra: {
      correctOriginal: c.correctOriginal,
      correctSwapped: c.correctSwapped,
      correctBoth: c.correctBoth,
      equal: c.equal,
      firstPositionBias: c.firstPositionBias,
      secondPositionBias: c.secondPositionBias,
    },
  };
}

function winRate(s: PairScores, idx: ArrayLike<number>): MeasureValue {
  const prefs: (number | null)[] = [];
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k];
    if (s.preference) prefs.push(s.preference[i]);
    else {
      // The scorer as the AlpacaEval judge: preference = 1 + P(b ≻ a).
      const pA = s.prob ? s.prob[i] : s.margin[i] > 0 ? 1 : s.margin[i] < 0 ? 0 : 0.5;
      prefs.push(Number.isNaN(pA) ? null : 2 - pA);
    }
  }
  const row = alpacaEvalWinRate(prefs);
  return {
    value: row.win_rate / 100,
    n: row.n_total,
    extra: {
      standardError: row.standard_error / 100,
      wins: row.n_wins,
      winsBase: row.n_wins_base,
      draws: row.n_draws,
      discreteWinRate: row.discrete_win_rate / 100,
    },
  };
}

/** One preference measure over the pairs `idx`. */
export function pairMeasure(m: MeasureSpec, gold: Float64Array, s: PairScores, idx: ArrayLike<number>, ctx: PairContext): MeasureValue {
  switch (m.name) {
    case 'accuracy':
      return accuracy(gold, s, idx, 0);
    case 'accuracy-half':
      return accuracy(gold, s, idx, 0.5);
    case 'acc23-tc':
      return tieAwareAccuracy(gold, s, idx);
    case 'ece':
    case 'brier': {
      const c = ctx.forecasts ? fixedForecasts(gold, ctx.forecasts, idx) : calibrationForecasts(gold, s, idx, ctx.seed);
      if (c.forecasts.length === 0) return { value: NaN, n: 0 };
      const value = m.name === 'ece' ? expectedCalibrationError(c.forecasts, c.outcomes, { bins: m.params.bins }) : brierScore(c.forecasts, c.outcomes);
      const out: MeasureValue = { value, n: c.forecasts.length, extra: Number.isNaN(c.temperature) ? undefined : { temperature: c.temperature } };
      // the diagram is only wanted for the reported value, not for each bootstrap replicate (which passes fixed forecasts)
      if (m.name === 'ece' && !ctx.forecasts) out.reliability = reliabilityDiagram(c.forecasts, c.outcomes, { bins: m.params.bins });
      return out;
    }
    case 'judgebench':
      return judgeBench(gold, s, idx);
    case 'two-order':
      return twoOrder(gold, s, idx);
    case 'win-rate':
      return winRate(s, idx);
    default:
      throw new RangeError(`measure ${m.name} is not a preference measure`);
  }
}
