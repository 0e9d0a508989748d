// chrF's per-order n-gram overlap of one hypothesis with each of its references, for token sequences given as small
// dense ids (characters or words of one segment), without building n-grams or hashing them.
//
// Tokens of the hypothesis are ids 0..V-1, numbered in order of first occurrence; reference tokens the hypothesis lacks
// are -1. Order by order, an n-gram is
// the pair (id of its (n-1)-gram prefix, id of its last token), and the pair's key prefix * V + last indexes a table
// directly: a generation stamp says whether the key was seen in this order, so nothing is cleared or probed. Reference
// n-grams are only looked up; one whose prefix or last token the hypothesis lacks is -1, and so is every longer n-gram
// that starts with it. Keys beyond DIRECT_KEY_LIMIT (very long lines) go through the collision-free PairInterner.

import { PairInterner } from './pair-interner.js';

/** Directly indexed key tables up to this many entries (8 MB of stamps and ids); above, the hashed interner. */
const DIRECT_KEY_LIMIT = 1 << 20;

function grown(buf: Int32Array<ArrayBuffer>, n: number): Int32Array<ArrayBuffer> {
  return buf.length >= n ? buf : new Int32Array(Math.max(n, buf.length * 2));
}

export class NgramOverlapCounter {
  private generation = 0;
  private keyStamp = new Int32Array(4096);
  private keyId = new Int32Array(4096);
  private readonly interner = new PairInterner();
  /** n-gram ids of the current order at each start position: hypothesis, then one array per reference. */
  private hypGrams = new Int32Array(256);
  private refGrams: Int32Array<ArrayBuffer>[] = [];
  /** Occurrences per hypothesis n-gram id in the current order, and what is left of them to match. */
  private hypCount = new Int32Array(256);
  private left = new Int32Array(256);
  /** Whether this order's hypothesis n-grams are in the direct key table (else in the interner). */
  private direct = true;

  constructor(private readonly directKeyLimit = DIRECT_KEY_LIMIT) {}

  /**
   * For n = 1..maxOrder, writes sacreBLEU's chrF triple [hypothesis n-grams, reference n-grams, matched n-grams] of the
   * hypothesis against reference r at `rows[r * rowWidth + 3 * (firstTriple + n - 1)]`. Matches are
   * Σ min(hypothesis count, reference count) over the n-grams; an order the reference is too short for reports 0
   * hypothesis n-grams, as sacreBLEU does.
   */
  countInto(
    hyp: Int32Array,
    hypLen: number,
    V: number,
    refs: readonly Int32Array[],
    refLens: Int32Array,
    maxOrder: number,
    rows: Float64Array,
    rowWidth: number,
    firstTriple: number,
  ): void {
    const nRefs = refs.length;
    this.prepare(hypLen, refs, refLens);
    let distinct = V;
    // Once every hypothesis n-gram of an order is distinct, its id is its position (ids are handed out in order of
    // first occurrence), and so it stays for longer n-grams: no table is needed from then on.
    let unique = false;
    for (let n = 1; n <= maxOrder; n++) {
      const hypN = hypLen - n + 1;
      if (hypN <= 0) {
        // the hypothesis is too short for this order and every higher one: no n-grams, no matches
        for (let m = n; m <= maxOrder; m++) {
          for (let r = 0; r < nRefs; r++) {
            const o = r * rowWidth + 3 * (firstTriple + m - 1);
            rows[o] = 0;
            rows[o + 1] = Math.max(0, refLens[r] - m + 1);
            rows[o + 2] = 0;
          }
        }
        return;
      }
      const extendsUnique = unique;
      if (n === 1) distinct = this.countUnigrams(hyp, hypLen, V);
      else if (extendsUnique) {
        distinct = hypN;
        this.hypCount.fill(1, 0, hypN);
      } else distinct = this.extendHypothesis(hyp, hypN, V, distinct, n);
      unique = distinct === hypN;
      for (let r = 0; r < nRefs; r++) {
        const refN = refLens[r] - n + 1;
        let match = 0;
        if (refN > 0) {
          // with one reference the hypothesis counts are not needed afterwards, so they are used up in place
          let avail = this.hypCount;
          if (nRefs > 1) {
            avail = this.left;
            const hypCount = this.hypCount;
            for (let g = 0; g < distinct; g++) avail[g] = hypCount[g];
          }
          if (n === 1) match = this.matchUnigrams(refs[r], refN, r, avail);
          else if (extendsUnique) match = this.matchAfterUnique(hyp, hypN, refs[r], refN, r, avail, n);
          else match = this.matchExtended(refs[r], refN, r, avail, V, n);
        }
        const o = r * rowWidth + 3 * (firstTriple + n - 1);
        rows[o] = refN > 0 ? hypN : 0;
        rows[o + 1] = refN > 0 ? refN : 0;
        rows[o + 2] = match;
      }
    }
  }

  /** Order 1: the token ids are the n-gram ids. Returns the number of ids (V). */
  private countUnigrams(hyp: Int32Array, hypLen: number, V: number): number {
    const hypGrams = this.hypGrams;
    const hypCount = this.hypCount;
    hypCount.fill(0, 0, V);
    for (let i = 0; i < hypLen; i++) {
      const t = hyp[i];
      hypGrams[i] = t;
      hypCount[t]++;
    }
    return V;
  }

