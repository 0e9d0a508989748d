// Tokenizers for ROUGE.
//
// `default` reproduces Google rouge-score's tokenizer (rouge/tokenize.py, also its DefaultTokenizer): lowercase
// (Python `str.lower()`), replace every run of characters outside [a-z0-9] with a space, split, Porter-stem the
// tokens longer than 3 characters when stemming is on, and keep only tokens matching ^[a-z0-9]+$. After the
// substitution every piece is already [a-z0-9]+, so this is "the maximal runs of [a-z0-9] in the lowercased text".
// Everything non-ASCII is a separator, so text in other scripts scores 0. Only two non-ASCII characters lowercase to
// ASCII letters, identically in Python and JavaScript: U+0130 (İ -> "i" + U+0307) and U+212A (Kelvin sign -> "k").
//
// `unicode` is trenchcoat's own variant for text that is not English (not a rouge-score behaviour, so it shows as
// `tok:unicode` in the signature):
//  - lowercase with full Unicode case mapping (`toLowerCase`, no normalisation such as NFC or NFKC);
//  - a token is a maximal run of letters, digits and combining marks of any script (\p{L}\p{N}\p{M});
//  - characters of scripts written without spaces between words — Han ideographs, Hiragana, Katakana (including
//    the prolonged sound mark ー, by script extension), Thai, Lao, Khmer and Myanmar — each become a token of their
//    own (with any combining marks that follow), so Chinese or Japanese is scored on characters and gets non-zero
//    scores. Hangul is written with spaces and stays whole words;
//  - with stemming on, only tokens made of [a-z0-9] and longer than 3 characters are Porter-stemmed (Porter is an
//    English stemmer); other tokens are kept as they are.
// Newlines are separators in both tokenizers, so tokenizing a text line by line gives the same tokens as a whole.
//
// Scoring wants integers, not strings: `tokenIds` maps each surface form straight to the id of its final token
// through one dictionary lookup, so lowercasing and stemming run once per distinct surface form, not per token.

import { CachedPorterStemmer } from '../porter.js';

export type RougeTokenizerName = 'default' | 'unicode';
export const ROUGE_TOKENIZER_NAMES: readonly RougeTokenizerName[] = ['default', 'unicode'];

export interface RougeTokenizer {
  /** What the signature prints as `tok:`. */
  readonly name: RougeTokenizerName;
  readonly stem: boolean;
  tokenize(text: string): string[];
  /** The same tokens as integer ids: equal ids ⇔ equal tokens, until `resetIfLarge` forgets them. */
  tokenIds(text: string): Int32Array;
  /** Ids handed out so far are 0 .. idCount-1. */
  readonly idCount: number;
  /** Drops the dictionary once it passes its size cap (bounded memory on endless streams). Call between items only. */
  resetIfLarge(): void;
}

/** One stem cache for the whole process: stems never change and real text repeats its words. */
const sharedStemmer = new CachedPorterStemmer();

const ASCII_WORD = /[a-z0-9]+/g;
const ASCII_TOKEN = /^[a-z0-9]+$/;

/** rouge-score's tokenizer, with or without the NLTK Porter stemmer. */
export function rougeScoreTokenize(text: string, stem: boolean): string[] {
  const tokens = text.toLowerCase().match(ASCII_WORD);
  if (tokens === null) return [];
  if (stem) {
    for (let i = 0; i < tokens.length; i++) {
      // rouge-score stems only tokens longer than 3 characters (its comment: "Only stem words more than 3 characters").
      if (tokens[i].length > 3) tokens[i] = sharedStemmer.stem(tokens[i]);
    }
    // Its final ^[a-z0-9]+$ filter: a Porter stem of a non-empty [a-z0-9] word is never empty, but keep the check.
    return tokens.filter((t) => t.length > 0);
  }
  return tokens;
}

