// Any scorer as a preference predictor: P(a ≻ b) per pair. A pointwise scorer scores both outputs and compares
// (1, 0, or ½ for equal scores, in its own direction); a pairwise-native judge answers the pair itself.
// NaN marks an abstention (a null score, an unparseable verdict), never a guess.

import type { Item, Scorer } from '../scorers/contract.js';
import { isPairwiseScorer, type Pair, type PairOutcome } from '../scorers/pairwise.js';
import type { Preference } from '../judgments/types.js';

/** 1 when `a` is better, 0 when `b` is, ½ when equal, NaN when either is null; respects the scorer's direction. */
export function compareValues(a: number | null, b: number | null, direction: Scorer['direction']): number {
  if (a === null || b === null || Number.isNaN(a) || Number.isNaN(b)) return NaN;
  if (a === b) return 0.5;
  return (a > b) === (direction === 'higher') ? 1 : 0;
}

export function preferenceToPair(p: Preference): Pair {
  return { id: p.id, prompt: p.prompt ?? '', a: p.a, b: p.b };
}

/** The two items a pointwise scorer sees for a pair (`<id>:a`, `<id>:b`), with the pair's prompt. */
export function preferenceItems(p: Preference): [Item, Item] {
  const base = p.prompt === undefined ? {} : { prompt: p.prompt };
  return [
    { id: `${p.id}:a`, output: p.a, ...base },
    { id: `${p.id}:b`, output: p.b, ...base },
  ];
}

/** P(a ≻ b) per pair from any scorer. */
export async function predictPreferences(scorer: Scorer, pairs: readonly Preference[]): Promise<Float64Array> {
  const out = new Float64Array(pairs.length);
  if (isPairwiseScorer(scorer)) {
    const outcomes = await scorer.comparePairs(pairs.map(preferenceToPair));
    outcomes.forEach((o, i) => (out[i] = o.pA ?? NaN));
    return out;
  }
  const items = pairs.flatMap(preferenceItems);
  const scores = await scorer.score(items);
  for (let i = 0; i < pairs.length; i++) out[i] = compareValues(scores[2 * i].value, scores[2 * i + 1].value, scorer.direction);
  return out;
}

/** A pairwise judge run in both orders (a shown first, then b shown first). */
export async function compareBothOrders(scorer: Scorer, pairs: readonly Preference[]): Promise<PairOutcome[]> {
  if (!isPairwiseScorer(scorer)) throw new TypeError(`${scorer.id} is not a pairwise scorer: position bias needs a judge that sees both outputs`);
  return scorer.comparePairs(pairs.map(preferenceToPair), { bothOrders: true });
}
