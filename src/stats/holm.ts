// Holm–Bonferroni step-down correction for m simultaneous tests (Holm 1979): controls the family-wise error rate
// at α without assuming independence, and is never less powerful than plain Bonferroni.
//   Sort p ascending: p(1) ≤ … ≤ p(m). Reject H(1) … H(k−1), where k is the first index with p(k) > α/(m − k + 1).
//   Adjusted p-values: p̃(i) = min(1, max_{j ≤ i} (m − j + 1)·p(j)), so H(i) is rejected iff p̃(i) ≤ α (up to
//   the rounding of (m − j + 1)·p versus α/(m − j + 1); `reject` uses the textbook division form).
// Equal p-values keep their input order (a stable sort); it does not change any adjusted value.
// NaN p-values (an undefined test) are not part of the family: they stay NaN, are never rejected, and do not
// count in m.
// mt-metrics-eval does not correct its pairwise matrices; this is for callers who want family-wise control,
// e.g. `assignRanks(holmAdjustMatrix(sig), 0.05)`.

export interface HolmResult {
  /** Holm-adjusted p-values, in input order. */
  adjusted: Float64Array;
  /** Rejected at family-wise level α, in input order. */
  reject: boolean[];
  /** Tests in the family (non-NaN p-values). */
  m: number;
}

export function holmBonferroni(pValues: ArrayLike<number>, alpha = 0.05): HolmResult {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  const idx: number[] = [];
  for (let i = 0; i < pValues.length; i++) {
    const p = pValues[i];
    if (Number.isNaN(p)) continue;
    if (!(p >= 0 && p <= 1)) throw new RangeError(`p-value ${i} = ${p} is not in [0, 1]`);
    idx.push(i);
  }
  idx.sort((a, b) => pValues[a] - pValues[b] || a - b);
  const m = idx.length;
  const adjusted = new Float64Array(pValues.length).fill(NaN);
  const reject = new Array<boolean>(pValues.length).fill(false);
  let running = 0;
  let stillRejecting = true;
  for (let r = 0; r < m; r++) {
    const i = idx[r];
    const p = pValues[i];
    running = Math.max(running, Math.min(1, (m - r) * p));
    adjusted[i] = running;
    if (stillRejecting && p <= alpha / (m - r)) reject[i] = true;
    else stillRejecting = false;
  }
  return { adjusted, reject, m };
}

/**
 * Holm-adjusts the upper triangle (i < j) of a pairwise significance matrix as one family of n(n−1)/2 tests;
 * other entries are copied unchanged.
 */
export function holmAdjustMatrix(sig: ReadonlyArray<ArrayLike<number>>): Float64Array[] {
  const n = sig.length;
  const flat: number[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) flat.push(sig[i][j]);
  const { adjusted } = holmBonferroni(flat);
  const out = sig.map((row) => Float64Array.from(row));
  let t = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) out[i][j] = adjusted[t++];
  return out;
}
