// BERTScore's arithmetic on token embeddings, following bert-score 0.3.x (Zhang et al. 2020; Tiiiger/bert_score,
// utils.py greedy_cos_idf / get_idf_dict and score.py), re-derived here:
//  - every token vector (special tokens included) is L2-normalised; similarity = cosine;
//  - greedy matching: each candidate token takes its best cosine over ALL reference tokens, [CLS]/[SEP] included as
//    match targets (bert-score only zeroes their weights, it does not drop them); recall symmetrically;
//  - P and R are weighted means of those maxima; weights are idf (or 1), with [CLS] and [SEP] at 0;
//  - F = 2PR/(P+R) is computed first; then a sentence with no content tokens sets P and R (not F) to 0; a NaN F
//    (0/0) becomes 0. P or R can stay NaN when every weight is 0 (e.g. idf over a single reference equal to the
//    candidate): bert-score returns NaN there; the scorer reports null;
//  - one difference on purpose: bert-score pads a batch of sentences and multiplies padded similarities by 0, so a
//    token whose every real cosine is negative matches a 0 from padding, depending on what it was batched with.
//    Here matching never sees padding, which equals bert-score whenever some real cosine is >= 0 (always, in practice).
import { log } from '../../../stats/libm.js';

export interface SentenceEmbedding {
  ids: readonly number[];
  /** L2-normalised token vectors, row-major [tokens × dim]. */
  vectors: Float64Array;
  dim: number;
}

export interface PRF {
  P: number;
  R: number;
  F: number;
}

/** Row-normalises a [tokens × dim] float32 block (one sentence's slice of a layer output). */
export function normalisedRows(src: Float32Array, offset: number, tokens: number, dim: number): Float64Array {
  const out = new Float64Array(tokens * dim);
  for (let t = 0; t < tokens; t++) {
    const o = offset + t * dim;
    let ss = 0;
    for (let d = 0; d < dim; d++) ss += src[o + d] * src[o + d];
    const inv = 1 / Math.sqrt(ss);
    for (let d = 0; d < dim; d++) out[t * dim + d] = src[o + d] * inv;
  }
  return out;
}

/** Token weights: idf from a table, or 1; ids equal to [CLS]/[SEP] always weigh 0 without idf (bert-score's default dict). */
export type Weighting = { kind: 'uniform'; zeroIds: ReadonlySet<number> } | { kind: 'idf'; table: IdfTable };

export interface IdfTable {
  /** log((M+1)/(df+1)) per token id seen in the M reference documents. */
  idf: ReadonlyMap<number, number>;
  /** log(M+1): the weight of an id no reference contains. */
  unseen: number;
  documents: number;
}

/** bert-score's get_idf_dict: document frequency over the references, each reference's token-id SET counted once. */
export function idfFromReferences(referenceIds: readonly (readonly number[])[]): IdfTable {
  const df = new Map<number, number>();
  for (const ids of referenceIds) for (const id of new Set(ids)) df.set(id, (df.get(id) ?? 0) + 1);
  const m = referenceIds.length;
  const idf = new Map<number, number>();
  // bert-score takes math.log (glibc), which V8's Math.log differs from in the last bit.
  for (const [id, c] of df) idf.set(id, log((m + 1) / (c + 1)));
  return { idf, unseen: log(m + 1), documents: m };
}

function weightsOf(ids: readonly number[], w: Weighting): Float64Array {
  const out = new Float64Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    out[i] = w.kind === 'idf' ? (w.table.idf.get(ids[i]) ?? w.table.unseen) : w.zeroIds.has(ids[i]) ? 0 : 1;
  }
  return out;
}

/**
 * Greedy cosine matching of one candidate against one reference. `candEmpty`/`refEmpty`: the sentence has no content
 * tokens (bert-score tests "exactly [CLS] [SEP]").
 */
export function greedyMatch(cand: SentenceEmbedding, ref: SentenceEmbedding, weighting: Weighting, candEmpty: boolean, refEmpty: boolean): PRF {
  const a = cand.ids.length;
  const b = ref.ids.length;
  const dim = cand.dim;
  const rowMax = new Float64Array(a).fill(-Infinity);
  const colMax = new Float64Array(b).fill(-Infinity);
  const cv = cand.vectors;
  const rv = ref.vectors;
  for (let i = 0; i < a; i++) {
    const oi = i * dim;
    for (let j = 0; j < b; j++) {
      const oj = j * dim;
      let s = 0;
      for (let d = 0; d < dim; d++) s += cv[oi + d] * rv[oj + d];
      if (s > rowMax[i]) rowMax[i] = s;
      if (s > colMax[j]) colMax[j] = s;
    }
  }
  const wc = weightsOf(cand.ids, weighting);
  const wr = weightsOf(ref.ids, weighting);
  let P = weightedMean(rowMax, wc);
  let R = weightedMean(colMax, wr);
  let F = (2 * P * R) / (P + R);
  if (candEmpty || refEmpty) {
    P = 0;
    R = 0;
  }
  if (Number.isNaN(F)) F = 0;
  return { P, R, F };
}

/** Σ w·x / Σ w; NaN when every weight is 0 (bert-score divides by the weight sum the same way). */
function weightedMean(x: Float64Array, w: Float64Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < x.length; i++) {
    num += w[i] * x[i];
    den += w[i];
  }
  return num / den;
}

/** Several references: each of P, R, F is its own maximum over the references (bert-score's max over dim 0). */
export function bestOverReferences(rows: readonly PRF[]): PRF {
  const best = { ...rows[0] };
  for (const r of rows.slice(1)) {
    best.P = Number.isNaN(best.P) || Number.isNaN(r.P) ? NaN : Math.max(best.P, r.P);
    best.R = Number.isNaN(best.R) || Number.isNaN(r.R) ? NaN : Math.max(best.R, r.R);
    best.F = Math.max(best.F, r.F);
  }
  return best;
}

/** Baseline rescaling: (x − b) / (1 − b), per measure. */
export function rescaleWithBaseline(x: PRF, b: PRF): PRF {
  return { P: (x.P - b.P) / (1 - b.P), R: (x.R - b.R) / (1 - b.R), F: (x.F - b.F) / (1 - b.F) };
}

/**
 * A bert-score baseline file: CSV with header `LAYER,P,R,F` and one row per layer (bert-score reads row `num_layers`
 * by position; the files list layers 0, 1, 2, … in order, so the LAYER column gives the same row).
 */
export function parseBaselineCsv(text: string, source: string): Map<number, PRF> {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split(',').map((s) => s.trim());
  const col = (name: string) => header.indexOf(name);
  if (col('LAYER') < 0 || col('P') < 0 || col('R') < 0 || col('F') < 0) {
    throw new Error(`${source}: not a bert-score baseline file (expected a header LAYER,P,R,F; got "${lines[0] ?? ''}")`);
  }
  const out = new Map<number, PRF>();
  for (const [k, line] of lines.slice(1).entries()) {
    const cells = line.split(',').map((s) => Number(s.trim()));
    const row = { P: cells[col('P')], R: cells[col('R')], F: cells[col('F')] };
    if (![cells[col('LAYER')], row.P, row.R, row.F].every(Number.isFinite)) throw new Error(`${source}: bad numbers on line ${k + 2}: "${line}"`);
    out.set(cells[col('LAYER')], row);
  }
  return out;
}
