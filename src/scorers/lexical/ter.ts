// TER (translation edit rate, Snover et al. 2006) with the numbers of sacreBLEU 2.6.0's `TER()`: tercom's greedy
// block-shift search over a beam-restricted edit distance. The facts reproduced here (limits, candidate order,
// tie-breaking, the 1000-candidate budget, the beam around a length-scaled diagonal) come from sacreBLEU's
// `metrics/ter.py` and `metrics/lib_ter.py`; the code is our own and works on integer-coded words in typed arrays.
//
// Statistics row: [edits of the best reference, mean reference length]. Corpus TER = 100 * Σedits / Σlength.

import { BaseStatisticsScorer, type Item, type Score, type SignatureContext } from '../contract.js';
import type { ScorerFactory } from '../registry.js';
import { formatSignature, formatSpec, type SpecOptions } from '../spec.js';
import { tercomNormalizedText, TERCOM_DEFAULTS, type TercomOptions } from './tokenizers/tercom.js';
import { isPyWhitespace } from './text.js';

// tercom's limits, as sacreBLEU sets them.
const MAX_SHIFT_SIZE = 10;
const MAX_SHIFT_DIST = 50;
const BEAM_WIDTH = 25;
// sacreBLEU's own budget: once this many shifted hypotheses have been scored for one (hypothesis, reference) pair,
// the search stops and the shift found in that last round is NOT applied.
const MAX_SHIFT_CANDIDATES = 1000;

// Larger than any real distance, small enough that INF + a path length stays a valid int32.
const INF = 1 << 30;

// Back-pointers of the edit-distance matrix. Rows are hypothesis words, columns reference words.
const OP_MATCH = 1;
const OP_SUB = 2;
/** Hypothesis word left unmatched (move up a row). */
const OP_HYP_ONLY = 3;
/** Reference word left unmatched (move left a column). */
const OP_REF_ONLY = 4;

// Memory: only the beam is computed. Up to SMALL_MATRIX_CELLS beam cells, every row and its back-pointers are
// kept (the fastest way for sentences). Beyond, only every LONG_CHECKPOINT_ROWS-th row is kept (plus two rolling
// rows and one block of back-pointers), so a long segment costs O(words) memory with a small constant instead of
// O(words × beam): a 20 MB line no longer needs gigabytes. A candidate shift restarts from the checkpoint before
// it; the back-pointers for the alignment are recomputed block by block from the checkpoints while walking back.
const SMALL_MATRIX_CELLS = 1 << 20;
const LONG_CHECKPOINT_ROWS = 32;
/** A candidate's rows are compared with the current hypothesis's rows every this many rows past the shift. */
const CONVERGENCE_CHECK_ROWS = 4;

/**
 * Number of TER edits (shifts + insertions + deletions + substitutions) that turn a hypothesis into a reference,
 * with word ids as integers. Holds its buffers between calls so a corpus allocates them once.
 */
export class TercomAligner {
  /** Layout switches, for tests that run the long-segment path on short segments; the numbers never depend on them. */
  constructor(private readonly layout: { smallMatrixCells?: number; checkpointRows?: number } = {}) {}

