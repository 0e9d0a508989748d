// `onnx-cross`: a cross-encoder (sequence classifier over a text pair) from a local ONNX folder, scoring the output
// against the prompt (`first=prompt`, relevance / QE style) or against each reference (`first=reference`, similarity /
// NLI style). The pair is `tokenizer(first, output)` with the model's pair template. Several references: the best
// (largest chosen-label logit) counts, as bert-score takes the best reference.
import { ScorerInputError, type Item, type Needs, type SignatureContext } from '../../contract.js';
import type { ScorerFactory } from '../../registry.js';
import { formatSignature, formatSpec } from '../../spec.js';
import { COMMON_OPTION_DOCS, COMMON_OPTIONS_HELP, commonSpecParts, readCommonOptions, type OnnxCommonOptions } from './base.js';
import { SequenceClassifierScorer } from './classifier.js';
import { encodePair } from './encode.js';
import type { Encoded } from './tokenizer.js';

export type CrossFirst = 'prompt' | 'reference';

export class OnnxCrossEncoderScorer extends SequenceClassifierScorer {
  readonly id = 'onnx-cross';
  readonly family = 'learned' as const;
  readonly needs: Needs;

  constructor(
    common: OnnxCommonOptions,
    readonly first: CrossFirst = 'prompt',
    requestedLabel?: string,
  ) {
    super(common, 'onnx-cross', requestedLabel);
    this.needs = first === 'prompt' ? { prompt: true } : { references: true };
  }

  protected inputsOf(item: Item): Encoded[] {
    if (this.first === 'prompt') {
      if (typeof item.prompt !== 'string') {
        throw new ScorerInputError(`onnx-cross: item ${item.id} has a chat prompt; a cross-encoder needs a string prompt`, item.id, 'prompt');
      }
      return [encodePair(this.tokenizer, item.prompt, item.output, this.policy, { scorer: this.id, itemId: item.id, field: 'prompt+output' })];
    }
    return (item.references as string[]).map((ref, k) =>
      encodePair(this.tokenizer, ref, item.output, this.policy, { scorer: this.id, itemId: item.id, field: `references[${k}]+output` }),
    );
  }

  spec(): string {
    const parts = commonSpecParts(this.common);
    if (this.first !== 'prompt') parts.push(['first', this.first]);
    if (this.requestedLabel !== undefined) parts.push(['label', this.requestedLabel]);
    return formatSpec('onnx-cross', [], parts);
  }

  signature(ctx?: SignatureContext): string {
    const fields: [string, string | number][] = [...this.modelSignatureFields(), ['first', this.first], ['label', this.label.name]];
    if (this.first === 'reference') fields.push(['nrefs', ctx?.nrefs ?? '?'], ['refs', 'max']);
    return formatSignature('ONNX-Cross', fields);
  }
}

export const onnxCrossFactory: ScorerFactory = {
  name: 'onnx-cross',
  summary: 'cross-encoder from a local ONNX folder: a label logit of (prompt or each reference, output); best reference counts',
  options: `${COMMON_OPTIONS_HELP}, first=prompt|reference, label=NAME|INDEX`,
  optionDocs: {
    ...COMMON_OPTION_DOCS,
    first: 'the first text of the pair: the prompt, or each reference (the best reference counts)',
    label: 'which logit is the score, by name or index (needed when the head has several labels, e.g. entailment)',
  },
  create(o) {
    const common = readCommonOptions(o);
    const first = o.string<CrossFirst>('first', 'prompt', ['prompt', 'reference']);
    const label = o.optionalString('label');
    o.done(1);
    return new OnnxCrossEncoderScorer(common, first, label);
  },
};
