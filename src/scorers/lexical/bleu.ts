// BLEU (Papineni et al., 2002) with exactly sacreBLEU 2.6.0's preprocessing, statistics, smoothing and signature.
// A segment's statistics row is [sys_len, ref_len, correct_1..N, total_1..N] (sacreBLEU's order); the corpus score is
// the score of the summed rows, so bootstrap and permutation tests only add rows.
import { BaseStatisticsScorer, checkNeeds, countReferences, type Item, type Score, type SignatureContext } from '../contract.js';
import type { ScorerFactory } from '../registry.js';
import { formatSignature, formatSpec, SpecError } from '../spec.js';
import { exp, log } from '../../stats/libm.js';
import { isPyWhitespaceAbove0x84, pyRstrip, pySplit, pythonLower } from './text.js';

export { isPyWhitespaceAbove0x84 };
import { getTokenizer, TOKENIZER_NAMES, type Tokenizer, type TokenizerName } from './tokenizers/index.js';
import { FNV_OFFSET_BASIS, FNV_PRIME, growWordSpans, type WordSpans } from './tokenizers/types.js';

export type BleuSmoothing = 'exp' | 'floor' | 'add-k' | 'none';
const SMOOTHINGS: readonly BleuSmoothing[] = ['exp', 'floor', 'add-k', 'none'];

/** sacreBLEU's `SMOOTH_DEFAULTS`: the value used by `floor` and `add-k` when none is given. */
const SMOOTH_DEFAULT_VALUE: Readonly<Record<BleuSmoothing, number | undefined>> = {
  exp: undefined,
  floor: 0.1,
  'add-k': 1,
  none: undefined,
};

export const DEFAULT_MAX_NGRAM_ORDER = 4;

/** sacreBLEU's `my_log`: log(0) is floored to this instead of -Infinity, so an unsmoothed zero precision gives 0. */
const LOG_OF_ZERO = -9999999999;

export interface BleuOptions {
  tokenize?: TokenizerName;
  lowercase?: boolean;
  smooth?: BleuSmoothing;
  /** For `floor` and `add-k` only; defaults to 0.1 and 1. */
  smoothValue?: number;
  maxNgramOrder?: number;
  /** Effective order: ignore n-gram orders the hypothesis is too short to have (sacreBLEU's sentence-level default). */
  effectiveOrder?: boolean;
}

/** What `scoreFromStatistics` puts in `Score.details`, the fields of sacreBLEU's `BLEUScore`. */
export type BleuDetails = {
  counts: number[];
  totals: number[];
  sys_len: number;
  ref_len: number;
  /** Percent, per order; 0 for orders that were not reached. */
  precisions: number[];
  bp: number;
};

export class Bleu extends BaseStatisticsScorer {
  readonly id = 'bleu';
  readonly direction = 'higher' as const;
  readonly range = [0, 100] as const;
  readonly statisticsWidth: number;
  readonly tokenizer: Tokenizer;
  readonly lowercase: boolean;
  readonly smooth: BleuSmoothing;
  /** The value given by the user, if any (the spec keeps it only when it differs from the default). */
  readonly smoothValue: number | undefined;
  readonly maxNgramOrder: number;
  readonly effectiveOrder: boolean;
  private readonly counter: NgramMatchCounter;
  private readonly encoder: WordIdEncoder;

  constructor(options: BleuOptions = {}) {
    super();
    this.tokenizer = getTokenizer(options.tokenize ?? '13a');
    this.lowercase = options.lowercase ?? false;
    this.smooth = options.smooth ?? 'exp';
    this.maxNgramOrder = options.maxNgramOrder ?? DEFAULT_MAX_NGRAM_ORDER;
    this.effectiveOrder = options.effectiveOrder ?? false;
    if (!SMOOTHINGS.includes(this.smooth)) throw new Error(`bleu: unknown smoothing "${this.smooth}"`);
    if (!Number.isInteger(this.maxNgramOrder) || this.maxNgramOrder < 1) {
      throw new Error(`bleu: max n-gram order must be a positive integer, got ${this.maxNgramOrder}`);
    }
    if (options.smoothValue !== undefined && SMOOTH_DEFAULT_VALUE[this.smooth] === undefined) {
      throw new Error(`bleu: a smoothing value only applies to smooth=floor or smooth=add-k, not smooth=${this.smooth}`);
    }
    this.smoothValue = options.smoothValue;
    this.statisticsWidth = 2 + 2 * this.maxNgramOrder;
    this.counter = new NgramMatchCounter(this.maxNgramOrder);
    const spans = this.tokenizer.wordSpans;
    this.encoder = new WordIdEncoder((line) => this.spaced(line), undefined, undefined, spans && ((line, out) => this.preprocessedSpans(line, out, spans)));
  }

