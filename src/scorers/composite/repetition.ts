// `repetition:ngram=3,max-penalty=-1,unit=tokens|words`: the n-gram repetition penalty of Yeo et al. 2025
// ("Demystifying Long Chain-of-Thought Reasoning", App. C.2): (1 − #distinct n-grams / #n-grams) · max-penalty, 0 when
// the completion has fewer than n units.
//   unit=tokens — TRL's `get_repetition_penalty_reward` (trl/rewards/other_rewards.py at f2cd577): n-grams of the
//                 completion token ids, read from `meta[tokens-field]` (default `completion_ids`); no repeat gives 0.0.
//   unit=words  — open-r1's `get_repetition_penalty_reward` (src/open_r1/rewards.py at huggingface/open-r1
//                 1416fa0cf21595d2083b399a2a0bbddd7f6e9563, language "en"): n-grams of `text.lower().split()` (Python's
//                 lowercasing and whitespace), an empty output gives 0.0; a repeat-free output gives 0 · max-penalty,
//                 which is −0.0 in Python and here.
// Both pinned by 2,000 goldens each.
import { BasePointwiseScorer, type Item, type Needs, type Score, type SignatureContext } from '../contract.js';
import type { ScorerFactory } from '../registry.js';
import { formatSignature, formatSpec } from '../spec.js';
import { pySplit, pythonLower } from '../lexical/text.js';
import { completionTokenIds, DEFAULT_TOKENS_FIELD } from './completion-length.js';

export type RepetitionUnit = 'tokens' | 'words';

/** 1 − distinct/total over the n-grams of `units`; null when there are fewer than n units. */
export function repeatedNgramFraction(units: readonly (number | string)[], n: number): number | null {
  if (units.length < n) return null;
  const seen = new Set<string>();
  const total = units.length - n + 1;
  for (let i = 0; i < total; i++) seen.add(JSON.stringify(units.slice(i, i + n)));
  return 1 - seen.size / total;
}

export class RepetitionScorer extends BasePointwiseScorer {
  readonly id = 'repetition';
  readonly family = 'verifiable' as const;
  readonly needs: Needs = {};
  readonly direction = 'higher' as const;
  readonly range: readonly [number, number];
  constructor(
    readonly ngram = 3,
    readonly maxPenalty = -1,
    readonly unit: RepetitionUnit = 'tokens',
    readonly tokensField = DEFAULT_TOKENS_FIELD,
  ) {
    super();
    this.range = [maxPenalty, 0];
  }
  spec(): string {
    const o: [string, string][] = [];
    if (this.ngram !== 3) o.push(['ngram', String(this.ngram)]);
    if (this.maxPenalty !== -1) o.push(['max-penalty', String(this.maxPenalty)]);
    if (this.unit !== 'tokens') o.push(['unit', this.unit]);
    if (this.tokensField !== DEFAULT_TOKENS_FIELD) o.push(['tokens-field', this.tokensField]);
    return formatSpec('repetition', [], o);
  }
  signature(_ctx?: SignatureContext): string {
    const unit = this.unit === 'tokens' ? `tokens(${this.tokensField})` : 'words(py-lower-split)';
    return formatSignature('Repetition', [['n', this.ngram], ['max', this.maxPenalty], ['unit', unit]]);
  }
  protected scoreOne(item: Item): Score {
    if (this.unit === 'tokens') {
      const f = repeatedNgramFraction(completionTokenIds(item, this.tokensField, 'repetition'), this.ngram);
      // TRL: `scaling * max_penalty if scaling else 0.0`
      return { value: f ? f * this.maxPenalty : 0 };
    }
    if (item.output === '') return { value: 0 };
    const f = repeatedNgramFraction(pySplit(pythonLower(item.output)), this.ngram);
    return { value: f === null ? 0 : f * this.maxPenalty };
  }
}

export const repetitionFactory: ScorerFactory = {
  name: 'repetition',
  aliases: ['repetition-penalty'],
  summary: 'n-gram repetition penalty (TRL on token ids, or open-r1 on lowercased words), from 0 down to max-penalty',
  options: 'ngram=3, max-penalty=-1 (≤ 0), unit=tokens|words, tokens-field=completion_ids',
  optionDocs: {
    ngram: 'n of the n-grams counted',
    'max-penalty': 'the value when every n-gram repeats (≤ 0); the penalty is (1 − distinct/total) · max-penalty',
    unit: 'tokens: n-grams of the token ids in meta[tokens-field] (TRL); words: of the lowercased whitespace-split text (open-r1)',
    'tokens-field': 'with unit=tokens, the item field holding the completion token ids or their count',
  },
  create(o) {
    const s = new RepetitionScorer(
      o.number('ngram', 3, { integer: true, min: 1 }),
      o.number('max-penalty', -1, { max: 0 }),
      o.string('unit', 'tokens', ['tokens', 'words'] as const),
      o.string('tokens-field', DEFAULT_TOKENS_FIELD),
    );
    o.done();
    return s;
  },
};
