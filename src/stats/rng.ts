// The one seedable random source of trenchcoat: xoshiro128** (Blackman & Vigna 2018), 128-bit state, 32-bit
// outputs, seeded through a SplitMix32-style mixer so that nearby seeds give unrelated streams. Every random
// procedure (permutation tests, bootstrap, sampling) takes a seed and builds one of these; same seed ⇒ same
// numbers on every platform (integer arithmetic only, doubles built from 53 random bits).
// It does not reproduce NumPy's streams: tests of RNG-dependent reference results compare distributions.

import { logGamma } from './special.js';

export interface Rng {
  /** Next raw 32-bit output. */
  nextUint32(): number;
  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number;
  /** Uniform integer in [0, n), unbiased, for 1 ≤ n ≤ 2³². */
  int(n: number): number;
  /** Standard normal draw (Box–Muller, two uniforms per draw, nothing cached). */
  normal(): number;
  /** Fisher–Yates shuffle in place; returns the same array. */
  shuffle<T extends { length: number; [i: number]: any }>(array: T): T;
  /** Binomial(n, p) draw. */
  binomial(n: number, p: number): number;
}

const TWO_32 = 4294967296;

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** SplitMix32-style stream: a Weyl sequence pushed through a 32-bit finaliser (murmur3 constants). */
function seedStream(seed: number): () => number {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a non-negative safe integer, got ${seed}`);
  let state = (seed >>> 0) ^ Math.imul(Math.floor(seed / TWO_32) >>> 0, 0x85ebca6b);
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** A new generator from a non-negative integer seed (up to 2⁵³ − 1). */
export function createRng(seed: number): Rng {
  const next = seedStream(seed);
  let s0 = next(), s1 = next(), s2 = next(), s3 = next();
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1; // the all-zero state is a fixed point

  function nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  }

  function uniform(): number {
    const hi = nextUint32() >>> 5; // 27 bits
    const lo = nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  function int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_32) throw new RangeError(`int(n) needs an integer 1 ≤ n ≤ 2^32, got ${n}`);
    // Reject the top partial block so that every residue is equally likely.
    const limit = TWO_32 - (TWO_32 % n);
    for (;;) {
      const r = nextUint32();
      if (r < limit) return r % n;
    }
  }

  function normal(): number {
    const u1 = 1 - uniform(); // (0, 1]: log is finite
    const u2 = uniform();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  function shuffle<T extends { length: number; [i: number]: any }>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = int(i + 1);
      const t = array[i];
      array[i] = array[j];
      array[j] = t;
    }
    return array;
  }

  function binomial(n: number, p: number): number {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`binomial n must be a non-negative integer, got ${n}`);
    if (!(p >= 0 && p <= 1)) throw new RangeError(`binomial p must be in [0, 1], got ${p}`);
    if (n === 0 || p === 0) return 0;
    if (p === 1) return n;
    if (p > 0.5) return n - binomial(n, 1 - p);
    const q = 1 - p;
    const ratio = p / q;
    if (n * p < 30) {
      // Inversion from 0: P(k+1) = P(k)·(n−k)/(k+1)·p/q.
      let u = uniform();
      let pk = Math.exp(n * Math.log1p(-p));
      for (let k = 0; k < n; k++) {
        if (u < pk) return k;
        u -= pk;
        pk *= ((n - k) / (k + 1)) * ratio;
      }
      return n;
    }
    // Inversion that visits outcomes from the mode outwards (alternately below and above), so the expected
    // work is O(√(npq)); any visiting order is an exact inversion of the same distribution.
    const mode = Math.floor((n + 1) * p);
    const logPmf = logGamma(n + 1) - logGamma(mode + 1) - logGamma(n - mode + 1) + mode * Math.log(p) + (n - mode) * Math.log1p(-p);
    let u = uniform();
    const pMode = Math.exp(logPmf);
    if (u < pMode) return mode;
    u -= pMode;
    let down = mode, pDown = pMode;
    let up = mode, pUp = pMode;
    while (down > 0 || up < n) {
      if (down > 0) {
        pDown *= (down / (n - down + 1)) / ratio;
        down--;
        if (u < pDown) return down;
        u -= pDown;
      }
      if (up < n) {
        pUp *= ((n - up) / (up + 1)) * ratio;
        up++;
        if (u < pUp) return up;
        u -= pUp;
      }
    }
    return mode; // only reachable through rounding of the probabilities' sum
  }

  return { nextUint32, uniform, int, normal, shuffle, binomial };
}
