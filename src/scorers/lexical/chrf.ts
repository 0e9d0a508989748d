// chrF (Popović 2015) and chrF++ (Popović 2017), reproducing sacreBLEU 2.6.0's `CHRF` number for number.
//
// Statistics row of one segment: for each character order 1..nc, then each word order 1..nw, the triple
// [hypothesis n-grams, reference n-grams, matched n-grams] (sacreBLEU's layout). The corpus score is the f-score of the
// summed rows; the sentence score is the f-score of one row.
//
// Speed: n-grams are never materialised as strings. Every n-gram of the hypothesis gets a dense integer id by
// interning the pair (id of its (n-1)-gram prefix, last code point or word id) in an open-addressing table, which is
// collision-free because the pair is compared exactly. Reference n-grams are only looked up: a reference n-gram
// whose prefix is absent from the hypothesis cannot match, so the walk from that start position stops there.

import { BaseStatisticsScorer, type Item, type Score, type SignatureContext } from '../contract.js';
import type { ScorerFactory } from '../registry.js';
import { formatSignature, formatSpec, SpecError, type SpecOptions } from '../spec.js';
import { PairInterner } from './pair-interner.js';
import { isPyWhitespace, pythonLower } from './text.js';

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

function isAsciiPunct(codePoint: number): boolean {
  return codePoint < 128 && IS_ASCII_PUNCT[codePoint] === 1;
}

function grown(buf: Int32Array<ArrayBuffer>, n: number): Int32Array<ArrayBuffer> {
  return buf.length >= n ? buf : new Int32Array(Math.max(n, buf.length * 2));
}

/**
 * One segment as code points: the character stream sacreBLEU takes n-grams of (`''.join(line.split())`, or the raw
 * line when whitespace is kept) and, for chrF++, the spans of its words in that stream.
 */
class SegmentText {
  cps = new Int32Array(1024);
  length = 0;
  wordStart = new Int32Array(256);
  wordEnd = new Int32Array(256);
  words = 0;

  load(s: string, keepWhitespace: boolean, wantWords: boolean): void {
    const cps = (this.cps = grown(this.cps, s.length));
    if (wantWords) {
      this.wordStart = grown(this.wordStart, s.length);
      this.wordEnd = grown(this.wordEnd, s.length);
    }
    this.words = 0;
    let n = 0;
    let start = -1;
    for (let i = 0; i < s.length; i++) {
      let c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          c = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
          i++;
        }
      }
      // Python str.split() whitespace: U+001C..U+001F and the non-ASCII spaces included
      if (isPyWhitespace(c)) {
        if (start >= 0) {
          this.addWord(start, n);
          start = -1;
        }
        if (keepWhitespace) cps[n++] = c;
        continue;
      }
      if (start < 0 && wantWords) start = n;
      cps[n++] = c;
    }
    if (start >= 0) this.addWord(start, n);
    this.length = n;
  }

  /**
   * sacreBLEU's chrF++ word split (after m-popovic/chrF): a word longer than one code point loses ONE trailing
   * punctuation mark or, failing that, one leading mark — never both, so "(hi)" gives "(hi" and ")" (sacreBLEU #124).
   */
  private addWord(a: number, b: number): void {
    const cps = this.cps;
    let k = this.words;
    if (b - a > 1 && isAsciiPunct(cps[b - 1])) {
      this.wordStart[k] = a;
      this.wordEnd[k++] = b - 1;
      a = b - 1;
    } else if (b - a > 1 && isAsciiPunct(cps[a])) {
      this.wordStart[k] = a;
      this.wordEnd[k++] = a + 1;
      a = a + 1;
    }
    this.wordStart[k] = a;
    this.wordEnd[k++] = b;
    this.words = k;
  }
}

/** Parent values of the chains in the interning table (real parents are ids >= 0). */
const CHAR_ROOT = -1;
const WORD_NGRAM_ROOT = -2;
/** A word's identity is the id of the chain of its code points, interned from this root. */
const SPELLING_ROOT = -3;

