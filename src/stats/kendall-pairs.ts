// Counting the pairs behind every Kendall statistic: concordant, discordant, tied in gold only, tied in the
// metric only, tied in both. Two exact algorithms:
//  - `kendallPairCounts` / `kendallTieProfile`: Knight's O(n log n) method. Sort by (metric, gold), then the
//    discordant pairs are the strict inversions of the gold sequence (merge sort, or a Fenwick tree when gold
//    has few distinct values, e.g. human ratings).
//  - `kendallPairCountsWithEpsilon`: a metric pair counts as tied when |Δmetric| ≤ ε (mt-metrics-eval's
//    `PairwiseDiffs`). A sweep in metric order with a Fenwick tree over gold ranks, O(n log n).
// and the O(n²) definition (`kendallPairCountsNaive`) that both must equal. Inputs must be NaN-free here;
// kendall-variants.ts handles the reference's NaN conventions around these.

import { denseRanks, sortedDistinct } from './ranks.js';
import { stableOrder } from './stable-order.js';

export interface KendallPairCounts {
  concordant: number;
  discordant: number;
  /** Pairs tied in gold but not in the metric (mt-metrics-eval `ties_human`, scipy's U − joint). */
  tiesGoldOnly: number;
  /** Pairs tied in the metric but not in gold (`ties_metric`). */
  tiesMetricOnly: number;
  /** Pairs tied in both (`ties_both`). */
  tiesBoth: number;
  /** n(n−1)/2. */
  pairs: number;
}

/** n(n−1)/2, and +0 (not −0) for an empty vector. */
export function pairCount(n: number): number {
  return n < 2 ? 0 : (n * (n - 1)) / 2;
}

function checkLengths(gold: ArrayLike<number>, metric: ArrayLike<number>): number {
  if (gold.length !== metric.length) throw new RangeError(`length mismatch: gold ${gold.length}, metric ${metric.length}`);
  return gold.length;
}

/** Stable counting sort of `order` by `key[order[i]]` (keys in 0…count−1). */
function countingSortBy(order: Int32Array, key: Int32Array, count: number): Int32Array {
  const starts = new Int32Array(count + 1);
  for (let i = 0; i < order.length; i++) starts[key[order[i]] + 1]++;
  for (let k = 0; k < count; k++) starts[k + 1] += starts[k];
  const out = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) out[starts[key[order[i]]]++] = order[i];
  return out;
}

/** Number of pairs i < j with seq[i] > seq[j] (strict: equal values are not inversions). Sorts `seq` in place. */
export function countStrictInversions(seq: Int32Array): number {
  const n = seq.length;
  let inversions = 0;
  // Insertion sort on runs of 16: each shift past a strictly larger element is one inversion.
  const RUN = 16;
  for (let lo = 0; lo < n; lo += RUN) {
    const hi = Math.min(lo + RUN, n);
    for (let i = lo + 1; i < hi; i++) {
      const v = seq[i];
      let j = i - 1;
      while (j >= lo && seq[j] > v) {
        seq[j + 1] = seq[j];
        j--;
      }
      inversions += i - 1 - j;
      seq[j + 1] = v;
    }
  }
  // Bottom-up merges; taking the left element on equality keeps equal values from counting.
  let src: Int32Array = seq;
  let dst: Int32Array = new Int32Array(n);
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        if (src[j] < src[i]) {
          inversions += mid - i;
          dst[k++] = src[j++];
        } else {
          dst[k++] = src[i++];
        }
      }
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
    }
    const t = src;
    src = dst;
    dst = t;
  }
  if (src !== seq) seq.set(src);
  return inversions;
}

/** Strict inversions of a sequence of ranks 0…count−1 with a Fenwick tree: O(n log count), for small count. */
function countInversionsFenwick(seq: Int32Array, count: number): number {
  const tree = new Int32Array(count + 1);
  let inversions = 0;
  for (let i = 0; i < seq.length; i++) {
    const r = seq[i] + 1;
    let atOrBelow = 0;
    for (let k = r; k > 0; k -= k & -k) atOrBelow += tree[k];
    inversions += i - atOrBelow; // earlier elements strictly above
    for (let k = r; k <= count; k += k & -k) tree[k]++;
  }
  return inversions;
}