  private nh = 0;
  private nr = 0;
  /** Beam of row i: columns [lo[i], hi[i]). */
  private lo = new Int32Array(1);
  private hi = new Int32Array(1);
  /**
   * Stored columns of row i: [rowFirst[i], rowEnd[i]), its beam plus the cells just outside it that it or the next
   * row reads, which hold INF (sacreBLEU leaves them at its infinity). Beams only move right, so that covers every
   * read. Row 0 (j edits) is stored as far as row 1 reads it.
   */
  private rowFirst = new Int32Array(1);
  private rowEnd = new Int32Array(1);
  /** Most stored cells of any row: the stride of checkpoints and blocks. */
  private width = 1;
  /** Every beam cell is finite (each row's beam starts under the previous one): see distanceOfCandidate. */
  private beamsOverlap = true;
  /** Rows per checkpoint: 1 for small matrices (every row kept, with its back-pointers), else LONG_CHECKPOINT_ROWS. */
  private K = 1;
  /** Row c·K of the distance matrix of `words`, at c·width. */
  private checkpoints = new Int32Array(1);
  /** Rows of `words` below this are valid in `checkpoints` (a shift keeps the prefix before it). */
  private validRows = 0;
  /** Distance of `words`. */
  private finalDistance = 0;
  private rowA = new Int32Array(1);
  private rowB = new Int32Array(1);
  /** Back-pointers of one block of rows (b·K, (b+1)·K], at (i − b·K − 1)·width; with K = 1, of every row (i − 1)·width. */
  private blockOps = new Uint8Array(1);
  private words = new Int32Array(1);
  private cand = new Int32Array(1);
  private ref = new Int32Array(1);
  /** Alignment of the current hypothesis: hypothesis position of each reference word, and error prefix sums. */
  private align = new Int32Array(1);
  private hypErrSum = new Int32Array(1);
  private refErrSum = new Int32Array(1);

  numEdits(hyp: ArrayLike<number>, ref: ArrayLike<number>): number {
    const nh = hyp.length;
    const nr = ref.length;
    // An empty reference: every hypothesis word is an edit (and the reference length is 0).
    if (nr === 0) return nh;
    // An empty hypothesis: every reference word is an edit; there is nothing to shift.
    if (nh === 0) return nr;
    this.prepare(nh, nr);
    const words = this.words;
    for (let i = 0; i < nh; i++) words[i] = hyp[i];
    for (let j = 0; j < nr; j++) this.ref[j] = ref[j];
    this.validRows = 1;

    let shifts = 0;
    let checked = 0;
    for (;;) {
      const before = this.distanceOfWords();
      this.alignWords();
      const found = this.bestShift(before, checked);
      checked = found.checked;
      // sacreBLEU checks the budget before the gain: a round that exhausts it is discarded.
      if (checked >= MAX_SHIFT_CANDIDATES || found.gain <= 0) return shifts + before;
      shifts++;
      const keep = Math.min(found.start, found.target);
      performShift(words, nh, found.start, found.length, found.target, this.cand);
      words.set(this.cand.subarray(0, nh));
      this.validRows = Math.min(this.validRows, keep + 1);
    }
  }

