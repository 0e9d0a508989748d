// The model's tokenizer (tokenizer.json through @huggingface/tokenizers), split the way we need it: content tokens of
// one text without special tokens, then special tokens added around one or two (possibly truncated) token lists by
// the tokenizer's own post-processor. Truncating between those two steps is what `truncation=True` does in
// transformers; doing it ourselves lets the default be an error that names the item instead of a silent cut.
import { createRequire } from 'node:module';
import type { Tokenizer } from '@huggingface/tokenizers';
import { specialTokenString } from './chat-template.js';
import type { ModelFolder } from './folder.js';
import { PrecompiledCharsmap } from './precompiled.js';

export interface Encoded {
  ids: number[];
  typeIds: number[];
}

/** The parts of @huggingface/tokenizers 0.2.0's Tokenizer that encode_text uses (not public API: pinned version). */
interface TokenizerInternals {
  splitter_unnormalized: { split(text: string): string[] };
  splitter_normalized: { split(text: string): string[] };
  added_tokens_map: Map<string, { lstrip?: boolean; rstrip?: boolean }>;
  remove_space?: boolean;
  do_lowercase_and_remove_accent?: boolean;
  normalizer: ((text: string) => string) | null;
  pre_tokenizer: ((text: string, opts: { section_index: number }) => string[]) | null;
  model: (tokens: string[]) => string[];
}

/** An added token with lstrip/rstrip eats the whitespace beside it (the library's rule, kept). */
function _applyAddedTokenStrip(parts: string[], added: TokenizerInternals['added_tokens_map']): void {
  parts.forEach((part, i) => {
    const a = added.get(part);
    if (!a) return;
    if (a.lstrip && i > 0) parts[i - 1] = parts[i - 1].trimEnd();
    if (a.rstrip && i < parts.length - 1) parts[i + 1] = parts[i + 1].trimStart();
  });
}

interface PostProcessorLike {
  (tokens: string[], pair: string[] | null, addSpecialTokens: boolean): { tokens: string[]; token_type_ids?: number[] };
}

let tokenizerClass: typeof Tokenizer | undefined;
// Loaded when the first ONNX scorer is built (synchronously: scorers are built synchronously from spec strings), so the
// CLI's cold start does not pay for a tokenizer library it may never need. The package ships the same build as CJS.
function loadTokenizerClass(): typeof Tokenizer {
  return (tokenizerClass ??= (createRequire(import.meta.url)('@huggingface/tokenizers') as { Tokenizer: typeof Tokenizer }).Tokenizer);
}

export class ModelTokenizer {
  private readonly tok: Tokenizer;
  private readonly unkId: number;
  readonly padId: number;
  readonly clsId?: number;
  readonly sepId?: number;
  /** Special tokens added around a single text and around a pair. */
  readonly specialsSingle: number;
  readonly specialsPair: number;
  /** Byte-level BPE saved with add_prefix_space=false (roberta-*, gpt2): bert-score encodes those with a prefix space. */
  readonly byteLevelNoPrefixSpace: boolean;

  constructor(folder: Pick<ModelFolder, 'tokenizerJson' | 'tokenizerConfig' | 'config' | 'dir'>) {
    this.tok = new (loadTokenizerClass())(folder.tokenizerJson, folder.tokenizerConfig);
    _installExactPrecompiled((this.tok as unknown as { normalizer: unknown }).normalizer);
    const model = (this.tok as unknown as { model: { unk_token_id?: number } }).model;
    this.unkId = model.unk_token_id ?? -1;
    const idOf = (key: string): number | undefined => {
      const s = specialTokenString(folder.tokenizerConfig[key]);
      return s === undefined ? undefined : this.tok.token_to_id(s);
    };
    const cfgPad = folder.config.pad_token_id;
    // The pad id matters beyond masking: XLM-R/RoBERTa derive position ids from `input_ids != pad_token_id`.
    this.padId = idOf('pad_token') ?? (typeof cfgPad === 'number' ? cfgPad : 0);
    this.clsId = idOf('cls_token') ?? idOf('bos_token');
    this.sepId = idOf('sep_token') ?? idOf('eos_token');
    this.specialsSingle = this.withSpecials([]).ids.length;
    this.specialsPair = this.withSpecials([], []).ids.length;
    this.byteLevelNoPrefixSpace = _byteLevelWithoutPrefixSpace(folder.tokenizerJson.pre_tokenizer);
  }