const UNICODE_WORD = /[\p{L}\p{N}\p{M}]+/gu;
const UNSPACED_SCRIPT = '[\\p{scx=Han}\\p{scx=Hiragana}\\p{scx=Katakana}\\p{scx=Thai}\\p{scx=Lao}\\p{scx=Khmer}\\p{scx=Myanmar}]';
const HAS_UNSPACED = new RegExp(UNSPACED_SCRIPT, 'u');
/** Capturing split: each unspaced-script character with the combining marks after it becomes its own piece. */
const SPLIT_UNSPACED = new RegExp(`(${UNSPACED_SCRIPT}\\p{M}*)`, 'u');

function _maybeStem(word: string, stem: boolean): string {
  return stem && word.length > 3 && ASCII_TOKEN.test(word) ? sharedStemmer.stem(word) : word;
}

/** trenchcoat's Unicode-aware ROUGE tokenizer (see the file header). */
export function rougeUnicodeTokenize(text: string, stem: boolean): string[] {
  const words = text.toLowerCase().match(UNICODE_WORD);
  if (words === null) return [];
  const out: string[] = [];
  for (const w of words) {
    if (!HAS_UNSPACED.test(w)) out.push(_maybeStem(w, stem));
    else for (const piece of w.split(SPLIT_UNSPACED)) if (piece) out.push(_maybeStem(piece, stem));
  }
  return out;
}

/** Token string → dense integer id, forgotten wholesale past `maxEntries`. */
class StringIds {
  private readonly ids = new Map<string, number>();
  constructor(private readonly maxEntries = 1 << 20) {}
  get size(): number {
    return this.ids.size;
  }
  id(token: string): number {
    let id = this.ids.get(token);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(token, id);
    }
    return id;
  }
  resetIfLarge(): void {
    if (this.ids.size > this.maxEntries) this.clear();
  }
  clear(): void {
    this.ids.clear();
  }
}

/** Only these two non-ASCII characters lowercase to ASCII letters (checked over all code points, Python and JS). */
const LOWERS_TO_ASCII = /[\u0130\u212a]/;

/** ASCII letters and digits: the characters rouge-score's tokens are made of (before lowercasing). */
const IS_ASCII_ALNUM = new Uint8Array(128);
for (let c = 48; c <= 57; c++) IS_ASCII_ALNUM[c] = 1;
for (let c = 65; c <= 90; c++) IS_ASCII_ALNUM[c] = IS_ASCII_ALNUM[c + 32] = 1;

const _lowerAscii = (c: number): number => (c >= 65 && c <= 90 ? c | 32 : c);

/**
 * Open-addressing hash table from a lowercased [a-z0-9]+ surface form to its token id, probed straight from the
 * text's character codes so the common case (a word seen before) builds no substring.
 */
class AsciiSurfaceTable {
  private keys: string[] = new Array(1024).fill('');
  private hashes = new Int32Array(1024);
  private ids = new Int32Array(1024).fill(-1);
  count = 0;

  /** The id stored for text[start, end) (lowercased), or -1. */
  find(text: string, start: number, end: number, hash: number): number {
    const mask = this.ids.length - 1;
    const len = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const id = this.ids[slot];
      if (id < 0) return -1;
      if (this.hashes[slot] !== hash) continue;
      const key = this.keys[slot];
      if (key.length !== len) continue;
      let k = 0;
      while (k < len && key.charCodeAt(k) === _lowerAscii(text.charCodeAt(start + k))) k++;
      if (k === len) return id;
    }
  }

  insert(key: string, hash: number, id: number): void {
    if (2 * (this.count + 1) > this.ids.length) this._rehash(this.ids.length * 2);
    const mask = this.ids.length - 1;
    let slot = hash & mask;
    while (this.ids[slot] >= 0) slot = (slot + 1) & mask;
    this.keys[slot] = key;
    this.hashes[slot] = hash;
    this.ids[slot] = id;
    this.count++;
  }

  clear(): void {
    this.keys = new Array(1024).fill('');
    this.hashes = new Int32Array(1024);
    this.ids = new Int32Array(1024).fill(-1);
    this.count = 0;
  }

  private _rehash(size: number): void {
    const { keys, hashes, ids } = this;
    this.keys = new Array(size).fill('');
    this.hashes = new Int32Array(size);
    this.ids = new Int32Array(size).fill(-1);
    this.count = 0;
    for (let s = 0; s < ids.length; s++) if (ids[s] >= 0) this.insert(keys[s], hashes[s], ids[s]);
  }
}

