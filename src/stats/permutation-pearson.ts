// The fast engine of PERM-BOTH with Pearson (permutation.ts): per-group Pearson of both swapped sides from sufficient
// statistics and lookup tables indexed by the coin bits, instead of recomputing every correlation per resample.
// Coin bits as in permutation.ts: bit i of a resample's 32-bit words set = cell i keeps its scores.

import { isConstant, pearson } from './correlation.js';

/**
 * Cells per lookup-table chunk: 2⁶ entries × 3 sums × 8 bytes = 1.5 KB per 6 cells, 1 MB for 4216 cells, which
 * stays in L2. Measured on WMT21 en-de (4216 rated cells): 8 bits made the tables memory-bound (3 MB of random
 * reads), 4 bits doubled the lookups; 6 was fastest.
 */
const CHUNK_BITS = 6;
/** Table budget (doubles): 64 MB, about 260 000 cells; larger inputs use the recomputing engine. */
const MAX_TABLE_ENTRIES = 8 * 1024 * 1024;
/** Below this share of the (shifted) sum of squares the variance is recomputed exactly from the values. */
const CANCELLATION_GUARD = 1e-9;

/**
 * Pearson per group after swapping, from sufficient statistics. Within a group, shift both metrics by one
 * constant c (the mean of a and b there: Pearson does not change, cancellation shrinks), centre gold, and write
 * m1 = b + w·(a − b), m2 = a − w·(a − b) for the coin vector w. Then Σm, Σm², Σ(g−ḡ)m of both sides are the
 * all-b / all-a sums plus or minus Σw·d, Σw·(a² − b²), Σw·(g−ḡ)d, and each of those is a sum of table lookups:
 * per chunk of ≤ 6 cells, a 64-entry table indexed by the chunk's coin bits. One resample costs n/6 lookups.
 *
 * Exact where it matters: a group whose gold is constant is NaN; a swapped group is NaN exactly when all its
 * values are equal, decided from the coin bits against precomputed "constant patterns" (not from a variance
 * that rounding could make 1e-17); n = 2 gives ±1 as scipy's rounding does; a variance lost to cancellation is
 * recomputed from the values.
 */
export class PearsonSwapEngine {
  private readonly G: number;
  private readonly starts: Int32Array;
  private readonly lengths: Int32Array;
  private readonly valid: Uint8Array;
  private readonly goldSS: Float64Array;
  // Per group: Σ, Σ², Σ(g−ḡ)· of the shifted all-a and all-b vectors.
  private readonly sumA: Float64Array;
  private readonly sqA: Float64Array;
  private readonly crossA: Float64Array;
  private readonly sumB: Float64Array;
  private readonly sqB: Float64Array;
  private readonly crossB: Float64Array;
  // Chunks.
  private readonly chunkStart: Int32Array; // per group: first chunk; chunkStart[G] = number of chunks
  private readonly chunkWord: Int32Array;
  private readonly chunkShift: Int32Array;
  private readonly chunkMask: Int32Array;
  private readonly tables: Float64Array;
  // Constant patterns: per group a list of (side, care bits, wanted bits) per chunk.
  private readonly patterns: Map<number, { side: 1 | 2; care: Int32Array; want: Int32Array }[]>;
  private readonly hasPattern: Uint8Array;
  private readonly values1: Float64Array;
  private readonly values2: Float64Array;

  static fits(lengths: readonly number[]): boolean {
    let chunks = 0;
    for (const len of lengths) chunks += Math.ceil(len / CHUNK_BITS);
    return chunks * (1 << CHUNK_BITS) * 3 <= MAX_TABLE_ENTRIES;
  }

