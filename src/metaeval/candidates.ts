// Best-of-k selection with a scorer as the reward model: per candidate list, the top-scored candidates are the ones
// the policy would pick.
//   bon-acc   the share of correct candidates among the top-scored ones: with one correct candidate this is
//             RewardBench 2's 1/k credit when k candidates share the maximum (rewardbench/utils.py,
//             reroll_and_score_dataset); with several correct ones each tied pick counts by its correctness. As
//             upstream, a missing score anywhere (NaN, an abstention) makes the list's credit 0.
//   bon-gold  the mean gold score of the top-scored candidates (gold scores instead of correctness flags).
// RewardBench 2's Ties subset has its own score (metaeval/rewardbench.ts rewardBench2TiesScore), not this one.

import type { CandidateList } from '../judgments/types.js';
import type { Item, Scorer } from '../scorers/contract.js';
import { scoreItems, type ItemScoringOptions } from './item-scoring.js';
import { MetaEvalInputError } from './matrices.js';
import type { MeasureSpec } from './measures.js';
import type { MeasureValue } from './segment.js';

export interface ListScores {
  spec: string;
  signature: string;
  direction: 'higher' | 'lower';
  /** Oriented scores per list, one per candidate; NaN = abstained. */
  scores: Float64Array[];
}

/** Indices of the candidates sharing the maximum score; empty when any score is missing. */
export function topCandidates(scores: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let i = 0; i < scores.length; i++) {
    if (Number.isNaN(scores[i])) return [];
    if (scores[i] > max) max = scores[i];
  }
  const top: number[] = [];
  for (let i = 0; i < scores.length; i++) if (scores[i] === max) top.push(i);
  return top;
}

/** One list's credit: correct share of the top set (0 when a score is missing). */
export function bestOfKCredit(scores: ArrayLike<number>, correct: readonly boolean[]): number {
  const top = topCandidates(scores);
  if (top.length === 0) return 0;
  let c = 0;
  for (const i of top) if (correct[i]) c++;
  return c / top.length;
}

export function listMeasure(m: MeasureSpec, lists: readonly CandidateList[], s: ListScores, idx: ArrayLike<number>): MeasureValue {
  let sum = 0;
  let n = 0;
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k];
    const list = lists[i];
    if (m.name === 'bon-acc') {
      if (!list.correct) continue;
      sum += bestOfKCredit(s.scores[i], list.correct);
      n++;
    } else if (m.name === 'bon-gold') {
      if (!list.gold) continue;
      const top = topCandidates(s.scores[i]);
      if (top.length === 0) continue;
      let g = 0;
      for (const t of top) g += list.gold[t];
      sum += g / top.length;
      n++;
    } else throw new RangeError(`measure ${m.name} is not a candidate-list measure`);
  }
  return { value: n ? sum / n : NaN, n };
}

/** Scores every candidate of every list with each (pointwise) scorer, through `scoreItems` (threads or the queue when asked). */
export async function scoreListsWith(lists: readonly CandidateList[], scorers: readonly Scorer[], options: ItemScoringOptions = {}): Promise<ListScores[]> {
  for (const scorer of scorers) {
    if (scorer.mode !== 'pointwise') throw new MetaEvalInputError(`${scorer.spec()} is a ${scorer.mode} scorer; best-of-k needs a pointwise score per candidate`);
  }
  const items: Item[] = [];
  for (const list of lists) {
    list.candidates.forEach((c, j) => {
      const it: Item = { id: `${list.id}:${j}`, output: c, meta: { list: list.id, candidate: j } };
      if (list.prompt !== undefined) it.prompt = list.prompt;
      items.push(it);
    });
  }
  const scored = await scoreItems(items, scorers, options);
  return scorers.map((scorer, s) => {
    const values = scored.values[s];
    const sign = scorer.direction === 'lower' ? -1 : 1;
    let k = 0;
    const scores = lists.map((list) => {
      const out = new Float64Array(list.candidates.length);
      for (let j = 0; j < out.length; j++, k++) {
        const v = values[k];
        out[j] = Number.isFinite(v) ? sign * v : NaN;
      }
      return out;
    });
    return { spec: scorer.spec(), signature: scorer.signature(), direction: scorer.direction, scores };
  });
}

/** Scores every candidate of every list with a pointwise scorer. */
export async function scoreLists(lists: readonly CandidateList[], scorer: Scorer, options: ItemScoringOptions = {}): Promise<ListScores> {
  return (await scoreListsWith(lists, [scorer], options))[0];
}
