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
}
