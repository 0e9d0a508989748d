// Tokenizer names (as in sacreBLEU's `tokenize=` and the signature's `tok:`) mapped to implementations.
import { pySplit } from '../text.js';
import { tokenizer13a } from './13a.js';
import { tokenizerChar } from './char.js';
import { tokenizerIntl } from './intl.js';
import { tokenizerNone } from './none.js';
import type { Tokenizer, TokenizerName } from './types.js';
import { tokenizerZh } from './zh.js';

export type { Tokenizer, TokenizerName } from './types.js';

export const TOKENIZERS: Readonly<Record<TokenizerName, Tokenizer>> = {
  '13a': tokenizer13a,
  intl: tokenizerIntl,
  zh: tokenizerZh,
  char: tokenizerChar,
  none: tokenizerNone,
};

export const TOKENIZER_NAMES = Object.keys(TOKENIZERS) as TokenizerName[];

/** The words BLEU counts for a line: Python `str.split()` of the tokenizer output. */
export function tokenizerWords(tokenizer: Tokenizer, line: string): string[] {
  return pySplit(tokenizer.spaced(line));
}

export function getTokenizer(name: TokenizerName): Tokenizer {
  return TOKENIZERS[name];
}
