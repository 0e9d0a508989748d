// Williams's test for two dependent correlations that share one variable (Williams 1959; recommended for
// metric comparisons by Graham & Baldwin 2014, D14-1020), as mt-metrics-eval's `WilliamsTest` / `WilliamsSigDiff`:
//   K = 1 − r12² − r13² − r23² + 2·r12·r23·r13,  r̄ = (r12 + r13)/2,
//   t = (r12 − r13)·√((n−1)(1+r23)) / √(2·(n−1)/(n−3)·K + r̄²·(1−r23)³),  p = P(T_{n−3} > |t|),
// one-sided by default (doubled for two-sided). r12, r13: gold with metric 1 and 2; r23: metric 1 with metric 2.
// Deterministic; no resampling.

import type { GoldVector } from './grouping.js';
import { studentTCdf } from './special.js';

/** p-value of Williams's test for r12 vs r13 given r23 and n observations. */
export function williamsTest(r12: number, r13: number, r23: number, n: number, oneSided = true): number {
  const k = 1 - r12 * r12 - r13 * r13 - r23 * r23 + 2 * r12 * r23 * r13;
  const rbar = (r12 + r13) / 2;
  const tnum = (r12 - r13) * Math.sqrt((n - 1) * (1 + r23));
  const tden = Math.sqrt(((2 * (n - 1)) / (n - 3)) * k + rbar * rbar * (1 - r23) ** 3);
  // scipy's t.sf(x, df) is stdtr(df, −x).
  const p = studentTCdf(n - 3, -Math.abs(tnum / tden));
  return oneSided ? p : 2 * p;
}

/** A correlation of two score vectors; the first may hold nulls (unrated gold), as AverageCorrelation accepts. */
export type VectorCorrelationFn = (x: GoldVector, y: ArrayLike<number>) => number;

export interface WilliamsResult {
  pValue: number;
  /** corr(gold, metric1). */
  r1: number;
  /** corr(gold, metric2). */
  r2: number;
  /** corr(metric1, metric2). */
  r12: number;
}

/**
 * `stats.WilliamsSigDiff`: is one metric's correlation with gold significantly higher than the other's? The test
 * is symmetric; pValue < α says whichever is higher is significantly so. As in the reference, n is the full vector
 * length (unrated cells included) and r12 correlates the two metric vectors over all cells.
 */
export function williamsSigDiff(
  gold: GoldVector,
  metric1: ArrayLike<number>,
  metric2: ArrayLike<number>,
  corr: VectorCorrelationFn,
  oneSided = true,
): WilliamsResult {
  if (gold.length !== metric1.length || gold.length !== metric2.length) {
    throw new RangeError(`length mismatch: gold ${gold.length}, metric1 ${metric1.length}, metric2 ${metric2.length}`);
  }
  const r1 = corr(gold, metric1);
  const r2 = corr(gold, metric2);
  const r12 = corr(metric1, metric2);
  return { pValue: williamsTest(r1, r2, r12, gold.length, oneSided), r1, r2, r12 };
}