  constructor(
    lengths: number[],
    private readonly gold: Float64Array,
    private readonly a: Float64Array,
    private readonly b: Float64Array,
    /** The average over groups of per-group values (NaN = undefined group), the caller's NaN rule. */
    private readonly average: (values: Float64Array) => number,
  ) {
    const G = (this.G = lengths.length);
    this.starts = new Int32Array(G + 1);
    this.lengths = Int32Array.from(lengths);
    for (let g = 0; g < G; g++) this.starts[g + 1] = this.starts[g] + lengths[g];
    this.valid = new Uint8Array(G);
    this.goldSS = new Float64Array(G);
    this.sumA = new Float64Array(G);
    this.sqA = new Float64Array(G);
    this.crossA = new Float64Array(G);
    this.sumB = new Float64Array(G);
    this.sqB = new Float64Array(G);
    this.crossB = new Float64Array(G);
    this.chunkStart = new Int32Array(G + 1);
    for (let g = 0; g < G; g++) this.chunkStart[g + 1] = this.chunkStart[g] + Math.ceil(lengths[g] / CHUNK_BITS);
    const C = this.chunkStart[G];
    this.chunkWord = new Int32Array(C);
    this.chunkShift = new Int32Array(C);
    this.chunkMask = new Int32Array(C);
    const T = 1 << CHUNK_BITS;
    this.tables = new Float64Array(C * T * 3);
    this.patterns = new Map();
    this.hasPattern = new Uint8Array(G);
    this.values1 = new Float64Array(G);
    this.values2 = new Float64Array(G);

    const n = a.length;
    const d = new Float64Array(n);
    const q = new Float64Array(n);
    const e = new Float64Array(n);
    for (let g = 0; g < G; g++) {
      const s = this.starts[g];
      const len = lengths[g];
      const goldGroup = gold.subarray(s, s + len);
      this.valid[g] = len >= 2 && !isConstant(goldGroup) ? 1 : 0;
      let gMean = 0;
      let shift = 0;
      for (let i = s; i < s + len; i++) {
        gMean += gold[i];
        shift += a[i] + b[i];
      }
      gMean /= len;
      shift /= 2 * len;
      let gss = 0, sA = 0, qA = 0, xA = 0, sB = 0, qB = 0, xB = 0;
      for (let i = s; i < s + len; i++) {
        const gc = gold[i] - gMean;
        const as = a[i] - shift;
        const bs = b[i] - shift;
        gss += gc * gc;
        sA += as;
        qA += as * as;
        xA += gc * as;
        sB += bs;
        qB += bs * bs;
        xB += gc * bs;
        d[i] = as - bs;
        q[i] = as * as - bs * bs;
        e[i] = gc * (as - bs);
      }
      this.goldSS[g] = gss;
      this.sumA[g] = sA;
      this.sqA[g] = qA;
      this.crossA[g] = xA;
      this.sumB[g] = sB;
      this.sqB[g] = qB;
      this.crossB[g] = xB;
      for (let c = this.chunkStart[g], p = s; c < this.chunkStart[g + 1]; c++, p += CHUNK_BITS) {
        const bits = Math.min(CHUNK_BITS, s + len - p);
        this.chunkWord[c] = p >>> 5;
        this.chunkShift[c] = p & 31;
        this.chunkMask[c] = (1 << bits) - 1;
        const base = c * T * 3;
        for (let mask = 1; mask < 1 << bits; mask++) {
          const low = mask & -mask;
          const j = 31 - Math.clz32(low);
          const prev = base + (mask ^ low) * 3;
          const o = base + mask * 3;
          this.tables[o] = this.tables[prev] + d[p + j];
          this.tables[o + 1] = this.tables[prev + 1] + q[p + j];
          this.tables[o + 2] = this.tables[prev + 2] + e[p + j];
        }
      }
      this.buildConstantPatterns(g);
    }
  }

  /**
   * The coin vectors that make a swapped group constant. m1 (a where the coin keeps, b where it swaps) equals v
   * everywhere iff every cell has a = v or b = v, with the coin forced where only one of them does; v can only be
   * the first cell's a or b. Same for m2 with the roles of the coin reversed. Compared on the z-scores themselves.
   */
  private buildConstantPatterns(g: number): void {
    const s = this.starts[g];
    const len = this.lengths[g];
    const { a, b } = this;
    const found: { side: 1 | 2; care: Int32Array; want: Int32Array }[] = [];
    const candidates = a[s] === b[s] ? [a[s]] : [a[s], b[s]];
    for (const v of candidates) {
      const chunks = this.chunkStart[g + 1] - this.chunkStart[g];
      const care = new Int32Array(chunks);
      const want1 = new Int32Array(chunks);
      const want2 = new Int32Array(chunks);
      let possible = true;
      for (let i = 0; i < len && possible; i++) {
        const ea = a[s + i] === v;
        const eb = b[s + i] === v;
        if (!ea && !eb) possible = false;
        else if (ea !== eb) {
          const c = (i / CHUNK_BITS) | 0;
          const bit = 1 << i % CHUNK_BITS;
          care[c] |= bit;
          if (ea) want1[c] |= bit; // m1 keeps a: coin must say keep
          if (eb) want2[c] |= bit; // m2 takes b where the coin says keep
        }
      }
      if (possible) found.push({ side: 1, care, want: want1 }, { side: 2, care, want: want2 });
    }
    if (found.length) {
      this.patterns.set(g, found);
      this.hasPattern[g] = 1;
    }
  }