  /** Sizes the buffers and the beam for a hypothesis of `nh` ≥ 1 and a reference of `nr` ≥ 1 words. */
  private prepare(nh: number, nr: number): void {
    this.nh = nh;
    this.nr = nr;
    const stride = nr + 1;
    if (this.lo.length < nh + 1) {
      this.lo = new Int32Array(nh + 1);
      this.hi = new Int32Array(nh + 1);
      this.rowFirst = new Int32Array(nh + 1);
      this.rowEnd = new Int32Array(nh + 1);
      this.words = new Int32Array(nh);
      this.cand = new Int32Array(nh);
      this.hypErrSum = new Int32Array(nh + 1);
    }
    if (this.ref.length < nr) {
      this.ref = new Int32Array(nr);
      this.align = new Int32Array(nr);
      this.refErrSum = new Int32Array(nr + 1);
    }
    // The beam follows the diagonal scaled by the length ratio. Shifts keep the hypothesis length, so it is fixed
    // per pair. A very long reference widens it so that consecutive rows still overlap (sacreBLEU's rule).
    const ratio = nr / nh;
    const beam = BEAM_WIDTH < ratio / 2 ? Math.ceil(ratio / 2 + BEAM_WIDTH) : BEAM_WIDTH;
    const { lo, hi, rowFirst, rowEnd } = this;
    lo[0] = 0;
    hi[0] = stride;
    for (let i = 1; i <= nh; i++) {
      const diag = Math.floor(i * ratio);
      lo[i] = Math.max(0, diag - beam);
      // The last row always runs to the end so that the full reference is reached.
      hi[i] = i === nh ? stride : Math.min(stride, diag + beam);
    }
    let width = 0;
    let overlap = true;
    rowFirst[0] = 0;
    rowEnd[0] = hi[1];
    for (let i = 0; i <= nh; i++) {
      if (i > 0) {
        rowFirst[i] = Math.max(0, lo[i] - 1);
        rowEnd[i] = i < nh ? hi[i + 1] : stride;
        if (!(lo[i] < hi[i] && lo[i] < hi[i - 1])) overlap = false;
      }
      width = Math.max(width, rowEnd[i] - rowFirst[i]);
    }
    this.width = width;
    this.beamsOverlap = overlap;
    const small = (nh + 1) * width <= (this.layout.smallMatrixCells ?? SMALL_MATRIX_CELLS);
    const K = (this.K = small ? 1 : (this.layout.checkpointRows ?? LONG_CHECKPOINT_ROWS));
    const checkpointCells = (Math.floor(nh / K) + 1) * width;
    if (this.checkpoints.length < checkpointCells) this.checkpoints = new Int32Array(checkpointCells);
    if (this.rowA.length < width) {
      this.rowA = new Int32Array(width);
      this.rowB = new Int32Array(width);
    }
    const opsCells = (K === 1 ? nh : K) * width;
    if (this.blockOps.length < opsCells) this.blockOps = new Uint8Array(opsCells);
    // Row 0: only reference words consumed.
    for (let j = 0; j < rowEnd[0]; j++) this.checkpoints[j] = j;
  }

  /**
   * Computes row i ≥ 1 for hypothesis word `w` from row i − 1 (cells at prev[pOff + j]) into cur[cOff + j], and
   * its back-pointers into ops[oOff + j].
   */
  private computeRow(i: number, w: number, prev: Int32Array, pOff: number, cur: Int32Array, cOff: number, ops: Uint8Array, oOff: number): void {
    const { ref } = this;
    let j = this.lo[i];
    const end = this.hi[i];
    if (j > 0) cur[cOff + j - 1] = INF;
    for (let k = end, e = this.rowEnd[i]; k < e; k++) cur[cOff + k] = INF;
    if (j === 0) {
      cur[cOff] = prev[pOff] + 1;
      ops[oOff] = OP_HYP_ONLY;
      j = 1;
    }
    let left = cur[cOff + j - 1];
    for (; j < end; j++) {
      // Ties go to match/substitution, then the hypothesis-only step, then the reference-only step: tercom's
      // order with insertion and deletion swapped, because sacreBLEU aligns the reference to the hypothesis.
      const same = ref[j - 1] === w;
      let v = prev[pOff + j - 1] + (same ? 0 : 1);
      let op = same ? OP_MATCH : OP_SUB;
      const up = prev[pOff + j] + 1;
      if (up < v) {
        v = up;
        op = OP_HYP_ONLY;
      }
      if (left + 1 < v) {
        v = left + 1;
        op = OP_REF_ONLY;
      }
      cur[cOff + j] = v;
      ops[oOff + j] = op;
      left = v;
    }
  }

  /** computeRow without back-pointers (distances only). */
  private computeDistances(i: number, w: number, prev: Int32Array, pOff: number, cur: Int32Array, cOff: number): void {
    const { ref } = this;
    let j = this.lo[i];
    const end = this.hi[i];
    if (j > 0) cur[cOff + j - 1] = INF;
    for (let k = end, e = this.rowEnd[i]; k < e; k++) cur[cOff + k] = INF;
    if (j === 0) {
      cur[cOff] = prev[pOff] + 1;
      j = 1;
    }
    let left = cur[cOff + j - 1];
    for (; j < end; j++) {
      let v = prev[pOff + j - 1] + (ref[j - 1] === w ? 0 : 1);
      const up = prev[pOff + j] + 1;
      if (up < v) v = up;
      if (left + 1 < v) v = left + 1;
      cur[cOff + j] = v;
      left = v;
    }
  }

