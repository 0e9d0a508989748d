// onnxruntime-node sessions on CPU, one per model file and process, created on first use. Inputs are padded batches
// of token ids with an attention mask (and token type ids when the graph takes them). onnxruntime-node is imported on
// first use too: registering these scorers must not load a native library (≈70 ms) into every CLI run.
import { statSync } from 'node:fs';
import type * as ort from 'onnxruntime-node';
import type { Encoded } from './tokenizer.js';

type Ort = typeof import('onnxruntime-node');
let ortModule: Promise<Ort> | undefined;
const loadOrt = (): Promise<Ort> => (ortModule ??= import('onnxruntime-node'));

export interface OutputTensor {
  data: Float32Array;
  dims: readonly number[];
}

export class OnnxModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OnnxModelError';
  }
}

export class OnnxSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  private readonly int32Inputs: Set<string>;

  constructor(
    private readonly ort: Ort,
    private readonly session: ort.InferenceSession,
    readonly modelPath: string,
  ) {
    this.inputNames = session.inputNames;
    this.outputNames = session.outputNames;
    this.int32Inputs = new Set(
      (session.inputMetadata ?? []).filter((m) => m.isTensor && m.type === 'int32').map((m) => m.name),
    );
  }

  /** Throws an OnnxModelError listing the graph's real inputs/outputs when one we need is absent. */
  require(inputs: readonly string[], outputs: readonly string[], who: string): void {
    const noIn = inputs.filter((n) => !this.inputNames.includes(n));
    const noOut = outputs.filter((n) => !this.outputNames.includes(n));
    if (noIn.length || noOut.length) {
      throw new OnnxModelError(
        `${who}: ${this.modelPath} lacks ${[...noIn.map((n) => `input "${n}"`), ...noOut.map((n) => `output "${n}"`)].join(', ')}; ` +
          `it has inputs [${this.inputNames.join(', ')}] and outputs [${this.outputNames.join(', ')}]`,
      );
    }
  }

  has(input: string): boolean {
    return this.inputNames.includes(input);
  }

  /** Integer tensor of shape [rows, cols], int64 unless the graph declares int32. */
  intTensor(name: string, values: ArrayLike<number>, rows: number, cols: number): ort.Tensor {
    if (this.int32Inputs.has(name)) return new this.ort.Tensor('int32', Int32Array.from(values), [rows, cols]);
    const big = new BigInt64Array(values.length);
    for (let i = 0; i < values.length; i++) big[i] = BigInt(values[i]);
    return new this.ort.Tensor('int64', big, [rows, cols]);
  }

  async run(feeds: Record<string, ort.Tensor>, outputs: readonly string[]): Promise<Record<string, OutputTensor>> {
    const res = await this.session.run(feeds, outputs as string[]);
    const out: Record<string, OutputTensor> = {};
    for (const name of outputs) {
      const t = res[name] as ort.Tensor;
      if (t.type !== 'float32') throw new OnnxModelError(`${this.modelPath}: output "${name}" is ${t.type}, expected float32`);
      out[name] = { data: t.data as Float32Array, dims: t.dims };
    }
    return out;
  }
}

const sessions = new Map<string, Promise<OnnxSession>>();

/** The shared session of a model file (CPU execution provider); a file replaced on disk gets a new session. */
export function onnxSession(modelPath: string): Promise<OnnxSession> {
  const st = statSync(modelPath);
  const key = `${modelPath}\0${st.size}\0${st.mtimeMs}`;
  let s = sessions.get(key);
  if (!s) {
    s = loadOrt().then(async (ort) => {
      const session = await ort.InferenceSession.create(modelPath, { executionProviders: ['cpu'], graphOptimizationLevel: 'all' });
      return new OnnxSession(ort, session, modelPath);
    });
    s.catch(() => sessions.delete(key));
    sessions.set(key, s);
  }
  return s;
}

/** Releases every cached session (tests, long-running hosts switching models). */
export async function releaseOnnxSessions(): Promise<void> {
  const all = [...sessions.values()];
  sessions.clear();
  for (const s of all) {
    try {
      await (await s)['session'].release();
    } catch {
      // a session that failed to load has nothing to release
    }
  }
}

/** Sequences padded to the longest with `padId`, plus the attention mask and token type ids, row-major. */
export interface PaddedBatch {
  rows: number;
  cols: number;
  ids: Int32Array;
  mask: Int32Array;
  types: Int32Array;
  lengths: Int32Array;
}

export function padBatch(seqs: readonly Encoded[], padId: number): PaddedBatch {
  const rows = seqs.length;
  let cols = 0;
  for (const s of seqs) cols = Math.max(cols, s.ids.length);
  const ids = new Int32Array(rows * cols).fill(padId);
  const mask = new Int32Array(rows * cols);
  const types = new Int32Array(rows * cols);
  const lengths = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const s = seqs[r];
    lengths[r] = s.ids.length;
    for (let c = 0; c < s.ids.length; c++) {
      ids[r * cols + c] = s.ids[c];
      mask[r * cols + c] = 1;
      types[r * cols + c] = s.typeIds[c] ?? 0;
    }
  }
  return { rows, cols, ids, mask, types, lengths };
}

/** Standard transformer feeds for a padded batch: input_ids, attention_mask, token_type_ids when the graph has it. */
export function encoderFeeds(session: OnnxSession, b: PaddedBatch, prefix = ''): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {
    [`${prefix}input_ids`]: session.intTensor(`${prefix}input_ids`, b.ids, b.rows, b.cols),
  };
  if (session.has(`${prefix}attention_mask`)) feeds[`${prefix}attention_mask`] = session.intTensor(`${prefix}attention_mask`, b.mask, b.rows, b.cols);
  if (session.has(`${prefix}token_type_ids`)) feeds[`${prefix}token_type_ids`] = session.intTensor(`${prefix}token_type_ids`, b.types, b.rows, b.cols);
  return feeds;
}

/**
 * Index groups of at most `size` sequences, longest first so each batch pads little (bert-score sorts the same way).
 * The order only changes padding, never which numbers come out (up to float rounding; tests hold it to 1e-5).
 */
export function lengthSortedBatches(lengths: readonly number[], size: number): number[][] {
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[b] - lengths[a] || a - b);
  const out: number[][] = [];
  for (let i = 0; i < order.length; i += size) out.push(order.slice(i, i + size));
  return out;
}