  /** The smoothing value in effect (sacreBLEU falls back to the method's default when none is given). */
  get effectiveSmoothValue(): number | undefined {
    return this.smoothValue ?? SMOOTH_DEFAULT_VALUE[this.smooth];
  }

  spec(): string {
    const opts: [string, string][] = [];
    if (this.tokenizer.name !== '13a') opts.push(['tokenize', this.tokenizer.name]);
    if (this.lowercase) opts.push(['lowercase', 'true']);
    if (this.smooth !== 'exp') opts.push(['smooth', this.smooth]);
    const sv = this.smoothValue;
    if (sv !== undefined && sv !== SMOOTH_DEFAULT_VALUE[this.smooth]) opts.push(['smooth-value', String(sv)]);
    if (this.maxNgramOrder !== DEFAULT_MAX_NGRAM_ORDER) opts.push(['max-ngram-order', String(this.maxNgramOrder)]);
    if (this.effectiveOrder) opts.push(['eff', 'true']);
    return formatSpec('bleu', [], opts);
  }

  /**
   * sacreBLEU's BLEU signature with our version: `BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:…`.
   * `floor` and `add-k` show their value as sacreBLEU does (`smooth:floor[0.10]`). sacreBLEU never prints the maximum
   * n-gram order; we add `ngram:N` only when it is not 4, so default signatures keep sacreBLEU's exact shape. Without a
   * context the number of references is unknown and printed as `?` (sacreBLEU refuses to sign before scoring).
   */
  signature(ctx?: SignatureContext): string {
    const sv = this.effectiveSmoothValue;
    const smooth = sv === undefined ? this.smooth : `${this.smooth}[${formatFixed2(sv)}]`;
    const fields: [string, string | number][] = [
      ['nrefs', ctx?.nrefs ?? '?'],
      ['case', this.lowercase ? 'lc' : 'mixed'],
      ['eff', this.effectiveOrder ? 'yes' : 'no'],
      ['tok', this.tokenizer.name],
      ['smooth', smooth],
    ];
    if (this.maxNgramOrder !== DEFAULT_MAX_NGRAM_ORDER) fields.push(['ngram', this.maxNgramOrder]);
    return formatSignature('BLEU', fields);
  }

  /** The words BLEU counts in a line: sacreBLEU's `_preprocess_segment`, then `str.split()`. */
  words(line: string): string[] {
    return pySplit(this.spaced(line));
  }

  /** sacreBLEU's `_preprocess_segment` (lowercase, strip trailing whitespace, tokenize) short of the final split. */
  private spaced(line: string): string {
    return this.tokenizer.spaced(this.preprocessed(line));
  }

  /** The line as sacreBLEU hands it to the tokenizer: lowercased if asked, trailing whitespace stripped. */
  private preprocessed(line: string): string {
    const s = this.lowercase ? pythonLower(line) : line;
    const last = s.length === 0 ? 0 : s.charCodeAt(s.length - 1);
    // Most lines end in a printable ASCII character and need no rstrip.
    return last > 0x20 && last < 0x85 ? s : pyRstrip(s);
  }

  /**
   * `preprocessed` and the tokenizer's `wordSpans` in one function. In a fresh process V8 optimizes functions this
   * small early, inlining what they call: a separate `preprocessed`, called for every line, was compiled late in the
   * first pass, when that no longer paid.
   */
  private preprocessedSpans(line: string, out: WordSpans, wordSpans: NonNullable<Tokenizer['wordSpans']>): string {
    const s = this.lowercase ? pythonLower(line) : line;
    const last = s.length === 0 ? 0 : s.charCodeAt(s.length - 1);
    return wordSpans(last > 0x20 && last < 0x85 ? s : pyRstrip(s), out);
  }

  /** The loop of BaseStatisticsScorer.segmentStatistics without its per-item call, which V8 would compile late. */
  override segmentStatistics(items: readonly Item[]): Float64Array {
    checkNeeds(this, items);
    countReferences(items);
    const w = this.statisticsWidth;
    const out = new Float64Array(items.length * w);
    const encoder = this.encoder;
    const counter = this.counter;
    for (let i = 0; i < items.length; i++) {
      const { hyp, refs } = encoder.encodeSegment(items[i].output, items[i].references as string[]);
      counter.countInto(hyp, refs, encoder.vocabularySize, out, i * w);
    }
    return out;
  }

