// The Chinese tokenizer (`tok:zh`): every "Chinese" character becomes its own token, the rest follows mteval-v13a's
// punctuation rules (without 13a's <skipped>/HTML handling and without its padding spaces).
import { pySplit, pyStrip } from '../text.js';
import { mtevalPunctuationSpaced } from './13a.js';
import type { Tokenizer } from './types.js';

// The code points sacreBLEU 2.6.0's `_is_chinese_char` accepts, found by running it over all of Unicode. They are not
// the ranges its table means to list: entries written with five hex digits, such as '\u20000'-'\u2a6d6', are
// two-character Python strings, and comparing one character against them makes U+2001..U+2A6D (general punctuation,
// arrows, maths, ...) "Chinese" while CJK Extension B (U+20000..) and every other astral code point is not.
// Overlapping and adjacent table entries are merged. All BMP, so the regex below needs no `u` flag: a surrogate half is
// never inside, and astral characters are left alone as in Python.
const CHINESE_RANGES: readonly (readonly [number, number])[] = [
  [0x2001, 0x2a6d],
  [0x2e80, 0x2fdf],
  [0x2ff0, 0x303f],
  [0x3100, 0x312f],
  [0x31a0, 0x31ef],
  [0x3200, 0x4db5],
  [0x4e00, 0x9fbb],
  [0xf900, 0xfa2d],
  [0xfa30, 0xfa6a],
  [0xfa70, 0xfad9],
  [0xfe10, 0xfe1f],
  [0xfe30, 0xfe4f],
  [0xff00, 0xffef],
];

/** Whether sacreBLEU's zh tokenizer isolates this UTF-16 unit (always false for surrogate halves). */
export function isSacrebleuChineseChar(unit: number): boolean {
  if (unit < 0x2001) return false;
  for (const [lo, hi] of CHINESE_RANGES) if (unit >= lo && unit <= hi) return true;
  return false;
}

const CHINESE_CHAR = new RegExp(
  `[${CHINESE_RANGES.map(([lo, hi]) => `\\u${lo.toString(16).padStart(4, '0')}-\\u${hi.toString(16).padStart(4, '0')}`).join('')}]`,
  'g',
);

function spacedZh(line: string): string {
  // sacreBLEU strips the line, then writes " c " for each Chinese character c, then applies the 13a punctuation rules.
  return mtevalPunctuationSpaced(pyStrip(line).replace(CHINESE_CHAR, ' $& '));
}

export const tokenizerZh: Tokenizer = {
  name: 'zh',
  tokenize: (line) => pySplit(spacedZh(line)).join(' '),
  spaced: spacedZh,
};
