// The mteval-v13a tokenizer (`tok:13a`, BLEU's default), as sacreBLEU 2.6.0 applies it, and the punctuation rules
// it shares with the `zh` tokenizer.
import { isPyWhitespaceAbove0x84, pySplit } from '../text.js';
import { FNV_OFFSET_BASIS, FNV_PRIME, growWordSpans, type Tokenizer, type WordSpans } from './types.js';

// ASCII symbols mteval-v13a always splits off: 0x21-0x7E except letters, digits and the four characters ' , - .
// (sacreBLEU's class also lists the space; padding a space with spaces cannot change the tokens, so it is left out
// here to keep the strings short.) No `u` flag on any of these: every pattern is ASCII apart from "not a digit", which
// a lone surrogate half satisfies exactly as the whole astral character does, so UTF-16 units behave as code points.
const ASCII_SYMBOL = /[!-&(-+/:-@[-`{-~]/g;
// `.` and `,` are split from a preceding non-digit and, separately, from a following non-digit, so 3.14 and 1,000
// stay whole. Two passes with capture groups, not look-arounds: sacreBLEU's non-overlapping `re.sub` consumes the
// character next to each match, so in "a..." the first pass pads only the first and third dots, and the second pass
// then sees that string.
const PERIOD_COMMA_AFTER_NON_DIGIT = /([^0-9])([.,])/g;
const PERIOD_COMMA_BEFORE_NON_DIGIT = /([.,])([^0-9])/g;
// A dash after a digit is split off (1990-2000 becomes 1990 - 2000, while well-known stays whole).
const DASH_AFTER_DIGIT = /([0-9])-/g;

/**
 * The language-dependent part of mteval-v13a (sacreBLEU's `TokenizerRegexp`), up to but not including its final
 * whitespace split and join. The caller decides on padding: 13a pads the line with a space on each side, `zh` does not,
 * and that changes whether a final "3." is split. (A hand-written single scan that records where spaces go was tried
 * and measured slower than V8's regexes.)
 */
export function mtevalPunctuationSpaced(line: string): string {
  let s = line.replace(ASCII_SYMBOL, ' $& ');
  // The later passes can only fire around these characters; most short lines have no dash, some no period.
  if (s.includes('.') || s.includes(',')) {
    s = s.replace(PERIOD_COMMA_AFTER_NON_DIGIT, '$1 $2 ');
    s = s.replace(PERIOD_COMMA_BEFORE_NON_DIGIT, ' $1 $2');
  }
  if (s.includes('-')) s = s.replace(DASH_AFTER_DIGIT, '$1 - ');
  return s;
}

/** The language-independent part: drop `<skipped>` markers, join hyphenated line breaks, undo four HTML escapes. */
function mtevalNormalize(line: string): string {
  let s = line;
  if (s.includes('<skipped>')) s = s.replaceAll('<skipped>', '');
  if (s.includes('\n')) s = s.replaceAll('-\n', '').replaceAll('\n', ' ');
  if (s.includes('&')) {
    // Sequential, in this order, as sacreBLEU does: "&amp;lt;" therefore ends up as "<".
    s = s.replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>');
  }
  return s;
}

function spaced13a(line: string): string {
  // The surrounding spaces make a final "." after a digit split off (" 1990. " -> "1990 .").
  return mtevalPunctuationSpaced(` ${mtevalNormalize(line)} `);
}

// What each ASCII character is to the 13a passes (other characters are WORD or, for Python whitespace, SPACE).
const WORD = 0;
const DIGIT = 1;
const SYMBOL = 2;
const PERIOD_COMMA = 3;
const DASH = 4;
const SPACE = 5;
const ASCII_CLASS = new Uint8Array(128);
const ONE_SYMBOL = new RegExp(ASCII_SYMBOL.source);
for (let c = 0; c < 0x80; c++) {
  const ch = String.fromCharCode(c);
  ASCII_CLASS[c] = ONE_SYMBOL.test(ch) ? SYMBOL : c >= 0x30 && c <= 0x39 ? DIGIT : ch === '.' || ch === ',' ? PERIOD_COMMA : ch === '-' ? DASH
    : c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f) ? SPACE : WORD;
}

/**
 * The words of spaced13a(line) as spans of the normalized line, with their hashes, in one scan. Every pass only inserts
 * spaces, so a word is a run of the line cut at whitespace and around the characters some pass isolates:
 * - an ASCII symbol, always;
 * - `.` or `,` when the first period/comma pass matches it — its left neighbour (a space pass 0 put after a symbol,
 *   or the padding space) is no digit and is not itself a `.`/`,` that pass matched (non-overlapping matches consume
 *   it) — or when the character after it is no digit (the second pass: only these two cases decide it, since a
 *   first-pass match already pads the right side);
 * - `-` after a digit.
 * The scan carries one state about the previous character (a digit, a `.`/`,` the first pass matched, or anything
 * else), so no branch looks characters up that the common path does not: a rarely taken branch with loads of its own
 * would make V8 throw away this function's optimized code the first time it runs. The tokenizer test compares these
 * spans with pySplit(spaced13a(line)) on random lines of these characters, and the hashes with `wordHash`.
 */
function wordSpans13a(line: string, spans: WordSpans): string {
  return scanWords13a(mtevalNormalize(line), spans);
}

/**
 * wordSpans13a after normalization. Kept apart from mtevalNormalize, whose `&` and `<skipped>` branches are native
 * string calls that gain nothing from optimization, and would cost a deoptimization of this loop the first time an
 * optimized scan met a line with an `&` in it.
 */
function scanWords13a(t: string, spans: WordSpans): string {
  const len = t.length;
  let bounds = spans.bounds;
  let hashes = spans.hashes;
  let n = 0;
  let start = -1;
  let h = FNV_OFFSET_BASIS;
  // spaced13a pads the line with a space on each side, which is neither a digit nor a matched `.`
  let prevDigit = false;
  let prevMatched = false;
  for (let j = 0; j < len; j++) {
    const c = t.charCodeAt(j);
    const cls = c < 0x80 ? ASCII_CLASS[c] : c >= 0x85 && isPyWhitespaceAbove0x84(c) ? SPACE : WORD;
    if (cls <= DIGIT) {
      if (start < 0) {
        start = j;
        h = FNV_OFFSET_BASIS;
      }
      h = Math.imul(h ^ c, FNV_PRIME);
      prevDigit = cls === DIGIT;
      prevMatched = false;
      continue;
    }
    let isolated = true;
    let matched = false;
    if (cls === PERIOD_COMMA) {
      matched = !prevDigit && !prevMatched;
      if (!matched && j + 1 < len) {
        const d = t.charCodeAt(j + 1);
        isolated = d < 0x30 || d > 0x39;
      }
    } else if (cls === DASH) isolated = prevDigit;
    else if (cls === SPACE) {
      if (start >= 0) {
        if (n === hashes.length) ({ bounds, hashes } = growWordSpans(spans, n + 1));
        bounds[2 * n] = start;
        bounds[2 * n + 1] = j;
        hashes[n++] = h;
        start = -1;
      }
      prevDigit = prevMatched = false;
      continue;
    }
    prevDigit = false;
    prevMatched = matched;
    if (!isolated) {
      if (start < 0) {
        start = j;
        h = FNV_OFFSET_BASIS;
      }
      h = Math.imul(h ^ c, FNV_PRIME);
      continue;
    }
    if (n + 2 > hashes.length) ({ bounds, hashes } = growWordSpans(spans, n + 2));
    if (start >= 0) {
      bounds[2 * n] = start;
      bounds[2 * n + 1] = j;
      hashes[n++] = h;
      start = -1;
    }
    bounds[2 * n] = j;
    bounds[2 * n + 1] = j + 1;
    hashes[n++] = Math.imul(FNV_OFFSET_BASIS ^ c, FNV_PRIME);
  }
  if (start >= 0) {
    if (n === hashes.length) ({ bounds, hashes } = growWordSpans(spans, n + 1));
    bounds[2 * n] = start;
    bounds[2 * n + 1] = len;
    hashes[n++] = h;
  }
  spans.count = n;
  return t;
}

export const tokenizer13a: Tokenizer = {
  name: '13a',
  // sacreBLEU ends with ' '.join(line.split()).
  tokenize: (line) => pySplit(spaced13a(line)).join(' '),
  spaced: spaced13a,
  wordSpans: wordSpans13a,
};