  /** Offset of checkpointed row i (a multiple of K) in `checkpoints`. */
  private checkpointOffset(i: number): number {
    return (i / this.K) * this.width - this.rowFirst[i];
  }

  /** Recomputes the rows of `words` that the last shift invalidated, from the checkpoint before them; returns the distance. */
  private distanceOfWords(): number {
    const { nh, K } = this;
    const r0 = Math.floor((this.validRows - 1) / K) * K;
    if (this.validRows > nh) return this.finalDistance;
    // Small matrices keep every row's back-pointers now; long ones recompute them block by block in alignWords.
    const ops = K === 1 ? this.blockOps : null;
    let prev: Int32Array = this.checkpoints;
    let pOff = this.checkpointOffset(r0);
    for (let i = r0 + 1; i <= nh; i++) {
      let cur: Int32Array;
      let cOff: number;
      if (i % K === 0) {
        cur = this.checkpoints;
        cOff = this.checkpointOffset(i);
      } else {
        cur = prev === this.rowA ? this.rowB : this.rowA;
        cOff = -this.rowFirst[i];
      }
      if (ops) this.computeRow(i, this.words[i - 1], prev, pOff, cur, cOff, ops, (i - 1) * this.width - this.rowFirst[i]);
      else this.computeDistances(i, this.words[i - 1], prev, pOff, cur, cOff);
      prev = cur;
      pOff = cOff;
    }
    this.validRows = nh + 1;
    this.finalDistance = prev[pOff + this.nr];
    return this.finalDistance;
  }

  /**
   * Distance of `cand`, which equals `words` before position `from` and from position `until` on. Rows up to
   * `from` are those of `words`, so the computation starts at the checkpoint before it. From `until` on both
   * sequences consume the same words, and the recurrence only adds constants and takes minima: once a
   * checkpointed row of `cand` is the row of `words` plus a constant c on every beam cell (all finite when the
   * beams overlap; the INF cells outside are the same in both), every later row is too, and the distance is
   * the distance of `words` plus c. Exact integers, so this is the full computation's number, not an estimate.
   */
  private distanceOfCandidate(from: number, until: number): number {
    const { nh, lo, hi, checkpoints, K } = this;
    if (from >= nh) return this.finalDistance;
    const r0 = Math.floor(from / K) * K;
    // the first row (a multiple of K) at or after `until` where the rows are compared, then every few rows
    const step = K === 1 ? CONVERGENCE_CHECK_ROWS : K;
    let nextCheck = this.beamsOverlap ? Math.ceil(until / K) * K : Infinity;
    let prev: Int32Array = checkpoints;
    let pOff = this.checkpointOffset(r0);
    for (let i = r0 + 1; i <= nh; i++) {
      const cur = prev === this.rowA ? this.rowB : this.rowA;
      const cOff = -this.rowFirst[i];
      this.computeDistances(i, this.cand[i - 1], prev, pOff, cur, cOff);
      if (i === nextCheck) {
        nextCheck += step;
        const bOff = this.checkpointOffset(i);
        const delta = cur[cOff + lo[i]] - checkpoints[bOff + lo[i]];
        let j = lo[i] + 1;
        while (j < hi[i] && cur[cOff + j] - checkpoints[bOff + j] === delta) j++;
        if (j === hi[i]) return this.finalDistance + delta;
      }
      prev = cur;
      pOff = cOff;
    }
    return prev[pOff + this.nr];
  }

