// The length unit of the shaping terms. TRL's soft overlong punishment, cosine-scaled reward and repetition penalty
// count completion TOKENS (`len(completion_ids)`), which only the tokenizer that generated the rollout knows: with
// `unit=tokens` the count (or the id list) is read from the item's `meta[tokens-field]` (default `completion_ids`),
// exactly as the trainer passes `completion_ids`; trenchcoat never guesses a tokenizer. open-r1's cosine reward counts
// characters (`len(content)`: code points, `unit=chars`); `words` is Python's `str.split()`; `bytes` UTF-8 bytes.
import { ScorerInputError, type Item } from '../contract.js';
import { outputLength } from '../simple/length.js';

export type CompletionLengthUnit = 'tokens' | 'chars' | 'words' | 'bytes';
export const COMPLETION_LENGTH_UNITS: readonly CompletionLengthUnit[] = ['tokens', 'chars', 'words', 'bytes'];
export const DEFAULT_TOKENS_FIELD = 'completion_ids';

/** The token ids in `meta[field]` (an array of integers), or a ScorerInputError naming item and field. */
export function completionTokenIds(item: Item, field: string, who: string): readonly number[] {
  const v = item.meta?.[field];
  if (!Array.isArray(v)) {
    throw new ScorerInputError(`${who}: item ${item.id} needs its token ids as a list in field "${field}"`, item.id, field);
  }
  for (const x of v) {
    if (typeof x !== 'number' || !Number.isInteger(x)) {
      throw new ScorerInputError(`${who}: item ${item.id} field "${field}" holds ${JSON.stringify(x)}, not a token id`, item.id, field);
    }
  }
  return v as number[];
}

/** Completion length in `unit`; with `tokens`, `meta[field]` is either the id list or a non-negative integer count. */
export function completionLength(item: Item, unit: CompletionLengthUnit, field: string, who: string): number {
  if (unit === 'chars') return outputLength(item.output, 'chars');
  if (unit === 'words') return outputLength(item.output, 'tokens');
  if (unit === 'bytes') return outputLength(item.output, 'bytes');
  const v = item.meta?.[field];
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 0) throw new ScorerInputError(`${who}: item ${item.id} field "${field}" = ${v} is not a token count`, item.id, field);
    return v;
  }
  return completionTokenIds(item, field, who).length;
}
