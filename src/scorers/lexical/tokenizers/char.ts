// The character tokenizer (`tok:char`): every code point is a token.
import type { Tokenizer } from './types.js';

/** sacreBLEU's ' '.join(line): code points, not UTF-16 units, so an astral character stays one token. */
const joinCodePoints = (line: string): string => Array.from(line).join(' ');

export const tokenizerChar: Tokenizer = {
  name: 'char',
  tokenize: joinCodePoints,
  // BLEU then splits on Python whitespace, so whitespace characters (U+001C..U+001F and U+3000 included) vanish and
  // every other code point is one word.
  spaced: joinCodePoints,
};
