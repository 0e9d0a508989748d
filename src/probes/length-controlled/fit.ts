// Our own fit of AlpacaEval's length-controlled GLM for one model's annotations: an APPROXIMATION of the published
// length_controlled_winrate, documented as such. Same formula as upstream's "length_controlled_v1"
//   logit P(model wins) = w_len·tanh(std_delta_len) + w_diff·difficulty + w_gamed·1      (no intercept)
// fitted the same way (soft labels, L1 penalty, C chosen by 5-fold cross-validation over instruction groups with
// the soft log loss, then refitted on everything at the chosen C), and read the same way (mean predicted probability
// with std_delta_len = 0, times 100). It differs from upstream in three known ways:
//  - upstream also trains on the annotations of two length-gamed versions of the baseline (df_gamed.csv, Hugging
//    Face only, weight 0.2 / 2 each) to regularise toward them; we have no such rows;
//  - the difficulty column is upstream's precomputed per-instruction value when the caller supplies it, otherwise
//    omitted (one-model fits) or estimated from a set of models (`estimateInstructionDifficulty`);
//  - liblinear stops at tolerance 1e-4 and assigns CV folds its own way; we solve to ~1e-10 and assign instruction
//    i to fold i mod k.

import { pairwiseSum } from '../../stats/summation.js';
import { expit, fitL1Logistic } from './l1-logistic.js';
import type { LcGlmWeights } from './predict.js';

export interface LcAnnotations {
  /** AlpacaEval preference per instruction: 1 = baseline wins … 2 = model wins; 0 is the legacy draw (1.5); null/NaN = missing. */
  preferences: ArrayLike<number | null>;
  /** len(output) of the model, in code points. */
  modelLengths: ArrayLike<number>;
  /** len(output) of the baseline, in code points. */
  baselineLengths: ArrayLike<number>;
  /** Per-instruction difficulty (upstream's instruction_difficulty.csv, or an estimate); omitted = no difficulty term. */
  difficulty?: ArrayLike<number>;
}

export interface LcFitOptions {
  /** Cross-validation folds over instructions. Default 5 (upstream's n_splits). */
  folds?: number;
  /** Candidate inverse penalties. Default sklearn's LogisticRegressionCV grid: 10 values log-spaced over [1e-4, 1e4]. */
  Cs?: readonly number[];
}

export interface LcFit {
  weights: LcGlmWeights;
  /** The chosen C. */
  C: number;
  /** Length-controlled win rate, percent. */
  lcWinRate: number;
  /** The plain win rate over the same (non-missing) preferences, percent. */
  winRate: number;
  /** Sample standard deviation of len(baseline) − len(model): the scale of std_delta_len. */
  deltaLengthStd: number;
  /** Annotations used in the fit. */
  n: number;
  /** Mean held-out soft log loss per candidate C. */
  cvLogLoss: number[];
}

export function defaultCs(): number[] {
  // np.logspace(-4, 4, 10): 10^y for y = k·(8/9) − 4. V8's 10 ** −4 is 9.999999999999999e-5, so integer exponents
  // go through the decimal literal (what C's pow returns for them).
  return Array.from({ length: 10 }, (_, k) => {
    const y = k * (8 / 9) - 4;
    return Number.isInteger(y) ? Number(`1e${y}`) : 10 ** y;
  });
}

/** Sample standard deviation (ddof = 1), two-pass. */
function sampleStd(v: ArrayLike<number>): number {
  const n = v.length;
  const mean = pairwiseSum(v) / n;
  const sq = new Float64Array(n);
  for (let i = 0; i < n; i++) sq[i] = (v[i] - mean) ** 2;
  return Math.sqrt(pairwiseSum(sq) / (n - 1));
}

function softLogLoss(y: number, p: number): number {
  const q = Math.min(1 - 1e-15, Math.max(1e-15, p)); // upstream's clip
  return -(y * Math.log(q) + (1 - y) * Math.log(1 - q));
}

export function fitLengthControlledWinRate(data: LcAnnotations, options: LcFitOptions = {}): LcFit {
  const n = data.preferences.length;
  if (data.modelLengths.length !== n || data.baselineLengths.length !== n) throw new RangeError('preferences and lengths differ in length');
  if (data.difficulty && data.difficulty.length !== n) throw new RangeError('difficulty needs one value per instruction');
  const folds = options.folds ?? 5;
  const Cs = options.Cs ?? defaultCs();
  const delta = new Float64Array(n);
  for (let i = 0; i < n; i++) delta[i] = data.baselineLengths[i] - data.modelLengths[i];
  // Upstream standardises over every annotation row, missing preferences included.
  const sd = sampleStd(delta);
  const withDiff = data.difficulty !== undefined;
  const p = withDiff ? 3 : 2;
  const rows: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const raw = data.preferences[i];
    if (raw === null || raw === undefined || Number.isNaN(raw)) continue;
    const pref = raw === 0 ? 1.5 : raw;
    rows.push(i);
    y.push(pref - 1);
  }
  const m = rows.length;
  // Columns: tanh(std Δlen), [difficulty], not_gamed (= 1).
  const featuresOf = (i: number, out: Float64Array, o: number, zeroLength: boolean) => {
    out[o] = zeroLength ? 0 : Math.tanh(delta[i] / sd);
    if (withDiff) out[o + 1] = data.difficulty![i];
    out[o + p - 1] = 1;
  };
  const x = new Float64Array(m * p);
  rows.forEach((i, r) => featuresOf(i, x, r * p, false));
  const fold = (r: number) => rows[r] % folds;
  const cvLogLoss = Cs.map((C) => {
    let loss = 0, count = 0;
    for (let k = 0; k < folds; k++) {
      const train: number[] = [];
      for (let r = 0; r < m; r++) if (fold(r) !== k) train.push(r);
      const xt = new Float64Array(train.length * p);
      train.forEach((r, t) => xt.set(x.subarray(r * p, (r + 1) * p), t * p));
      const w = fitL1Logistic({ x: xt, p, y: train.map((r) => y[r]) }, C).w;
      for (let r = 0; r < m; r++) {
        if (fold(r) !== k) continue;
        let z = 0;
        for (let j = 0; j < p; j++) z += x[r * p + j] * w[j];
        loss += softLogLoss(y[r], expit(z));
        count++;
      }
    }
    return loss / count;
  });
  let best = 0;
  for (let c = 1; c < Cs.length; c++) if (cvLogLoss[c] < cvLogLoss[best]) best = c;
  const C = Cs[best];
  const w = fitL1Logistic({ x, p, y }, C).w;
  // Prediction on every instruction (missing preferences too, as upstream's test design matrix) with Δlen = 0.
  const pred = new Float64Array(n);
  const row = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    featuresOf(i, row, 0, true);
    let z = 0;
    for (let j = 0; j < p; j++) z += row[j] * w[j];
    pred[i] = expit(z);
  }
  return {
    weights: { length: w[0], difficulty: withDiff ? w[1] : 0, notGamed: w[p - 1] },
    C,
    lcWinRate: (pairwiseSum(pred) / n) * 100,
    winRate: (pairwiseSum(y) / m) * 100,
    deltaLengthStd: sd,
    n: m,
    cvLogLoss,
  };
}
