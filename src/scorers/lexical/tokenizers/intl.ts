// The international mteval-v14 tokenizer (`tok:intl`): split Unicode punctuation and symbols, keeping punctuation
// between digits (1,000 and 3.14) whole.
import { pySplit } from '../text.js';
import type { Tokenizer } from './types.js';

// sacreBLEU uses the `regex` module's \p{..}; JS property escapes (with the `u` flag, so they see code points) give the
// same N / P / S sets: compared over all code points, Node 20 (Unicode 17) and regex 2026.5.9 agree everywhere.
const PUNCT_AFTER_NON_NUMBER = /(\P{N})(\p{P})/gu;
const PUNCT_BEFORE_NON_NUMBER = /(\p{P})(\P{N})/gu;
const SYMBOL = /\p{S}/gu;

function spacedIntl(line: string): string {
  // Three passes with capture groups reproduce the non-overlapping matches of sacreBLEU's `regex.sub` calls. As in
  // mteval-v14 there is no padding, so a sentence-final "2020." keeps its dot (a documented quirk sacreBLEU keeps).
  let s = line.replace(PUNCT_AFTER_NON_NUMBER, '$1 $2 ');
  s = s.replace(PUNCT_BEFORE_NON_NUMBER, ' $1 $2');
  return s.replace(SYMBOL, ' $& ');
}

export const tokenizerIntl: Tokenizer = {
  name: 'intl',
  tokenize: (line) => pySplit(spacedIntl(line)).join(' '),
  spaced: spacedIntl,
};
