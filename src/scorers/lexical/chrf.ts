// chrF (Popović 2015) and chrF++ (Popović 2017), reproducing sacreBLEU 2.6.0's `CHRF` number for number.
//
// Statistics row of one segment: for each character order 1..nc, then each word order 1..nw, the triple
// [hypothesis n-grams, reference n-grams, matched n-grams] (sacreBLEU's layout). The corpus score is the f-score of the
// summed rows; the sentence score is the f-score of one row.
//
// Speed: n-grams are never materialised as strings. The hypothesis's characters (and, for chrF++, its words) get
// segment-local ids 0..V-1, the references' the same ids or -1, and ngram-overlap.ts counts every order from them
// with directly indexed tables. Scorers that agree on the character options (chrF and chrF++) can share one pass:
// `jointSegmentStatistics`, used by scoring.ts through joint-statistics.ts.

import { BaseStatisticsScorer, checkNeeds, countReferences, type Item, type Score, type SignatureContext, type StatisticsScorer } from '../contract.js';
import type { ScorerFactory } from '../registry.js';
import { formatSignature, formatSpec, SpecError, type SpecOptions } from '../spec.js';
import { grown, NgramOverlapCounter } from './ngram-overlap.js';
import { PairInterner } from './pair-interner.js';
import { isPyWhitespaceAbove0x84, pythonLower } from './text.js';

export interface ChrfOptions {
  /** Character n-gram order (sacreBLEU `char_order`, default 6). */
  charOrder: number;
  /** Word n-gram order (`word_order`): 0 for chrF, 2 for chrF++. */
  wordOrder: number;
  /** Recall weight (`beta`, default 2). */
  beta: number;
  lowercase: boolean;
  /** Keep whitespace inside character n-grams (`whitespace`, default false: all Python whitespace is removed). */
  whitespace: boolean;
  /** chrF++.py / Moses / NLTK epsilon smoothing instead of sacreBLEU's default effective-order averaging. */
  epsSmoothing: boolean;
}

export const CHRF_DEFAULTS: Readonly<ChrfOptions> = {
  charOrder: 6,
  wordOrder: 0,
  beta: 2,
  lowercase: false,
  whitespace: false,
  epsSmoothing: false,
};

/** sacreBLEU's smoothing constant for orders with no n-grams (eps-smoothing mode). */
const EPS = 1e-16;

/**
 * The chrF f-score (0..100) of the statistics triples at `stats[offset …]`, with sacreBLEU's float operations in
 * sacreBLEU's order so sums of the same statistics give bit-identical scores.
 */
export function chrfFScore(
  stats: ArrayLike<number>,
  offset: number,
  order: number,
  beta: number,
  epsSmoothing: boolean,
): number {
  const factor = beta * beta;
  if (epsSmoothing) {
    // Every order counts; a missing precision or recall becomes EPS, an undefined f-score becomes EPS.
    let score = 0;
    for (let k = 0; k < order; k++) {
      const o = offset + 3 * k;
      const nHyp = stats[o];
      const nRef = stats[o + 1];
      const nMatch = stats[o + 2];
      const prec = nHyp > 0 ? nMatch / nHyp : EPS;
      const rec = nRef > 0 ? nMatch / nRef : EPS;
      const denom = factor * prec + rec;
      score += denom > 0 ? ((1 + factor) * prec * rec) / denom : EPS;
    }
    return (100 * score) / order;
  }
  // Effective order: average precision and recall over the orders where both sides have n-grams, then one f-score.
  let avgPrec = 0;
  let avgRec = 0;
  let effective = 0;
  for (let k = 0; k < order; k++) {
    const o = offset + 3 * k;
    const nHyp = stats[o];
    const nRef = stats[o + 1];
    if (nHyp > 0 && nRef > 0) {
      const nMatch = stats[o + 2];
      avgPrec += nMatch / nHyp;
      avgRec += nMatch / nRef;
      effective++;
    }
  }
  if (effective === 0) return 0;
  avgPrec /= effective;
  avgRec /= effective;
  if (avgPrec + avgRec === 0) return 0;
  let score = (1 + factor) * avgPrec * avgRec;
  score /= factor * avgPrec + avgRec;
  return 100 * score;
}

/** `string.punctuation`: sacreBLEU splits one of these off a word's end (else its start) for chrF++ word n-grams. */
const IS_ASCII_PUNCT = new Uint8Array(128);
for (const c of '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~') IS_ASCII_PUNCT[c.charCodeAt(0)] = 1;

