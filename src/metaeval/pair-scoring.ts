// Scores for preference pairs: a pointwise scorer scores both sides (one batch, a's then b's), a pairwise judge
// compares them (both orders when it is configured so), and pairs built from a ratings matrix read the two cells'
// scores from the scorer matrix, so each output is scored once however many pairs it is in.

import type { Item, Scorer } from '../scorers/contract.js';
import { isPairwiseScorer, type Pair, type PairwiseScorer } from '../scorers/pairwise.js';
import type { Preference } from '../judgments/types.js';
import { MetaEvalInputError, type GoldMatrix, type ScoreMatrix } from './matrices.js';
import type { PairScores } from './preferences.js';
import { scoreItems, type ItemScoringOptions } from './item-scoring.js';

function pairReferences(p: Preference): string[] | undefined {
  const refs = p.meta?.references;
  return Array.isArray(refs) && refs.every((r) => typeof r === 'string') ? (refs as string[]) : undefined;
}

function sideItem(p: Preference, side: 'a' | 'b'): Item {
  const item: Item = { id: `${p.id}:${side}`, output: side === 'a' ? p.a : p.b, meta: { pair: p.id, side } };
  if (p.prompt !== undefined) item.prompt = p.prompt;
  const refs = pairReferences(p);
  if (refs) item.references = refs;
  if (p.subset !== undefined) item.meta!.subset = p.subset;
  return item;
}

/** A pairwise judge on the pairs (both orders when it is configured so); always on this thread. */
async function comparePairsWith(pairs: readonly Preference[], scorer: PairwiseScorer): Promise<PairScores> {
  const n = pairs.length;
  const margin = new Float64Array(n);
  const input: Pair[] = pairs.map((p) => {
    const q: Pair = { id: p.id, prompt: p.prompt ?? '', a: p.a, b: p.b };
    const refs = pairReferences(p);
    if (refs?.length) q.reference = refs[0];
    return q;
  });
  const outcomes = await scorer.comparePairs(input);
  const prob = Float64Array.from(outcomes, (o) => (o.pA === null ? NaN : o.pA));
  for (let k = 0; k < n; k++) margin[k] = prob[k] - 0.5;
  const twoOrders = outcomes.some((o) => o.second !== undefined);
  const out: PairScores = { spec: scorer.spec(), signature: scorer.signature(), direction: 'higher', margin, prob };
  if (twoOrders) out.orders = { first: outcomes.map((o) => o.first), second: outcomes.map((o) => o.second ?? null) };
  return out;
}

function checkPointwiseNeeds(pairs: readonly Preference[], scorer: Scorer): void {
  const label = scorer.spec();
  if (scorer.needs.references && pairs.some((p) => !pairReferences(p)?.length)) {
    throw new MetaEvalInputError(`${label} needs references, but the preference pairs have none`);
  }
  if (scorer.needs.prompt && pairs.some((p) => p.prompt === undefined)) {
    throw new MetaEvalInputError(`${label} needs prompts, but some preference pairs have none`);
  }
}

/**
 * Runs scorers on the pairs, one PairScores per scorer in order. Pointwise scorers score both sides (a's then b's)
 * together, through `scoreItems` (so on threads or the queue when asked); pairwise judges compare the pairs here.
 */
export async function scorePairsWith(pairs: readonly Preference[], scorers: readonly Scorer[], options: ItemScoringOptions = {}): Promise<PairScores[]> {
  const n = pairs.length;
  const pointwise = scorers.filter((s) => !isPairwiseScorer(s));
  for (const s of pointwise) checkPointwiseNeeds(pairs, s);
  const items = pointwise.length ? [...pairs.map((p) => sideItem(p, 'a')), ...pairs.map((p) => sideItem(p, 'b'))] : [];
  const nrefs = items[0]?.references?.length ?? 0;
  const scored = await scoreItems(items, pointwise, options);
  const out: PairScores[] = [];
  let j = 0;
  for (const scorer of scorers) {
    if (isPairwiseScorer(scorer)) {
      out.push(await comparePairsWith(pairs, scorer));
      continue;
    }
    const values = scored.values[j++];
    const sign = scorer.direction === 'lower' ? -1 : 1;
    const margin = new Float64Array(n);
    // a non-finite score is no score: NaN, as an abstention
    for (let k = 0; k < n; k++) margin[k] = sign * ((Number.isFinite(values[k]) ? values[k] : NaN) - (Number.isFinite(values[n + k]) ? values[n + k] : NaN));
    out.push({ spec: scorer.spec(), signature: scorer.signature({ nrefs }), direction: scorer.direction, margin });
  }
  return out;
}

/** Runs one scorer on the pairs. */
export async function scorePairs(pairs: readonly Preference[], scorer: Scorer, options: ItemScoringOptions = {}): Promise<PairScores> {
  return (await scorePairsWith(pairs, [scorer], options))[0];
}

/**
 * Pair scores read off a scorer matrix for pairs built from the same ratings (`modelA`, `modelB`, `meta.item` name the
 * cells): Δ = score(a's cell) − score(b's cell), already oriented.
 */
export function pairScoresFromMatrix(gold: GoldMatrix, pairs: readonly Preference[], m: ScoreMatrix): PairScores {
  if (!m.values) throw new MetaEvalInputError(`${m.spec} has only system-level scores; pairs need segment scores`);
  const r = gold.ratings;
  const sys = new Map(r.systems.map((s, k) => [s, k] as const));
  const items = new Map(r.items.map((s, k) => [s, k] as const));
  const nI = r.items.length;
  const margin = Float64Array.from(pairs, (p) => {
    const a = sys.get(p.modelA ?? '');
    const b = sys.get(p.modelB ?? '');
    const i = items.get(String(p.meta?.item ?? ''));
    if (a === undefined || b === undefined || i === undefined) throw new MetaEvalInputError(`pair ${p.id} does not name two systems and an item of the ratings`);
    return m.values![a * nI + i] - m.values![b * nI + i];
  });
  return { spec: m.spec, signature: m.signature, direction: m.direction, margin };
}
