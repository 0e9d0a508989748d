// Length bias of a scorer, in three views:
//  1. within-item rank correlation of score with output length (several outputs per prompt, Spearman's rho and
//     Kendall's tau-b per item, averaged over the items where they are defined);
//  2. on preference pairs, accuracy split by whether the gold-preferred output is longer, shorter or of similar
//     length, with a length-matched and a length-balanced accuracy;
//  3. the pure length baselines on the same pairs ("always prefer the longer / the shorter output"), which say how
//     much of any accuracy the data's own length skew could explain.
// Lengths are code points (Python's len(), what AlpacaEval and RewardBench count), never UTF-16 units.

import { codePointLength } from '../scorers/lexical/text.js';
import { kendallTau, spearman } from '../stats/correlation.js';
import { parseHhDialogue } from '../judgments/importers/hh-rlhf.js';
import type { Preference, PreferenceLabel } from '../judgments/types.js';

export { codePointLength };

/**
 * When two lengths count as "similar": |Δ| ≤ max(chars, relative · max(lenA, lenB)). Default: within 10% of the
 * longer output (and no absolute allowance), so two 1000-character answers 90 characters apart are similar, two
 * 100-character answers 15 apart are not.
 */
export interface LengthTolerance {
  relative?: number;
  chars?: number;
}

export const DEFAULT_LENGTH_TOLERANCE: Readonly<Required<LengthTolerance>> = Object.freeze({ relative: 0.1, chars: 0 });

export function lengthsSimilar(lengthA: number, lengthB: number, tolerance: LengthTolerance = {}): boolean {
  const rel = tolerance.relative ?? DEFAULT_LENGTH_TOLERANCE.relative;
  const chars = tolerance.chars ?? DEFAULT_LENGTH_TOLERANCE.chars;
  return Math.abs(lengthA - lengthB) <= Math.max(chars, rel * Math.max(lengthA, lengthB));
}

// ---------------------------------------------------------------------------------------------------------------
// 1. Within-item rank correlation.

export interface WithinItemCorrelation {
  /** Mean over items of Spearman's rho between score and length. */
  spearman: number;
  /** Mean over items of Kendall's tau-b between score and length. */
  kendall: number;
  /** Items where both correlations are defined (≥ 2 scored outputs, neither lengths nor scores constant). */
  items: number;
  /** Items left out because a correlation is undefined there. */
  skipped: number;
}

export interface ScoredGroup {
  lengths: ArrayLike<number>;
  /** NaN = the scorer abstained on that output; it is left out of the item's correlation. */
  scores: ArrayLike<number>;
}

export function withinItemLengthCorrelation(groups: Iterable<ScoredGroup>): WithinItemCorrelation {
  let sumRho = 0, sumTau = 0, items = 0, skipped = 0;
  for (const g of groups) {
    const len: number[] = [];
    const sc: number[] = [];
    for (let i = 0; i < g.scores.length; i++) {
      if (Number.isNaN(g.scores[i])) continue;
      len.push(g.lengths[i]);
      sc.push(g.scores[i]);
    }
    const rho = spearman(sc, len).r;
    const tau = kendallTau(sc, len).r;
    if (Number.isNaN(rho) || Number.isNaN(tau)) {
      skipped++;
      continue;
    }
    sumRho += rho;
    sumTau += tau;
    items++;
  }
  return { spearman: items ? sumRho / items : NaN, kendall: items ? sumTau / items : NaN, items, skipped };
}

/** Indices grouped by key, groups in first-seen order (items of one prompt, segments of one source sentence). */
export function groupIndicesBy(keys: readonly string[]): number[][] {
  const at = new Map<string, number[]>();
  keys.forEach((k, i) => {
    let g = at.get(k);
    if (!g) at.set(k, (g = []));
    g.push(i);
  });
  return [...at.values()];
}

// ---------------------------------------------------------------------------------------------------------------
// 2 and 3. Preference pairs.

/** The gold winner of a label: a probability above ½ is `a`, below ½ is `b`; ties and ½ have no winner. */
export function goldWinner(label: PreferenceLabel): 'a' | 'b' | null {
  if (label === 'a' || label === 'b') return label;
  if (label === 'tie') return null;
  return label > 0.5 ? 'a' : label < 0.5 ? 'b' : null;
}

/**
 * The lengths the length probe compares for a pair. The hh-rlhf importer keeps the whole dialogues as a and b when
 * their prefixes differ (meta.prefixMismatch); the published length statistics compare the final assistant turns,
 * so those pairs are measured on their last assistant message.
 */
export function preferenceLengths(pair: Preference): [number, number] {
  if (pair.meta?.prefixMismatch === true) return [codePointLength(lastAssistantTurn(pair.a)), codePointLength(lastAssistantTurn(pair.b))];
  return [codePointLength(pair.a), codePointLength(pair.b)];
}

function lastAssistantTurn(dialogue: string): string {
  const turns = parseHhDialogue(dialogue);
  for (let i = turns.length - 1; i >= 0; i--) if (turns[i].role === 'assistant') return turns[i].content;
  return dialogue;
}

export type LengthBucket = 'longer' | 'shorter' | 'similar';

export interface BucketAccuracy {
  /** Decisive pairs in the bucket on which the scorer gave a decision. */
  n: number;
  /** Sum of credits: 1 right, ½ for a predicted tie, 0 wrong. */
  credit: number;
  /** credit / n (NaN for an empty bucket). */
  accuracy: number;
}

