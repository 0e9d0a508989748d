// Proxy ensembles for best-of-n selection (Coste et al. 2024, "Reward model ensembles help mitigate
// overoptimization"): several proxies score the same candidates and are combined per candidate as
//   mean   — the average member score;
//   min    — worst-case optimisation: the lowest member score;
//   uwo    — uncertainty-weighted optimisation: mean − λ·variance across members (population variance, ÷K),
//            which penalises candidates the members disagree on.
// Members on different scales (a length count and a reward model) would let one dominate, so by default every member
// is first standardised over all its candidate scores (pooled over prompts: z = (s − mean) / sd, population sd).

export type EnsembleRule = 'mean' | 'min' | 'uwo';

export interface EnsembleOptions {
  rule: EnsembleRule;
  /** Variance penalty of `uwo`. Default 1. */
  lambda?: number;
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
  const scaled = options.standardize === false ? members : members.map(standardizeMember);
  const out: Float64Array[] = [];
  const v = new Float64Array(K);
  for (let s = 0; s < sets; s++) {
    const C = members[0][s].length;
    const combined = new Float64Array(C);
    for (let c = 0; c < C; c++) {
      for (let k = 0; k < K; k++) v[k] = scaled[k][s][c];
      combined[c] = combineMemberScores(v, options.rule, lambda);
    }
    out.push(combined);
  }
  return out;
}

/** One candidate's combined score from its K member scores (already on a common scale); NaN if any member is NaN.
 * Composite rewards call this per item with stated, not pooled, standardisation. */
export function combineMemberScores(v: ArrayLike<number>, rule: EnsembleRule, lambda = 1): number {
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
  return mean - lambda * (ss / v.length);
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
