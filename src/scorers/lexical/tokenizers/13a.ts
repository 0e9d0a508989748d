// The mteval-v13a tokenizer (`tok:13a`, BLEU's default), as sacreBLEU 2.6.0 applies it, and the punctuation rules
// it shares with the `zh` tokenizer.
import { isPyWhitespaceAbove0x84, pySplit } from '../text.js';
import type { Tokenizer, WordSpans } from './types.js';

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

/** The ASCII_SYMBOL class as a table. */
const IS_SYMBOL = new Uint8Array(128);
const ONE_SYMBOL = new RegExp(ASCII_SYMBOL.source);
for (let c = 0; c < 0x80; c++) IS_SYMBOL[c] = ONE_SYMBOL.test(String.fromCharCode(c)) ? 1 : 0;

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isPeriodComma = (c: number): boolean => c === 0x2e || c === 0x2c;

/**
 * The words of spaced13a(line) as spans of the normalized line, in one scan. Every pass only inserts spaces, so a word
 * is a run of the line cut at whitespace and around the characters some pass isolates:
 * - an ASCII symbol, always;
 * - `.` or `,` when the first period/comma pass matches it — its left neighbour (a space pass 0 put after a symbol,
 *   or the padding space) is no digit and is not itself a `.`/`,` that pass matched (non-overlapping matches consume
 *   it) — or when the character after it is no digit (the second pass: only these two cases decide it, since a
 *   first-pass match already pads the right side);
 * - `-` after a digit.
 * The tokenizer test compares these spans with pySplit(spaced13a(line)) on random lines of these characters.
 */
function wordSpans13a(line: string, spans: WordSpans): string {
  const t = mtevalNormalize(line);
  const len = t.length;
  let bounds = spans.bounds;
  let n = 0;
  let start = -1;
  // spaced13a pads the line with a space on each side
  let prev = 0x20;
  let prevMatched = false;
  for (let j = 0; j < len; j++) {
    const c = t.charCodeAt(j);
    let isolated = false;
    let matched = false;
    if (c < 0x80) {
      if (IS_SYMBOL[c] === 1) isolated = true;
      else if (c === 0x2e || c === 0x2c) {
        matched = (prev < 0x80 && IS_SYMBOL[prev] === 1) || (!isDigit(prev) && !(isPeriodComma(prev) && prevMatched));
        isolated = matched || !isDigit(j + 1 < len ? t.charCodeAt(j + 1) : 0x20);
      } else if (c === 0x2d) isolated = isDigit(prev);
      else if (c <= 0x20 && (c === 0x20 || (c >= 0x09 && c <= 0x0d) || c >= 0x1c)) {
        if (start >= 0) {
          if (n + 2 > bounds.length) bounds = spans.bounds = grownBounds(bounds, n + 2);
          bounds[n++] = start;
          bounds[n++] = j;
          start = -1;
        }
        prev = c;
        prevMatched = false;
        continue;
      }
    } else if (c >= 0x85 && isPyWhitespaceAbove0x84(c)) {
      if (start >= 0) {
        if (n + 2 > bounds.length) bounds = spans.bounds = grownBounds(bounds, n + 2);
        bounds[n++] = start;
        bounds[n++] = j;
        start = -1;
      }
      prev = c;
      prevMatched = false;
      continue;
    }
    if (isolated) {
      if (n + 4 > bounds.length) bounds = spans.bounds = grownBounds(bounds, n + 4);
      if (start >= 0) {
        bounds[n++] = start;
        bounds[n++] = j;
        start = -1;
      }
      bounds[n++] = j;
      bounds[n++] = j + 1;
    } else if (start < 0) start = j;
    prev = c;
    prevMatched = matched;
  }
  if (start >= 0) {
    if (n + 2 > bounds.length) bounds = spans.bounds = grownBounds(bounds, n + 2);
    bounds[n++] = start;
    bounds[n++] = len;
  }
  spans.count = n >> 1;
  return t;
}

function grownBounds(b: Int32Array<ArrayBuffer>, needed: number): Int32Array<ArrayBuffer> {
  const out = new Int32Array(Math.max(needed, 2 * b.length));
  out.set(b);
  return out;
}

export const tokenizer13a: Tokenizer = {
  name: '13a',
  // sacreBLEU ends with ' '.join(line.split()).
  tokenize: (line) => pySplit(spaced13a(line)).join(' '),
  spaced: spaced13a,
  wordSpans: wordSpans13a,
};