  /** Order 1 of reference r: copies its token ids as its n-gram ids and takes its matches out of `avail`. */
  private matchUnigrams(ref: Int32Array, refN: number, r: number, avail: Int32Array): number {
    const grams = this.refGrams[r];
    let match = 0;
    for (let i = 0; i < refN; i++) {
      const g = ref[i];
      grams[i] = g;
      if (g >= 0 && avail[g] > 0) {
        avail[g]--;
        match++;
      }
    }
    return match;
  }

  /**
   * Replaces the hypothesis's order n-1 ids by order n ids in place and counts them; returns the number of distinct
   * hypothesis n-grams. The key table (or the interner) then holds this order's n-grams for `matchExtended`.
   */
  private extendHypothesis(hyp: Int32Array, hypN: number, V: number, prevDistinct: number, n: number): number {
    const hypGrams = this.hypGrams;
    const hypCount = this.hypCount;
    const last = n - 1;
    let count = 0;
    const keySpace = prevDistinct * V;
    if (keySpace <= this.directKeyLimit) {
      this.direct = true;
      if (this.keyStamp.length < keySpace) {
        this.keyStamp = new Int32Array(Math.max(keySpace, this.keyStamp.length * 2));
        this.keyId = new Int32Array(this.keyStamp.length);
        this.generation = 0;
      }
      if (++this.generation === 0x7fffffff) {
        this.keyStamp.fill(0);
        this.generation = 1;
      }
      const gen = this.generation;
      const keyStamp = this.keyStamp;
      const keyId = this.keyId;
      for (let i = 0; i < hypN; i++) {
        const key = hypGrams[i] * V + hyp[i + last];
        let id: number;
        if (keyStamp[key] !== gen) {
          keyStamp[key] = gen;
          keyId[key] = id = count++;
          hypCount[id] = 1;
        } else {
          id = keyId[key];
          hypCount[id]++;
        }
        hypGrams[i] = id;
      }
      return count;
    }
    this.direct = false;
    const table = this.interner;
    table.reset(hypN);
    for (let i = 0; i < hypN; i++) {
      const id = table.intern(hypGrams[i], hyp[i + last]);
      if (id === count) {
        // ids are handed out densely in order, so a new n-gram gets exactly the next one
        count++;
        hypCount[id] = 1;
      } else hypCount[id]++;
      hypGrams[i] = id;
    }
    return count;
  }

  /**
   * Order n of reference r when the hypothesis's (n-1)-grams were all distinct: a reference (n-1)-gram with id g is the
   * hypothesis's at position g, so the n-gram matches iff that position starts an n-gram with the same last token.
   */
  private matchAfterUnique(hyp: Int32Array, hypN: number, ref: Int32Array, refN: number, r: number, avail: Int32Array, n: number): number {
    const grams = this.refGrams[r];
    const last = n - 1;
    let match = 0;
    for (let i = 0; i < refN; i++) {
      let g = grams[i];
      if (g >= 0 && !(g < hypN && hyp[g + last] === ref[i + last])) g = -1;
      grams[i] = g;
      if (g >= 0 && avail[g] > 0) {
        avail[g]--;
        match++;
      }
    }
    return match;
  }

  /** Order n of reference r: replaces its order n-1 ids by order n ids (-1: not in the hypothesis) and matches them. */
  private matchExtended(ref: Int32Array, refN: number, r: number, avail: Int32Array, V: number, n: number): number {
    const grams = this.refGrams[r];
    const last = n - 1;
    let match = 0;
    if (this.direct) {
      const gen = this.generation;
      const keyStamp = this.keyStamp;
      const keyId = this.keyId;
      for (let i = 0; i < refN; i++) {
        const prefix = grams[i];
        const tok = ref[i + last];
        let g = -1;
        if (prefix >= 0 && tok >= 0) {
          const key = prefix * V + tok;
          if (keyStamp[key] === gen) g = keyId[key];
        }
        grams[i] = g;
        if (g >= 0 && avail[g] > 0) {
          avail[g]--;
          match++;
        }
      }
      return match;
    }
    const table = this.interner;
    for (let i = 0; i < refN; i++) {
      const prefix = grams[i];
      const tok = ref[i + last];
      const g = prefix < 0 || tok < 0 ? -1 : table.find(prefix, tok);
      grams[i] = g;
      if (g >= 0 && avail[g] > 0) {
        avail[g]--;
        match++;
      }
    }
    return match;
  }

  private prepare(hypLen: number, refs: readonly Int32Array[], refLens: Int32Array): void {
    this.hypGrams = grown(this.hypGrams, hypLen);
    this.hypCount = grown(this.hypCount, hypLen);
    this.left = grown(this.left, hypLen);
    for (let r = 0; r < refs.length; r++) {
      if (r === this.refGrams.length) this.refGrams.push(new Int32Array(256));
      this.refGrams[r] = grown(this.refGrams[r], refLens[r]);
    }
  }
}