/** Reusable buffers for one scorer: code points, n-gram ids, counts. Grown on demand, never shrunk. */
class Workspace {
  readonly table = new PairInterner();
  readonly hyp = new SegmentText();
  readonly ref = new SegmentText();
  /** Hypothesis char n-gram ids, order-major: ids of order n start at (n-1) * length. */
  hypCharIds = new Int32Array(6 * 1024);
  /** Hypothesis word n-gram ids (order-major, as above), followed by the word identities. */
  hypWordIds = new Int32Array(1024);
  /** Word identities of the reference, -1 for words the hypothesis lacks. */
  refWords = new Int32Array(1024);
  /** Per n-gram id: occurrences in the current reference, and hypothesis occurrences already matched. */
  refCount = new Int32Array(4096);
  used = new Int32Array(4096);
  /** Statistics of the reference being tried. */
  row = new Float64Array(0);
  /**
   * Character unigram ids of BMP code points, valid where `unigramStamp` equals `segment`: the first step of every
   * n-gram walk becomes an array read instead of a hash probe.
   */
  readonly unigramId = new Int32Array(0x10000);
  readonly unigramStamp = new Int32Array(0x10000);
  segment = 0;

  ensureCounts(n: number): void {
    if (this.refCount.length < n) {
      const cap = Math.max(n, this.refCount.length * 2);
      this.refCount = new Int32Array(cap);
      this.used = new Int32Array(cap);
    }
  }
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
    if (!this.workspace) {
      this.workspace = new Workspace();
      this.workspace.row = new Float64Array(this.statisticsWidth);
    }
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
    const o = this.options;
    const ws = this.ws;
    const wantWords = o.wordOrder > 0;
    // sacreBLEU lowercases with Python's str.lower(): pythonLower reproduces it (Unicode 14 case tables)
    ws.hyp.load(o.lowercase ? pythonLower(item.output) : item.output, o.whitespace, wantWords);
    this.internHypothesis();
    ws.ensureCounts(ws.table.size);
    const w = this.statisticsWidth;
    const row = ws.row;
    let best = -1;
    for (const r of item.references as string[]) {
      ws.ref.load(o.lowercase ? pythonLower(r) : r, o.whitespace, wantWords);
      this.countReferenceChars();
      this.matchOrders(ws.hypCharIds, ws.hyp.length, ws.ref.length, o.charOrder, 0, row);
      if (wantWords) {
        this.countReferenceWords();
        this.matchOrders(ws.hypWordIds, ws.hyp.words, ws.ref.words, o.wordOrder, o.charOrder, row);
      }
      this.clearCounts();
      const f = chrfFScore(row, 0, this.order, o.beta, o.epsSmoothing);
      if (f > best) {
        best = f;
        for (let j = 0; j < w; j++) out[offset + j] = row[j];
      }
    }
  }

  /** Interns every character n-gram (and, for chrF++, every word and word n-gram) of the loaded hypothesis. */
  private internHypothesis(): void {
    const ws = this.ws;
    const { charOrder: nc, wordOrder: nw } = this.options;
    const { cps, length: len } = ws.hyp;
    const table = ws.table;
    // bound on intern calls: char n-grams, plus for chrF++ one per word character (spellings) and the word n-grams
    table.reset(len * nc + (nw > 0 ? len * (nw + 1) : 0));
    const ids = (ws.hypCharIds = grown(ws.hypCharIds, nc * len));
    if (++ws.segment === 0x7fffffff) {
      ws.unigramStamp.fill(0);
      ws.segment = 1;
    }
    const seg = ws.segment;
    const { unigramId, unigramStamp } = ws;
    for (let i = 0; i < len; i++) {
      const top = Math.min(nc, len - i);
      if (top === 0) break;
      const c = cps[i];
      let parent: number;
      if (c < 0x10000) {
        if (unigramStamp[c] !== seg) {
          unigramStamp[c] = seg;
          unigramId[c] = table.intern(CHAR_ROOT, c);
        }
        parent = unigramId[c];
      } else parent = table.intern(CHAR_ROOT, c);
      ids[i] = parent;
      for (let n = 1; n < top; n++) {
        parent = table.intern(parent, cps[i + n]);
        ids[n * len + i] = parent;
      }
    }
    if (nw === 0) return;
    const { wordStart, wordEnd, words } = ws.hyp;
    const wids = (ws.hypWordIds = grown(ws.hypWordIds, (nw + 1) * words));
    // a word's identity is the id of its spelling; two words are equal iff their spellings are
    const spelled = nw * words;
    for (let k = 0; k < words; k++) {
      let id = SPELLING_ROOT;
      for (let j = wordStart[k]; j < wordEnd[k]; j++) id = table.intern(id, cps[j]);
      wids[spelled + k] = id;
    }
    for (let i = 0; i < words; i++) {
      let parent = WORD_NGRAM_ROOT;
      const top = Math.min(nw, words - i);
      for (let n = 0; n < top; n++) {
        parent = table.intern(parent, wids[spelled + i + n]);
        wids[n * words + i] = parent;
      }
    }
  }

  /** Counts, per hypothesis char n-gram id, its occurrences in the loaded reference. */
  private countReferenceChars(): void {
    const ws = this.ws;
    const nc = this.options.charOrder;
    const { cps, length: len } = ws.ref;
    const table = ws.table;
    const refCount = ws.refCount;
    const { unigramId, unigramStamp, segment: seg } = ws;
    for (let i = 0; i < len; i++) {
      const top = Math.min(nc, len - i);
      if (top === 0) break;
      const c = cps[i];
      let parent = c < 0x10000 ? (unigramStamp[c] === seg ? unigramId[c] : -1) : table.find(CHAR_ROOT, c);
      for (let n = 1; parent >= 0; n++) {
        refCount[parent]++;
        if (n === top) break;
        parent = table.find(parent, cps[i + n]); // -1: no hypothesis n-gram starts with this prefix
      }
    }
  }

  /** Counts, per hypothesis word n-gram id, its occurrences in the loaded reference. */
  private countReferenceWords(): void {
    const ws = this.ws;
    const nw = this.options.wordOrder;
    const { cps, wordStart, wordEnd, words } = ws.ref;
    const table = ws.table;
    const refCount = ws.refCount;
    const wids = (ws.refWords = grown(ws.refWords, words));
    for (let k = 0; k < words; k++) {
      let id = SPELLING_ROOT;
      for (let j = wordStart[k]; j < wordEnd[k]; j++) {
        id = table.find(id, cps[j]);
        if (id < 0) break; // a word the hypothesis never uses
      }
      wids[k] = id;
    }
    for (let i = 0; i < words; i++) {
      let parent = WORD_NGRAM_ROOT;
      const top = Math.min(nw, words - i);
      for (let n = 0; n < top; n++) {
        const wid = wids[i + n];
        if (wid < 0) break;
        parent = table.find(parent, wid);
        if (parent < 0) break;
        refCount[parent]++;
      }
    }
  }

  /**
   * Writes [hyp, ref, match] for orders 1..maxOrder into `row` from triple `firstTriple` on. Matches are
   * Σ min(hyp count, ref count), counted by letting each hypothesis occurrence take one reference occurrence while
   * any are left.
   */
  private matchOrders(hypIds: Int32Array, hypLen: number, refLen: number, maxOrder: number, firstTriple: number, row: Float64Array): void {
    const { refCount, used } = this.ws;
    for (let n = 1; n <= maxOrder; n++) {
      const hypN = Math.max(0, hypLen - n + 1);
      const refN = Math.max(0, refLen - n + 1);
      let match = 0;
      const base = (n - 1) * hypLen;
      for (let i = 0; i < hypN; i++) {
        const id = hypIds[base + i];
        if (used[id] < refCount[id]) {
          used[id]++;
          match++;
        }
      }
      const o = 3 * (firstTriple + n - 1);
      // sacreBLEU reports 0 hypothesis n-grams for an order where the reference has none
      row[o] = refN > 0 ? hypN : 0;
      row[o + 1] = refN;
      row[o + 2] = match;
    }
  }

  private clearCounts(): void {
    const size = this.ws.table.size;
    this.ws.refCount.fill(0, 0, size);
    this.ws.used.fill(0, 0, size);
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