/** Tie statistics of one vector, as scipy's `count_rank_tie`: Σt(t−1)/2, Σt(t−1)(t−2), Σt(t−1)(2t+5) over tie groups of size t. */
export interface TieSums {
  pairs: number;
  cubic: number;
  variance: number;
}

export interface KendallTieProfile {
  counts: KendallPairCounts;
  goldTies: TieSums;
  metricTies: TieSums;
  /** Numbers of distinct gold and metric values (tau-c's classes). */
  goldDistinct: number;
  metricDistinct: number;
}

class TieAccumulator implements TieSums {
  pairs = 0;
  cubic = 0;
  variance = 0;
  distinct = 0;
  addRun(t: number): void {
    this.distinct++;
    if (t > 1) {
      this.pairs += (t * (t - 1)) / 2;
      this.cubic += t * (t - 1) * (t - 2);
      this.variance += t * (t - 1) * (2 * t + 5);
    }
  }
}

function asFloat64(values: ArrayLike<number>): Float64Array {
  return values instanceof Float64Array ? values : Float64Array.from(values);
}

/** Exact-tie pair counts plus each vector's tie statistics, O(n log n). NaN-free input. */
export function kendallTieProfile(gold: ArrayLike<number>, metric: ArrayLike<number>): KendallTieProfile {
  const n = checkLengths(gold, metric);
  const g = asFloat64(gold);
  const m = asFloat64(metric);
  // 1. Gold order; dense gold ranks and the metric values, both laid out in that order.
  const goldOrder = stableOrder(g);
  const goldRank = new Int32Array(n);
  const metricByGold = new Float64Array(n);
  const goldTies = new TieAccumulator();
  let rank = 0;
  let run = 0;
  let previous = NaN;
  for (let k = 0; k < n; k++) {
    const i = goldOrder[k];
    const v = g[i];
    if (k > 0 && v !== previous) {
      goldTies.addRun(run);
      rank++;
      run = 0;
    }
    previous = v;
    run++;
    goldRank[k] = rank;
    metricByGold[k] = m[i];
  }
  if (n) goldTies.addRun(run);
  const goldCount = n ? rank + 1 : 0;
  // 2. A stable sort of that layout by metric is the (metric, gold) order: equal metrics keep gold order.
  const order = stableOrder(metricByGold);
  const seq = new Int32Array(n);
  const metricTies = new TieAccumulator();
  let tiesJoint = 0;
  let metricRun = 0;
  let jointRun = 0;
  let previousMetric = NaN;
  let previousGold = -1;
  for (let k = 0; k < n; k++) {
    const pos = order[k];
    const mv = metricByGold[pos];
    const gr = goldRank[pos];
    seq[k] = gr;
    if (k > 0 && mv === previousMetric) {
      metricRun++;
      if (gr === previousGold) jointRun++;
      else {
        tiesJoint += (jointRun * (jointRun - 1)) / 2;
        jointRun = 1;
      }
    } else {
      if (k > 0) metricTies.addRun(metricRun);
      tiesJoint += (jointRun * (jointRun - 1)) / 2;
      metricRun = 1;
      jointRun = 1;
    }
    previousMetric = mv;
    previousGold = gr;
  }
  if (n) metricTies.addRun(metricRun);
  tiesJoint += (jointRun * (jointRun - 1)) / 2;
  // 3. Within a metric tie the gold ranks ascend, so every strict inversion is a pair with metric up, gold down.
  const discordant = goldCount * 8 <= n ? countInversionsFenwick(seq, goldCount) : countStrictInversions(seq);
  const pairs = pairCount(n);
  const tiesGoldOnly = goldTies.pairs - tiesJoint;
  const tiesMetricOnly = metricTies.pairs - tiesJoint;
  const concordant = pairs - discordant - tiesGoldOnly - tiesMetricOnly - tiesJoint;
  return {
    counts: { concordant, discordant, tiesGoldOnly, tiesMetricOnly, tiesBoth: tiesJoint, pairs },
    goldTies,
    metricTies,
    goldDistinct: goldTies.distinct,
    metricDistinct: metricTies.distinct,
  };
}

