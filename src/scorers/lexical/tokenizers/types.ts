// The tiny interface every BLEU tokenizer fills in (sacreBLEU keeps one class per tokenizer behind `__call__`).

export type TokenizerName = '13a' | 'intl' | 'zh' | 'char' | 'none';

export interface Tokenizer {
  /** The name sacreBLEU prints in `tok:` of the signature. */
  readonly name: TokenizerName;
  /** sacreBLEU's tokenizer output for one (already lowercased and right-stripped) line. */
  tokenize(line: string): string;
  /**
   * A string whose Python-whitespace-separated words are the words BLEU counts (`tokenize(line).split()`), built without
   * the final split-and-join, so the hot path can split it once while it looks the words up.
   */
  spaced(line: string): string;
  /**
   * Optional fast path: the same words as spans of one string (word k is `text.slice(bounds[2k], bounds[2k + 1])` of
   * the returned text), found in one scan without building the spaced string.
   */
  wordSpans?(line: string, spans: WordSpans): string;
}

/** Word boundaries filled in by `Tokenizer.wordSpans`; `bounds` is grown as needed. */
export interface WordSpans {
  bounds: Int32Array<ArrayBuffer>;
  count: number;
}
