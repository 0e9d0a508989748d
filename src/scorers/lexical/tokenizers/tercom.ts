// The tercom normaliser that sacreBLEU 2.6.0 applies before TER (its `TercomTokenizer`, itself a port of tercom's
// Normalizer.java). Four switches: lowercase unless case-sensitive; `normalized` splits punctuation off words and
// decodes four XML entities; `asian-support` (with `normalized`) isolates CJK characters and CJK/full-width
// punctuation; `no-punct` deletes ASCII punctuation (and, with `asian-support`, the CJK/full-width marks too).
// Every step is a left-to-right, non-overlapping regex substitution applied in sacreBLEU's order, because later steps
// see the spaces earlier ones inserted. All patterns use the `u` flag so that a class such as `[^0-9]` consumes a
// whole code point, as Python's `re` does on `str`.

import { pySplit, pythonLower } from '../text.js';

export interface TercomOptions {
  normalized: boolean;
  noPunct: boolean;
  asianSupport: boolean;
  caseSensitive: boolean;
}

export const TERCOM_DEFAULTS: Readonly<TercomOptions> = {
  normalized: false,
  noPunct: false,
  asianSupport: false,
  caseSensitive: false,
};

// `normalized`, language-independent part: a line-end hyphen joins the lines, other newlines become spaces (only
// reachable for items holding several lines: corpus files are read one line at a time).
const HYPHENATED_LINE_BREAK = /\n-/g;
const NEWLINE = /\n/g;
// The four entities tercom decodes, one after the other (so `&amp;quot;` becomes `&quot;` and stays that way).
const XML_ENTITIES: readonly (readonly [RegExp, string])[] = [
  [/&quot;/g, '"'],
  [/&amp;/g, '&'],
  [/&lt;/g, '<'],
  [/&gt;/g, '>'],
];
// ASCII punctuation tercom pads with spaces: sacreBLEU's class `[{-~[-` -&(-+:-@/]`, i.e. U+0020-0026, U+0028-002B,
// `/`, U+003A-0040, U+005B-0060, U+007B-007E. Apostrophe, hyphen, period, comma and digits are handled separately.
const WESTERN_PUNCT = /([\x20-\x26\x28-\x2b\x2f\x3a-\x40\x5b-\x60\x7b-\x7e])/gu;
// Possessive `'s` before a space. (sacreBLEU also has a `'s$` rule, but its input always ends with the space it
// padded on, so that rule can never fire and is left out.)
const POSSESSIVE_S = /'s /g;
const PERIOD_COMMA_AFTER_NON_DIGIT = /([^0-9])([.,])/gu;
const PERIOD_COMMA_BEFORE_NON_DIGIT = /([.,])([^0-9])/gu;
const DASH_AFTER_DIGIT = /([0-9])(-)/g;

// `asian-support` with `normalized`: characters sacreBLEU pads with spaces, one regex per Unicode block there. Padding a
// single character is idempotent under the final whitespace split, so the blocks are merged into one class:
// CJK Unified Ideographs (+ Ext. A), CJK Strokes, CJK Radicals Supplement, CJK Compatibility (+ Ideographs, + Forms),
// U+3200-U+3F22 (sacreBLEU's range for "Enclosed CJK Letters and Months", wider than the block), CJK punctuation and
// full-width punctuation. sacreBLEU's Hiragana/Katakana rules are anchored with `^` at a string that always starts with
// the padding space, so they never match and are left out.
const CJK_CHAR =
  /([\u4e00-\u9fff\u3400-\u4dbf\u31c0-\u31ef\u2e80-\u2eff\u3300-\u33ff\uf900-\ufaff\ufe30-\ufe4f\u3200-\u3f22\u3001\u3002\u3008-\u3011\u3014-\u301f\uff61-\uff65\u30fb\uff0e\uff0c\uff1f\uff1a\uff1b\uff01\uff02\uff08\uff09])/gu;

// `no-punct`: deleted, not replaced by spaces, so `a.b` becomes one token `ab`.
const ASCII_PUNCT = /[.,?:;!"()]/g;
// sacreBLEU's ASIAN_PUNCT and FULL_WIDTH_PUNCT classes.
const ASIAN_PUNCT = /[\u3001\u3002\u3008-\u3011\u3014-\u301f\uff61-\uff65\u30fb\uff0e\uff0c\uff1f\uff1a\uff1b\uff01\uff02\uff08\uff09]/g;

function normalizeWestern(s: string): string {
  s = s.replace(HYPHENATED_LINE_BREAK, '').replace(NEWLINE, ' ');
  for (const [re, ch] of XML_ENTITIES) s = s.replace(re, ch);
  s = ` ${s} `;
  s = s.replace(WESTERN_PUNCT, ' $1 ');
  s = s.replace(POSSESSIVE_S, " 's ");
  s = s.replace(PERIOD_COMMA_AFTER_NON_DIGIT, '$1 $2 ');
  s = s.replace(PERIOD_COMMA_BEFORE_NON_DIGIT, ' $1 $2');
  return s.replace(DASH_AFTER_DIGIT, '$1 $2 ');
}

/**
 * The tokens TER compares: sacreBLEU's `TercomTokenizer` output split on Python whitespace. (sacreBLEU first
 * `rstrip()`s the segment; trailing whitespace never changes the tokens, so that step is not repeated here.)
 */
export function tercomTokens(sentence: string, o: Readonly<TercomOptions> = TERCOM_DEFAULTS): string[] {
  return pySplit(tercomNormalizedText(sentence, o));
}

/** The text whose Python-whitespace-separated words are `tercomTokens` (for callers that scan it without an array). */
export function tercomNormalizedText(sentence: string, o: Readonly<TercomOptions> = TERCOM_DEFAULTS): string {
  let s = o.caseSensitive ? sentence : pythonLower(sentence);
  if (o.normalized) {
    s = normalizeWestern(s);
    if (o.asianSupport) s = s.replace(CJK_CHAR, ' $1 ');
  }
  if (o.noPunct) {
    s = s.replace(ASCII_PUNCT, '');
    if (o.asianSupport) s = s.replace(ASIAN_PUNCT, '');
  }
  return s;
}

/** sacreBLEU's `TercomTokenizer(...)(sentence)`: the tokens joined by single spaces. */
export function tercomNormalize(sentence: string, o: Readonly<TercomOptions> = TERCOM_DEFAULTS): string {
  return tercomTokens(sentence, o).join(' ');
}
