// The mteval-v13a tokenizer (`tok:13a`, BLEU's default), as sacreBLEU 2.6.0 applies it, and the punctuation rules
// it shares with the `zh` tokenizer.
import { pySplit } from '../text.js';
import type { Tokenizer } from './types.js';

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

export const tokenizer13a: Tokenizer = {
  name: '13a',
  // sacreBLEU ends with ' '.join(line.split()).
  tokenize: (line) => pySplit(spaced13a(line)).join(' '),
  spaced: spaced13a,
};
