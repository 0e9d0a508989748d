// `bon --proxy-scorer SPEC`: a scorer (a reward file, a reward model, a verifier) as a best-of-n proxy, scored on the
// candidates themselves rather than read from a precomputed field. A candidate the scorer abstains on or fails is
// NaN, which the best-of-n estimator drops, as it drops an empty proxy field.
import type { Item } from '../scorers/contract.js';
import { createScorer } from '../scorers/registry.js';
import '../scorers/builtin.js';

/** members[k][s][c]: scorer k's value of candidate c of prompt s. */
export async function scorerProxyColumns(specs: readonly string[], sets: readonly Item[][]): Promise<Float64Array[][]> {
  const out: Float64Array[][] = [];
  for (const spec of specs) {
    const scorer = createScorer(spec);
    const sign = scorer.direction === 'lower' ? -1 : 1;
    const flat = await scorer.score(sets.flat());
    let i = 0;
    out.push(sets.map((s) => Float64Array.from(s, () => {
      const v = flat[i++].value;
      return v === null ? NaN : sign * v;
    })));
  }
  return out;
}