  /** Content tokens (strings) of one text: normalizer, added-token split, pre-tokenizer, model; no special tokens. */
  pieces(text: string): string[] {
    return this.pieceGroups(text).flat();
  }

  /**
   * The content tokens grouped by pre-token (an added token is its own group). The model runs on each pre-token
   * alone, as the Rust library's Model::tokenize does (tokenizers.js hands it a section's pre-tokens at once, which only
   * differs where unknown pieces would be fused across words). Mirrors the library's encode_text otherwise.
   */
  pieceGroups(text: string): string[][] {
    const t = this.tok as unknown as TokenizerInternals;
    const sections = t.splitter_unnormalized.split(text);
    _applyAddedTokenStrip(sections, t.added_tokens_map);
    const groups: string[][] = [];
    sections.forEach((section, sectionIndex) => {
      if (section.length === 0) return;
      if (t.added_tokens_map.has(section)) {
        groups.push([section]);
        return;
      }
      let processed = section;
      if (t.remove_space === true) processed = processed.trim().split(/\s+/).join(' ');
      if (t.do_lowercase_and_remove_accent) processed = processed.toLowerCase().replace(/\p{M}/gu, '');
      if (t.normalizer !== null) processed = t.normalizer(processed);
      if (processed.length === 0) return;
      const subsections = t.splitter_normalized.split(processed);
      _applyAddedTokenStrip(subsections, t.added_tokens_map);
      for (const sub of subsections) {
        if (sub.length === 0) continue;
        if (t.added_tokens_map.has(sub)) {
          groups.push([sub]);
          continue;
        }
        const words = t.pre_tokenizer !== null ? t.pre_tokenizer(sub, { section_index: sectionIndex }) : [sub];
        for (const w of words) groups.push(t.model([w]));
      }
    });
    return groups;
  }

  /** Special tokens around one or two token lists, by the tokenizer's post-processor; ids and token type ids. */
  withSpecials(a: string[], b?: string[]): Encoded {
    const post = (this.tok as unknown as { post_processor: PostProcessorLike | null }).post_processor;
    if (!post) {
      const tokens = b ? [...a, ...b] : a;
      return { ids: this.ids(tokens), typeIds: [...a.map(() => 0), ...(b ?? []).map(() => 1)] };
    }
    const out = post(a, b ?? null, true);
    const ids = this.ids(out.tokens);
    return { ids, typeIds: out.token_type_ids ?? ids.map(() => 0) };
  }

  /** Token strings to ids, as the tokenizer's own encode() maps them (unknown strings become the unk id). */
  ids(tokens: readonly string[]): number[] {
    const out = new Array<number>(tokens.length);
    for (let i = 0; i < tokens.length; i++) out[i] = this.tok.token_to_id(tokens[i]) ?? this.unkId;
    return out;
  }

  /** Reference check: the library's own one-call encode (tests compare our two-step path with it). */
  encodeDirect(text: string, pair?: string): Encoded {
    const e = this.tok.encode(text, { text_pair: pair ?? null, return_token_type_ids: true });
    return { ids: e.ids, typeIds: e.token_type_ids ?? e.ids.map(() => 0) };
  }
}

interface NormalizerLike {
  config?: { type?: string; precompiled_charsmap?: string };
  normalizers?: (NormalizerLike | null)[];
  normalize(text: string): string;
}

/**
 * Replaces the library's approximate Precompiled normalizer (NFKC + regexes) with one that runs the charsmap, wherever
 * it sits (alone or in a Sequence). Added tokens marked `normalized` were already normalized by the approximation when
 * the library was built; sentencepiece tokenizers mark their special tokens `normalized: false`, so this is moot there.
 */
function _installExactPrecompiled(n: unknown): void {
  const node = n as NormalizerLike | null;
  if (!node) return;
  if (node.config?.type === 'Precompiled' && typeof node.config.precompiled_charsmap === 'string') {
    const exact = new PrecompiledCharsmap(node.config.precompiled_charsmap);
    node.normalize = (text: string) => exact.normalize(text);
  }
  for (const child of node.normalizers ?? []) _installExactPrecompiled(child);
}

function _byteLevelWithoutPrefixSpace(pre: unknown): boolean {
  if (!pre || typeof pre !== 'object') return false;
  const p = pre as { type?: string; add_prefix_space?: boolean; pretokenizers?: unknown[] };
  if (p.type === 'ByteLevel') return p.add_prefix_space === false;
  if (p.type === 'Sequence' && Array.isArray(p.pretokenizers)) return p.pretokenizers.some(_byteLevelWithoutPrefixSpace);
  return false;
}
