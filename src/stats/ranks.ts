// Ranks of a numeric vector. Ties get the average of the positions they span (scipy.stats.rankdata's default
// 'average' method, which Spearman's rho uses); dense ranks number the distinct values 0, 1, 2, … (what the
// Kendall counters work on). Both walk one sorted order (stable-order.ts), O(n log n).

import { stableOrder } from './stable-order.js';

/** Distinct values in ascending order; -0 and +0 count as one value, as under `==`. Assumes no NaN. */
export function sortedDistinct(values: ArrayLike<number>): Float64Array {
  const sorted = Float64Array.from(values as ArrayLike<number>).sort();
  let k = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[k - 1]) sorted[k++] = sorted[i];
  }
  return sorted.subarray(0, k);
}

/** Index of the first element of `sorted` that is not below `v`. */
export function lowerBound(sorted: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index just past the last element of `sorted` that is not above `v`. */
export function upperBound(sorted: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Values as a Float64Array (no copy when they already are one). */
function asFloat64(values: ArrayLike<number>): Float64Array {
  return values instanceof Float64Array ? values : Float64Array.from(values);
}

/**
 * 1-based ranks with ties averaged, as `scipy.stats.rankdata(values)`. Any NaN makes every rank NaN
 * (scipy's default nan_policy='propagate').
 */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(values[i])) return out.fill(NaN);
  }
  const v = asFloat64(values);
  const order = stableOrder(v);
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && v[order[end]] === v[order[start]]) end++;
    // Positions start…end−1 (0-based) hold one value: their mean, plus one.
    const rank = (start + end + 1) / 2;
    for (let k = start; k < end; k++) out[order[k]] = rank;
    start = end;
  }
  return out;
}

export interface DenseRanks {
  /** 0-based dense rank of each value. */
  ranks: Int32Array;
  /** Number of distinct values (ranks run 0 … count−1). */
  count: number;
}

/** Dense ranks (0-based) of a NaN-free vector. */
export function denseRanks(values: ArrayLike<number>): DenseRanks {
  const n = values.length;
  const v = asFloat64(values);
  const order = stableOrder(v);
  const ranks = new Int32Array(n);
  let count = 0;
  for (let k = 0; k < n; k++) {
    if (k > 0 && v[order[k]] !== v[order[k - 1]]) count++;
    ranks[order[k]] = count;
  }
  return { ranks, count: n ? count + 1 : 0 };
}
