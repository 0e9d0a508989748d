// Scores for preference pairs: a pointwise scorer scores both sides (one batch, a's then b's), a pairwise judge
// compares them (both orders when it is configured so), and pairs built from a ratings matrix read the two cells'
// scores from the scorer matrix, so each output is scored once however many pairs it is in.

import { isStatisticsScorer, ScorerInputError, type Item, type Scorer } from '../scorers/contract.js';
import { isPairwiseScorer, type Pair } from '../scorers/pairwise.js';
import type { Preference } from '../judgments/types.js';
import { MetaEvalInputError, type GoldMatrix, type ScoreMatrix } from './matrices.js';
import type { PairScores } from './preferences.js';

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

/** Runs one scorer on the pairs. */
export async function scorePairs(pairs: readonly Preference[], scorer: Scorer, options: { batchSize?: number } = {}): Promise<PairScores> {
  const n = pairs.length;
  const margin = new Float64Array(n);
  const label = scorer.spec();
  if (isPairwiseScorer(scorer)) {
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
    const out: PairScores = { spec: label, signature: scorer.signature(), direction: 'higher', margin, prob };
    if (twoOrders) out.orders = { first: outcomes.map((o) => o.first), second: outcomes.map((o) => o.second ?? null) };
    return out;
  }
  if (scorer.needs.references && pairs.some((p) => !pairReferences(p)?.length)) {
    throw new MetaEvalInputError(`${label} needs references, but the preference pairs have none`);
  }
  if (scorer.needs.prompt && pairs.some((p) => p.prompt === undefined)) {
    throw new MetaEvalInputError(`${label} needs prompts, but some preference pairs have none`);
  }
  const items = [...pairs.map((p) => sideItem(p, 'a')), ...pairs.map((p) => sideItem(p, 'b'))];
  const values = new Float64Array(items.length);
  const size = options.batchSize ?? 1000;
  try {
    for (let k = 0; k < items.length; k += size) {
      const part = items.slice(k, k + size);
      const scores = isStatisticsScorer(scorer) ? scorer.scoreSync(part) : await scorer.score(part);
      for (let j = 0; j < part.length; j++) {
        const v = scores[j].value;
        values[k + j] = v === null || !Number.isFinite(v) ? NaN : v;
      }
    }
  } catch (err) {
    if (err instanceof ScorerInputError) throw new MetaEvalInputError(err.message.startsWith(`${label}:`) ? err.message : `${label}: ${err.message}`);
    throw err;
  }
  const sign = scorer.direction === 'lower' ? -1 : 1;
  for (let k = 0; k < n; k++) margin[k] = sign * (values[k] - values[n + k]);
  return { spec: label, signature: scorer.signature({ nrefs: items[0]?.references?.length ?? 0 }), direction: scorer.direction, margin };
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