  protected segmentStatisticsInto(item: Item, out: Float64Array, offset: number): void {
    const { hyp, refs } = this.encoder.encodeSegment(item.output, item.references as string[]);
    this.counter.countInto(hyp, refs, this.encoder.vocabularySize, out, offset);
  }

  scoreFromStatistics(stats: Float64Array): Score {
    const n = this.maxNgramOrder;
    const counts = Array.from(stats.subarray(2, 2 + n));
    const totals = Array.from(stats.subarray(2 + n, 2 + 2 * n));
    return computeBleu(counts, totals, stats[0], stats[1], this.smooth, this.effectiveSmoothValue, this.effectiveOrder);
  }
}

/**
 * sacreBLEU's `BLEU.compute_bleu`, float operation for float operation. `counts` and `totals` are modified by add-k
 * smoothing and returned in the details that way, as sacreBLEU's BLEUScore does.
 */
export function computeBleu(
  counts: number[],
  totals: number[],
  sysLen: number,
  refLen: number,
  smooth: BleuSmoothing,
  smoothValue: number | undefined,
  effectiveOrder: boolean,
): Score {
  const order = counts.length;
  let bp = 1.0;
  if (sysLen < refLen) bp = sysLen > 0 ? exp(1 - refLen / sysLen) : 0.0;
  const precisions = new Array<number>(order).fill(0);

  // No matching n-gram of any order: 0 whatever the smoothing (sacreBLEU issue #141). A loop, not counts.every with a
  // callback: sentence BLEU calls this once per segment, mostly unoptimized in a fresh process.
  let anyMatch = false;
  for (let n = 0; n < order; n++) if (counts[n] !== 0) anyMatch = true;
  if (!anyMatch) return { value: 0.0, details: bleuDetails(counts, totals, sysLen, refLen, precisions, bp) };

  let expDivisor = 1.0;
  let effOrder = order;
  for (let n = 1; n <= order; n++) {
    if (smooth === 'add-k' && n > 1) {
      counts[n - 1] += smoothValue as number;
      totals[n - 1] += smoothValue as number;
    }
    // Orders the hypothesis is too short for end the loop; without effective order their precision stays 0.
    if (totals[n - 1] === 0) break;
    if (effectiveOrder) effOrder = n;
    if (counts[n - 1] === 0) {
      if (smooth === 'exp') {
        // NIST / mteval-v13a smoothing: 1/2, 1/4, ... of a match for each successive order with none.
        expDivisor *= 2;
        precisions[n - 1] = 100 / (expDivisor * totals[n - 1]);
      } else if (smooth === 'floor') {
        precisions[n - 1] = (100 * (smoothValue as number)) / totals[n - 1];
      }
    } else {
      precisions[n - 1] = (100 * counts[n - 1]) / totals[n - 1];
    }
  }
  // Python's built-in sum() (3.11: plain left-to-right addition, starting from 0) over the first effOrder logs.
  // math.log and math.exp are glibc's, which V8's Math.log/Math.exp differ from in the last bit (stats/libm.ts).
  let logSum = 0;
  for (let i = 0; i < effOrder; i++) logSum += precisions[i] === 0 ? LOG_OF_ZERO : log(precisions[i]);
  return { value: bp * exp(logSum / effOrder), details: bleuDetails(counts, totals, sysLen, refLen, precisions, bp) };
}

function bleuDetails(counts: number[], totals: number[], sysLen: number, refLen: number, precisions: number[], bp: number): BleuDetails {
  return { counts, totals, sys_len: sysLen, ref_len: refLen, precisions, bp };
}

/**
 * Turns lines into arrays of word ids shared across segments. Words are found and looked up in one scan of the
 * tokenizer's spaced string: a hash of the characters, then an open-addressing table of ids, so no word substrings are
 * created except for words seen the first time. Reference lines are cached, as sacreBLEU's tokenizers cache their
 * calls (an lru_cache of 2^16 lines): the same references are scored for every system.
 */
