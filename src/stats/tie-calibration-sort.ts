// The pairs of tie calibration in sweep order: ascending |Δmetric|, equal |Δ| in arrival (enumeration) order,
// NaN last in arrival order — stable-order.ts's order, which the sweep must follow pair by pair to repeat the
// reference's floating-point additions. Specialised for |Δ| ≥ 0: zeros (metric ties, often many) need no sorting,
// they come first as they arrived; the positive doubles order as their bit patterns, so an LSD radix sort runs on
// the high 32 bits over only the span those values occupy (max − min of the high words: 2 passes of ≤ 12 bits
// up to 28 bits of span — |Δ| within ~256 binades — the lowest ≤ 4 of them left out; 3 passes beyond), carrying
// the pair codes along so no gather pass follows; values that share their radix key (equal, or within ~2^-16
// relative) are then put in order by a stable insertion sort within the run (an index-tied comparison sort
// for long runs). Scratch buffers are reused across calls up to RETAIN_PAIRS pairs.

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE_ENDIAN ? 1 : 0;
/** Buffers for at most this many pairs are kept between calls (~14 MB); larger ones are dropped after use. */
const RETAIN_PAIRS = 1 << 19;
const MAX_DIGIT_BITS = 12;
const INSERTION_RUN = 32;
const DROPPABLE_BITS = 4;

export interface SortedPairs {
  /** |Δ| of each pair in sweep order. */
  diffs: Float64Array;
  /** The code each pair was added with, in the same order. */
  codes: Int32Array;
}

export class PairSorter {
  private capacity = 0;
  private zeroCodes = new Int32Array(0);
  private nanCodes = new Int32Array(0);
  private posDiff = new Float64Array(0);
  private posCode = new Int32Array(0);
  private tmpDiff = new Float64Array(0);
  private tmpCode = new Int32Array(0);
  private outDiff = new Float64Array(0);
  private outCode = new Int32Array(0);
  private readonly counts = new Uint32Array(3 << MAX_DIGIT_BITS);
  private zeros = 0;
  private positives = 0;
  private nans = 0;

  /** Empties the sorter for up to `maxPairs` pairs. */
  reset(maxPairs: number): void {
    if (maxPairs > this.capacity || (this.capacity > RETAIN_PAIRS && maxPairs <= RETAIN_PAIRS)) this.allocate(maxPairs);
    this.zeros = 0;
    this.positives = 0;
    this.nans = 0;
  }

  private allocate(n: number): void {
    this.capacity = n;
    this.zeroCodes = new Int32Array(n);
    this.nanCodes = new Int32Array(n);
    this.posDiff = new Float64Array(n);
    this.posCode = new Int32Array(n);
    this.tmpDiff = new Float64Array(n);
    this.tmpCode = new Int32Array(n);
    this.outDiff = new Float64Array(n);
    this.outCode = new Int32Array(n);
  }

  get size(): number {
    return this.zeros + this.positives + this.nans;
  }

  /** Files one pair: d = |Δ| (≥ 0 or NaN), code = what the sweep needs of it. */
  add(d: number, code: number): void {
    if (d > 0) {
      this.posDiff[this.positives] = d;
      this.posCode[this.positives++] = code;
    } else if (d === 0) this.zeroCodes[this.zeros++] = code;
    else this.nanCodes[this.nans++] = code;
  }

  /** The pairs in sweep order (views into scratch, valid until the next reset). */
  sorted(): SortedPairs {
    const [diff, code] = this.sortPositives();
    const { zeros: z, positives: p, nans: q, outDiff, outCode } = this;
    outDiff.fill(0, 0, z);
    outCode.set(this.zeroCodes.subarray(0, z), 0);
    outDiff.set(diff.subarray(0, p), z);
    outCode.set(code.subarray(0, p), z);
    outDiff.fill(NaN, z + p, z + p + q);
    outCode.set(this.nanCodes.subarray(0, q), z + p);
    const n = z + p + q;
    const out = { diffs: outDiff.subarray(0, n), codes: outCode.subarray(0, n) };
    if (this.capacity > RETAIN_PAIRS) {
      // Keep only the result alive; the next reset allocates afresh.
      const kept = { diffs: out.diffs.slice(), codes: out.codes.slice() };
      this.capacity = 0;
      this.allocate(0);
      return kept;
    }
    return out;
  }