/** Exact-equality pair counts of two NaN-free vectors, O(n log n). */
export function kendallPairCounts(gold: ArrayLike<number>, metric: ArrayLike<number>): KendallPairCounts {
  return kendallTieProfile(gold, metric).counts;
}

/**
 * Pair counts where a metric pair is tied when |metric_j − metric_i| ≤ ε, the difference being the rounded
 * double `metric_j − metric_i` exactly as the reference's `np.abs(x1 − x2) <= epsilon`. Gold ties are exact.
 * O(n log n): rounding is monotone, so for each j the pairs with fl(m_j − m_i) > ε form a prefix in metric order.
 */
export function kendallPairCountsWithEpsilon(
  gold: ArrayLike<number>,
  metric: ArrayLike<number>,
  epsilon: number,
): KendallPairCounts {
  const n = checkLengths(gold, metric);
  if (!(epsilon >= 0)) throw new RangeError('epsilon must be non-negative');
  const pairs = pairCount(n);
  const g = denseRanks(gold);
  const m = denseRanks(metric);
  // Indices by ascending metric (ties: by gold rank, which the gold-tie pass below relies on).
  let order: Int32Array = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order = countingSortBy(countingSortBy(order, g.ranks, g.count), m.ranks, m.count);

  const tree = new Int32Array(g.count + 1); // Fenwick tree over gold ranks (1-based)
  let concordant = 0;
  let discordant = 0;
  let tiesGoldOnly = 0;
  let untied = 0;
  let boundary = 0;
  for (let p = 0; p < n; p++) {
    const j = order[p];
    const mj = metric[j];
    while (boundary < p && mj - metric[order[boundary]] > epsilon) {
      for (let k = g.ranks[order[boundary]] + 1; k <= g.count; k += k & -k) tree[k]++;
      boundary++;
    }
    const r = g.ranks[j];
    let below = 0; // inserted elements with a smaller gold rank
    for (let k = r; k > 0; k -= k & -k) below += tree[k];
    let atOrBelow = 0; // … with a gold rank ≤ r
    for (let k = r + 1; k > 0; k -= k & -k) atOrBelow += tree[k];
    concordant += below;
    tiesGoldOnly += atOrBelow - below;
    discordant += boundary - atOrBelow;
    untied += boundary;
  }
  // Pairs tied in both: within each gold value, in metric order, a sliding window of width ε.
  let tiesBoth = 0;
  const byGold = countingSortBy(order, g.ranks, g.count); // stable: metric order kept inside each gold value
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && g.ranks[byGold[end]] === g.ranks[byGold[start]]) end++;
    let left = start;
    for (let p = start + 1; p < end; p++) {
      const mp = metric[byGold[p]];
      while (mp - metric[byGold[left]] > epsilon) left++;
      tiesBoth += p - left;
    }
    start = end;
  }
  const tiesMetric = pairs - untied;
  return { concordant, discordant, tiesGoldOnly, tiesMetricOnly: tiesMetric - tiesBoth, tiesBoth, pairs };
}

/** The O(n²) definition, with the same ε rule. The reference for tests and the fast path for tiny groups. */
export function kendallPairCountsNaive(gold: ArrayLike<number>, metric: ArrayLike<number>, epsilon = 0): KendallPairCounts {
  const n = checkLengths(gold, metric);
  let concordant = 0, discordant = 0, tiesGoldOnly = 0, tiesMetricOnly = 0, tiesBoth = 0;
  for (let i = 0; i < n; i++) {
    const gi = gold[i];
    const mi = metric[i];
    for (let j = i + 1; j < n; j++) {
      const dm = metric[j] - mi;
      const dg = gold[j] - gi;
      const metricTie = Math.abs(dm) <= epsilon;
      if (dg === 0) {
        if (metricTie) tiesBoth++;
        else tiesGoldOnly++;
      } else if (metricTie) tiesMetricOnly++;
      else if ((dm > 0 && dg > 0) || (dm < 0 && dg < 0)) concordant++;
      else discordant++;
    }
  }
  return { concordant, discordant, tiesGoldOnly, tiesMetricOnly, tiesBoth, pairs: pairCount(n) };
}

/** Number of distinct values (-0 and +0 as one). NaN-free input. */
export function distinctCount(values: ArrayLike<number>): number {
  return sortedDistinct(values).length;
}
