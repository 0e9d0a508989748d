// NumPy's pairwise summation (numpy/_core/src/umath/loops_utils.h.src, `pairwise_sum`): what `np.sum` and
// `np.mean` compute on a contiguous float64 vector. Using the same association keeps our means and sums within
// an ulp or two of the reference's instead of drifting like a left-to-right loop on long vectors.

const BLOCK = 128;

function pairwiseRange(values: ArrayLike<number>, start: number, n: number): number {
  if (n < 8) {
    let s = -0; // NumPy starts from -0.0 so that a sum of -0.0 values stays -0.0.
    for (let i = 0; i < n; i++) s += values[start + i];
    return s;
  }
  if (n <= BLOCK) {
    // Eight interleaved accumulators, combined as a balanced tree, then the tail left to right.
    let r0 = values[start], r1 = values[start + 1], r2 = values[start + 2], r3 = values[start + 3];
    let r4 = values[start + 4], r5 = values[start + 5], r6 = values[start + 6], r7 = values[start + 7];
    const whole = n - (n % 8);
    let i = 8;
    for (; i < whole; i += 8) {
      const k = start + i;
      r0 += values[k]; r1 += values[k + 1]; r2 += values[k + 2]; r3 += values[k + 3];
      r4 += values[k + 4]; r5 += values[k + 5]; r6 += values[k + 6]; r7 += values[k + 7];
    }
    let s = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < n; i++) s += values[start + i];
    return s;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwiseRange(values, start, half) + pairwiseRange(values, start + half, n - half);
}

/** Sum of `values` associated as NumPy's `np.sum` does for a contiguous float64 array. */
export function pairwiseSum(values: ArrayLike<number>): number {
  return pairwiseRange(values, 0, values.length);
}

/** `np.mean`: the pairwise sum divided by the count (NaN for an empty vector). */
export function pairwiseMean(values: ArrayLike<number>): number {
  return values.length === 0 ? NaN : pairwiseSum(values) / values.length;
}
