// `bertscore`: BERTScore (Zhang et al. 2020) with any local ONNX encoder, numbers as bert-score 0.3.x computes them
// (arithmetic in bertscore-math.ts). Sentences are encoded as bert-score's sent_encode does: `sent.strip()`, special
// tokens added, an empty sentence is just the special tokens, and byte-level BPE tokenizers saved without a prefix
// space (roberta-*, gpt2) get one, as bert-score's `add_prefix_space=True` call gives them. Unlike bert-score, an input
// longer than the model takes is an error naming the item (bert-score truncates silently); `truncate=true` cuts it the
// way bert-score does and says so in the signature.
//
// Options: layer=N (hidden_states[N]: 0 = embeddings, the last = last_hidden_state; bert-score's per-model defaults,
// e.g. roberta-large 17, are not known here, so the default is the model's last layer and the signature says which),
// idf=true (idf from the references of the items scored together, as bert-score computes it over its inputs) or
// idf-file=FILE (a fixed table from a text file, one reference per line), rescale=true with baseline=FILE (a
// bert-score baseline CSV), measure=f|p|r (the value; all three are in details).
import { readFileSync } from 'node:fs';
import { checkNeeds, type Item, type Needs, type Score, type SignatureContext } from '../../contract.js';
import { pyStrip } from '../../lexical/text.js';
import type { ScorerFactory } from '../../registry.js';
import { formatSignature, formatSpec, SpecError } from '../../spec.js';
import { COMMON_OPTION_DOCS, COMMON_OPTIONS_HELP, commonSpecParts, OnnxScorer, readCommonOptions, type OnnxCommonOptions } from './base.js';
import {
  bestOverReferences,
  greedyMatch,
  idfFromReferences,
  normalisedRows,
  parseBaselineCsv,
  rescaleWithBaseline,
  type IdfTable,
  type PRF,
  type SentenceEmbedding,
  type Weighting,
} from './bertscore-math.js';
import { encodeSingle, type Origin } from './encode.js';
import { sha256Prefix } from './folder.js';
import { OnnxModelError, lengthSortedBatches, padBatch, encoderFeeds } from './session.js';
import type { Encoded } from './tokenizer.js';

export type Measure = 'p' | 'r' | 'f';

export interface BertScoreOptions {
  layer?: number;
  idf: boolean;
  idfFile?: string;
  rescale: boolean;
  baseline?: string;
  measure: Measure;
}

export class BertScoreScorer extends OnnxScorer {
  readonly id = 'bertscore';
  readonly family = 'learned' as const;
  readonly needs: Needs = { references: true };
  readonly range: readonly [number, number];
  readonly layer: number;
  private readonly fixedIdf?: { table: IdfTable; hash: string };
  private readonly baselineRow?: { prf: PRF; hash: string };

  constructor(
    common: OnnxCommonOptions,
    readonly opts: BertScoreOptions,
  ) {
    super(common, 'bertscore');
    const spec = `bertscore:path=${common.path}`;
    const layers = this.folder.config.num_hidden_layers;
    const lastLayer = typeof layers === 'number' ? layers : undefined;
    if (opts.layer === undefined && lastLayer === undefined) throw new SpecError(`bertscore: config.json of ${this.folder.dir} has no num_hidden_layers; give layer=N`, spec);
    this.layer = opts.layer ?? (lastLayer as number);
    if (lastLayer !== undefined && this.layer > lastLayer) throw new SpecError(`bertscore: layer=${this.layer} but the model has ${lastLayer} layers (0 = embeddings … ${lastLayer})`, spec);
    if (opts.idfFile !== undefined) {
      const text = readFileSync(opts.idfFile, 'utf8');
      const lines = text.split(/\r?\n/);
      if (lines[lines.length - 1] === '') lines.pop();
      const ids = lines.map((line, k) => this.encode(line, { scorer: this.id, itemId: `${opts.idfFile}:${k + 1}`, field: 'idf-file' }).ids);
      this.fixedIdf = { table: idfFromReferences(ids), hash: sha256Prefix(text) };
    }
    if (opts.rescale) {
      if (opts.baseline === undefined) throw new SpecError('bertscore: rescale=true needs baseline=FILE (a bert-score baseline CSV: LAYER,P,R,F)', spec);
      const text = readFileSync(opts.baseline, 'utf8');
      const row = parseBaselineCsv(text, opts.baseline).get(this.layer);
      if (!row) throw new SpecError(`bertscore: ${opts.baseline} has no row for layer ${this.layer}`, spec);
      this.baselineRow = { prf: row, hash: sha256Prefix(text) };
    } else if (opts.baseline !== undefined) {
      throw new SpecError('bertscore: baseline=FILE is only used with rescale=true', spec);
    }
    // a weighted mean of cosines lies in [-1, 1]; F of mixed-sign P and R, and rescaled values, do not
    this.range = opts.rescale || opts.measure === 'f' ? [-Infinity, Infinity] : [-1, 1];
  }

