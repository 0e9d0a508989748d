// ROUGE-N, ROUGE-L and ROUGE-Lsum exactly as Google's rouge-score (google-research/google-research `rouge/`,
// PyPI rouge-score 0.1.2) computes them, with its tokenizer and optional NLTK Porter stemming.
//
// Conventions reproduced (target = reference, prediction = output):
//  - ROUGE-N: clipped n-gram matches; P = matches / max(#prediction n-grams, 1), R = matches / max(#target n-grams, 1).
//  - ROUGE-L: P = LCS / |prediction|, R = LCS / |target|; all zero when either side has no tokens.
//  - ROUGE-Lsum: texts are split on "\n" (rouge-score's default `split_summaries=False`), empty lines dropped, each
//    line tokenized alone; for each target line the union of its LCS index sets against every prediction line is
//    taken, and a union token counts as a hit only while both texts still have unused copies of it (ROUGE-1.5.5's
//    guard against double counting). P = hits / prediction tokens, R = hits / target tokens.
//  - F = 2PR / (P + R), evaluated in that order, and 0 when P + R = 0.
//  - Several references: rouge-score's `score_multi` — the reference with the highest F wins (the first on ties)
//    and its P and R are reported with it, whatever `measure` is.
// Tokens become small integers per item, so the hot loops run over typed arrays. ROUGE-L uses a bit-parallel LCS;
// ROUGE-Lsum keeps rouge-score's full table per line pair (it needs the backtracked positions), so one line of n
// tokens on each side costs about n² 32-bit cells, as rouge-score's Python table does.

import { BasePointwiseScorer, type Item, type Needs, type Score, type SignatureContext } from '../contract.js';
import type { ScorerFactory } from '../registry.js';
import { formatSignature, formatSpec, SpecError, type SpecOptions } from '../spec.js';
import { lcsLength, markLcsPositions } from './lcs.js';
import { ROUGE_TOKENIZER_NAMES, rougeTokenizer, type RougeTokenizer, type RougeTokenizerName } from './tokenizers/rouge.js';

export type RougeType = { kind: 'n'; n: number } | { kind: 'l' } | { kind: 'lsum' };
export type RougeMeasure = 'f' | 'p' | 'r';
const MEASURES: readonly RougeMeasure[] = ['f', 'p', 'r'];

export interface RougePRF {
  precision: number;
  recall: number;
  fmeasure: number;
}

const _zero = (): RougePRF => ({ precision: 0, recall: 0, fmeasure: 0 });

