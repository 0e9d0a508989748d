// `bon --proxy-scorer SPEC`: a scorer (a reward file, a reward model, a verifier) as a best-of-n proxy, scored on the
// candidates themselves rather than read from a precomputed field. A candidate the scorer abstains on or fails is
// NaN, which the best-of-n estimator drops, as it drops an empty proxy field; the FailureWatch counts both, so the
// command reports them (and exits 1 on failures beyond --max-failures) instead of dropping them silently.
import type { Item, Scorer } from '../scorers/contract.js';
import '../scorers/builtin.js';
import type { FailureWatch } from './failure-watch.js';

/** members[k][s][c]: scorer k's value of candidate c of prompt s. */
export async function scorerProxyColumns(scorers: readonly Scorer[], sets: readonly Item[][], watch: FailureWatch): Promise<Float64Array[][]> {
  const out: Float64Array[][] = [];
  for (const s of scorers) {
    const scorer = watch.track(s);
    const sign = scorer.direction === 'lower' ? -1 : 1;
    const flat = await scorer.score(sets.flat());
    let i = 0;
    out.push(sets.map((set) => Float64Array.from(set, () => {
      const v = flat[i++].value;
      return v === null ? NaN : sign * v;
    })));
  }
  return out;
}
