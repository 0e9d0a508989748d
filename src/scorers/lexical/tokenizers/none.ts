// No tokenization (`tok:none`): BLEU splits the line on Python whitespace only.
import type { Tokenizer } from './types.js';

export const tokenizerNone: Tokenizer = {
  name: 'none',
  tokenize: (line) => line,
  spaced: (line) => line,
};