  /** bert-score's sent_encode: strip, special tokens, prefix space for byte-level BPE, empty → specials only. */
  encode(sentence: string, origin: Origin): Encoded {
    const s = pyStrip(sentence);
    if (s === '') return this.tokenizer.withSpecials([]);
    return encodeSingle(this.tokenizer, s, this.policy, origin, this.tokenizer.byteLevelNoPrefixSpace);
  }

  async score(items: readonly Item[]): Promise<Score[]> {
    checkNeeds(this, items);
    if (items.length === 0) return [];
    const encoded = new Map<string, Encoded>();
    const encodeOnce = (text: string, origin: Origin) => {
      const key = pyStrip(text);
      let e = encoded.get(key);
      if (!e) encoded.set(key, (e = this.encode(text, origin)));
      return e;
    };
    const candIds = items.map((it) => encodeOnce(it.output, { scorer: this.id, itemId: it.id, field: 'output' }));
    const refIds = items.map((it) => (it.references as string[]).map((r, k) => encodeOnce(r, { scorer: this.id, itemId: it.id, field: `references[${k}]` })));
    const weighting = this.weighting(refIds);
    const out: Score[] = [];
    for (let start = 0; start < items.length; start += this.common.batchSize) {
      const end = Math.min(items.length, start + this.common.batchSize);
      const sentences = new Map<Encoded, SentenceEmbedding | undefined>();
      for (let i = start; i < end; i++) for (const e of [candIds[i], ...refIds[i]]) sentences.set(e, undefined);
      await this.embed(sentences);
      for (let i = start; i < end; i++) {
        const cand = sentences.get(candIds[i]) as SentenceEmbedding;
        const rows = refIds[i].map((r) =>
          greedyMatch(cand, sentences.get(r) as SentenceEmbedding, weighting, this.contentFree(candIds[i]), this.contentFree(r)),
        );
        out.push(this.scoreOf(bestOverReferences(rows)));
      }
    }
    return out;
  }

  private contentFree(e: Encoded): boolean {
    return e.ids.length <= this.tokenizer.specialsSingle;
  }

  private weighting(refIds: readonly Encoded[][]): Weighting {
    if (this.fixedIdf) return { kind: 'idf', table: this.fixedIdf.table };
    if (this.opts.idf) return { kind: 'idf', table: idfFromReferences(refIds.flat().map((e) => e.ids)) };
    const zero = new Set<number>();
    if (this.tokenizer.clsId !== undefined) zero.add(this.tokenizer.clsId);
    if (this.tokenizer.sepId !== undefined) zero.add(this.tokenizer.sepId);
    return { kind: 'uniform', zeroIds: zero };
  }

  private scoreOf(raw: PRF): Score {
    const prf = this.baselineRow ? rescaleWithBaseline(raw, this.baselineRow.prf) : raw;
    const v = this.opts.measure === 'p' ? prf.P : this.opts.measure === 'r' ? prf.R : prf.F;
    const details: Record<string, unknown> = { P: prf.P, R: prf.R, F: prf.F };
    if (Number.isNaN(v)) return { value: null, details: { ...details, reason: 'every token weight is 0 (idf over these references), so bert-score gives NaN' } };
    return { value: v, details };
  }

  /** The output tensor holding hidden_states[layer]. */
  private outputName(outputs: readonly string[]): string {
    for (const name of [`hidden_states.${this.layer}`, `hidden_states_${this.layer}`]) if (outputs.includes(name)) return name;
    if (this.layer === this.folder.config.num_hidden_layers && outputs.includes('last_hidden_state')) return 'last_hidden_state';
    throw new OnnxModelError(
      `bertscore: ${this.folder.modelPath} has no output for layer ${this.layer} (outputs: ${outputs.join(', ')}); export it with ` +
        `hidden_states.${this.layer} as an output, or truncated to ${this.layer} layers (as bert-score truncates the model) so that last_hidden_state is that layer`,
    );
  }