  /** Back-pointers of rows (b0, b1] of `words`, recomputed from the checkpoint at row b0. */
  private backPointersOfBlock(b0: number, b1: number): void {
    let prev: Int32Array = this.checkpoints;
    let pOff = this.checkpointOffset(b0);
    for (let i = b0 + 1; i <= b1; i++) {
      const cur = prev === this.rowA ? this.rowB : this.rowA;
      const cOff = -this.rowFirst[i];
      this.computeRow(i, this.words[i - 1], prev, pOff, cur, cOff, this.blockOps, (i - b0 - 1) * this.width - this.rowFirst[i]);
      prev = cur;
      pOff = cOff;
    }
  }

  /**
   * Walks the back-pointers from the end. Records, for every reference word, the hypothesis position it is aligned
   * to (or the position just before it when unmatched, -1 at the start), and prefix sums of the error flags.
   */
  private alignWords(): void {
    const { nh, nr, lo, hi, rowFirst, align, hypErrSum, refErrSum } = this;
    // Error flags first (stored in the prefix-sum arrays shifted by one), then summed.
    hypErrSum.fill(0, 0, nh + 1);
    refErrSum.fill(0, 0, nr + 1);
    let i = nh;
    let j = nr;
    const K = this.K;
    // rows (block, block + K] have their back-pointers in blockOps; with K = 1 all rows do (block 0)
    let block = K === 1 ? 0 : -1;
    while (i > 0 || j > 0) {
      let op: number;
      if (i === 0) op = OP_REF_ONLY;
      else {
        if (block < 0 || (K > 1 && i <= block)) {
          block = Math.floor((i - 1) / K) * K;
          this.backPointersOfBlock(block, Math.min(nh, block + K));
        }
        op = j >= lo[i] && j < hi[i] ? this.blockOps[(i - block - 1) * this.width - rowFirst[i] + j] : 0;
      }
      if (op === OP_MATCH || op === OP_SUB) {
        align[j - 1] = i - 1;
        if (op === OP_SUB) hypErrSum[i] = refErrSum[j] = 1;
        i--;
        j--;
      } else if (op === OP_HYP_ONLY) {
        hypErrSum[i] = 1;
        i--;
      } else if (op === OP_REF_ONLY) {
        align[j - 1] = i - 1;
        refErrSum[j] = 1;
        j--;
      } else {
        throw new Error(`TER: the edit-distance beam lost the path at (${i}, ${j})`);
      }
    }
    for (let k = 1; k <= nh; k++) hypErrSum[k] += hypErrSum[k - 1];
    for (let k = 1; k <= nr; k++) refErrSum[k] += refErrSum[k - 1];
  }

  /**
   * One round of tercom's search: every block of 1..10 words that also occurs in the reference within 50 positions
   * is tried at each hypothesis position its reference counterpart is aligned to. Returns the best by (gain, longer
   * block, earlier start, earlier target) and the updated candidate count.
   */
  private bestShift(before: number, checkedSoFar: number): ShiftChoice {
    const { nh, nr, words, ref, cand, align, hypErrSum, refErrSum } = this;
    const best: ShiftChoice = { gain: 0, start: -1, length: 0, target: 0, checked: checkedSoFar };
    let checked = checkedSoFar;
    for (let start = 0; start < nh; start++) {
      const first = words[start];
      const rEnd = Math.min(nr - 1, start + MAX_SHIFT_DIST);
      for (let rStart = Math.max(0, start - MAX_SHIFT_DIST); rStart <= rEnd; rStart++) {
        if (ref[rStart] !== first) continue;
        const maxLength = Math.min(MAX_SHIFT_SIZE, nh - start, nr - rStart);
        for (let length = 1; length <= maxLength && words[start + length - 1] === ref[rStart + length - 1]; length++) {
          // Only move blocks that hold an error, towards reference words that hold one, and not onto themselves.
          if (hypErrSum[start + length] - hypErrSum[start] === 0) continue;
          if (refErrSum[rStart + length] - refErrSum[rStart] === 0) continue;
          const at = align[rStart];
          if (at >= start && at < start + length) continue;
          // Targets: before the hypothesis word aligned to each reference word of the block, and after the one
          // aligned to the word before it (the very start for the first reference word). A target equal to the
          // one just tried is skipped; an earlier repeat is not (sacreBLEU compares with the previous one only).
          let prevTarget = -1;
          for (let off = -1; off < length; off++) {
            const r = rStart + off;
            const target = r === -1 ? 0 : align[r] + 1;
            if (target === prevTarget) continue;
            prevTarget = target;
            performShift(words, nh, start, length, target, cand);
            let from = Math.min(start, target);
            while (from < nh && cand[from] === words[from]) from++;
            // the words the shift moved end here (performShift's three cases)
            const until = target < start ? start + length : target > start + length ? target : Math.min(nh, target + length);
            const gain = before - this.distanceOfCandidate(from, until);
            checked++;
            if (
              best.start < 0 ||
              gain > best.gain ||
              (gain === best.gain &&
                (length > best.length ||
                  (length === best.length && (start < best.start || (start === best.start && target < best.target)))))
            ) {
              best.gain = gain;
              best.start = start;
              best.length = length;
              best.target = target;
            }
          }
          if (checked >= MAX_SHIFT_CANDIDATES) {
            best.checked = checked;
            return best;
          }
        }
      }
    }
    best.checked = checked;
    return best;
  }
}

