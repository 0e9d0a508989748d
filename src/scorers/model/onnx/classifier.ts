// Sequence-classification heads (reward models, cross-encoders): each item becomes one or more encoded inputs, the
// graph's `logits` [batch, labels] come back, and the item's value is the chosen label's logit (the best over an
// item's inputs when it has several, e.g. one per reference). Multi-label heads also report the softmax probability
// of the chosen label as `prob`; all logits go to `details.logits`.
import { checkNeeds, type Item, type Score } from '../../contract.js';
import { OnnxScorer, resolveLabel, type OnnxCommonOptions } from './base.js';
import { encoderFeeds, lengthSortedBatches, padBatch, OnnxModelError } from './session.js';
import type { Encoded } from './tokenizer.js';

export abstract class SequenceClassifierScorer extends OnnxScorer {
  readonly range = [-Infinity, Infinity] as const;

  /** The logit that is the score (see resolveLabel). */
  readonly label: { index: number; name: string; count: number };

  constructor(
    common: OnnxCommonOptions,
    who: string,
    readonly requestedLabel?: string,
  ) {
    super(common, who);
    this.label = resolveLabel(this.folder.config, requestedLabel, who, `${who}:path=${common.path}`);
  }

  /** The model inputs of one item (throws ScorerInputError for unusable items). */
  protected abstract inputsOf(item: Item): Encoded[];

  async score(items: readonly Item[]): Promise<Score[]> {
    checkNeeds(this, items);
    if (items.length === 0) return [];
    // encode everything first: a bad item fails before any model time is spent
    const owner: number[] = [];
    const inputs: Encoded[] = [];
    items.forEach((item, i) => {
      for (const enc of this.inputsOf(item)) {
        inputs.push(enc);
        owner.push(i);
      }
    });
    const logits = await this.logitsOf(inputs);
    const best: (Float32Array | undefined)[] = new Array(items.length);
    for (let k = 0; k < inputs.length; k++) {
      const row = logits[k];
      const cur = best[owner[k]];
      if (!cur || row[this.label.index] > cur[this.label.index]) best[owner[k]] = row;
    }
    return best.map((row) => this.scoreOfRow(row as Float32Array));
  }

  private scoreOfRow(row: Float32Array): Score {
    const value = row[this.label.index];
    const s: Score = { value, details: { logits: Array.from(row), label: this.label.name } };
    if (row.length > 1) {
      let max = -Infinity;
      for (const x of row) max = Math.max(max, x);
      let sum = 0;
      for (const x of row) sum += Math.exp(x - max);
      s.prob = Math.exp(value - max) / sum;
    }
    return s;
  }

  /** Logit rows, one per input, in input order; batches of batch-size, longest first. */
  protected async logitsOf(inputs: readonly Encoded[]): Promise<Float32Array[]> {
    const session = await this.session();
    session.require(['input_ids'], ['logits'], this.id);
    const out: Float32Array[] = new Array(inputs.length);
    for (const idx of lengthSortedBatches(inputs.map((e) => e.ids.length), this.common.batchSize)) {
      const batch = padBatch(idx.map((i) => inputs[i]), this.tokenizer.padId);
      const res = await session.run(encoderFeeds(session, batch), ['logits']);
      const { data, dims } = res.logits;
      if (dims.length !== 2 || dims[0] !== idx.length) throw new OnnxModelError(`${this.id}: logits have shape [${dims.join(', ')}], expected [${idx.length}, labels]`);
      if (dims[1] !== this.label.count) {
        throw new OnnxModelError(`${this.id}: the model returns ${dims[1]} logits but config.json names ${this.label.count} labels`);
      }
      const w = dims[1];
      idx.forEach((i, r) => (out[i] = data.slice(r * w, (r + 1) * w)));
    }
    return out;
  }
}