/**
 * One segment's text as character ids (see Workspace): the stream sacreBLEU takes n-grams of (`''.join(line.split())`,
 * or the raw line when whitespace is kept) and, for chrF++, the spans of its words in that stream.
 */
class SegmentText {
  chars = new Int32Array(0);
  length = 0;
  wordStart = new Int32Array(0);
  wordEnd = new Int32Array(0);
  words = 0;
  /** Word ids of a reference (see wordTokens). */
  wordIds = new Int32Array(0);
}

/** Directly indexed spelling tables up to this many keys; longer lines intern spellings in the PairInterner. */
const SPELLING_KEY_LIMIT = 1 << 20;

/**
 * Reusable buffers for one scorer: the hypothesis and each reference as character ids, their word ids, and the
 * statistics rows of every reference. Grown on demand, never shrunk. Every buffer starts empty, so its growth path
 * runs on the first segment: V8 has type feedback for it before it optimizes the loops around it, where a path first
 * taken later (a longer line) would deoptimize them.
 *
 * Tables keyed by a code point or a spelling hold `base + id`, where the base of a segment is past every id handed out
 * before it: an entry below the current base is stale, so one load both tests and reads an entry and nothing is
 * cleared between segments.
 */
class Workspace {
  readonly hyp = new SegmentText();
  readonly refs: SegmentText[] = [];
  readonly counter = new NgramOverlapCounter();
  /** This segment's references (a prefix of `refs`): character ids (-1 where the hypothesis lacks one) and lengths. */
  readonly refChars: Int32Array[] = [];
  refLengths = new Int32Array(0);
  /** Character ids of BMP code points (`charBase + id`); astral ones in `astralIds`. V: the hypothesis's characters. */
  readonly charIds = new Int32Array(0x10000);
  charBase = 1;
  V = 0;
  readonly astralIds = new Map<number, number>();
  /** Word ids of the hypothesis 0..Vw-1 and of each reference (-1: a word the hypothesis lacks); the word counts. */
  hypWords = new Int32Array(0);
  readonly refWords: Int32Array[] = [];
  refWordCounts = new Int32Array(0);
  /** Spelling prefix ids keyed prefix * V + character id (`spellBase + id - 1`; 0 is the empty spelling). */
  spellIds = new Int32Array(0);
  spellBase = 1;
  /** The current segment's spelling base (spellings handed out from it on). */
  spellLookupBase = 1;
  /** Word spellings of very long hypotheses (see wordTokens). */
  readonly spellings = new PairInterner();
  /** Per spelling prefix id: the word id of a whole hypothesis word spelled so, else -1. */
  wordOfSpelling = new Int32Array(0);
  /** One statistics row per reference (character triples, then word triples). */
  rows = new Float64Array(0);

  /**
   * Loads one item's texts as character ids: the hypothesis's characters get ids 0..V-1 in order of first
   * occurrence, the references' the same ids or -1. Returns V.
   */
  loadSegment(hyp: string, refs: readonly string[], keepWhitespace: boolean, wantWords: boolean): number {
    const nRefs = refs.length;
    let base = this.charBase + this.V;
    if (base > 0x7fffffff - hyp.length) {
      this.charIds.fill(0);
      base = 1;
    }
    this.charBase = base;
    this.V = 0;
    if (this.astralIds.size > 0) this.astralIds.clear();
    this.tokenize(this.hyp, hyp, keepWhitespace, wantWords, true);
    while (this.refs.length < nRefs) this.refs.push(new SegmentText());
    if (this.refLengths.length < nRefs) this.refLengths = new Int32Array(nRefs);
    if (this.refChars.length > nRefs) this.refChars.length = nRefs;
    for (let r = 0; r < nRefs; r++) {
      const text = this.refs[r];
      this.tokenize(text, refs[r], keepWhitespace, wantWords, false);
      this.refChars[r] = text.chars;
      this.refLengths[r] = text.length;
    }
    return this.V;
  }