  private chunkBits(words: Uint32Array, c: number): number {
    const w = this.chunkWord[c];
    const sh = this.chunkShift[c];
    const bits = sh === 0 ? words[w] : (words[w] >>> sh) | (words[w + 1] << (32 - sh));
    return bits & this.chunkMask[c];
  }

  private isConstantSide(words: Uint32Array, g: number, side: 1 | 2): boolean {
    const list = this.patterns.get(g);
    if (!list) return false;
    const c0 = this.chunkStart[g];
    for (const p of list) {
      if (p.side !== side) continue;
      let match = true;
      for (let c = 0; c < p.care.length && match; c++) match = (this.chunkBits(words, c0 + c) & p.care[c]) === p.want[c];
      if (match) return true;
    }
    return false;
  }

  /** Pearson of gold with the swapped group, recomputed from the values (used when the variance cancelled). */
  private exactGroup(words: Uint32Array, g: number, side: 1 | 2): number {
    const s = this.starts[g];
    const len = this.lengths[g];
    const m = new Float64Array(len);
    for (let i = 0; i < len; i++) {
      const keep = ((words[(s + i) >>> 5] >>> ((s + i) & 31)) & 1) === 1;
      m[i] = keep === (side === 1) ? this.a[s + i] : this.b[s + i];
    }
    return pearson(this.gold.subarray(s, s + len), m).r;
  }

  private fromSums(words: Uint32Array, g: number, side: 1 | 2, sum: number, sq: number, cross: number): number {
    const n = this.lengths[g];
    const variance = sq - (sum * sum) / n;
    if (!(variance > CANCELLATION_GUARD * sq)) return this.exactGroup(words, g, side);
    let r = cross / Math.sqrt(this.goldSS[g] * variance);
    r = r > 1 ? 1 : r < -1 ? -1 : r;
    // scipy rounds r for two observations (it is ±1 up to rounding).
    return n === 2 ? Math.sign(r) : r;
  }

  /** Both sides' averaged correlations for the coin bits in `words` (bit i set: cell i keeps its scores). */
  evaluate(words: Uint32Array): { c1: number; c2: number } {
    const T3 = (1 << CHUNK_BITS) * 3;
    const { tables, chunkWord, chunkShift, chunkMask, hasPattern } = this;
    for (let g = 0; g < this.G; g++) {
      if (!this.valid[g]) {
        this.values1[g] = NaN;
        this.values2[g] = NaN;
        continue;
      }
      let sd = 0, sq = 0, se = 0;
      for (let c = this.chunkStart[g]; c < this.chunkStart[g + 1]; c++) {
        // chunkBits, inlined: this loop is the whole cost of a resample.
        const w = chunkWord[c];
        const sh = chunkShift[c];
        const bits = (sh === 0 ? words[w] : (words[w] >>> sh) | (words[w + 1] << (32 - sh))) & chunkMask[c];
        const o = c * T3 + bits * 3;
        sd += tables[o];
        sq += tables[o + 1];
        se += tables[o + 2];
      }
      const constant1 = hasPattern[g] === 1 && this.isConstantSide(words, g, 1);
      const constant2 = hasPattern[g] === 1 && this.isConstantSide(words, g, 2);
      // m1 = b + w·d, m2 = a − w·d.
      this.values1[g] = constant1 ? NaN : this.fromSums(words, g, 1, this.sumB[g] + sd, this.sqB[g] + sq, this.crossB[g] + se);
      this.values2[g] = constant2 ? NaN : this.fromSums(words, g, 2, this.sumA[g] - sd, this.sqA[g] - sq, this.crossA[g] - se);
    }
    return { c1: this.average(this.values1), c2: this.average(this.values2) };
  }
}
