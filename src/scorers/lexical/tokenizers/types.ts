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

/**
 * Word boundaries filled in by `Tokenizer.wordSpans`, with each word's FNV-1a hash over its UTF-16 units (`wordHash`),
 * computed in the same scan so that the caller looking words up need not read their characters again. `bounds` and
 * `hashes` are grown as needed.
 */
export interface WordSpans {
  bounds: Int32Array<ArrayBuffer>;
  hashes: Int32Array<ArrayBuffer>;
  count: number;
}

export const FNV_OFFSET_BASIS = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

/** 32-bit FNV-1a over the UTF-16 units of s[start, end): the hash `WordSpans.hashes` holds (tests and the slow path). */
export function wordHash(s: string, start: number, end: number): number {
  let h = FNV_OFFSET_BASIS;
  for (let j = start; j < end; j++) h = Math.imul(h ^ s.charCodeAt(j), FNV_PRIME);
  return h;
}

/** Room for at least `words` words in `spans`, keeping what is there. */
export function growWordSpans(spans: WordSpans, words: number): WordSpans {
  const size = Math.max(words, 2 * spans.hashes.length);
  const bounds = new Int32Array(2 * size);
  bounds.set(spans.bounds.subarray(0, 2 * spans.hashes.length));
  const hashes = new Int32Array(size);
  hashes.set(spans.hashes);
  spans.bounds = bounds;
  spans.hashes = hashes;
  return spans;
}