  /**
   * `text` = the character ids of `s` without Python whitespace (unless kept) and, with `wantWords`, its words as
   * sacreBLEU's chrF++ splits them (after m-popovic/chrF): a word longer than one code point loses ONE trailing
   * punctuation mark or, failing that, one leading mark — never both, so "(hi)" gives "(hi" and ")" (sacreBLEU #124).
   * The hypothesis (`assign`) numbers new characters; a reference gets -1 for characters the hypothesis lacks.
   */
  private tokenize(text: SegmentText, s: string, keepWhitespace: boolean, wantWords: boolean, assign: boolean): void {
    const len = s.length;
    const chars = (text.chars = grown(text.chars, len));
    let wordStart = text.wordStart;
    let wordEnd = text.wordEnd;
    if (wantWords) {
      wordStart = text.wordStart = grown(wordStart, len);
      wordEnd = text.wordEnd = grown(wordEnd, len);
    }
    const charIds = this.charIds;
    const base = this.charBase;
    let V = this.V;
    let n = 0;
    let words = 0;
    let start = -1;
    /** 1 if the current word starts with a punctuation mark; the last code point read. */
    let firstPunct = 0;
    let last = 0;
    // one step past the end, as if at a space, closes the last word
    for (let i = 0; i <= len; i++) {
      let c = i < len ? s.charCodeAt(i) : 0x20;
      // Python str.split() whitespace: U+001C..U+001F and the non-ASCII spaces included
      if (c <= 0x20 ? c === 0x20 || (c >= 0x09 && c <= 0x0d) || c >= 0x1c : c >= 0x85 && isPyWhitespaceAbove0x84(c)) {
        if (start >= 0) {
          // Arithmetic, not nested branches: a branch rarely taken in the first segments (a leading mark) has no
          // type feedback when V8 optimizes this loop, and taking it later would deoptimize the whole function.
          const multi = n - start > 1 ? 1 : 0;
          const tail = multi & (last < 128 ? IS_ASCII_PUNCT[last] : 0);
          const head = multi & (tail ^ 1) & firstPunct;
          const split = start + head + tail * (n - 1 - start);
          if (split !== start) {
            wordStart[words] = start;
            wordEnd[words++] = split;
            start = split;
          }
          wordStart[words] = start;
          wordEnd[words++] = n;
          start = -1;
        }
        if (!keepWhitespace || i === len) continue;
      } else {
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
          const d = s.charCodeAt(i + 1);
          if (d >= 0xdc00 && d <= 0xdfff) {
            c = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
            i++;
          }
        }
        if (start < 0 && wantWords) {
          start = n;
          firstPunct = c < 128 ? IS_ASCII_PUNCT[c] : 0;
        }
        last = c;
      }
      let id: number;
      if (c < 0x10000) {
        id = charIds[c] - base;
        if (id < 0) {
          if (assign) {
            id = V++;
            charIds[c] = base + id;
          } else id = -1;
        }
      } else {
        id = this.astralIds.get(c) ?? -1;
        if (id < 0 && assign) this.astralIds.set(c, (id = V++));
      }
      chars[n++] = id;
    }
    text.length = n;
    text.words = words;
    this.V = V;
  }
}

/** Options that decide the character statistics: scorers that agree on them can share them (chrF with chrF++). */
function characterStatisticsKey(o: Readonly<ChrfOptions>): string {
  return `chrf|nc=${o.charOrder}|lc=${o.lowercase}|ws=${o.whitespace}`;
}

export class Chrf extends BaseStatisticsScorer {
  readonly id: string;
  readonly direction = 'higher' as const;
  readonly range = [0, 100] as const;
  readonly statisticsWidth: number;
  readonly options: Readonly<ChrfOptions>;
  private readonly order: number;
  /** Buffers (about 0.6 MB) made on first use, so building a scorer just for its spec or signature stays cheap. */
  private workspace?: Workspace;

  private get ws(): Workspace {
    if (!this.workspace) this.workspace = new Workspace();
    return this.workspace;
  }

  constructor(options: Partial<ChrfOptions> = {}) {
    super();
    const o: ChrfOptions = { ...CHRF_DEFAULTS, ...options };
    for (const key of ['charOrder', 'wordOrder', 'beta'] as const) {
      if (!Number.isInteger(o[key]) || o[key] < 0) throw new RangeError(`chrF ${key} must be a non-negative integer, got ${o[key]}`);
    }
    if (o.charOrder + o.wordOrder === 0) throw new RangeError('chrF needs a character or word n-gram order above 0');
    this.options = Object.freeze(o);
    this.order = o.charOrder + o.wordOrder;
    this.statisticsWidth = 3 * this.order;
    this.id = o.wordOrder === 2 ? 'chrf++' : 'chrf';
  }