export interface LengthBaselines {
  /** Accuracy of "prefer the longer output"; equal lengths count as wrong. */
  preferLonger: number;
  /** Accuracy of "prefer the shorter output"; equal lengths count as wrong. */
  preferShorter: number;
  /** Decisive pairs whose two outputs have exactly the same length. */
  equalLength: number;
}

export interface PreferenceLengthReport {
  /** All pairs given. */
  pairs: number;
  /** Pairs with a gold winner (ties and P = ½ are left out of every number below). */
  decisive: number;
  /** Decisive pairs by the length of the gold-preferred output relative to the other one. */
  buckets: Record<LengthBucket, number>;
  tolerance: Required<LengthTolerance>;
  baselines: LengthBaselines;
  /** Present when predictions were given. */
  scorer?: ScorerLengthAccuracy;
}

export interface ScorerLengthAccuracy {
  accuracy: number;
  /** Decisive pairs the scorer abstained on (NaN prediction); not in any accuracy. */
  abstained: number;
  byBucket: Record<LengthBucket, BucketAccuracy>;
  /** Accuracy on the similar-length pairs only: what is left when length cannot decide. */
  lengthMatched: number;
  /** Mean of the longer-bucket and shorter-bucket accuracies: a pure length heuristic scores exactly 0.5 here. */
  lengthBalanced: number;
  /** Among decided pairs of unequal length where the scorer did not predict a tie: how often it picked the longer. */
  prefersLonger: number;
}

export interface PreferenceLengthInput {
  lengthA: ArrayLike<number>;
  lengthB: ArrayLike<number>;
  labels: readonly PreferenceLabel[];
  /**
   * The scorer's P(a ≻ b) per pair: above ½ picks a, below ½ picks b, exactly ½ is a tie (½ credit), NaN abstains.
   * A pointwise scorer gives 1 / 0 / ½ from comparing its two scores.
   */
  predicted?: ArrayLike<number>;
  tolerance?: LengthTolerance;
}

function emptyBucket(): BucketAccuracy {
  return { n: 0, credit: 0, accuracy: NaN };
}

export function preferenceLengthReport(input: PreferenceLengthInput): PreferenceLengthReport {
  const n = input.labels.length;
  if (input.lengthA.length !== n || input.lengthB.length !== n) throw new RangeError('lengthA, lengthB and labels differ in length');
  if (input.predicted && input.predicted.length !== n) throw new RangeError('predicted and labels differ in length');
  const tolerance = { ...DEFAULT_LENGTH_TOLERANCE, ...input.tolerance };
  const buckets: Record<LengthBucket, number> = { longer: 0, shorter: 0, similar: 0 };
  const byBucket: Record<LengthBucket, BucketAccuracy> = { longer: emptyBucket(), shorter: emptyBucket(), similar: emptyBucket() };
  let decisive = 0, longerWins = 0, shorterWins = 0, equal = 0;
  let credit = 0, decided = 0, abstained = 0, pickedLonger = 0, pickedUnequal = 0;
  for (let i = 0; i < n; i++) {
    const w = goldWinner(input.labels[i]);
    if (w === null) continue;
    decisive++;
    const lw = w === 'a' ? input.lengthA[i] : input.lengthB[i];
    const ll = w === 'a' ? input.lengthB[i] : input.lengthA[i];
    if (lw > ll) longerWins++;
    else if (lw < ll) shorterWins++;
    else equal++;
    const bucket: LengthBucket = lengthsSimilar(lw, ll, tolerance) ? 'similar' : lw > ll ? 'longer' : 'shorter';
    buckets[bucket]++;
    if (!input.predicted) continue;
    const p = input.predicted[i];
    if (Number.isNaN(p)) {
      abstained++;
      continue;
    }
    const c = p === 0.5 ? 0.5 : (p > 0.5) === (w === 'a') ? 1 : 0;
    credit += c;
    decided++;
    byBucket[bucket].n++;
    byBucket[bucket].credit += c;
    if (p !== 0.5 && input.lengthA[i] !== input.lengthB[i]) {
      pickedUnequal++;
      const pickedLen = p > 0.5 ? input.lengthA[i] : input.lengthB[i];
      const otherLen = p > 0.5 ? input.lengthB[i] : input.lengthA[i];
      if (pickedLen > otherLen) pickedLonger++;
    }
  }
  for (const b of Object.values(byBucket)) b.accuracy = b.n ? b.credit / b.n : NaN;
  const report: PreferenceLengthReport = {
    pairs: n,
    decisive,
    buckets,
    tolerance,
    baselines: { preferLonger: longerWins / decisive, preferShorter: shorterWins / decisive, equalLength: equal },
  };
  if (input.predicted) {
    report.scorer = {
      accuracy: decided ? credit / decided : NaN,
      abstained,
      byBucket,
      lengthMatched: byBucket.similar.accuracy,
      lengthBalanced: (byBucket.longer.accuracy + byBucket.shorter.accuracy) / 2,
      prefersLonger: pickedUnequal ? pickedLonger / pickedUnequal : NaN,
    };
  }
  return report;
}

/** preferenceLengthReport straight from imported preference pairs (lengths per `preferenceLengths`). */
export function preferencePairsLengthReport(
  pairs: readonly Preference[],
  options: { predicted?: ArrayLike<number>; tolerance?: LengthTolerance } = {},
): PreferenceLengthReport {
  const lengthA = new Float64Array(pairs.length);
  const lengthB = new Float64Array(pairs.length);
  pairs.forEach((p, i) => ([lengthA[i], lengthB[i]] = preferenceLengths(p)));
  return preferenceLengthReport({ lengthA, lengthB, labels: pairs.map((p) => p.label), ...options });
}
