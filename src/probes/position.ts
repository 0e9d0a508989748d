// Position bias of a pairwise judge: run every pair in both orders and ask whether the verdict follows the content
// or the slot. The counting is metaeval/position.ts (LLMBar's statistics, the MT-Bench rates); this file turns a
// judge's two-order outcomes, or decisions computed elsewhere, into its input and adds bootstrap intervals.

import { positionConsistency, type PositionConsistency, type TwoOrderRuns, type Winner } from '../metaeval/position.js';
import { meanAt, percentileBootstrap, type BootstrapInterval, type BootstrapOptions } from '../stats/bootstrap.js';
import type { PairOutcome, PairVerdict } from '../scorers/pairwise.js';
import type { PreferenceLabel } from '../judgments/types.js';
import { goldWinner } from './length.js';

export type { TwoOrderRuns, Winner, PositionConsistency };

function winnerOf(v: PairVerdict | undefined): Winner {
  return v === 'a' ? 1 : v === 'b' ? 2 : null;
}

/**
 * Two-order runs from a judge's outcomes (`first`: a shown first; `second`: b shown first, already in the pair's
 * terms). A tie verdict is no decision (null), as in LLMBar. Pairs whose gold label has no winner are dropped,
 * and their indices returned, because position consistency is measured against a winner.
 */
export function twoOrderRunsFromOutcomes(outcomes: readonly PairOutcome[], labels: readonly PreferenceLabel[]): { runs: TwoOrderRuns; dropped: number[] } {
  if (outcomes.length !== labels.length) throw new RangeError('outcomes and labels differ in length');
  const runs = { labels: [] as (1 | 2)[], original: [] as Winner[], swapped: [] as Winner[] };
  const dropped: number[] = [];
  outcomes.forEach((o, i) => {
    const w = goldWinner(labels[i]);
    if (w === null) {
      dropped.push(i);
      return;
    }
    if (o.second === undefined) throw new RangeError(`pair ${i} was run in one order only; the position probe needs both`);
    runs.labels.push(w === 'a' ? 1 : 2);
    runs.original.push(winnerOf(o.first));
    runs.swapped.push(winnerOf(o.second));
  });
  return { runs, dropped };
}

/**
 * Precomputed decisions in the usual spellings: 1/2, a/b, "1"/"2", null or anything else = no decision.
 * `swapped` must already be in original-order terms (LLMBar's result.json convention).
 */
export function parseWinner(raw: unknown): Winner {
  if (raw === 1 || raw === '1' || raw === 'a' || raw === 'A') return 1;
  if (raw === 2 || raw === '2' || raw === 'b' || raw === 'B') return 2;
  return null;
}

export interface PositionProbeResult extends PositionConsistency {
  /** Share of pairs with the same winner in both orders. */
  consistency: number;
  intervals: {
    consistency: BootstrapInterval;
    firstPositionBias: BootstrapInterval;
    secondPositionBias: BootstrapInterval;
    accuracyInconsistentHalf: BootstrapInterval;
    accuracyInconsistentWrong: BootstrapInterval;
  };
}

/** positionConsistency plus percentile-bootstrap intervals over pairs (one seed for all five). */
export function positionProbe(runs: TwoOrderRuns, options: BootstrapOptions = {}): PositionProbeResult {
  const base = positionConsistency(runs);
  const n = base.n;
  // Per-pair indicators, so each rate is a mean and each replicate O(n).
  const consistent = new Float64Array(n), first = new Float64Array(n), second = new Float64Array(n);
  const half = new Float64Array(n), strict = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const wF = runs.original[i], wT = runs.swapped[i], label = runs.labels[i];
    consistent[i] = wF === wT ? 1 : 0;
    first[i] = wF === 1 && wT === 2 ? 1 : 0;
    second[i] = wF === 2 && wT === 1 ? 1 : 0;
    strict[i] = wF === label && wT === label ? 1 : 0;
    half[i] = strict[i] + (wF === wT ? 0 : 0.5);
  }
  const ci = (v: Float64Array) => percentileBootstrap(n, meanAt(v), options);
  return {
    ...base,
    consistency: base.equal / n,
    intervals: {
      consistency: ci(consistent),
      firstPositionBias: ci(first),
      secondPositionBias: ci(second),
      accuracyInconsistentHalf: ci(half),
      accuracyInconsistentWrong: ci(strict),
    },
  };
}