  /** Canonical spec: `chrf++` for word order 2, else `chrf`, then the options that differ from that name's defaults. */
  spec(): string {
    const o = this.options;
    const opts: [string, string][] = [];
    if (o.charOrder !== CHRF_DEFAULTS.charOrder) opts.push(['char-order', String(o.charOrder)]);
    if (this.id === 'chrf' && o.wordOrder !== 0) opts.push(['word-order', String(o.wordOrder)]);
    if (o.beta !== CHRF_DEFAULTS.beta) opts.push(['beta', String(o.beta)]);
    if (o.lowercase) opts.push(['lowercase', 'true']);
    if (o.whitespace) opts.push(['whitespace', 'true']);
    if (o.epsSmoothing) opts.push(['eps-smoothing', 'true']);
    return formatSpec(this.id, [], opts);
  }

  /** sacreBLEU's name (`chrF2`, one `+` per word order: `chrF2++`) and field set, with our version. */
  signature(ctx?: SignatureContext): string {
    const o = this.options;
    return formatSignature(`chrF${o.beta}${'+'.repeat(o.wordOrder)}`, [
      ['nrefs', ctx?.nrefs ?? '?'],
      ['case', o.lowercase ? 'lc' : 'mixed'],
      ['eff', o.epsSmoothing ? 'no' : 'yes'],
      ['nc', o.charOrder],
      ['nw', o.wordOrder],
      ['space', o.whitespace ? 'yes' : 'no'],
    ]);
  }

  scoreFromStatistics(stats: Float64Array): Score {
    return { value: chrfFScore(stats, 0, this.order, this.options.beta, this.options.epsSmoothing) };
  }

  /** The statistics of the reference with the best sentence f-score; the first reference wins ties (strict `>`). */
  protected segmentStatisticsInto(item: Item, out: Float64Array, offset: number): void {
    const nRefs = this.referenceRows(item, this.options.wordOrder);
    this.bestRowInto(this.ws.rows, nRefs, this.statisticsWidth, out, offset);
  }

  /** Scorers whose statistics are computed together share this key: the character n-gram options. */
  get jointStatisticsKey(): string {
    return characterStatisticsKey(this.options);
  }

  /**
   * The statistics of several chrF scorers that agree on character order, lowercasing and whitespace (chrF and chrF++,
   * any beta or smoothing), in one pass: character n-grams are counted once per hypothesis-reference pair and word
   * n-grams once up to the highest word order, and each scorer picks its best reference by its own f-score. The
   * rows equal each scorer's own `segmentStatistics`, since an order's triple does not depend on the other orders.
   */
  jointSegmentStatistics(items: readonly Item[], scorers: readonly StatisticsScorer[]): Float64Array[] {
    const key = this.jointStatisticsKey;
    const chrfs = scorers.map((s) => {
      if (!(s instanceof Chrf) || s.jointStatisticsKey !== key) throw new Error(`chrF joint statistics: ${s.spec()} does not share ${key}`);
      return s;
    });
    for (const s of chrfs) checkNeeds(s, items);
    countReferences(items);
    let maxWordOrder = 0;
    for (const s of chrfs) maxWordOrder = Math.max(maxWordOrder, s.options.wordOrder);
    const rowWidth = 3 * (this.options.charOrder + maxWordOrder);
    const outs = chrfs.map((s) => new Float64Array(items.length * s.statisticsWidth));
    for (let i = 0; i < items.length; i++) {
      const nRefs = this.referenceRows(items[i], maxWordOrder);
      for (let k = 0; k < chrfs.length; k++) chrfs[k].bestRowInto(this.ws.rows, nRefs, rowWidth, outs[k], i * chrfs[k].statisticsWidth);
    }
    return outs;
  }

  /**
   * Copies this scorer's part of the best reference's row (its character triples and its first word triples, which
   * lead every row) to `out`. Only with several references are f-scores computed at all.
   */
  private bestRowInto(rows: Float64Array, nRefs: number, rowWidth: number, out: Float64Array, offset: number): void {
    const w = this.statisticsWidth;
    let bestAt = 0;
    if (nRefs > 1) {
      const { beta, epsSmoothing } = this.options;
      let best = -1;
      for (let r = 0; r < nRefs; r++) {
        const f = chrfFScore(rows, r * rowWidth, this.order, beta, epsSmoothing);
        if (f > best) {
          best = f;
          bestAt = r * rowWidth;
        }
      }
    }
    for (let j = 0; j < w; j++) out[offset + j] = rows[bestAt + j];
  }

