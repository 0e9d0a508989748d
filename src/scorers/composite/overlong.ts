// `overlong:max-length=L,buffer=B,factor=1,unit=tokens`: DAPO's soft overlong punishment (Yu et al. 2025, eq. 13) as
// TRL's `get_soft_overlong_punishment` (trl/rewards/other_rewards.py at f2cd57710ae345ea6428ae95363267fcf38a3dc8):
//   0                          if |y| ≤ L − B
//   factor · ((L − B) − |y|)/B if L − B < |y| ≤ L
//   −factor                    if |y| > L
// With factor=1 this is TRL's function bit for bit (2,000 goldens). verl's DAPO reward manager multiplies by
// `overlong_buffer.penalty_factor` the same way but keeps the line going below −factor for |y| > L (in practice |y|
// never exceeds verl's max_resp_len) and computes it in float32 tensors, so its last bits can differ.
import { BasePointwiseScorer, type Item, type Needs, type Score, type SignatureContext } from '../contract.js';
import type { ScorerFactory } from '../registry.js';
import { formatSignature, formatSpec, SpecError } from '../spec.js';
import { COMPLETION_LENGTH_UNITS, completionLength, DEFAULT_TOKENS_FIELD, type CompletionLengthUnit } from './completion-length.js';

export function softOverlongPunishment(length: number, maxLength: number, buffer: number, factor = 1): number {
  const expected = maxLength - buffer;
  if (length <= expected) return 0;
  if (length <= maxLength) return ((expected - length) / buffer) * factor;
  return -factor;
}

export class OverlongScorer extends BasePointwiseScorer {
  readonly id = 'overlong';
  readonly family = 'verifiable' as const;
  readonly needs: Needs = {};
  readonly direction = 'higher' as const;
  readonly range: readonly [number, number];
  constructor(
    readonly maxLength: number,
    readonly buffer: number,
    readonly factor = 1,
    readonly unit: CompletionLengthUnit = 'tokens',
    readonly tokensField = DEFAULT_TOKENS_FIELD,
  ) {
    super();
    this.range = [-factor, 0];
  }
  spec(): string {
    const o: [string, string][] = [['max-length', String(this.maxLength)], ['buffer', String(this.buffer)]];
    if (this.factor !== 1) o.push(['factor', String(this.factor)]);
    if (this.unit !== 'tokens') o.push(['unit', this.unit]);
    if (this.tokensField !== DEFAULT_TOKENS_FIELD) o.push(['tokens-field', this.tokensField]);
    return formatSpec('overlong', [], o);
  }
  signature(_ctx?: SignatureContext): string {
    return formatSignature('Overlong', [['max', this.maxLength], ['buffer', this.buffer], ['factor', this.factor], ['unit', this.unit === 'tokens' ? `tokens(${this.tokensField})` : this.unit]]);
  }
  protected scoreOne(item: Item): Score {
    const n = completionLength(item, this.unit, this.tokensField, 'overlong');
    return { value: softOverlongPunishment(n, this.maxLength, this.buffer, this.factor), details: { length: n } };
  }
}

export const overlongFactory: ScorerFactory = {
  name: 'overlong',
  aliases: ['soft-overlong'],
  summary: "DAPO's soft overlong punishment, as TRL's get_soft_overlong_punishment (0 down to -factor)",
  options: 'max-length=N, buffer=N (required), factor=1, unit=tokens|chars|words|bytes, tokens-field=completion_ids',
  optionDocs: {
    'max-length': 'L: the length from which the full penalty applies (required)',
    buffer: 'B: the penalty grows linearly from 0 at L − B to −factor at L (required)',
    factor: 'the largest penalty (its magnitude)',
    unit: 'length unit: tokens (the count or id list in meta[tokens-field], as the trainer passes completion_ids), chars (code points), words (Python str.split()) or bytes (UTF-8)',
    'tokens-field': 'with unit=tokens, the item field holding the completion token ids or their count',
  },
  create(o) {
    if (o.optionalString('max-length') === undefined || o.optionalString('buffer') === undefined) {
      throw new SpecError(`overlong needs max-length=N and buffer=N in "${o.spec}"`, o.spec);
    }
    const max = o.number('max-length', 0, { integer: true, min: 1 });
    const buffer = o.number('buffer', 0, { integer: true, min: 0 });
    const s = new OverlongScorer(max, buffer, o.number('factor', 1, { min: 0 }), o.string('unit', 'tokens', COMPLETION_LENGTH_UNITS), o.string('tokens-field', DEFAULT_TOKENS_FIELD));
    o.done();
    return s;
  },
};