  /** Fills in the embedding of every sentence of the map, in length-sorted batches of batch-size. */
  private async embed(sentences: Map<Encoded, SentenceEmbedding | undefined>): Promise<void> {
    const session = await this.session();
    session.require(['input_ids'], [], this.id);
    const output = this.outputName(session.outputNames);
    const list = [...sentences.keys()];
    for (const idx of lengthSortedBatches(list.map((e) => e.ids.length), this.common.batchSize)) {
      const batch = padBatch(idx.map((i) => list[i]), this.tokenizer.padId);
      const res = (await session.run(encoderFeeds(session, batch), [output]))[output];
      if (res.dims.length !== 3 || res.dims[0] !== batch.rows || res.dims[1] !== batch.cols) {
        throw new OnnxModelError(`bertscore: output ${output} has shape [${res.dims.join(', ')}], expected [${batch.rows}, ${batch.cols}, hidden]`);
      }
      const dim = res.dims[2];
      idx.forEach((i, r) => {
        const e = list[i];
        sentences.set(e, { ids: e.ids, dim, vectors: normalisedRows(res.data, r * batch.cols * dim, e.ids.length, dim) });
      });
    }
  }

  spec(): string {
    const parts = commonSpecParts(this.common);
    if (this.opts.layer !== undefined) parts.push(['layer', String(this.opts.layer)]);
    if (this.opts.idf) parts.push(['idf', 'true']);
    if (this.opts.idfFile !== undefined) parts.push(['idf-file', this.opts.idfFile]);
    if (this.opts.rescale) parts.push(['rescale', 'true']);
    if (this.opts.baseline !== undefined) parts.push(['baseline', this.opts.baseline]);
    if (this.opts.measure !== 'f') parts.push(['measure', this.opts.measure]);
    return formatSpec('bertscore', [], parts);
  }

  signature(ctx?: SignatureContext): string {
    const idf = this.fixedIdf ? `file#${this.fixedIdf.hash}` : this.opts.idf ? 'refs-of-call' : 'no';
    const rescale = this.baselineRow ? `file#${this.baselineRow.hash}` : 'no';
    return formatSignature('BERTScore', [
      ...this.modelSignatureFields(),
      ['layer', this.layer],
      ['idf', idf],
      ['rescale', rescale],
      ['measure', this.opts.measure.toUpperCase()],
      ['nrefs', ctx?.nrefs ?? '?'],
    ]);
  }
}

export const bertScoreFactory: ScorerFactory = {
  name: 'bertscore',
  aliases: ['bert-score'],
  summary: 'BERTScore P/R/F with a local ONNX encoder (greedy cosine matching, idf, baseline rescaling), as bert-score',
  options: `${COMMON_OPTIONS_HELP}, layer=<last>, idf=false, idf-file=FILE, rescale=false, baseline=FILE, measure=f|p|r`,
  optionDocs: {
    ...COMMON_OPTION_DOCS,
    layer: 'hidden layer whose embeddings are matched (0 = embeddings); default the last, since bert-score per-model defaults are not known here',
    idf: 'weight tokens by idf computed over the references scored together, as bert-score does',
    'idf-file': 'a fixed idf table from a text file, one reference per line',
    rescale: 'rescale with the baseline (bert-score rescale_with_baseline); needs baseline=FILE',
    baseline: 'a bert-score baseline CSV for rescale=true',
    measure: 'the value reported: f, p or r; all three are in the details',
  },
  create(o) {
    const common = readCommonOptions(o);
    const layer = o.optionalString('layer') === undefined ? undefined : o.number('layer', 0, { integer: true, min: 0 });
    const idf = o.bool('idf', false);
    const idfFile = o.optionalString('idf-file');
    if (idf && idfFile !== undefined) throw new SpecError(`give idf=true or idf-file=FILE, not both, in "${o.spec}"`, o.spec);
    const rescale = o.bool('rescale', false);
    const baseline = o.optionalString('baseline');
    const measure = o.string<Measure>('measure', 'f', ['f', 'p', 'r']);
    o.done(1);
    return new BertScoreScorer(common, { layer, idf, idfFile, rescale, baseline, measure });
  },
};