  /**
   * Loads the item and writes, per reference, the row of character triples 1..charOrder followed by word triples
   * 1..wordOrder into `ws.rows` (row width 3 × (charOrder + wordOrder)); returns the number of references.
   */
  private referenceRows(item: Item, wordOrder: number): number {
    const o = this.options;
    const ws = this.ws;
    const wantWords = wordOrder > 0;
    let hyp = item.output as string;
    let refs = item.references as string[];
    const nRefs = refs.length;
    // sacreBLEU lowercases with Python's str.lower(): pythonLower reproduces it (Unicode 14 case tables)
    if (o.lowercase) {
      hyp = pythonLower(hyp);
      refs = refs.map(pythonLower);
    }
    const V = ws.loadSegment(hyp, refs, o.whitespace, wantWords);
    const rowWidth = 3 * (o.charOrder + wordOrder);
    if (ws.rows.length < nRefs * rowWidth) ws.rows = new Float64Array(nRefs * rowWidth);
    ws.counter.countInto(ws.hyp.chars, ws.hyp.length, V, ws.refChars, ws.refLengths, o.charOrder, ws.rows, rowWidth, 0);
    if (wantWords) {
      const Vw = this.wordTokens(nRefs, V);
      ws.counter.countInto(ws.hypWords, ws.hyp.words, Vw, ws.refWords, ws.refWordCounts, wordOrder, ws.rows, rowWidth, o.charOrder);
    }
    return nRefs;
  }

  /**
   * Word token ids of the loaded texts (words are equal iff spelled alike) in `hypWords`/`refWords`, from the character
   * ids: a spelling is a chain of (prefix id, character id) pairs from prefix 0, keyed prefix * V + character in a
   * directly indexed table (the PairInterner for very long lines). Returns the word V.
   */
  private wordTokens(nRefs: number, V: number): number {
    const ws = this.ws;
    const { words, length } = ws.hyp;
    const keySpace = (length + 1) * V;
    const direct = keySpace <= SPELLING_KEY_LIMIT;
    if (direct && ws.spellIds.length < keySpace) ws.spellIds = new Int32Array(Math.max(keySpace, 2 * ws.spellIds.length));
    const hyp = (ws.hypWords = grown(ws.hypWords, words));
    const prefixes = direct ? this.hypSpellings(length) : this.hypSpellingsHashed(length);
    const wordOf = (ws.wordOfSpelling = grown(ws.wordOfSpelling, prefixes));
    wordOf.fill(-1, 0, prefixes);
    let Vw = 0;
    for (let k = 0; k < words; k++) {
      const p = hyp[k];
      if (wordOf[p] < 0) wordOf[p] = Vw++;
      hyp[k] = wordOf[p];
    }
    if (ws.refWordCounts.length < nRefs) ws.refWordCounts = new Int32Array(nRefs);
    if (ws.refWords.length > nRefs) ws.refWords.length = nRefs;
    for (let r = 0; r < nRefs; r++) {
      const text = ws.refs[r];
      const ref = (ws.refWords[r] = text.wordIds = grown(text.wordIds, text.words));
      ws.refWordCounts[r] = text.words;
      if (direct) this.refSpellings(text, ref, V);
      else this.refSpellingsHashed(text, ref);
      for (let k = 0; k < text.words; k++) if (ref[k] >= 0) ref[k] = wordOf[ref[k]];
    }
    return Vw;
  }

  /** The spelling id of each hypothesis word in `hypWords`, from the direct table; returns the number of spelling ids. */
  private hypSpellings(maxNew: number): number {
    const ws = this.ws;
    const { wordStart, wordEnd, words, chars } = ws.hyp;
    const V = ws.V;
    const spellIds = ws.spellIds;
    let base = ws.spellBase;
    if (base > 0x7fffffff - maxNew) {
      spellIds.fill(0);
      base = 1;
    }
    const hyp = ws.hypWords;
    let next = base;
    for (let k = 0; k < words; k++) {
      let id = 0;
      for (let j = wordStart[k]; j < wordEnd[k]; j++) {
        const key = id * V + chars[j];
        id = spellIds[key] - base;
        if (id < 0) {
          id = next - base;
          spellIds[key] = next++;
        }
        id++;
      }
      hyp[k] = id;
    }
    ws.spellBase = next;
    // the spelling table of this segment is valid from `base` on; refSpellings reads it there
    ws.spellLookupBase = base;
    return next - base + 1;
  }