export class WordIdEncoder {
  private readonly lines = new Map<string, Int32Array>();
  private words: string[] = [];
  // Sized for the vocabulary of a test set of a few thousand segments: growing a table means running a path that
  // freshly optimized code has not seen, which V8 answers by discarding that code (a deoptimization) and compiling again.
  private wordHash = new Int32Array(1 << 14);
  /** id + 1 of the word in each slot; 0 = empty. */
  private slots = new Int32Array(1 << 15);

  private readonly spans: WordSpans = { bounds: new Int32Array(512), hashes: new Int32Array(256), count: 0 };

  /** `toSpans`, when given, finds the same words as `toSpaced` as spans of one string (Tokenizer.wordSpans). */
  constructor(
    private readonly toSpaced: (line: string) => string,
    private readonly maxCachedLines = 1 << 16,
    private readonly maxVocabulary = 1 << 20,
    private readonly toSpans?: (line: string, spans: WordSpans) => string,
  ) {}

  get vocabularySize(): number {
    return this.words.length;
  }

  /**
   * Encodes one segment's hypothesis and references with one vocabulary. References are cached (they repeat for every
   * system scored); hypotheses rarely repeat and are not. Memory stays bounded by starting afresh when the caches are
   * full; that happens only here, between segments, since a reset changes ids.
   */
  encodeSegment(hyp: string, refs: readonly string[]): { hyp: Int32Array; refs: Int32Array[] } {
    if (this.lines.size + refs.length > this.maxCachedLines || this.words.length >= this.maxVocabulary) this.reset();
    const refIds = new Array<Int32Array>(refs.length);
    for (let i = 0; i < refs.length; i++) {
      const line = refs[i];
      let ids = this.lines.get(line);
      if (ids === undefined) {
        ids = this.toSpans ? this.encodeSpans(this.toSpans(line, this.spans)) : this.encodeSpaced(this.toSpaced(line));
        this.lines.set(line, ids);
      }
      refIds[i] = ids;
    }
    // Written out rather than a shared `encodeLine`: V8 optimizes a function that small early in a fresh process,
    // compiling into it again the tokenizer and encodeSpans, which are optimized on their own already.
    const hypIds = this.toSpans ? this.encodeSpans(this.toSpans(hyp, this.spans)) : this.encodeSpaced(this.toSpaced(hyp));
    return { hyp: hypIds, refs: refIds };
  }

  /**
   * Ids of the words of `s`, split on Python whitespace (all of which is in the BMP, so UTF-16 units suffice): the
   * words' spans and hashes as a tokenizer's wordSpans gives them, then encodeSpans, so both paths share one probe.
   */
  private encodeSpaced(s: string): Int32Array {
    const spans = this.spans;
    let { bounds, hashes } = spans;
    let n = 0;
    let start = -1;
    let h = FNV_OFFSET_BASIS;
    const m = s.length;
    for (let k = 0; k <= m; k++) {
      const c = k < m ? s.charCodeAt(k) : 0x20;
      const space = c <= 0x20 ? c === 0x20 || (c >= 0x09 && c <= 0x0d) || c >= 0x1c : c >= 0x85 && isPyWhitespaceAbove0x84(c);
      if (!space) {
        if (start < 0) {
          start = k;
          h = FNV_OFFSET_BASIS;
        }
        h = Math.imul(h ^ c, FNV_PRIME);
      } else if (start >= 0) {
        if (n === hashes.length) ({ bounds, hashes } = growWordSpans(spans, n + 1));
        bounds[2 * n] = start;
        bounds[2 * n + 1] = k;
        hashes[n++] = h;
        start = -1;
      }
    }
    spans.count = n;
    return this.encodeSpans(s);
  }

  /**
   * Ids of the words `spans` marks in `s`, from the hashes the tokenizer computed in its scan (the same FNV-1a that
   * encodeSpaced computes). The table probe is written out here rather than calling `intern` for every word: in a
   * fresh process this loop runs unoptimized for the first few hundred segments, where each call costs.
   */
  private encodeSpans(s: string): Int32Array {
    const { bounds, hashes, count } = this.spans;
    const ids = new Int32Array(count);
    const words = this.words;
    let wordHash = this.wordHash;
    let slots = this.slots;
    let mask = slots.length - 1;
    for (let k = 0; k < count; k++) {
      const raw = hashes[k];
      // Final avalanche (from MurmurHash3) so that the low bits used as the slot index depend on every character.
      let h = raw ^ (raw >>> 16);
      h = Math.imul(h, 0x85ebca6b);
      h ^= h >>> 13;
      const start = bounds[2 * k];
      const len = bounds[2 * k + 1] - start;
      // Linear probing from h & mask; the step comes first so that a collision runs no operation the common paths
      // (an empty slot, a hit) have not run: V8 would otherwise deoptimize this loop at the first collision.
      let slot = (h & mask) - 1;
      let entry: number;
      for (;;) {
        slot = (slot + 1) & mask;
        entry = slots[slot];
        if (entry === 0) break;
        const id = entry - 1;
        if (wordHash[id] === h) {
          const w = words[id];
          if (w.length === len && s.startsWith(w, start)) break;
        }
      }
      if (entry !== 0) ids[k] = entry - 1;
      else {
        // A new word, added where the probe ended; the tables may grow.
        ids[k] = this.addWord(s.slice(start, start + len), h, slot);
        wordHash = this.wordHash;
        slots = this.slots;
        mask = slots.length - 1;
      }
    }
    return ids;
  }

