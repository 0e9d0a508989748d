// Two-sided p-values for Kendall's tau as scipy.stats.kendalltau (1.17) computes them:
//  - exact: the null distribution of the number of concordant pairs without ties (Kendall 1970), by the
//    cumulative-sum recurrence, as scipy's `_kendall_p_exact`;
//  - asymptotic: a normal approximation of (concordant − discordant) with the tie-corrected variance.
// method 'auto' takes 'exact' when neither vector has ties and (n ≤ 33 or min(dis, tot−dis) ≤ 1).

import { normalSf } from './special.js';
import { pairwiseSum } from './summation.js';
import type { TieSums } from './kendall-pairs.js';

/** n! rounded once to a double, as Python's `math.factorial(n)` (an int) is when it divides a float. */
function factorialAsDouble(n: number): number {
  let f = 1n;
  for (let k = 2n; k <= BigInt(n); k++) f *= k;
  return Number(f);
}

/**
 * Two-sided exact p-value for `concordant` concordant pairs among n tie-free observations.
 * scipy counts c = min(concordant, n(n−1)/2 − concordant) and doubles the lower tail.
 */
export function kendallExactPValue(n: number, concordant: number): number {
  const total = (n * (n - 1)) / 2;
  const c = Math.min(concordant, total - concordant);
  if (n <= 0) throw new RangeError(`n (${n}) must be positive`);
  if (c < 0 || 4 * c > n * (n - 1)) throw new RangeError(`c (${c}) must satisfy 0 <= 4c <= n(n-1)`);
  let prob: number;
  if (n === 1 || n === 2) prob = 1;
  else if (c === 0) prob = n < 171 ? 2 / factorialAsDouble(n) : 0;
  else if (c === 1) prob = n < 172 ? 2 / factorialAsDouble(n - 1) : 0;
  else if (4 * c === n * (n - 1)) prob = 1;
  else {
    // counts[k] = number of permutations of j elements with k inversions, truncated at c; the update
    // subtracts the already-cumulated lower entries, so it runs from the top down (NumPy evaluates the
    // overlapping `new[j:] -= new[:c+1-j]` as if on a copy).
    const counts = new Float64Array(c + 1);
    counts[0] = 1;
    counts[1] = 1;
    const large = n >= 171; // scipy divides by j at each step there to stay finite
    for (let j = 3; j <= n; j++) {
      for (let k = 1; k <= c; k++) counts[k] += counts[k - 1];
      if (large) for (let k = 0; k <= c; k++) counts[k] /= j;
      if (j <= c) for (let k = c; k >= j; k--) counts[k] -= counts[k - j];
    }
    prob = large ? pairwiseSum(counts) : (2 * pairwiseSum(counts)) / factorialAsDouble(n);
  }
  return Math.min(1, Math.max(0, prob));
}

/** Two-sided asymptotic p-value from con − dis and the tie sums of both vectors (n > 2). */
export function kendallAsymptoticPValue(n: number, conMinusDis: number, x: TieSums, y: TieSums): number {
  const m = n * (n - 1);
  const variance = (m * (2 * n + 5) - x.variance - y.variance) / 18 + (2 * x.pairs * y.pairs) / m + (x.cubic * y.cubic) / (9 * m * (n - 2));
  const z = conMinusDis / Math.sqrt(variance);
  return 2 * normalSf(Math.abs(z));
}
