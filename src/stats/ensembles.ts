// Proxy ensembles for best-of-n selection (Coste et al. 2024, "Reward model ensembles help mitigate
// overoptimization"): several proxies score the same candidates and are combined per candidate as
//   mean   — the average member score;
//   min    — worst-case optimisation: the lowest member score;
//   uwo    — uncertainty-weighted optimisation: mean − λ·spread across members, which penalises candidates the
//            members disagree on. spread=var is Coste et al.'s definition (their eq. for R_UWO: the intra-ensemble
//            population variance, ÷K) and best-of-n's default; spread=std (population standard deviation, ÷K) is
//            `mean − λ·std`, the composite rewards' default (issue 10), which keeps λ in the members' own units.
// Members on different scales (a length count and a reward model) would let one dominate, so by default every member
// is first standardised over all its candidate scores (pooled over prompts: z = (s − mean) / sd, population sd).

export type EnsembleRule = 'mean' | 'min' | 'uwo';
export type EnsembleSpread = 'std' | 'var';
export const ENSEMBLE_SPREADS: readonly EnsembleSpread[] = ['std', 'var'];
/** uwo's spread in best-of-n (`bon --ensemble uwo`): Coste et al. 2024's variance. */
export const BON_UWO_SPREAD: EnsembleSpread = 'var';
/** uwo's spread in composite rewards (`combine: uwo`): mean − λ·std, as issue 10 defines it. */
export const COMPOSITE_UWO_SPREAD: EnsembleSpread = 'std';

export interface EnsembleOptions {
  rule: EnsembleRule;
  /** Weight λ of the spread penalty of `uwo`. Default 1. */
  lambda?: number;
  /** What `uwo` subtracts λ times: the members' variance or standard deviation. Required for `uwo`. */
  spread?: EnsembleSpread;
  /** Standardise each member before combining. Default true. */
  standardize?: boolean;
}

/**
 * members[k][s][c]: member k's score of candidate c in set s. Returns combined[s][c]. A candidate that any member
 * left unscored (NaN) gets NaN.
 */
export function combineProxies(members: readonly (readonly ArrayLike<number>[])[], options: EnsembleOptions): Float64Array[] {
  const K = members.length;
  if (K === 0) throw new RangeError('an ensemble needs at least one member');
  const sets = members[0].length;
  for (const m of members) {
    if (m.length !== sets) throw new RangeError('every member must score the same candidate sets');
    m.forEach((s, i) => {
      if (s.length !== members[0][i].length) throw new RangeError(`set ${i}: members score different numbers of candidates`);
    });
  }
  const lambda = options.lambda ?? 1;
  if (options.rule === 'uwo' && options.spread === undefined) throw new RangeError('uwo needs spread: std or var');
  const spread = options.spread ?? BON_UWO_SPREAD;
  const scaled = options.standardize === false ? members : members.map(standardizeMember);
  const out: Float64Array[] = [];
  const v = new Float64Array(K);
  for (let s = 0; s < sets; s++) {
    const C = members[0][s].length;
    const combined = new Float64Array(C);
    for (let c = 0; c < C; c++) {
      for (let k = 0; k < K; k++) v[k] = scaled[k][s][c];
      combined[c] = combineMemberScores(v, options.rule, lambda, spread);
    }
    out.push(combined);
  }
  return out;
}

/** One candidate's combined score from its K member scores (already on a common scale); NaN if any member is NaN.
 * The one implementation of the rules: best-of-n ensembles (combineProxies) and composite rewards
 * (src/scorers/composite) both call it, per candidate / per item. */
export function combineMemberScores(v: ArrayLike<number>, rule: EnsembleRule, lambda: number, spread: EnsembleSpread): number {
  let sum = 0, min = Infinity;
  for (let k = 0; k < v.length; k++) {
    if (Number.isNaN(v[k])) return NaN;
    sum += v[k];
    if (v[k] < min) min = v[k];
  }
  if (rule === 'min') return min;
  const mean = sum / v.length;
  if (rule === 'mean') return mean;
  if (rule !== 'uwo') throw new RangeError(`unknown ensemble rule "${rule as string}" (mean, min, uwo)`);
  let ss = 0;
  for (let k = 0; k < v.length; k++) ss += (v[k] - mean) ** 2;
  const variance = ss / v.length;
  if (spread === 'var') return mean - lambda * variance;
  if (spread === 'std') return mean - lambda * Math.sqrt(variance);
  throw new RangeError(`unknown uwo spread "${spread as string}" (std, var)`);
}

function standardizeMember(sets: readonly ArrayLike<number>[]): Float64Array[] {
  let n = 0, sum = 0;
  for (const s of sets) for (let i = 0; i < s.length; i++) if (!Number.isNaN(s[i])) (sum += s[i]), n++;
  const mean = n ? sum / n : 0;
  let ss = 0;
  for (const s of sets) for (let i = 0; i < s.length; i++) if (!Number.isNaN(s[i])) ss += (s[i] - mean) ** 2;
  const sd = n ? Math.sqrt(ss / n) : 0;
  // A constant member carries no ranking information; keep it at 0 rather than dividing by zero.
  return sets.map((s) => Float64Array.from(s as ArrayLike<number>, (x) => (Number.isNaN(x) ? NaN : sd > 0 ? (x - mean) / sd : 0)));
}