interface ShiftChoice {
  gain: number;
  start: number;
  length: number;
  target: number;
  checked: number;
}

/**
 * Moves `words[start, start+length)` to `target` (a position in the unshifted sequence), writing into `out`. A target
 * inside the block or just after it moves the block right by `target - start` words (sacreBLEU's third case).
 */
export function performShift(words: Int32Array, n: number, start: number, length: number, target: number, out: Int32Array): void {
  const end = start + length;
  let o = 0;
  const copy = (from: number, to: number): void => {
    for (let k = from; k < to; k++) out[o++] = words[k];
  };
  if (target < start) {
    copy(0, target);
    copy(start, end);
    copy(target, start);
    copy(end, n);
  } else if (target > end) {
    copy(0, start);
    copy(end, target);
    copy(start, end);
    copy(target, n);
  } else {
    const after = Math.min(n, target + length);
    copy(0, start);
    copy(end, after);
    copy(start, end);
    copy(after, n);
  }
}

/**
 * Gives each word of `text` (Python `str.split()`: runs of Python whitespace separate words; all of it lies in the
 * BMP outside the surrogates, so UTF-16 units can be tested one by one) a small integer id, per segment: hypothesis
 * and references share the map. Scans the text instead of splitting it, so a long line never holds an array of
 * word strings. Returns the ids in `out` when it is large enough, else in a new, larger array.
 */
function encodeWords(text: string, vocab: Map<string, number>, out: Int32Array): Int32Array {
  let ids = out;
  let n = 0;
  let start = -1;
  const len = text.length;
  for (let k = 0; k <= len; k++) {
    if (k === len || isPyWhitespace(text.charCodeAt(k))) {
      if (start < 0) continue;
      const word = text.slice(start, k);
      start = -1;
      let id = vocab.get(word);
      if (id === undefined) {
        id = vocab.size;
        vocab.set(word, id);
      }
      if (n === ids.length) {
        const grown = new Int32Array(Math.max(256, 2 * ids.length));
        grown.set(ids);
        ids = grown;
      }
      ids[n++] = id;
    } else if (start < 0) start = k;
  }
  return ids.subarray(0, n);
}

/** TER's score from [edits, reference length], with sacreBLEU's rule for an empty reference. */
export function terFromStatistics(edits: number, refLength: number): number {
  if (refLength > 0) return 100 * (edits / refLength);
  // Empty reference(s): 100 if the hypothesis has words (all edits), 0 if it is empty too.
  return edits > 0 ? 100 : 0;
}

