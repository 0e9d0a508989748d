// AlpacaEval 2.0's length-controlled win rate from its saved GLM weights (tatsu-lab/alpaca_eval,
// src/alpaca_eval/metrics/glm_winrate.py, GLM "length_controlled_v1", read for facts at commit cd543a1):
//   logit P(model ≻ baseline | instruction i) = w_len·tanh(std_delta_len_i) + w_diff·difficulty_i + w_gamed·not_gamed
// with std_delta_len = (len(baseline output) − len(model output)) / std of that difference over the model's
// annotations (pandas std, ddof 1), difficulty a per-instruction constant shared by all models, and not_gamed = 1
// for every real model. The LC win rate is the mean predicted probability with the length term set to zero:
//   LC = 100 · mean_i σ(Δw_gamed + Δw_diff · difficulty_i),   Δw = w_model − w_baseline,
// which is what upstream's `predict_winrate` computes from the weights CSV (the baseline's own row is all zeros).
// The per-instruction difficulties come from Hugging Face (`instruction_difficulty.csv`), not from the GitHub
// repository, so the published column is reproducible exactly only when the user supplies that file.

import { pairwiseSum } from '../../stats/summation.js';

export interface LcGlmWeights {
  /** Coefficient of np.tanh(std_delta_len). */
  length: number;
  /** Coefficient of instruction_difficulty. */
  difficulty: number;
  /** Coefficient of not_gamed_baseline.astype(float). */
  notGamed: number;
}

const COLUMNS = {
  length: 'np.tanh(std_delta_len)',
  difficulty: 'instruction_difficulty',
  notGamed: 'not_gamed_baseline.astype(float)',
} as const;

/** Parses upstream's weights CSV (index column = model name, then the three formula terms in any order). */
export function parseLcWeightsCsv(text: string): Map<string, LcGlmWeights> {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  if (lines.length === 0) throw new RangeError('empty weights CSV');
  const header = lines[0].split(',');
  const col = (name: string) => {
    const j = header.indexOf(name);
    if (j < 0) throw new RangeError(`weights CSV has no column "${name}" (header: ${lines[0]})`);
    return j;
  };
  const jl = col(COLUMNS.length), jd = col(COLUMNS.difficulty), jg = col(COLUMNS.notGamed);
  const out = new Map<string, LcGlmWeights>();
  for (let r = 1; r < lines.length; r++) {
    const cells = lines[r].split(',');
    const num = (j: number) => {
      const v = Number(cells[j]);
      if (cells[j] === undefined || cells[j] === '' || Number.isNaN(v)) throw new RangeError(`weights CSV line ${r + 1}: bad number "${cells[j]}"`);
      return v;
    };
    out.set(cells[0], { length: num(jl), difficulty: num(jd), notGamed: num(jg) });
  }
  return out;
}

/** Upstream's `_logistic`: exp(−logaddexp(0, −x)). */
export function upstreamLogistic(x: number): number {
  const t = -x;
  // np.logaddexp(0, t) = max(0, t) + log1p(exp(−|t|))
  const lae = Math.max(0, t) + Math.log1p(Math.exp(-Math.abs(t)));
  return Math.exp(-lae);
}

/**
 * LC win rate (percent) of `model` against `baseline` from saved weights and per-instruction difficulties:
 * 100 · mean σ(Δw_gamed + Δw_diff · d_i), the mean summed pairwise as NumPy does.
 */
export function predictLengthControlledWinRate(model: LcGlmWeights, baseline: LcGlmWeights, difficulty: ArrayLike<number>): number {
  const n = difficulty.length;
  if (n === 0) return NaN;
  const dGamed = model.notGamed - baseline.notGamed;
  const dDiff = model.difficulty - baseline.difficulty;
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) p[i] = upstreamLogistic(dGamed + dDiff * difficulty[i]);
  return (pairwiseSum(p) / n) * 100;
}

/**
 * Per-instruction difficulty as AlpacaEval's analysis notebook estimates it when none is given: the logit of the mean
 * preference (P(model wins), in [0, 1]) over a set of models. `preferences[m][i]`; NaN entries are skipped. Means of
 * exactly 0 or 1 are clipped to [clip, 1 − clip] so the logit stays finite.
 */
export function estimateInstructionDifficulty(preferences: readonly ArrayLike<number>[], clip = 1e-6): Float64Array {
  if (preferences.length === 0) throw new RangeError('need at least one model');
  const n = preferences[0].length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0, c = 0;
    for (const row of preferences) {
      if (row.length !== n) throw new RangeError('every model needs one preference per instruction');
      const v = row[i];
      if (Number.isNaN(v)) continue;
      s += v;
      c++;
    }
    const m = Math.min(1 - clip, Math.max(clip, c ? s / c : 0.5));
    out[i] = Math.log(m / (1 - m));
  }
  return out;
}
