// The international mteval-v14 tokenizer (`tok:intl`): split Unicode punctuation and symbols, keeping punctuation
// between digits (1,000 and 3.14) whole.
//
// sacreBLEU runs three `regex.sub` passes with the `regex` module's \p{..}:
//   1. (\P{N})(\p{P}) → '\1 \2 '      2. (\p{P})(\P{N}) → ' \1 \2'      3. (\p{S}) → ' \1 '
// each over the previous pass's output, with non-overlapping left-to-right matches. As in mteval-v14 there is no
// padding, so a sentence-final "2020." keeps its dot (a documented quirk sacreBLEU keeps).
//
// V8's Unicode-property regexes are slow, so the passes run here as one streaming scan over code points with a
// class table (N, P, S) instead. The table is filled from V8's own property escapes (BMP on first use, astral code
// points on demand), so the classes are exactly the regex ones: JS property escapes and `regex` 2026.5.9 agree over
// all code points on Node 20 (Unicode 17). `spacedIntlRegex` keeps the three-regex form as the specification the
// tests compare the scan against.
import { pySplit } from '../text.js';
import type { Tokenizer } from './types.js';

const PUNCT_AFTER_NON_NUMBER = /(\P{N})(\p{P})/gu;
const PUNCT_BEFORE_NON_NUMBER = /(\p{P})(\P{N})/gu;
const SYMBOL = /\p{S}/gu;

/** The three regex passes, literally: the specification of `spacedIntl`. */
export function spacedIntlRegex(line: string): string {
  let s = line.replace(PUNCT_AFTER_NON_NUMBER, '$1 $2 ');
  s = s.replace(PUNCT_BEFORE_NON_NUMBER, ' $1 $2');
  return s.replace(SYMBOL, ' $& ');
}

const N = 1;
const P = 2;
const S = 4;
const IS_N = /^\p{N}$/u;
const IS_P = /^\p{P}$/u;
const IS_S = /^\p{S}$/u;
const ALL_N = /\p{N}/gu;
const ALL_P = /\p{P}/gu;
const ALL_S = /\p{S}/gu;

function classifyByRegex(cp: number): number {
  const ch = String.fromCodePoint(cp);
  return (IS_N.test(ch) ? N : 0) | (IS_P.test(ch) ? P : 0) | (IS_S.test(ch) ? S : 0);
}

let bmp: Uint8Array | undefined;
const astral = new Map<number, number>();

function bmpTable(): Uint8Array {
  if (bmp !== undefined) return bmp;
  const t = new Uint8Array(0x10000);
  // Lone surrogates are code points of their own to a `u` regex (neither N, P nor S), as they are to Python's str, so
  // they are left out. One global match of each property over all other BMP code points fills the table.
  const units = new Uint16Array(0x10000 - 0x800);
  let n = 0;
  for (let cp = 0; cp < 0x10000; cp++) if (cp < 0xd800 || cp > 0xdfff) units[n++] = cp;
  let all = '';
  for (let k = 0; k < n; k += 4096) all += String.fromCharCode.apply(null, units.subarray(k, Math.min(n, k + 4096)) as unknown as number[]);
  for (const [re, bit] of [[ALL_N, N], [ALL_P, P], [ALL_S, S]] as const) {
    for (const m of all.matchAll(re)) t[m[0].charCodeAt(0)] |= bit;
  }
  return (bmp = t);
}

function classOf(cp: number, table: Uint8Array): number {
  if (cp < 0x10000) return table[cp];
  let c = astral.get(cp);
  if (c === undefined) astral.set(cp, (c = classifyByRegex(cp)));
  return c;
}

/** The three passes fused into one scan; equal to `spacedIntlRegex` for every string. */
export function spacedIntl(line: string): string {
  const table = bmpTable();
  const len = line.length;
  // Every pass only inserts spaces, so the result is the input with spaces inserted at boundaries: copy slices.
  let res = '';
  let last = 0;
  const insertSpaceAt = (k: number): void => {
    res += line.slice(last, k) + ' ';
    last = k;
  };
  // Pass 3 (symbols get a space on each side), fed by pass 2 with input code points at [k, k + w).
  const emit = (k: number, w: number, cls: number): void => {
    if (cls & S) {
      insertSpaceAt(k);
      insertSpaceAt(k + w);
    }
  };
  // Pass 2, fed by pass 1: a punctuation code point waits for the next element to see whether (\p{P})(\P{N}) matches
  // (the next element may be a space pass 1 inserted at boundary `k`, with w = 0 and no class).
  let pk = -1;
  let pw = 0;
  let pcls = 0;
  const feed = (k: number, w: number, cls: number): void => {
    if (pk >= 0) {
      const wk = pk;
      pk = -1;
      if (!(cls & N)) {
        insertSpaceAt(wk);
        emit(wk, pw, pcls);
        insertSpaceAt(wk + pw);
        if (w === 0) insertSpaceAt(k);
        else emit(k, w, cls);
        return;
      }
      // A number is never punctuation, so it cannot start the next match.
      emit(wk, pw, pcls);
      emit(k, w, cls);
      return;
    }
    if (cls & P) {
      pk = k;
      pw = w;
      pcls = cls;
    } else if (w === 0) insertSpaceAt(k);
    else emit(k, w, cls);
  };
  // Pass 1 over the input: (\P{N})(\p{P}) needs one code point of lookahead.
  let i = 0;
  while (i < len) {
    const u = line.charCodeAt(i);
    if (pk < 0 && (u < 0xd800 || u > 0xdfff) && table[u] === 0) {
      // The common case: a letter or space that no pass touches unless punctuation follows it.
      const d = i + 1 < len ? line.charCodeAt(i + 1) : -1;
      if (d < 0 || ((d < 0xd800 || d > 0xdfff) && !(table[d] & P))) {
        i++;
        continue;
      }
    }
    const cp = line.codePointAt(i)!;
    const w = cp > 0xffff ? 2 : 1;
    const cls = classOf(cp, table);
    const next = i + w;
    if (next < len && !(cls & N)) {
      const cp2 = line.codePointAt(next)!;
      const cls2 = classOf(cp2, table);
      if (cls2 & P) {
        const w2 = cp2 > 0xffff ? 2 : 1;
        feed(i, w, cls);
        feed(next, 0, 0);
        feed(next, w2, cls2);
        feed(next + w2, 0, 0);
        i = next + w2;
        continue;
      }
    }
    feed(i, w, cls);
    i = next;
  }
  if (pk >= 0) emit(pk, pw, pcls);
  return res === '' ? line : res + line.slice(last);
}

export const tokenizerIntl: Tokenizer = {
  name: 'intl',
  tokenize: (line) => pySplit(spacedIntl(line)).join(' '),
  spaced: spacedIntl,
};

/** The scan's class of a code point (bit 1 = N, 2 = P, 4 = S); exported for the tests that pin it to the regexes. */
export function intlClassOf(cp: number): number {
  return classOf(cp, bmpTable());
}

/** The class as the property-escape regexes give it, one code point at a time (the slow specification). */
export const intlClassOfByRegex = classifyByRegex;
