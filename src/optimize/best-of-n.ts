// The unbiased best-of-n estimator. From one candidate set of size N scored by a proxy (the reward the policy is
// selected with) and a gold scorer, the expected proxy and gold score of the proxy-best of n candidates drawn
// without replacement is, for every n ≤ N, an exact average over all C(N, n) subsets:
//   sort the candidates by proxy ascending; the i-th (1-based) is the maximum of a random n-subset with probability
//   C(i − 1, n − 1) / C(N, n), so  E[gold of pick] = Σ_i C(i−1, n−1)/C(N, n) · gold_(i)
// (Nakano et al. 2021, WebGPT appendix; Gao et al. 2023, "Scaling laws for reward model overoptimization").
// Proxy ties: which tied candidate a selector picks is arbitrary, so the estimate assumes a uniformly random pick
// among the tied maxima. That is exactly the same as replacing each candidate's gold by the mean gold of its proxy
// tie group and then using any order inside the group (given how many tied candidates are in the subset, which
// ones are is uniform, so the expected gold of the pick is the group mean). The weights are computed as running
// ratios from the top (w_N = n/N, w_{i−1} = w_i·(i − n)/(i − 1)), so no binomial coefficient is ever formed and
// large N neither overflows nor loses precision.

/** Best-of-n weights for N candidates sorted ascending: out[i − 1] = C(i − 1, n − 1) / C(N, n). */
export function bestOfNWeights(N: number, n: number, out: Float64Array = new Float64Array(N)): Float64Array {
  if (!Number.isInteger(N) || !Number.isInteger(n) || n < 1 || n > N) throw new RangeError(`need 1 ≤ n ≤ N, got n = ${n}, N = ${N}`);
  out.fill(0);
  let w = n / N; // C(N − 1, n − 1) / C(N, n)
  for (let i = N; i >= n; i--) {
    out[i - 1] = w;
    w *= (i - n) / (i - 1); // C(i − 2, n − 1) / C(i − 1, n − 1)
  }
  return out;
}

export interface CandidateScores {
  proxy: ArrayLike<number>;
  gold: ArrayLike<number>;
}

export interface BestOfNCurve {
  /** n = 1 … maxN. */
  n: Int32Array;
  /** Expected proxy score of the proxy-best of n. */
  proxy: Float64Array;
  /** Expected gold score of the proxy-best of n. */
  gold: Float64Array;
}

/**
 * Candidates ordered by proxy ascending, with gold averaged within proxy tie groups. Candidates with a NaN proxy or
 * gold are dropped (a selector cannot rank them / nothing is known of them).
 */
export function sortForBestOfN(set: CandidateScores): { proxy: Float64Array; gold: Float64Array } {
  if (set.proxy.length !== set.gold.length) throw new RangeError(`proxy has ${set.proxy.length} candidates, gold ${set.gold.length}`);
  const idx: number[] = [];
  for (let i = 0; i < set.proxy.length; i++) if (!Number.isNaN(set.proxy[i]) && !Number.isNaN(set.gold[i])) idx.push(i);
  idx.sort((a, b) => set.proxy[a] - set.proxy[b] || a - b);
  const proxy = Float64Array.from(idx, (i) => set.proxy[i]);
  const gold = Float64Array.from(idx, (i) => set.gold[i]);
  for (let s = 0; s < proxy.length; ) {
    let e = s + 1;
    while (e < proxy.length && proxy[e] === proxy[s]) e++;
    if (e - s > 1) {
      let sum = 0;
      for (let k = s; k < e; k++) sum += gold[k];
      const m = sum / (e - s);
      for (let k = s; k < e; k++) gold[k] = m;
    }
    s = e;
  }
  return { proxy, gold };
}

