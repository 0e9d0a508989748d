// `onnx-comet`: a COMET-style estimator (Rei et al. 2020) exported whole to ONNX. The graph owns the architecture
// (encoder, layer mix, pooling, feed-forward); we own the text side. Layout the graph must have:
//   inputs  src_input_ids, src_attention_mask, mt_input_ids, mt_attention_mask[, ref_input_ids, ref_attention_mask]
//   output  score  [batch]
// Each of source (the item's prompt), hypothesis (output) and reference is encoded on its own with the tokenizer's
// special tokens (`<s> text </s>` for XLM-R), padded within its tensor. A graph without ref_* inputs is a
// reference-free (QE) estimator. The corpus score is the mean of segment scores, as COMET's system score.
// Converting a real unbabel-comet checkpoint means tracing its forward with these input names; that needs the comet
// package, which was not available here, so only the tiny COMET-architecture fixture is tested (see the fixture README).
import { checkNeeds, ScorerInputError, type Item, type Needs, type Score, type SignatureContext } from '../../contract.js';
import type { ScorerFactory } from '../../registry.js';
import { formatSignature, formatSpec } from '../../spec.js';
import { COMMON_OPTION_DOCS, COMMON_OPTIONS_HELP, commonSpecParts, OnnxScorer, readCommonOptions, type OnnxCommonOptions } from './base.js';
import { encodeSingle } from './encode.js';
import { OnnxModelError, padBatch, type OnnxSession } from './session.js';
import type { Encoded } from './tokenizer.js';
import type * as ort from 'onnxruntime-node';

const PARTS = ['src', 'mt', 'ref'] as const;
type Part = (typeof PARTS)[number];

export class OnnxCometScorer extends OnnxScorer {
  readonly id = 'onnx-comet';
  readonly family = 'learned' as const;
  readonly range = [-Infinity, Infinity] as const;
  readonly needs: Needs;
  /** Whether the graph takes a reference: config.json's `comet_style.inputs` says so (default: it does, as COMET-DA). */
  readonly usesReference: boolean;

  constructor(common: OnnxCommonOptions) {
    super(common, 'onnx-comet');
    const declared = (this.folder.config.comet_style as { inputs?: unknown } | undefined)?.inputs;
    this.usesReference = Array.isArray(declared) ? declared.includes('ref') : true;
    this.needs = this.usesReference ? { prompt: true, references: true } : { prompt: true };
  }

  async score(items: readonly Item[]): Promise<Score[]> {
    checkNeeds(this, items);
    if (items.length === 0) return [];
    const session = await this.session();
    this.checkLayout(session);
    const texts = (it: Item): Record<Part, string | undefined> => {
      if (typeof it.prompt !== 'string') throw new ScorerInputError(`onnx-comet: item ${it.id} needs the source sentence as a string prompt`, it.id, 'prompt');
      const refs = it.references ?? [];
      if (this.usesReference && refs.length !== 1) {
        throw new ScorerInputError(`onnx-comet: item ${it.id} has ${refs.length} references; COMET scores against exactly one`, it.id, 'references');
      }
      return { src: it.prompt, mt: it.output, ref: refs[0] };
    };
    const encoded = items.map((it) => {
      const t = texts(it);
      const enc = {} as Record<Part, Encoded | undefined>;
      for (const part of PARTS) {
        const text = t[part];
        if (part === 'ref' && !this.usesReference) continue;
        enc[part] = encodeSingle(this.tokenizer, text as string, this.policy, { scorer: this.id, itemId: it.id, field: part === 'src' ? 'prompt' : part === 'mt' ? 'output' : 'references[0]' });
      }
      return enc;
    });
    const out: Score[] = new Array(items.length);
    // batches in item order: each item has three sequences of unrelated lengths, so sorting buys little
    for (let start = 0; start < items.length; start += this.common.batchSize) {
      const idx = Array.from({ length: Math.min(this.common.batchSize, items.length - start) }, (_, k) => start + k);
      const feeds: Record<string, ort.Tensor> = {};
      for (const part of PARTS) {
        if (part === 'ref' && !this.usesReference) continue;
        const b = padBatch(idx.map((i) => encoded[i][part] as Encoded), this.tokenizer.padId);
        feeds[`${part}_input_ids`] = session.intTensor(`${part}_input_ids`, b.ids, b.rows, b.cols);
        feeds[`${part}_attention_mask`] = session.intTensor(`${part}_attention_mask`, b.mask, b.rows, b.cols);
      }
      const res = (await session.run(feeds, ['score'])).score;
      if (res.data.length !== idx.length) throw new OnnxModelError(`onnx-comet: score has shape [${res.dims.join(', ')}], expected [${idx.length}]`);
      idx.forEach((i, r) => (out[i] = { value: res.data[r] }));
    }
    return out;
  }

  private checkLayout(session: OnnxSession): void {
    session.require(['src_input_ids', 'src_attention_mask', 'mt_input_ids', 'mt_attention_mask'], ['score'], this.id);
    if (session.has('ref_input_ids') !== this.usesReference) {
      throw new OnnxModelError(
        `onnx-comet: ${session.modelPath} ${this.usesReference ? 'has no ref_input_ids input' : 'takes ref_input_ids'} but config.json ` +
          `(comet_style.inputs) says the model is ${this.usesReference ? 'reference-based' : 'reference-free'}`,
      );
    }
    if (this.usesReference) session.require(['ref_attention_mask'], [], this.id);
  }

  spec(): string {
    return formatSpec('onnx-comet', [], commonSpecParts(this.common));
  }

  signature(ctx?: SignatureContext): string {
    const fields: [string, string | number][] = [...this.modelSignatureFields(), ['ref', this.usesReference ? 'yes' : 'no']];
    if (this.usesReference) fields.push(['nrefs', ctx?.nrefs ?? '?']);
    return formatSignature('COMET-ONNX', fields);
  }
}

export const onnxCometFactory: ScorerFactory = {
  name: 'onnx-comet',
  summary: 'COMET-style estimator exported to ONNX (inputs src/mt/ref ids + masks, output score); source = prompt',
  options: COMMON_OPTIONS_HELP,
  optionDocs: COMMON_OPTION_DOCS,
  create(o) {
    const common = readCommonOptions(o);
    o.done(1);
    return new OnnxCometScorer(common);
  },
};