/** rouge-score's `scoring.fmeasure`: 2PR/(P+R), multiplied left to right as Python does, 0 when P + R is 0. */
export function rougeFmeasure(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

function _prf(precision: number, recall: number): RougePRF {
  return { precision, recall, fmeasure: rougeFmeasure(precision, recall) };
}

// ---------------------------------------------------------------------------------------------------------------
// Integer encoding. The tokenizer hands out ids that are stable across items; per item they are renumbered densely:
// the prediction's distinct tokens become 0..V-1 and target tokens the prediction lacks become -1, since they can
// never match and every count that involves them is a plain length. Dense ids keep count arrays and LCS masks small.

class ItemTokenIds {
  private local = new Int32Array(256);
  private stamp = new Int32Array(256); // == current ⇔ the id was seen in this item's prediction
  private current = 0;
  /** Distinct prediction tokens so far in this item. */
  size = 0;

  beginItem(): void {
    this.current++;
    this.size = 0;
  }

  /** Renumbers prediction ids in place, giving new tokens the next dense id. */
  encodePrediction(ids: Int32Array, idCount: number): Int32Array {
    if (this.stamp.length < idCount) this._grow(idCount);
    for (let i = 0; i < ids.length; i++) {
      const g = ids[i];
      if (this.stamp[g] !== this.current) {
        this.stamp[g] = this.current;
        this.local[g] = this.size++;
      }
      ids[i] = this.local[g];
    }
    return ids;
  }

  /** Renumbers target ids in place; tokens absent from the prediction become -1. */
  encodeTarget(ids: Int32Array): Int32Array {
    const n = this.stamp.length;
    for (let i = 0; i < ids.length; i++) {
      const g = ids[i];
      ids[i] = g < n && this.stamp[g] === this.current ? this.local[g] : -1;
    }
    return ids;
  }

  private _grow(min: number): void {
    const size = Math.max(min, this.stamp.length * 2);
    const local = new Int32Array(size);
    const stamp = new Int32Array(size);
    local.set(this.local);
    stamp.set(this.stamp);
    this.local = local;
    this.stamp = stamp;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// ROUGE-N

/** The prediction's n-gram multiset: each distinct n-gram has a slot and a count. */
interface NgramTable {
  n: number;
  total: number;
  /**
   * n-gram → slot. Unigrams need no map (the slot is the token id); longer n-grams use the number
   * Σ id_j · V^(n-1-j) when V^n fits in a double exactly, and the ids joined with "," otherwise.
   */
  numericSlots: Map<number, number> | null;
  stringSlots: Map<string, number> | null;
  counts: Int32Array;
  vocabSize: number;
}

function _numericKey(ids: Int32Array, start: number, n: number, vocabSize: number): number {
  let k = 0;
  for (let j = 0; j < n; j++) k = k * vocabSize + ids[start + j];
  return k;
}

function _stringKey(ids: Int32Array, start: number, n: number): string {
  let s = String(ids[start]);
  for (let j = 1; j < n; j++) s += ',' + ids[start + j];
  return s;
}

function _numericKeysFit(vocabSize: number, n: number): boolean {
  return Math.pow(Math.max(vocabSize, 1), n) <= Number.MAX_SAFE_INTEGER;
}

function _predictionNgrams(ids: Int32Array, n: number, vocabSize: number): NgramTable {
  const total = Math.max(ids.length - n + 1, 0);
  if (n === 1) {
    const counts = new Int32Array(vocabSize);
    for (let i = 0; i < ids.length; i++) counts[ids[i]]++;
    return { n, total, numericSlots: null, stringSlots: null, counts, vocabSize };
  }
  const slotOf = new Int32Array(total);
  let numericSlots: Map<number, number> | null = null;
  let stringSlots: Map<string, number> | null = null;
  if (_numericKeysFit(vocabSize, n)) {
    const m = new Map<number, number>();
    for (let i = 0; i < total; i++) {
      const key = _numericKey(ids, i, n, vocabSize);
      let slot = m.get(key);
      if (slot === undefined) m.set(key, (slot = m.size));
      slotOf[i] = slot;
    }
    numericSlots = m;
  } else {
    const m = new Map<string, number>();
    for (let i = 0; i < total; i++) {
      const key = _stringKey(ids, i, n);
      let slot = m.get(key);
      if (slot === undefined) m.set(key, (slot = m.size));
      slotOf[i] = slot;
    }
    stringSlots = m;
  }
  const counts = new Int32Array((numericSlots ?? stringSlots)?.size ?? 0);
  for (let i = 0; i < total; i++) counts[slotOf[i]]++;
  return { n, total, numericSlots, stringSlots, counts, vocabSize };
}

/** The prediction slot of the target n-gram starting at `start`, or -1 (absent, or holds a token the prediction lacks). */
function _targetSlot(target: Int32Array, start: number, pred: NgramTable): number {
  const { n } = pred;
  for (let j = 0; j < n; j++) if (target[start + j] < 0) return -1;
  if (pred.numericSlots) return pred.numericSlots.get(_numericKey(target, start, n, pred.vocabSize)) ?? -1;
  if (pred.stringSlots) return pred.stringSlots.get(_stringKey(target, start, n)) ?? -1;
  return target[start]; // unigrams: the slot is the id
}

/** rouge-score `_score_ngrams`: Σ over target n-grams of min(count in target, count in prediction). */
function _scoreNgrams(target: Int32Array, pred: NgramTable): RougePRF {
  const targetTotal = Math.max(target.length - pred.n + 1, 0);
  const left = pred.counts.slice(); // prediction copies not yet matched
  let matches = 0;
  for (let i = 0; i < targetTotal; i++) {
    const slot = _targetSlot(target, i, pred);
    if (slot >= 0 && left[slot] > 0) {
      left[slot]--;
      matches++;
    }
  }
  return _prf(matches / Math.max(pred.total, 1), matches / Math.max(targetTotal, 1));
}

// ---------------------------------------------------------------------------------------------------------------
// ROUGE-L (LCS length, bit-parallel: lcs.ts)

function _scoreLcs(target: Int32Array, prediction: Int32Array): RougePRF {
  if (target.length === 0 || prediction.length === 0) return _zero();
  const lcs = lcsLength(target, prediction);
  return _prf(lcs / prediction.length, lcs / target.length);
}

// ---------------------------------------------------------------------------------------------------------------
// ROUGE-Lsum (which target positions an LCS uses, read back as rouge-score does: lcs.ts)

function _scoreSummaryLevelLcs(targetLines: Int32Array[], predLines: Int32Array[], vocabSize: number): RougePRF {
  let m = 0;
  let n = 0;
  for (const s of targetLines) m += s.length;
  for (const s of predLines) n += s.length;
  if (m === 0 || n === 0) return _zero();
  // Unused copies of each token on both sides (ROUGE-1.5.5's double-counting guard). Hits are always shared ids.
  const leftPred = new Int32Array(vocabSize);
  const leftTarget = new Int32Array(vocabSize);
  for (const s of predLines) for (let i = 0; i < s.length; i++) leftPred[s[i]]++;
  for (const s of targetLines) for (let i = 0; i < s.length; i++) if (s[i] >= 0) leftTarget[s[i]]++;
  let hits = 0;
  for (const r of targetLines) {
    if (r.length === 0) continue;
    const used = new Uint8Array(r.length);
    for (const c of predLines) markLcsPositions(r, c, used);
    // The union in ascending target position (rouge-score sorts the index set).
    for (let i = 0; i < r.length; i++) {
      if (!used[i]) continue;
      const tok = r[i];
      if (leftPred[tok] > 0 && leftTarget[tok] > 0) {
        hits++;
        leftPred[tok]--;
        leftTarget[tok]--;
      }
    }
  }
  return _prf(hits / n, hits / m);
}

/** rouge-score's `get_sents` without sentence splitting: split on "\n" and drop empty lines (whitespace-only lines stay). */
export function rougeLsumLines(text: string): string[] {
  return text.split('\n').filter((line) => line.length > 0);
}

// ---------------------------------------------------------------------------------------------------------------
// Scoring one prediction against one or several targets.

/** A prediction tokenized and encoded once, reused for every reference. */
interface PreparedPrediction {
  vocabSize: number;
  ids?: Int32Array;
  ngrams?: NgramTable;
  lines?: Int32Array[];
}

/** What scoring one item needs: the tokenizer (with its id dictionary) and the per-item renumbering. */
interface Encoder {
  tok: RougeTokenizer;
  items: ItemTokenIds;
}

function _preparePrediction(type: RougeType, enc: Encoder, prediction: string): PreparedPrediction {
  const { tok, items } = enc;
  tok.resetIfLarge();
  items.beginItem();
  const encode = (text: string) => {
    const ids = tok.tokenIds(text);
    return items.encodePrediction(ids, tok.idCount);
  };
  if (type.kind === 'lsum') {
    const lines = rougeLsumLines(prediction).map(encode);
    return { vocabSize: items.size, lines };
  }
  const ids = encode(prediction);
  const ngrams = type.kind === 'n' ? _predictionNgrams(ids, type.n, items.size) : undefined;
  return { vocabSize: items.size, ids, ngrams };
}

function _scorePrepared(type: RougeType, enc: Encoder, p: PreparedPrediction, target: string): RougePRF {
  const encode = (text: string) => enc.items.encodeTarget(enc.tok.tokenIds(text));
  if (type.kind === 'lsum') return _scoreSummaryLevelLcs(rougeLsumLines(target).map(encode), p.lines as Int32Array[], p.vocabSize);
  const ids = encode(target);
  if (type.kind === 'l') return _scoreLcs(ids, p.ids as Int32Array);
  return _scoreNgrams(ids, p.ngrams as NgramTable);
}

function _encoder(tokenizer: RougeTokenizerName, stem: boolean): Encoder {
  return { tok: rougeTokenizer(tokenizer, stem), items: new ItemTokenIds() };
}

export interface RougeOptions {
  type: RougeType;
  /** Porter stemming of tokens longer than 3 characters (rouge-score `use_stemmer`); default false, as rouge-score. */
  stem?: boolean;
  /** Which of P, R, F is the score's value; default F. */
  measure?: RougeMeasure;
  tokenizer?: RougeTokenizerName;
}

/** rouge-score `RougeScorer([type], use_stemmer).score(target, prediction)`. */
export function rougeScore(target: string, prediction: string, type: RougeType, stem = false, tokenizer: RougeTokenizerName = 'default'): RougePRF {
  const enc = _encoder(tokenizer, stem);
  return _scorePrepared(type, enc, _preparePrediction(type, enc, prediction), target);
}

/** rouge-score `score_multi`: the target with the highest F (the first on ties), with its own P and R. */
export function rougeScoreMulti(
  targets: readonly string[],
  prediction: string,
  type: RougeType,
  stem = false,
  tokenizer: RougeTokenizerName = 'default',
): { best: RougePRF; index: number } {
  return _scoreMulti(targets, prediction, type, _encoder(tokenizer, stem));
}

function _scoreMulti(targets: readonly string[], prediction: string, type: RougeType, enc: Encoder): { best: RougePRF; index: number } {
  const prepared = _preparePrediction(type, enc, prediction);
  let best: RougePRF = _zero();
  let index = -1;
  for (let k = 0; k < targets.length; k++) {
    const s = _scorePrepared(type, enc, prepared, targets[k]);
    if (index < 0 || s.fmeasure > best.fmeasure) {
      best = s;
      index = k;
    }
  }
  return { best, index };
}

// ---------------------------------------------------------------------------------------------------------------
// The scorer

function _typeName(type: RougeType): string {
  return type.kind === 'n' ? `ROUGE-${type.n}` : type.kind === 'l' ? 'ROUGE-L' : 'ROUGE-Lsum';
}

function _registryName(type: RougeType): string {
  if (type.kind === 'l') return 'rouge-l';
  if (type.kind === 'lsum') return 'rouge-lsum';
  return type.n === 1 || type.n === 2 ? `rouge-${type.n}` : 'rouge';
}

export class Rouge extends BasePointwiseScorer {
  readonly id: string;
  readonly family = 'lexical' as const;
  readonly needs: Needs = { references: true };
  readonly direction = 'higher' as const;
  readonly range = [0, 1] as const;
  readonly type: RougeType;
  readonly stem: boolean;
  readonly measure: RougeMeasure;
  readonly tokenizerName: RougeTokenizerName;
  private readonly encoder: Encoder;

  constructor(options: RougeOptions) {
    super();
    const { type } = options;
    if (type.kind === 'n' && !(Number.isInteger(type.n) && type.n >= 1)) throw new RangeError(`ROUGE-N needs an integer n >= 1, got ${type.n}`);
    this.type = type.kind === 'n' ? { kind: 'n', n: type.n } : { kind: type.kind };
    this.stem = options.stem ?? false;
    this.measure = options.measure ?? 'f';
    this.tokenizerName = options.tokenizer ?? 'default';
    this.encoder = _encoder(this.tokenizerName, this.stem);
    this.id = _registryName(this.type);
  }

  spec(): string {
    const opts: [string, string][] = [];
    if (this.id === 'rouge' && this.type.kind === 'n') opts.push(['n', String(this.type.n)]);
    if (this.stem) opts.push(['stem', 'true']);
    if (this.measure !== 'f') opts.push(['measure', this.measure]);
    if (this.tokenizerName !== 'default') opts.push(['tokenizer', this.tokenizerName]);
    return formatSpec(this.id, [], opts);
  }

  signature(ctx?: SignatureContext): string {
    return formatSignature(_typeName(this.type), [
      ['nrefs', ctx?.nrefs ?? '?'],
      ['stem', this.stem ? 'yes' : 'no'],
      ['tok', this.tokenizerName],
      ['measure', this.measure],
    ]);
  }

  /** All three numbers for one item (max-F reference, as `score_multi`). */
  scoreItem(item: Item): RougePRF {
    return _scoreMulti(item.references as string[], item.output, this.type, this.encoder).best;
  }

  protected scoreOne(item: Item): Score {
    const s = this.scoreItem(item);
    const value = this.measure === 'f' ? s.fmeasure : this.measure === 'p' ? s.precision : s.recall;
    return { value, details: { precision: s.precision, recall: s.recall, fmeasure: s.fmeasure } };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Factories for the spec registry

const COMMON_OPTIONS = 'stem=false|true, measure=f|p|r, tokenizer=default|unicode';

const COMMON_DOCS: Record<string, string> = {
  stem: 'Porter-stem tokens longer than 3 characters (rouge-score use_stemmer)',
  measure: 'the value reported: f (F-measure), p (precision) or r (recall); all three are in the details',
  tokenizer: "default: rouge-score's (lowercase, ASCII letters and digits only, so other scripts score 0); unicode: letters of any script, CJK/Thai characters one token each (trenchcoat's, shown as tok:unicode)",
};

function _create(o: SpecOptions, type: RougeType): Rouge {
  const s = new Rouge({
    type,
    stem: o.bool('stem', false),
    measure: o.string('measure', 'f', MEASURES),
    tokenizer: o.string('tokenizer', 'default', ROUGE_TOKENIZER_NAMES),
  });
  o.done();
  return s;
}

function _fixedFactory(name: string, alias: string, type: RougeType, summary: string): ScorerFactory {
  return { name, aliases: [alias], summary, options: COMMON_OPTIONS, optionDocs: COMMON_DOCS, create: (o) => _create(o, type) };
}

export const rougeFactories: ScorerFactory[] = [
  _fixedFactory('rouge-1', 'rouge1', { kind: 'n', n: 1 }, 'ROUGE-1 unigram overlap F (Google rouge-score)'),
  _fixedFactory('rouge-2', 'rouge2', { kind: 'n', n: 2 }, 'ROUGE-2 bigram overlap F (Google rouge-score)'),
  _fixedFactory('rouge-l', 'rougel', { kind: 'l' }, 'ROUGE-L longest common subsequence F (Google rouge-score)'),
  _fixedFactory('rouge-lsum', 'rougelsum', { kind: 'lsum' }, 'ROUGE-Lsum summary-level LCS over "\\n"-separated lines (Google rouge-score)'),
  {
    name: 'rouge',
    summary: 'ROUGE-N for any n (rouge:n=3 is ROUGE-3; Google rouge-score)',
    options: `n=INTEGER (required), ${COMMON_OPTIONS}`,
    optionDocs: { n: 'n-gram length: rouge:n=3 is ROUGE-3', ...COMMON_DOCS },
    create(o) {
      if (!o.parsed.options.has('n')) {
        throw new SpecError(`spec "${o.spec}" needs n (e.g. rouge:n=3), or use rouge-1, rouge-2, rouge-l, rouge-lsum`, o.spec);
      }
      return _create(o, { kind: 'n', n: o.number('n', 1, { integer: true, min: 1 }) });
    },
  },
];
