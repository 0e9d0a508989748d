// chrF's per-order n-gram overlap of one hypothesis with each of its references, for token sequences given as small
// dense ids (characters or words of one segment), without building n-grams or hashing them.
//
// Tokens of the hypothesis are ids 0..V-1, numbered in order of first occurrence; reference tokens the hypothesis lacks
// are -1. Order by order, an n-gram is
// the pair (id of its (n-1)-gram prefix, id of its last token), and the pair's key prefix * V + last indexes a table
// directly. The table holds `base + id`, where `base` grows past every id handed out before, so an entry below the
// current base is stale: one load says whether a key was seen in this order and which id it got, and nothing is
// cleared or probed. Reference
// n-grams are only looked up; one whose prefix or last token the hypothesis lacks is -1, and so is every longer n-gram
// that starts with it. Keys beyond DIRECT_KEY_LIMIT (very long lines) go through the collision-free PairInterner.

import { PairInterner } from './pair-interner.js';

/** Directly indexed key tables up to this many entries (8 MB of stamps and ids); above, the hashed interner. */
const DIRECT_KEY_LIMIT = 1 << 20;

/** `buf` if it holds `n` values, else a new buffer of at least twice its size (contents not kept). */
export function grown(buf: Int32Array<ArrayBuffer>, n: number): Int32Array<ArrayBuffer> {
  return buf.length >= n ? buf : new Int32Array(Math.max(n, buf.length * 2));
}

/** Buffers start empty and grow on demand (the first segment takes the growth path; see chrf.ts's Workspace). */
export class NgramOverlapCounter {
  /** `base + id` of each key of the current order; entries below `base` belong to earlier orders or segments. */
  private keyIds = new Int32Array(0);
  private base = 1;
  /** The next order's base: past every id handed out so far. */
  private nextBase = 1;
  private readonly interner = new PairInterner();
  /** n-gram ids of the current order at each start position: hypothesis, then one array per reference. */
  private hypGrams = new Int32Array(0);
  private refGrams: Int32Array<ArrayBuffer>[] = [];
  /** Occurrences per hypothesis n-gram id in the current order, and what is left of them to match. */
  private hypCount = new Int32Array(0);
  private left = new Int32Array(0);
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
      } else distinct = this.extendHypothesis(n === 2 ? hyp : this.hypGrams, hyp, hypN, V, distinct, n);
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
          const ref = refs[r];
          // order 1's n-gram ids are the token ids, so order 2 extends the tokens themselves
          const prefixes = n === 2 ? ref : this.refGrams[r];
          if (n === 1) match = matchIds(ref, refN, avail);
          else if (extendsUnique) match = this.matchAfterUnique(hyp, hypN, prefixes, ref, refN, r, avail, n);
          else if (this.direct) match = this.matchDirect(prefixes, ref, refN, r, avail, V, n);
          else match = this.matchHashed(prefixes, ref, refN, r, avail, n);
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
    const hypCount = this.hypCount;
    hypCount.fill(0, 0, V);
    for (let i = 0; i < hypLen; i++) hypCount[hyp[i]]++;
    return V;
  }

  /**
   * Order n of the hypothesis from its (n-1)-gram ids in `prefixes` (the tokens for n = 2): writes the n-gram ids to
   * `hypGrams`, counts them, and returns the number of distinct hypothesis n-grams. The key table (or the interner)
   * then holds this order's n-grams for the reference matching.
   */
  private extendHypothesis(prefixes: Int32Array, hyp: Int32Array, hypN: number, V: number, prevDistinct: number, n: number): number {
    const keySpace = prevDistinct * V;
    if (keySpace > this.directKeyLimit) return this.extendHashed(prefixes, hyp, hypN, n);
    this.direct = true;
    let keyIds = this.keyIds;
    if (keyIds.length < keySpace) keyIds = this.keyIds = new Int32Array(Math.max(keySpace, keyIds.length * 2));
    let base = this.nextBase;
    if (base > 0x7fffffff - hypN) {
      keyIds.fill(0);
      base = 1;
    }
    this.base = base;
    const hypGrams = this.hypGrams;
    const hypCount = this.hypCount;
    const last = n - 1;
    let next = base;
    for (let i = 0; i < hypN; i++) {
      const key = prefixes[i] * V + hyp[i + last];
      let id = keyIds[key] - base;
      if (id < 0) {
        id = next - base;
        keyIds[key] = next++;
        hypCount[id] = 1;
      } else hypCount[id]++;
      hypGrams[i] = id;
    }
    this.nextBase = next;
    return next - base;
  }

  /** extendHypothesis for key spaces too large for the direct table (very long lines): the hashed interner. */
  private extendHashed(prefixes: Int32Array, hyp: Int32Array, hypN: number, n: number): number {
    this.direct = false;
    const hypGrams = this.hypGrams;
    const hypCount = this.hypCount;
    const last = n - 1;
    const table = this.interner;
    table.reset(hypN);
    let count = 0;
    for (let i = 0; i < hypN; i++) {
      const id = table.intern(prefixes[i], hyp[i + last]);
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
  private matchAfterUnique(
    hyp: Int32Array,
    hypN: number,
    prefixes: Int32Array,
    ref: Int32Array,
    refN: number,
    r: number,
    avail: Int32Array,
    n: number,
  ): number {
    const grams = this.refGrams[r];
    const last = n - 1;
    let match = 0;
    for (let i = 0; i < refN; i++) {
      let g = prefixes[i];
      if (g >= 0 && !(g < hypN && hyp[g + last] === ref[i + last])) g = -1;
      grams[i] = g;
      if (g >= 0 && avail[g] > 0) {
        avail[g]--;
        match++;
      }
    }
    return match;
  }

  /** Order n of reference r: writes its order n ids (-1: not in the hypothesis) to its grams and matches them. */
  private matchDirect(prefixes: Int32Array, ref: Int32Array, refN: number, r: number, avail: Int32Array, V: number, n: number): number {
    const grams = this.refGrams[r];
    const last = n - 1;
    const base = this.base;
    const keyIds = this.keyIds;
    let match = 0;
    for (let i = 0; i < refN; i++) {
      const prefix = prefixes[i];
      const tok = ref[i + last];
      let g = -1;
      if (prefix >= 0 && tok >= 0) {
        const at = keyIds[prefix * V + tok];
        if (at >= base) g = at - base;
      }
      grams[i] = g;
      if (g >= 0 && avail[g] > 0) {
        avail[g]--;
        match++;
      }
    }
    return match;
  }

  /** matchDirect for n-grams kept in the hashed interner. */
  private matchHashed(prefixes: Int32Array, ref: Int32Array, refN: number, r: number, avail: Int32Array, n: number): number {
    const grams = this.refGrams[r];
    const last = n - 1;
    const table = this.interner;
    let match = 0;
    for (let i = 0; i < refN; i++) {
      const prefix = prefixes[i];
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
      if (r === this.refGrams.length) this.refGrams.push(new Int32Array(0));
      this.refGrams[r] = grown(this.refGrams[r], refLens[r]);
    }
  }
}

/** Order 1 of a reference: its token ids are its n-gram ids; takes its matches out of `avail`. */
function matchIds(ref: Int32Array, refN: number, avail: Int32Array): number {
  let match = 0;
  for (let i = 0; i < refN; i++) {
    const g = ref[i];
    if (g >= 0 && avail[g] > 0) {
      avail[g]--;
      match++;
    }
  }
  return match;
}