  /** Adds a word whose (avalanched) hash is `h` at `slot`, the empty slot its probe ended on; returns its id. */
  private addWord(word: string, h: number, slot: number): number {
    const id = this.words.length;
    this.words.push(word);
    if (id === this.wordHash.length) this.wordHash = _growInt32(this.wordHash, id + 1);
    this.wordHash[id] = h;
    this.slots[slot] = id + 1;
    // Keep the table at most half full.
    if (2 * (id + 1) > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.words.length; id++) {
      let slot = this.wordHash[id] & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.slots = slots;
  }

  reset(): void {
    this.lines.clear();
    this.words = [];
    this.slots.fill(0);
  }
}

function _growInt32(a: Int32Array, needed: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(_grow(a.length, needed));
  b.set(a);
  return b;
}

// n-gram ids are interned in a directly indexed table while (distinct prefixes x distinct words) stays below this;
// only very long lines fall back to a Map.
const DIRECT_TABLE_LIMIT = 1 << 20;

/**
 * Counts clipped n-gram matches without building n-gram strings. A segment's hypothesis words get dense local ids;
 * an n-gram's id is interned from (id of its (n-1)-gram prefix, id of its last word), so every key is below L² for a
 * line of L words (exact in a double up to ~10⁸ words). Reference n-grams that the hypothesis lacks get -1 and are
 * skipped: they can never match, nor can any longer n-gram containing them. Tables are reused across segments and
 * invalidated with generation stamps instead of being cleared.
 */
export class NgramMatchCounter {
  private generation = 0;
  // word id -> local id, valid where wordStamp equals the generation
  // Sized as WordIdEncoder's tables are, for the same reason: growth paths that run after V8 has optimized a counting
  // loop deoptimize it.
  private wordStamp = new Int32Array(1 << 14);
  private wordLocal = new Int32Array(1 << 14);
  // (prefix id * V + word) -> n-gram id, valid where keyStamp equals the generation
  private keyStamp = new Int32Array(1 << 16);
  private keyId = new Int32Array(1 << 16);
  private readonly bigKeys = new Map<number, number>();
  private hypGrams = new Int32Array(256);
  private hypLocal = new Int32Array(256);
  private refGrams: Int32Array[] = [];
  private refLocal: Int32Array[] = [];
  private hypCount = new Int32Array(256);
  private refMax = new Int32Array(256);
  private refCount = new Int32Array(256);

  constructor(readonly maxOrder: number) {}

  /** Writes [hyp_len, closest ref_len, correct_1..N, total_1..N] at `offset`. `vocabularySize` bounds the word ids. */
  countInto(hyp: Int32Array, refs: readonly Int32Array[], vocabularySize: number, out: Float64Array, offset: number): void {
    const hypLen = hyp.length;
    out[offset] = hypLen;
    out[offset + 1] = closestRefLength(hypLen, refs);
    this.prepare(hypLen, refs, vocabularySize);
    // Every n-gram key is below hypLen² (prefix ids and word ids are local to the hypothesis).
    if (refs.length === 1 && hypLen * hypLen <= DIRECT_TABLE_LIMIT) this.countOneReference(hyp, refs[0], out, offset);
    else this.countReferences(hyp, refs, out, offset);
  }

