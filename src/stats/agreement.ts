// System-level pairwise accuracy (mt-metrics-eval `stats.Agreement`; Kocmi et al. 2021, the WMT22+ "accuracy"):
// over all system pairs, the share where the metric orders the two systems as the gold does. Agreement is
// sign(Δgold) == sign(Δmetric), so a pair tied in both agrees and a pair tied in one only does not; a NaN
// difference never agrees but the pair still counts (np.sign(NaN) is NaN). Pairs with null gold are skipped.
// Pooling over language pairs sums agreements and pairs before dividing (WMT's "global accuracy").

import type { GoldVector } from './grouping.js';

export interface AgreementCounts {
  agree: number;
  numPairs: number;
}

export interface PairwiseAccuracy extends AgreementCounts {
  /** agree / numPairs; NaN when there is no pair. */
  accuracy: number;
}

/** Agreeing pairs and compared pairs of one gold/metric vector pair. O(n²): n is a number of systems. */
export function pairwiseAgreement(gold: GoldVector, metric: ArrayLike<number>): AgreementCounts {
  if (gold.length !== metric.length) throw new RangeError(`length mismatch: gold ${gold.length}, metric ${metric.length}`);
  let agree = 0;
  let numPairs = 0;
  for (let i = 0; i < gold.length; i++) {
    const gi = gold[i];
    if (gi === null || gi === undefined) continue;
    for (let j = i + 1; j < gold.length; j++) {
      const gj = gold[j];
      if (gj === null || gj === undefined) continue;
      // Math.sign(-0) is -0, which === 0: a zero difference is a tie whatever its sign bit.
      if (Math.sign(gi - gj) === Math.sign(metric[i] - metric[j])) agree++;
      numPairs++;
    }
  }
  return { agree, numPairs };
}

/** Pairwise accuracy pooled over several (gold, metric) vectors, e.g. one per language pair. */
export function pooledPairwiseAccuracy(sets: ReadonlyArray<{ gold: GoldVector; metric: ArrayLike<number> }>): PairwiseAccuracy {
  let agree = 0;
  let numPairs = 0;
  for (const { gold, metric } of sets) {
    const c = pairwiseAgreement(gold, metric);
    agree += c.agree;
    numPairs += c.numPairs;
  }
  return { agree, numPairs, accuracy: numPairs ? agree / numPairs : NaN };
}
