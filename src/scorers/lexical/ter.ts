// TER (translation edit rate, Snover et al. 2006) with the numbers of sacreBLEU 2.6.0's `TER()`: tercom's greedy
// block-shift search over a beam-restricted edit distance. The facts reproduced here (limits, candidate order,
// tie-breaking, the 1000-candidate budget, the beam around a length-scaled diagonal) come from sacreBLEU's
// `metrics/ter.py` and `metrics/lib_ter.py`; the code is our own and works on integer-coded words in typed arrays.
//
// Statistics row: [edits of the best reference, mean reference length]. Corpus TER = 100 * Σedits / Σlength.

import { BaseStatisticsScorer, type Item, type Score, type SignatureContext } from '../contract.js';
import type { ScorerFactory } from '../registry.js';
import { formatSignature, formatSpec, type SpecOptions } from '../spec.js';
import { tercomTokens, TERCOM_DEFAULTS, type TercomOptions } from './tokenizers/tercom.js';

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

/**
 * Number of TER edits (shifts + insertions + deletions + substitutions) that turn a hypothesis into a reference,
 * with word ids as integers. Holds its matrices between calls so a corpus allocates them once.
 */
export class TercomAligner {
  private nh = 0;
  private nr = 0;
  /** Band of computed columns per row: [lo[i], hi[i]); cell (i, j) is stored at rowBase[i] + j. */
  private lo = new Int32Array(1);
  private hi = new Int32Array(1);
  private rowBase = new Int32Array(1);
  /** Distance matrix of the current hypothesis (`words`), its back-pointers, and a scratch matrix for candidates. */
  private base = new Int32Array(1);
  private ops = new Uint8Array(1);
  private scratch = new Int32Array(1);
  /** Rows of `base` that are valid for `words`: a shift keeps the prefix, so later rounds restart from it. */
  private baseRows = 0;
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
    this.prepare(nh, nr);
    const words = this.words;
    for (let i = 0; i < nh; i++) words[i] = hyp[i];
    for (let j = 0; j < nr; j++) this.ref[j] = ref[j];
    this.baseRows = 1;

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
      this.baseRows = Math.min(this.baseRows, keep + 1);
    }
  }

  /** Sizes the buffers and the beam for a hypothesis of `nh` and a reference of `nr` words. */
  private prepare(nh: number, nr: number): void {
    this.nh = nh;
    this.nr = nr;
    const stride = nr + 1;
    if (this.lo.length < nh + 1) {
      this.lo = new Int32Array(nh + 1);
      this.hi = new Int32Array(nh + 1);
      this.rowBase = new Int32Array(nh + 1);
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
    const ratio = nh > 0 ? nr / nh : 1;
    const width = BEAM_WIDTH < ratio / 2 ? Math.ceil(ratio / 2 + BEAM_WIDTH) : BEAM_WIDTH;
    const { lo, hi, rowBase } = this;
    lo[0] = 0;
    hi[0] = stride;
    for (let i = 1; i <= nh; i++) {
      const diag = Math.floor(i * ratio);
      lo[i] = Math.max(0, diag - width);
      // The last row always runs to the end so that the full reference is reached.
      hi[i] = i === nh ? stride : Math.min(stride, diag + width);
    }
    // Only the band is stored. Row i keeps columns [lo[i]-1, hi[i+1]): its band plus the cells the next row and its
    // own first cell read just outside it, which hold INF (sacreBLEU leaves them at its infinity). Bands only move
    // right, so that covers every read. Cell (i, j) lives at rowBase[i] + j.
    let cells = stride;
    rowBase[0] = 0;
    for (let i = 1; i <= nh; i++) {
      const first = Math.max(0, lo[i] - 1);
      const end = i < nh ? hi[i + 1] : stride;
      rowBase[i] = cells - first;
      cells += end - first;
    }
    if (this.base.length < cells) {
      this.base = new Int32Array(cells);
      this.scratch = new Int32Array(cells);
      this.ops = new Uint8Array(cells);
    }
    const { base, scratch, ops } = this;
    // Row 0: only reference words consumed.
    for (let j = 0; j < stride; j++) {
      base[j] = j;
      ops[j] = OP_REF_ONLY;
    }
    // The INF marks lie outside every band, so no recomputation overwrites them.
    for (let i = 1; i <= nh; i++) {
      const o = rowBase[i];
      if (lo[i] > 0) base[o + lo[i] - 1] = scratch[o + lo[i] - 1] = INF;
      const end = i < nh ? hi[i + 1] : stride;
      for (let j = hi[i]; j < end; j++) base[o + j] = scratch[o + j] = INF;
    }
  }

  /** Fills the rows of `base` (with back-pointers) that the last shift invalidated; returns the distance. */
  private distanceOfWords(): number {
    const { nh, lo, hi, rowBase, base, ops, words, ref } = this;
    for (let i = this.baseRows; i <= nh; i++) {
      const p = rowBase[i - 1];
      const c = rowBase[i];
      const w = words[i - 1];
      let j = lo[i];
      if (j === 0) {
        base[c] = base[p] + 1;
        ops[c] = OP_HYP_ONLY;
        j = 1;
      }
      let left = base[c + j - 1];
      for (const end = hi[i]; j < end; j++) {
        // Ties go to match/substitution, then the hypothesis-only step, then the reference-only step: tercom's
        // order with insertion and deletion swapped, because sacreBLEU aligns the reference to the hypothesis.
        const same = ref[j - 1] === w;
        let v = base[p + j - 1] + (same ? 0 : 1);
        let op = same ? OP_MATCH : OP_SUB;
        const up = base[p + j] + 1;
        if (up < v) {
          v = up;
          op = OP_HYP_ONLY;
        }
        if (left + 1 < v) {
          v = left + 1;
          op = OP_REF_ONLY;
        }
        base[c + j] = v;
        ops[c + j] = op;
        left = v;
      }
    }
    this.baseRows = nh + 1;
    return base[rowBase[nh] + this.nr];
  }

  /**
   * Distance of `cand` (which equals `words` before position `from`): rows up to `from` are taken from `base`, the
   * rest are computed into `scratch` without back-pointers.
   */
  private distanceOfCandidate(from: number): number {
    const { nh, nr, lo, hi, rowBase, base, scratch, cand, ref } = this;
    if (from >= nh) return base[rowBase[nh] + nr];
    let prev = base;
    for (let i = from + 1; i <= nh; i++) {
      const p = rowBase[i - 1];
      const c = rowBase[i];
      const w = cand[i - 1];
      let j = lo[i];
      if (j === 0) {
        scratch[c] = prev[p] + 1;
        j = 1;
      }
      let left = scratch[c + j - 1];
      for (const end = hi[i]; j < end; j++) {
        let v = prev[p + j - 1] + (ref[j - 1] === w ? 0 : 1);
        const up = prev[p + j] + 1;
        if (up < v) v = up;
        if (left + 1 < v) v = left + 1;
        scratch[c + j] = v;
        left = v;
      }
      prev = scratch;
    }
    return scratch[rowBase[nh] + nr];
  }

  /**
   * Walks the back-pointers from the end. Records, for every reference word, the hypothesis position it is aligned
   * to (or the position just before it when unmatched, -1 at the start), and prefix sums of the error flags.
   */
  private alignWords(): void {
    const { nh, nr, rowBase, ops, align, hypErrSum, refErrSum } = this;
    // Error flags first (stored in the prefix-sum arrays shifted by one), then summed.
    hypErrSum.fill(0, 0, nh + 1);
    refErrSum.fill(0, 0, nr + 1);
    let i = nh;
    let j = nr;
    while (i > 0 || j > 0) {
      const op = ops[rowBase[i] + j];
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
            const gain = before - this.distanceOfCandidate(from);
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

/** Gives each distinct token a small integer id (per segment: hypothesis and its references share the map). */
function encodeTokens(tokens: readonly string[], vocab: Map<string, number>, out: Int32Array): Int32Array {
  const ids = out.length >= tokens.length ? out.subarray(0, tokens.length) : new Int32Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    let id = vocab.get(tokens[i]);
    if (id === undefined) {
      id = vocab.size;
      vocab.set(tokens[i], id);
    }
    ids[i] = id;
  }
  return ids;
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
    const hypTokens = tercomTokens(item.output, this.options);
    const hyp = encodeTokens(hypTokens, vocab, this.hypIds);
    if (hyp.buffer !== this.hypIds.buffer) this.hypIds = hyp;
    const refs = item.references as string[];
    let best = Infinity;
    let lengthSum = 0;
    for (const r of refs) {
      const ref = encodeTokens(tercomTokens(r, this.options), vocab, this.refIds);
      if (ref.buffer !== this.refIds.buffer) this.refIds = ref;
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
