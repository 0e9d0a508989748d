// Soft pairwise accuracy (SPA; Thompson et al., WMT24 metrics task: "1 − pairwise confidence error"), as
// mt-metrics-eval's pce.py and `stats.PairwiseConfidenceError`:
//  - for every system pair (i, j), i < j, a paired permutation test on segment scores gives the p-value of
//    "system i is better than system j": with the observed delta Σ_l (x_il − x_jl) and, per permutation, a random
//    sign per segment s_l = ±1, p = share of permutations with Σ_l s_l·(x_il − x_jl) ≥ delta. One set of sign
//    vectors serves every pair (the reference draws its sign matrix once per call);
//  - this is done on the human scores and on the metric's scores, with the SAME sign vectors (the reference seeds
//    both calls with 4), and SPA = 1 − mean over pairs of |p_human − p_metric|.
// So SPA rewards a metric for being as confident as humans about each pair, not just for the order.
// Differences from the reference: our signs come from rng.ts (a fair coin per segment; NumPy's rint(U) in
// float32 is 1 with probability ½ − 2⁻²⁴), and sums are float64 where pce.py uses float32, so p-values agree
// within Monte-Carlo error, not bit for bit.

import type { GoldVector } from './grouping.js';
import { itemCount } from './grouping.js';
import { createRng, type Rng } from './rng.js';

export const DEFAULT_SPA_PERMUTATIONS = 1000;
/** pce.py's default seed (for NumPy's generator; here for ours). */
export const DEFAULT_SPA_SEED = 4;

export interface SignVectorOptions {
  /** Number of permutations (default 1000). */
  numPermutations?: number;
  /** Default 4; ignored when `rng` is given. */
  seed?: number;
  rng?: Rng;
}

/** K sign vectors over L segments, bit-packed: bit l of permutation k set = sign +1. */
export interface SignVectors {
  numPermutations: number;
  numSegments: number;
  wordsPerPermutation: number;
  bits: Uint32Array;
}

export function drawSignVectors(numSegments: number, options: SignVectorOptions = {}): SignVectors {
  const K = options.numPermutations ?? DEFAULT_SPA_PERMUTATIONS;
  if (!Number.isInteger(K) || K < 1) throw new RangeError(`numPermutations must be a positive integer, got ${K}`);
  const rng = options.rng ?? createRng(options.seed ?? DEFAULT_SPA_SEED);
  const W = (numSegments + 31) >>> 5;
  const bits = new Uint32Array(K * W);
  for (let i = 0; i < bits.length; i++) bits[i] = rng.nextUint32();
  return { numPermutations: K, numSegments, wordsPerPermutation: W, bits };
}

/**
 * p[i][j] for i < j: permutation p-value that system i beats system j (pce.py `compute_pairwise_p_values`).
 * `segScores[s]` holds system s's segment scores; NaN on and below the diagonal, as the reference.
 */
export function pairwisePermutationPValues(segScores: ReadonlyArray<ArrayLike<number>>, signs: SignVectors): Float64Array[] {
  const S = segScores.length;
  const L = signs.numSegments;
  for (const row of segScores) if (row.length !== L) throw new RangeError(`every system needs ${L} segment scores, got ${row.length}`);
  const K = signs.numPermutations;
  const W = signs.wordsPerPermutation;
  // partial[k·S + s] = Σ_l s_kl·x_sl. The observed totals are the all-plus case, summed in the same order, so a
  // permutation that flips nothing reproduces them exactly.
  const partial = new Float64Array(K * S);
  const totals = new Float64Array(S);
  for (let s = 0; s < S; s++) {
    const x = segScores[s];
    let total = 0;
    for (let l = 0; l < L; l++) total += x[l];
    totals[s] = total;
    for (let k = 0; k < K; k++) {
      const base = k * W;
      let sum = 0;
      for (let l = 0; l < L; l++) {
        const plus = (signs.bits[base + (l >>> 5)] >>> (l & 31)) & 1;
        sum += plus ? x[l] : -x[l];
      }
      partial[k * S + s] = sum;
    }
  }
  const p = Array.from({ length: S }, () => new Float64Array(S).fill(NaN));
  for (let i = 0; i < S; i++) {
    for (let j = i + 1; j < S; j++) {
      const observed = totals[i] - totals[j];
      let count = 0;
      for (let k = 0; k < K; k++) if (partial[k * S + i] - partial[k * S + j] >= observed) count++;
      p[i][j] = count / K;
    }
  }
  return p;
}

/** 1 − mean over i < j of |p_human[i][j] − p_metric[i][j]| (pce.py `compute_one_minus_pce`). */
export function softPairwiseAccuracy(humanP: ReadonlyArray<ArrayLike<number>>, metricP: ReadonlyArray<ArrayLike<number>>): number {
  const S = humanP.length;
  if (metricP.length !== S) throw new RangeError(`p-value matrices differ in size: ${S} vs ${metricP.length}`);
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < S; i++) {
    for (let j = i + 1; j < S; j++) {
      sum += Math.abs(humanP[i][j] - metricP[i][j]);
      pairs++;
    }
  }
  return 1 - sum / pairs;
}

export interface SoftPairwiseResult {
  /** Soft pairwise accuracy, 1 − PCE. */
  accuracy: number;
  humanPValues: Float64Array[];
  metricPValues: Float64Array[];
}

/** Rows of a system-major vector after dropping unrated cells; every system must keep the same number of segments. */
function systemRows(gold: GoldVector, metric: ArrayLike<number>, numSys: number): { human: Float64Array[]; scores: Float64Array[] } {
  const numItems = itemCount(gold.length, numSys);
  const human: Float64Array[] = [];
  const scores: Float64Array[] = [];
  for (let s = 0; s < numSys; s++) {
    const h: number[] = [];
    const m: number[] = [];
    for (let i = s * numItems; i < (s + 1) * numItems; i++) {
      const g = gold[i];
      if (g === null || g === undefined) continue;
      h.push(g);
      m.push(metric[i]);
    }
    // The reference reshapes the filtered vector to num_sys rows, which only lines up when every system kept the
    // same number of cells; otherwise its rows would mix systems, so we refuse.
    if (s > 0 && h.length !== human[0].length) throw new RangeError(`system ${s} has ${h.length} rated segments, system 0 has ${human[0].length}`);
    human.push(Float64Array.from(h));
    scores.push(Float64Array.from(m));
  }
  return { human, scores };
}

/**
 * `stats.PairwiseConfidenceError` on a system-major (numSys × numItems) vector pair with null = unrated gold:
 * system-level SPA from segment scores, human and metric tested with the same sign vectors.
 */
export function softPairwiseAccuracyFromScores(
  gold: GoldVector,
  metric: ArrayLike<number>,
  numSys: number,
  options: SignVectorOptions = {},
): SoftPairwiseResult {
  if (gold.length !== metric.length) throw new RangeError(`length mismatch: gold ${gold.length}, metric ${metric.length}`);
  const { human, scores } = systemRows(gold, metric, numSys);
  const signs = drawSignVectors(human[0]?.length ?? 0, options);
  const humanPValues = pairwisePermutationPValues(human, signs);
  const metricPValues = pairwisePermutationPValues(scores, signs);
  return { accuracy: softPairwiseAccuracy(humanPValues, metricPValues), humanPValues, metricPValues };
}
