// Turning item text into model input under a length policy. Never silent: by default an input longer than the model's
// maximum is a ScorerInputError naming the item, the field and both lengths. With `truncate=true` (explicit, and in
// the signature) we cut as transformers' `truncation=True` does: a single sequence keeps its first tokens; a pair is
// cut `longest_first` as the Rust tokenizers library computes it (the shorter side keeps its length when it fits in
// half the budget, else both get half, the second side the odd token); special tokens are added after cutting.
import { ScorerInputError } from '../../contract.js';
import type { Encoded, ModelTokenizer } from './tokenizer.js';

export type Truncation = 'error' | 'right';

export interface LengthPolicy {
  maxLength: number;
  truncation: Truncation;
}

/** Where a text came from, for error messages: scorer id, item id, field (`output`, `references[1]`, …). */
export interface Origin {
  scorer: string;
  itemId: string;
  field: string;
}

function tooLong(origin: Origin, what: string, n: number, policy: LengthPolicy): ScorerInputError {
  return new ScorerInputError(
    `${origin.scorer}: item ${origin.itemId}: ${what} is ${n} tokens, longer than max-length ${policy.maxLength}; ` +
      `shorten it, raise max-length if the model allows, or pass truncate=true to cut it`,
    origin.itemId,
    origin.field,
  );
}

/** One text with the tokenizer's special tokens (e.g. `[CLS] text [SEP]`). */
export function encodeSingle(tok: ModelTokenizer, text: string, policy: LengthPolicy, origin: Origin, prefixSpace = false): Encoded {
  let pieces = tok.pieces(prefixSpace ? ' ' + text : text);
  const budget = policy.maxLength - tok.specialsSingle;
  if (pieces.length > budget) {
    if (policy.truncation === 'error') throw tooLong(origin, origin.field, pieces.length + tok.specialsSingle, policy);
    pieces = pieces.slice(0, Math.max(0, budget));
  }
  return tok.withSpecials(pieces);
}

/**
 * Two texts as the tokenizer's pair template joins them (e.g. `[CLS] a [SEP] b [SEP]`, token types 0 then 1). An empty
 * second text is no second text, as in transformers (`if text_pair`), so `[CLS] a [SEP]`.
 */
export function encodePair(tok: ModelTokenizer, a: string, b: string, policy: LengthPolicy, origin: Origin): Encoded {
  if (b === '') return encodeSingle(tok, a, policy, origin);
  const ga = tok.pieceGroups(a);
  const gb = tok.pieceGroups(b);
  let pa = ga.flat();
  let pb = gb.flat();
  const budget = policy.maxLength - tok.specialsPair;
  if (pa.length + pb.length > budget) {
    if (policy.truncation === 'error') throw tooLong(origin, origin.field, pa.length + pb.length + tok.specialsPair, policy);
    // tokenizers >= 0.23 stops tokenizing each side after the pre-token that reaches max_length, and longest_first
    // then compares those lengths, not the full ones: it decides which side gets the odd token
    const [na, nb] = longestFirstLengths(_earlyExitLength(ga, policy.maxLength), _earlyExitLength(gb, policy.maxLength), Math.max(0, budget));
    pa = pa.slice(0, na);
    pb = pb.slice(0, nb);
  }
  return tok.withSpecials(pa, pb);
}

/** Tokens counted up to and including the first pre-token at which the running count reaches `limit`. */
function _earlyExitLength(groups: readonly string[][], limit: number): number {
  let n = 0;
  for (const g of groups) {
    n += g.length;
    if (n >= limit) break;
  }
  return n;
}

/** A text whose special tokens are already written into it (a rendered chat template): no specials are added. */
export function encodeRendered(tok: ModelTokenizer, text: string, policy: LengthPolicy, origin: Origin): Encoded {
  let pieces = tok.pieces(text);
  if (pieces.length > policy.maxLength) {
    if (policy.truncation === 'error') throw tooLong(origin, origin.field, pieces.length, policy);
    pieces = pieces.slice(0, policy.maxLength);
  }
  const ids = tok.ids(pieces);
  return { ids, typeIds: ids.map(() => 0) };
}

/** Target lengths of a pair cut `longest_first` to `budget` content tokens (tokenizers' truncate_encodings). */
export function longestFirstLengths(n1: number, n2: number, budget: number): [number, number] {
  if (n1 + n2 <= budget) return [n1, n2];
  const swap = n1 > n2;
  let short = swap ? n2 : n1;
  let long: number;
  long = short > budget ? short : Math.max(short, budget - short);
  if (short + long > budget) {
    short = Math.floor(budget / 2);
    long = short + (budget % 2);
  }
  return swap ? [long, short] : [short, long];
}