  /**
   * The one-reference case (most corpora) in two loops per order: the hypothesis loop extends the n-gram ids and
   * counts them, the reference loop extends its ids and counts a match while the reference has used fewer of that
   * n-gram than the hypothesis has, which sums to the clipped count min(hyp count, ref count) over n-grams. Fewer
   * loops and no per-order fills matter most in a fresh process, where this runs unoptimized for the first segments.
   */
  private countOneReference(hyp: Int32Array, ref: Int32Array, out: Float64Array, offset: number): void {
    const N = this.maxOrder;
    const hypLen = hyp.length;
    const refLen = ref.length;
    const wordStamp = this.wordStamp;
    const wordLocal = this.wordLocal;
    const hypLocal = this.hypLocal;
    const hypGrams = this.hypGrams;
    const hypCount = this.hypCount;
    const used = this.refCount;
    const local = this.refLocal[0];
    const grams = this.refGrams[0];
    let gen = this.nextGeneration();
    let V = 0;
    for (let i = 0; i < hypLen; i++) {
      const w = hyp[i];
      let id: number;
      if (wordStamp[w] !== gen) {
        wordStamp[w] = gen;
        wordLocal[w] = id = V++;
        hypCount[id] = 0;
        used[id] = 0;
      } else id = wordLocal[w];
      hypLocal[i] = hypGrams[i] = id;
      hypCount[id]++;
    }
    let correct = 0;
    for (let i = 0; i < refLen; i++) {
      const w = ref[i];
      let id = -1;
      if (wordStamp[w] === gen) {
        id = wordLocal[w];
        if (used[id] < hypCount[id]) {
          used[id]++;
          correct++;
        }
      }
      local[i] = grams[i] = id;
    }
    out[offset + 2] = correct;
    out[offset + 2 + N] = hypLen;
    // Keys are (id of an (n-1)-gram) * V + (word id), and there are at most hypLen (n-1)-grams.
    if (N > 1) this.ensureKeyTable(hypLen * V);
    const keyStamp = this.keyStamp;
    const keyId = this.keyId;
    for (let n = 2; n <= N; n++) {
      const hypPositions = hypLen - n + 1;
      if (hypPositions <= 0) {
        // Nothing of this order or higher in the hypothesis: no matches, no totals.
        for (let m = n; m <= N; m++) out[offset + 1 + m] = out[offset + 1 + N + m] = 0;
        break;
      }
      gen = this.nextGeneration();
      let distinct = 0;
      for (let i = 0; i < hypPositions; i++) {
        const key = hypGrams[i] * V + hypLocal[i + n - 1];
        let id: number;
        if (keyStamp[key] !== gen) {
          keyStamp[key] = gen;
          keyId[key] = id = distinct++;
          hypCount[id] = 0;
          used[id] = 0;
        } else id = keyId[key];
        hypGrams[i] = id;
        hypCount[id]++;
      }
      correct = 0;
      const refPositions = refLen - n + 1;
      for (let i = 0; i < refPositions; i++) {
        const prefix = grams[i];
        const last = local[i + n - 1];
        let id = -1;
        if (prefix >= 0 && last >= 0) {
          const key = prefix * V + last;
          if (keyStamp[key] === gen) {
            id = keyId[key];
            if (used[id] < hypCount[id]) {
              used[id]++;
              correct++;
            }
          }
        }
        grams[i] = id;
      }
      out[offset + 1 + n] = correct;
      out[offset + 1 + N + n] = hypPositions;
    }
  }