/** Best-of-n curve of one candidate set, n = 1 … maxN (default: all candidates with both scores). */
export function bestOfNCurve(set: CandidateScores, maxN?: number): BestOfNCurve {
  const sorted = sortForBestOfN(set);
  const N = sorted.proxy.length;
  const top = maxN ?? N;
  if (top > N) throw new RangeError(`maxN = ${top} but only ${N} candidates have both scores`);
  const curve: BestOfNCurve = { n: new Int32Array(top), proxy: new Float64Array(top), gold: new Float64Array(top) };
  const w = new Float64Array(N);
  for (let n = 1; n <= top; n++) {
    let ep = 0, eg = 0;
    if (n === 1) {
      [ep, eg] = plainMeans(sorted.proxy, sorted.gold);
    } else {
      bestOfNWeights(N, n, w);
      for (let i = n - 1; i < N; i++) {
        ep += w[i] * sorted.proxy[i];
        eg += w[i] * sorted.gold[i];
      }
    }
    curve.n[n - 1] = n;
    curve.proxy[n - 1] = ep;
    curve.gold[n - 1] = eg;
  }
  return curve;
}

/**
 * Mean best-of-n curve over prompts (each prompt's own candidate set), n = 1 … maxN, where maxN defaults to the
 * smallest set size so every prompt contributes to every n.
 */
export function meanBestOfNCurve(sets: readonly CandidateScores[], maxN?: number): BestOfNCurve & { prompts: number } {
  if (sets.length === 0) throw new RangeError('no candidate sets');
  const sorted = sets.map(sortForBestOfN);
  const smallest = Math.min(...sorted.map((s) => s.proxy.length));
  const top = maxN ?? smallest;
  if (top < 1 || top > smallest) throw new RangeError(`maxN = ${top} but the smallest candidate set has ${smallest} scored candidates`);
  const proxy = new Float64Array(top);
  const gold = new Float64Array(top);
  // Weights depend only on (N, n): cache them per set size.
  const cache = new Map<number, Float64Array[]>();
  const weightsFor = (N: number) => {
    let ws = cache.get(N);
    if (!ws) {
      ws = [];
      for (let n = 1; n <= top; n++) ws.push(bestOfNWeights(N, n));
      cache.set(N, ws);
    }
    return ws;
  };
  for (const s of sorted) {
    const N = s.proxy.length;
    const ws = weightsFor(N);
    for (let n = 1; n <= top; n++) {
      const w = ws[n - 1];
      let ep = 0, eg = 0;
      if (n === 1) {
        [ep, eg] = plainMeans(s.proxy, s.gold);
      } else {
        for (let i = n - 1; i < N; i++) {
          ep += w[i] * s.proxy[i];
          eg += w[i] * s.gold[i];
        }
      }
      proxy[n - 1] += ep;
      gold[n - 1] += eg;
    }
  }
  for (let k = 0; k < top; k++) {
    proxy[k] /= sets.length;
    gold[k] /= sets.length;
  }
  return { n: Int32Array.from({ length: top }, (_, k) => k + 1), proxy, gold, prompts: sets.length };
}

/** n = 1 is the plain mean: one division instead of N roundings of the weight 1/N. */
function plainMeans(proxy: Float64Array, gold: Float64Array): [number, number] {
  let sp = 0, sg = 0;
  for (let i = 0; i < proxy.length; i++) {
    sp += proxy[i];
    sg += gold[i];
  }
  return [sp / proxy.length, sg / proxy.length];
}

/** KL divergence of the best-of-n policy from the base policy (Stiennon et al. 2020): log n − (n − 1)/n. */
export function klBestOfN(n: number): number {
  if (!(n >= 1)) throw new RangeError(`n must be ≥ 1, got ${n}`);
  return Math.log(n) - (n - 1) / n;
}

/**
 * The n whose KL_bon is nearest to `kl` (KL_bon increases in n): exact search up to 2²⁰; beyond that
 * KL_bon = log n − 1 + 1/n with 1/n < 1e-6, so n ≈ exp(kl + 1), rounded (Infinity past the double range).
 */
export function nForKl(kl: number): number {
  if (!(kl >= 0)) throw new RangeError(`KL must be ≥ 0, got ${kl}`);
  let lo = 1, hi = 1 << 20;
  if (klBestOfN(hi) <= kl) return Math.round(Math.exp(kl + 1));
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (klBestOfN(mid) <= kl) lo = mid;
    else hi = mid;
  }
  return kl - klBestOfN(lo) <= klBestOfN(hi) - kl ? lo : hi;
}