export class Ter extends BaseStatisticsScorer {
  readonly id = 'ter';
  readonly direction = 'lower' as const;
  readonly range = [0, Infinity] as const;
  readonly statisticsWidth = 2;
  readonly options: Readonly<TercomOptions>;
  private readonly aligner = new TercomAligner();
  private readonly vocab = new Map<string, number>();
  private hypIds: Int32Array = new Int32Array(256);
  private refIds: Int32Array = new Int32Array(256);

  constructor(options: Partial<TercomOptions> = {}) {
    super();
    this.options = Object.freeze({ ...TERCOM_DEFAULTS, ...options });
  }

  /** `ter`, then the options that differ from the defaults, in a fixed order. */
  spec(): string {
    const o = this.options;
    const opts: [string, string][] = [];
    if (o.normalized) opts.push(['normalized', 'true']);
    if (o.noPunct) opts.push(['no-punct', 'true']);
    if (o.asianSupport) opts.push(['asian-support', 'true']);
    if (o.caseSensitive) opts.push(['case-sensitive', 'true']);
    return formatSpec(this.id, [], opts);
  }

  /** sacreBLEU's TER field set: `TER|nrefs:N|case:lc|tok:tercom|norm:no|punct:yes|asian:no|version:…`. */
  signature(ctx?: SignatureContext): string {
    const o = this.options;
    return formatSignature('TER', [
      ['nrefs', ctx?.nrefs ?? '?'],
      ['case', o.caseSensitive ? 'mixed' : 'lc'],
      ['tok', 'tercom'],
      ['norm', o.normalized ? 'yes' : 'no'],
      ['punct', o.noPunct ? 'no' : 'yes'],
      ['asian', o.asianSupport ? 'yes' : 'no'],
    ]);
  }

  scoreFromStatistics(stats: Float64Array): Score {
    return { value: terFromStatistics(stats[0], stats[1]), details: { num_edits: stats[0], ref_length: stats[1] } };
  }

  /** The fewest edits over the references (the first wins ties), and the mean reference length. */
  protected segmentStatisticsInto(item: Item, out: Float64Array, offset: number): void {
    const vocab = this.vocab;
    vocab.clear();
    const hyp = encodeWords(tercomNormalizedText(item.output, this.options), vocab, this.hypIds);
    if (hyp.buffer !== this.hypIds.buffer) this.hypIds = new Int32Array(hyp.buffer);
    const refs = item.references as string[];
    let best = Infinity;
    let lengthSum = 0;
    for (const r of refs) {
      const ref = encodeWords(tercomNormalizedText(r, this.options), vocab, this.refIds);
      if (ref.buffer !== this.refIds.buffer) this.refIds = new Int32Array(ref.buffer);
      const edits = this.aligner.numEdits(hyp, ref);
      lengthSum += ref.length;
      if (edits < best) best = edits;
    }
    out[offset] = best;
    out[offset + 1] = lengthSum / refs.length;
  }
}

export const terFactory: ScorerFactory = {
  name: 'ter',
  summary: 'Translation edit rate, tercom shifts (sacreBLEU 2.6.0 TER); lower is better, can exceed 100',
  options: 'normalized=false, no-punct=false, asian-support=false, case-sensitive=false',
  optionDocs: {
    normalized: "tercom's normalisation: split punctuation off words and decode XML entities before editing (sacreBLEU --ter-normalized)",
    'no-punct': 'delete ASCII punctuation before editing, and with asian-support the CJK/full-width marks too (sacreBLEU --ter-no-punct)',
    'asian-support': 'with normalized=true, CJK characters and CJK/full-width punctuation become tokens of their own (sacreBLEU --ter-asian-support)',
    'case-sensitive': 'count case differences as edits (default: lowercase first, as sacreBLEU)',
  },
  create(options: SpecOptions) {
    const ter = new Ter({
      normalized: options.bool('normalized', false),
      noPunct: options.bool('no-punct', false),
      asianSupport: options.bool('asian-support', false),
      caseSensitive: options.bool('case-sensitive', false),
    });
    options.done();
    return ter;
  },
};