  /** The spelling id of each word of a reference (-1: a spelling the hypothesis lacks), from the direct table. */
  private refSpellings(text: SegmentText, ref: Int32Array, V: number): void {
    const { wordStart, wordEnd, words, chars } = text;
    const spellIds = this.ws.spellIds;
    const base = this.ws.spellLookupBase;
    for (let k = 0; k < words; k++) {
      let id = 0;
      for (let j = wordStart[k]; j < wordEnd[k]; j++) {
        const c = chars[j];
        // a character, or a spelling, the hypothesis never uses
        id = c < 0 ? -1 : spellIds[id * V + c] - base;
        if (id < 0) break;
        id++;
      }
      ref[k] = id < 0 ? -1 : id;
    }
  }

  /** hypSpellings for very long hypotheses: spellings interned in the PairInterner. */
  private hypSpellingsHashed(maxNew: number): number {
    const ws = this.ws;
    const { wordStart, wordEnd, words, chars } = ws.hyp;
    const spellings = ws.spellings;
    spellings.reset(maxNew);
    const hyp = ws.hypWords;
    for (let k = 0; k < words; k++) {
      let id = 0;
      for (let j = wordStart[k]; j < wordEnd[k]; j++) id = spellings.intern(id - 1, chars[j]) + 1;
      hyp[k] = id;
    }
    return spellings.size + 1;
  }

  /** refSpellings for very long hypotheses. */
  private refSpellingsHashed(text: SegmentText, ref: Int32Array): void {
    const { wordStart, wordEnd, words, chars } = text;
    const spellings = this.ws.spellings;
    for (let k = 0; k < words; k++) {
      let id = 0;
      for (let j = wordStart[k]; j < wordEnd[k]; j++) {
        const c = chars[j];
        id = c < 0 ? -1 : spellings.find(id - 1, c) + 1;
        if (id <= 0) break;
      }
      ref[k] = id <= 0 ? -1 : id;
    }
  }
}

function createChrf(opts: SpecOptions, defaultWordOrder: number): Chrf {
  const int = { integer: true, min: 0 };
  const charOrder = opts.number('char-order', CHRF_DEFAULTS.charOrder, int);
  const wordOrder = opts.number('word-order', defaultWordOrder, int);
  const beta = opts.number('beta', CHRF_DEFAULTS.beta, int);
  const lowercase = opts.bool('lowercase', false);
  const whitespace = opts.bool('whitespace', false);
  const epsSmoothing = opts.bool('eps-smoothing', false);
  opts.done();
  if (charOrder + wordOrder === 0) throw new SpecError(`"${opts.spec}": char-order and word-order cannot both be 0`, opts.spec);
  return new Chrf({ charOrder, wordOrder, beta, lowercase, whitespace, epsSmoothing });
}

const OPTIONS_HELP = 'char-order=6, word-order=0, beta=2, lowercase=false, whitespace=false, eps-smoothing=false';

const OPTION_DOCS: Record<string, string> = {
  'char-order': 'longest character n-gram (sacreBLEU -cc / char_order)',
  'word-order': 'longest word n-gram: 0 is chrF, 2 is chrF++ (sacreBLEU -cw / word_order)',
  beta: 'recall weight of the F-score: β = 2 counts recall twice as much as precision',
  lowercase: 'lowercase hypothesis and references before matching (sacreBLEU -lc)',
  whitespace: 'keep whitespace inside character n-grams (default: all whitespace removed, as sacreBLEU)',
  'eps-smoothing': 'chrF++.py / Moses / NLTK epsilon smoothing instead of sacreBLEU\'s effective-order averaging',
};

export const chrfFactory: ScorerFactory = {
  name: 'chrf',
  summary: 'chrF: character n-gram F-score (Popović 2015), sacreBLEU 2.6.0-exact',
  options: OPTIONS_HELP,
  optionDocs: OPTION_DOCS,
  create: (opts) => createChrf(opts, 0),
};

export const chrfPlusPlusFactory: ScorerFactory = {
  name: 'chrf++',
  aliases: ['chrfpp'],
  summary: 'chrF++: chrF plus word uni- and bigrams (Popović 2017), sacreBLEU 2.6.0-exact',
  options: OPTIONS_HELP.replace('word-order=0', 'word-order=2'),
  optionDocs: OPTION_DOCS,
  create: (opts) => createChrf(opts, 2),
};