  /** Any number of references, and hypotheses too long for the direct key table. */
  private countReferences(hyp: Int32Array, refs: readonly Int32Array[], out: Float64Array, offset: number): void {
    const N = this.maxOrder;
    const hypLen = hyp.length;

    const gen = this.nextGeneration();
    const wordStamp = this.wordStamp;
    const wordLocal = this.wordLocal;
    const hypLocal = this.hypLocal;
    const hypGrams = this.hypGrams;
    let V = 0;
    for (let i = 0; i < hypLen; i++) {
      const w = hyp[i];
      if (wordStamp[w] !== gen) {
        wordStamp[w] = gen;
        wordLocal[w] = V++;
      }
      hypLocal[i] = hypGrams[i] = wordLocal[w];
    }
    for (let r = 0; r < refs.length; r++) {
      const ref = refs[r];
      const local = this.refLocal[r];
      const grams = this.refGrams[r];
      for (let i = 0; i < ref.length; i++) local[i] = grams[i] = wordStamp[ref[i]] === gen ? wordLocal[ref[i]] : -1;
    }

    let distinct = V;
    for (let n = 1; n <= N; n++) {
      const hypPositions = hypLen - n + 1;
      if (hypPositions <= 0) {
        // Nothing of this order or higher in the hypothesis: no matches, no totals.
        for (let m = n; m <= N; m++) out[offset + 1 + m] = out[offset + 1 + N + m] = 0;
        break;
      }
      if (n > 1) distinct = this.extendOrder(n, hypLen, refs, V, distinct);
      const hypCount = this.hypCount;
      const refMax = this.refMax;
      hypCount.fill(0, 0, distinct);
      refMax.fill(0, 0, distinct);
      for (let i = 0; i < hypPositions; i++) hypCount[hypGrams[i]]++;
      for (let r = 0; r < refs.length; r++) {
        const grams = this.refGrams[r];
        const refPositions = refs[r].length - n + 1;
        if (refPositions <= 0) continue;
        if (refs.length === 1) {
          for (let i = 0; i < refPositions; i++) if (grams[i] >= 0) refMax[grams[i]]++;
          continue;
        }
        const refCount = this.refCount;
        refCount.fill(0, 0, distinct);
        for (let i = 0; i < refPositions; i++) if (grams[i] >= 0) refCount[grams[i]]++;
        // Several references: the clip count is the maximum over references (sacreBLEU merges with max).
        for (let g = 0; g < distinct; g++) if (refCount[g] > refMax[g]) refMax[g] = refCount[g];
      }
      let correct = 0;
      for (let g = 0; g < distinct; g++) correct += hypCount[g] < refMax[g] ? hypCount[g] : refMax[g];
      out[offset + 1 + n] = correct;
      out[offset + 1 + N + n] = hypPositions;
    }
  }

  /** Turns order n-1 ids into order n ids in place; returns the number of distinct hypothesis n-grams. */
  private extendOrder(n: number, hypLen: number, refs: readonly Int32Array[], V: number, prevDistinct: number): number {
    const hypGrams = this.hypGrams;
    const hypLocal = this.hypLocal;
    const hypPositions = hypLen - n + 1;
    const keySpace = prevDistinct * V;
    let count = 0;
    if (keySpace <= DIRECT_TABLE_LIMIT) {
      this.ensureKeyTable(keySpace);
      const gen = this.nextGeneration();
      const keyStamp = this.keyStamp;
      const keyId = this.keyId;
      for (let i = 0; i < hypPositions; i++) {
        const key = hypGrams[i] * V + hypLocal[i + n - 1];
        if (keyStamp[key] !== gen) {
          keyStamp[key] = gen;
          keyId[key] = count++;
        }
        hypGrams[i] = keyId[key];
      }
      for (let r = 0; r < refs.length; r++) {
        const grams = this.refGrams[r];
        const local = this.refLocal[r];
        const refPositions = refs[r].length - n + 1;
        for (let i = 0; i < refPositions; i++) {
          const prefix = grams[i];
          const last = local[i + n - 1];
          if (prefix < 0 || last < 0) grams[i] = -1;
          else {
            const key = prefix * V + last;
            grams[i] = keyStamp[key] === gen ? keyId[key] : -1;
          }
        }
      }
      return count;
    }
    const table = this.bigKeys;
    table.clear();
    for (let i = 0; i < hypPositions; i++) {
      const key = hypGrams[i] * V + hypLocal[i + n - 1];
      let id = table.get(key);
      if (id === undefined) {
        id = count++;
        table.set(key, id);
      }
      hypGrams[i] = id;
    }
    for (let r = 0; r < refs.length; r++) {
      const grams = this.refGrams[r];
      const local = this.refLocal[r];
      const refPositions = refs[r].length - n + 1;
      for (let i = 0; i < refPositions; i++) {
        const prefix = grams[i];
        const last = local[i + n - 1];
        grams[i] = prefix < 0 || last < 0 ? -1 : (table.get(prefix * V + last) ?? -1);
      }
    }
    table.clear();
    return count;
  }

  private nextGeneration(): number {
    if (this.generation === 0x7fffffff) {
      // Stamps would repeat: wipe them once every 2^31 segments.
      this.generation = 0;
      this.wordStamp.fill(0);
      this.keyStamp.fill(0);
    }
    return ++this.generation;
  }