class DefaultRougeTokenizer implements RougeTokenizer {
  readonly name = 'default' as const;
  private readonly surfaces = new AsciiSurfaceTable();
  private readonly tokenIdsOf = new StringIds(Infinity); // bounded through `surfaces`: never more tokens than forms
  private scratch = new Int32Array(1024);
  constructor(
    readonly stem: boolean,
    private readonly maxSurfaces = 1 << 20,
  ) {}
  get idCount(): number {
    return this.tokenIdsOf.size;
  }
  tokenize(text: string): string[] {
    return rougeScoreTokenize(text, this.stem);
  }
  tokenIds(text: string): Int32Array {
    // Lowercasing maps ASCII to ASCII and every other character but two to non-ASCII, so the [a-z0-9] runs of the
    // lowercased text are the [A-Za-z0-9] runs of the original, each lowercased.
    const src = LOWERS_TO_ASCII.test(text) ? text.toLowerCase() : text;
    const n = src.length;
    let count = 0;
    let i = 0;
    while (i < n) {
      let c = src.charCodeAt(i);
      if (c >= 128 || !IS_ASCII_ALNUM[c]) {
        i++;
        continue;
      }
      const start = i;
      let hash = 0x811c9dc5 | 0; // FNV-1a over the lowercased characters
      do {
        hash = Math.imul(hash ^ _lowerAscii(c), 0x01000193);
        c = ++i < n ? src.charCodeAt(i) : 128;
      } while (c < 128 && IS_ASCII_ALNUM[c]);
      let id = this.surfaces.find(src, start, i, hash);
      if (id < 0) id = this._addSurface(src.slice(start, i).toLowerCase(), hash);
      if (count === this.scratch.length) this._growScratch();
      this.scratch[count++] = id;
    }
    return this.scratch.slice(0, count);
  }
  resetIfLarge(): void {
    if (this.surfaces.count <= this.maxSurfaces) return;
    this.surfaces.clear();
    this.tokenIdsOf.clear();
  }
  private _addSurface(surface: string, hash: number): number {
    // rouge-score stems only tokens longer than 3 characters
    const token = this.stem && surface.length > 3 ? sharedStemmer.stem(surface) : surface;
    const id = this.tokenIdsOf.id(token);
    this.surfaces.insert(surface, hash, id);
    return id;
  }
  private _growScratch(): void {
    const next = new Int32Array(this.scratch.length * 2);
    next.set(this.scratch);
    this.scratch = next;
  }
}

class UnicodeRougeTokenizer implements RougeTokenizer {
  readonly name = 'unicode' as const;
  private readonly dict: StringIds;
  constructor(
    readonly stem: boolean,
    maxTokens?: number,
  ) {
    this.dict = new StringIds(maxTokens);
  }
  get idCount(): number {
    return this.dict.size;
  }
  tokenize(text: string): string[] {
    return rougeUnicodeTokenize(text, this.stem);
  }
  tokenIds(text: string): Int32Array {
    const tokens = this.tokenize(text);
    const ids = new Int32Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) ids[i] = this.dict.id(tokens[i]);
    return ids;
  }
  resetIfLarge(): void {
    this.dict.resetIfLarge();
  }
}

/** A tokenizer with its own id dictionary (one per scorer), forgotten once it holds more than `maxSurfaces` forms. */
export function rougeTokenizer(name: RougeTokenizerName, stem: boolean, maxSurfaces = 1 << 20): RougeTokenizer {
  return name === 'unicode' ? new UnicodeRougeTokenizer(stem, maxSurfaces) : new DefaultRougeTokenizer(stem, maxSurfaces);
}