  /** LSD radix on the high words of the positive |Δ|, codes carried; returns the buffers holding the result. */
  private sortPositives(): [Float64Array, Int32Array] {
    const n = this.positives;
    let diff = this.posDiff;
    let code = this.posCode;
    if (n < 2) return [diff, code];
    let words = new Uint32Array(diff.buffer, diff.byteOffset, 2 * diff.length);
    let minHi = 0xffffffff;
    let maxHi = 0;
    for (let i = 0; i < n; i++) {
      const hi = words[2 * i + HI];
      if (hi < minHi) minHi = hi;
      if (hi > maxHi) maxHi = hi;
    }
    const span = maxHi - minHi;
    const spanBits = span === 0 ? 0 : 32 - Math.clz32(span);
    // Up to DROPPABLE_BITS low bits of the high word are left to the run sort, to save a third pass.
    const drop = spanBits > 2 * MAX_DIGIT_BITS && spanBits <= 2 * MAX_DIGIT_BITS + DROPPABLE_BITS ? spanBits - 2 * MAX_DIGIT_BITS : 0;
    const bits = spanBits - drop;
    const passes = Math.ceil(bits / MAX_DIGIT_BITS);
    if (passes > 0) {
      const width = Math.ceil(bits / passes);
      const buckets = 1 << width;
      const mask = buckets - 1;
      const counts = this.counts;
      counts.fill(0, 0, passes * buckets);
      for (let i = 0; i < n; i++) {
        const k = (words[2 * i + HI] - minHi) >>> drop;
        counts[k & mask]++;
        if (passes > 1) counts[buckets + ((k >>> width) & mask)]++;
        if (passes > 2) counts[2 * buckets + ((k >>> (2 * width)) & mask)]++;
      }
      let nextDiff = this.tmpDiff;
      let nextCode = this.tmpCode;
      for (let pass = 0; pass < passes; pass++) {
        const shift = pass * width + drop;
        const base = pass * buckets;
        if (counts[base + (((words[HI] - minHi) >>> shift) & mask)] === n) continue; // one digit value: nothing moves
        let sum = 0;
        for (let d = base; d < base + buckets; d++) {
          const c = counts[d];
          counts[d] = sum;
          sum += c;
        }
        for (let i = 0; i < n; i++) {
          const to = counts[base + (((words[2 * i + HI] - minHi) >>> shift) & mask)]++;
          nextDiff[to] = diff[i];
          nextCode[to] = code[i];
        }
        [diff, nextDiff] = [nextDiff, diff];
        [code, nextCode] = [nextCode, code];
        words = new Uint32Array(diff.buffer, diff.byteOffset, 2 * diff.length);
      }
    }
    // Runs sharing their radix key are in arrival order; order them by value where they are not already.
    for (let start = 0; start < n; ) {
      const key = (words[2 * start + HI] - minHi) >>> drop;
      let end = start + 1;
      let sorted = true;
      while (end < n && (words[2 * end + HI] - minHi) >>> drop === key) {
        if (diff[end] < diff[end - 1]) sorted = false;
        end++;
      }
      if (!sorted) sortRun(diff, code, start, end);
      start = end;
    }
    return [diff, code];
  }
}

/** Stable sort of diff[start, end) by value, code moved along. */
function sortRun(diff: Float64Array, code: Int32Array, start: number, end: number): void {
  if (end - start <= INSERTION_RUN) {
    for (let i = start + 1; i < end; i++) {
      const d = diff[i];
      const c = code[i];
      let j = i - 1;
      while (j >= start && diff[j] > d) {
        diff[j + 1] = diff[j];
        code[j + 1] = code[j];
        j--;
      }
      diff[j + 1] = d;
      code[j + 1] = c;
    }
    return;
  }
  const idx = Array.from({ length: end - start }, (_, k) => start + k);
  idx.sort((a, b) => diff[a] - diff[b] || a - b);
  const d = idx.map((i) => diff[i]);
  const c = idx.map((i) => code[i]);
  diff.set(d, start);
  code.set(c, start);
}