  private prepare(hypLen: number, refs: readonly Int32Array[], vocabularySize: number): void {
    if (this.wordStamp.length < vocabularySize) {
      const size = _grow(this.wordStamp.length, vocabularySize);
      const stamp = new Int32Array(size);
      stamp.set(this.wordStamp);
      this.wordStamp = stamp;
      this.wordLocal = new Int32Array(size);
    }
    if (this.hypGrams.length < hypLen) {
      const size = _grow(this.hypGrams.length, hypLen);
      this.hypGrams = new Int32Array(size);
      this.hypLocal = new Int32Array(size);
      this.hypCount = new Int32Array(size);
      this.refMax = new Int32Array(size);
      this.refCount = new Int32Array(size);
    }
    for (let r = 0; r < refs.length; r++) {
      if (r >= this.refGrams.length) {
        this.refGrams.push(new Int32Array(256));
        this.refLocal.push(new Int32Array(256));
      }
      if (this.refGrams[r].length < refs[r].length) {
        const size = _grow(this.refGrams[r].length, refs[r].length);
        this.refGrams[r] = new Int32Array(size);
        this.refLocal[r] = new Int32Array(size);
      }
    }
  }

  private ensureKeyTable(keySpace: number): void {
    if (this.keyStamp.length >= keySpace) return;
    const size = _grow(this.keyStamp.length, keySpace);
    const stamp = new Int32Array(size);
    stamp.set(this.keyStamp);
    this.keyStamp = stamp;
    this.keyId = new Int32Array(size);
  }
}

function _grow(size: number, needed: number): number {
  let s = Math.max(size, 1);
  while (s < needed) s *= 2;
  return s;
}

/** sacreBLEU's `_get_closest_ref_len`: the reference length nearest the hypothesis length, the shorter on a tie. */
export function closestRefLength(hypLen: number, refs: readonly { readonly length: number }[]): number {
  let bestDiff = -1;
  let best = -1;
  for (const ref of refs) {
    const diff = Math.abs(hypLen - ref.length);
    if (bestDiff === -1 || diff < bestDiff || (diff === bestDiff && ref.length < best)) {
      bestDiff = diff;
      best = ref.length;
    }
  }
  return best;
}

/** Python's `f'{x:.2f}'`: like toFixed(2), except that exact ties (0.125, 0.625) round half to even. */
export function formatFixed2(x: number): string {
  // A double lies exactly halfway between two 2-decimal numbers only if it is an odd number of eighths.
  const eighths = x * 8;
  if (Number.isInteger(eighths) && Math.abs(eighths) % 2 === 1) {
    const down = x.toFixed(3).slice(0, -1);
    if (Number(down[down.length - 1]) % 2 === 0) return down;
  }
  return x.toFixed(2);
}

export const bleuFactory: ScorerFactory = {
  name: 'bleu',
  aliases: ['sacrebleu'],
  summary: 'BLEU, identical to sacreBLEU 2.6.0 (corpus score from summed n-gram statistics)',
  options: `tokenize=${TOKENIZER_NAMES.join('|')}, lowercase=false, smooth=exp|floor|add-k|none, smooth-value=(floor 0.1, add-k 1), max-ngram-order=4, eff=false`,
  optionDocs: {
    tokenize: "sacreBLEU's tokenizer: 13a (WMT default), intl (Unicode punctuation), zh, char, none",
    lowercase: 'lowercase hypotheses and references first (sacreBLEU -lc)',
    smooth: 'smoothing of zero n-gram counts; corpus BLEU rarely needs it, sentence BLEU does',
    'smooth-value': 'the constant of floor / add-k smoothing',
    'max-ngram-order': 'longest n-gram counted',
    eff: "effective order (sacreBLEU's sentence-BLEU default): only n-gram orders with matches count",
  },
  create(o) {
    const smooth = o.string('smooth', 'exp', SMOOTHINGS);
    const rawSmoothValue = o.optionalString('smooth-value');
    let smoothValue: number | undefined;
    if (rawSmoothValue !== undefined) {
      if (SMOOTH_DEFAULT_VALUE[smooth] === undefined) {
        throw new SpecError(`option smooth-value in "${o.spec}" only applies to smooth=floor or smooth=add-k`, o.spec);
      }
      smoothValue = o.number('smooth-value', 0, { min: 0 });
    }
    const s = new Bleu({
      tokenize: o.string('tokenize', '13a', TOKENIZER_NAMES),
      lowercase: o.bool('lowercase', false),
      smooth,
      smoothValue,
      maxNgramOrder: o.number('max-ngram-order', DEFAULT_MAX_NGRAM_ORDER, { integer: true, min: 1, max: 100 }),
      effectiveOrder: o.bool('eff', false),
    });
    o.done();
    return s;
  },
};
