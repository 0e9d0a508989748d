// What every ONNX-backed scorer shares: the spec options `path`, `batch-size`, `max-length`, `truncate` (and
// `model-file`), the model folder and tokenizer loaded at construction, the session opened at first use, and the
// signature fields naming the model by content (`model:` sha256 prefix of the weights + tokenizer.json), its
// architecture, the maximum length and the truncation policy. batch-size only changes speed, so it stays out of the
// signature (tests hold batched = one-by-one to 1e-5).
import { meanScore, type Direction, type Family, type Item, type Mode, type Needs, type Score, type Scorer, type SignatureContext } from '../../contract.js';
import { SpecError, type SpecOptions } from '../../spec.js';
import type { LengthPolicy } from './encode.js';
import { folderContentHash, loadModelFolder, type ModelFolder } from './folder.js';
import { onnxSession, type OnnxSession } from './session.js';
import { ModelTokenizer } from './tokenizer.js';

export interface OnnxCommonOptions {
  path: string;
  batchSize: number;
  /** As given by the user; undefined = the model's own maximum. */
  maxLength?: number;
  truncate: boolean;
  modelFile?: string;
}

export const DEFAULT_BATCH_SIZE = 16;
export const COMMON_OPTIONS_HELP = 'path=DIR (required), batch-size=16, max-length=<model max>, truncate=false, model-file=model.onnx';

/** Meanings of the shared options, for `trenchcoat scorers NAME`. */
export const COMMON_OPTION_DOCS: Record<string, string> = {
  path: 'the model folder (ONNX file, tokenizer.json, config.json); also accepted as the first positional value',
  'batch-size': 'inputs per ONNX run',
  'max-length': 'longest input in tokens (default: the model maximum from its config)',
  truncate: 'cut inputs longer than max-length (said in the signature); default: such an input is an error naming the item',
  'model-file': 'the ONNX file inside the folder',
};

/** Reads the shared options; `path` may also be the first positional value (`onnx-rm:/models/rm`). */
export function readCommonOptions(o: SpecOptions): OnnxCommonOptions {
  const named = o.optionalString('path');
  const positional = o.parsed.positional[0];
  if (named !== undefined && positional !== undefined) throw new SpecError(`give the model folder once (path=… or positional) in "${o.spec}"`, o.spec);
  const path = named ?? positional;
  if (!path) throw new SpecError(`spec "${o.spec}" needs the model folder: ${o.parsed.name}:path=DIR`, o.spec);
  const maxLength = o.optionalString('max-length') === undefined ? undefined : o.number('max-length', 0, { integer: true, min: 1 });
  return {
    path,
    batchSize: o.number('batch-size', DEFAULT_BATCH_SIZE, { integer: true, min: 1 }),
    maxLength,
    truncate: o.bool('truncate', false),
    modelFile: o.optionalString('model-file'),
  };
}

export function commonSpecParts(c: OnnxCommonOptions): [string, string][] {
  const parts: [string, string][] = [['path', c.path]];
  if (c.modelFile !== undefined) parts.push(['model-file', c.modelFile]);
  if (c.batchSize !== DEFAULT_BATCH_SIZE) parts.push(['batch-size', String(c.batchSize)]);
  if (c.maxLength !== undefined) parts.push(['max-length', String(c.maxLength)]);
  if (c.truncate) parts.push(['truncate', 'true']);
  return parts;
}

export abstract class OnnxScorer implements Scorer {
  abstract readonly id: string;
  abstract readonly family: Family;
  readonly mode: Mode = 'pointwise';
  abstract readonly needs: Needs;
  readonly direction: Direction = 'higher';
  abstract readonly range: readonly [number, number];
  readonly folder: ModelFolder;
  readonly tokenizer: ModelTokenizer;
  readonly policy: LengthPolicy;
  private sessionPromise?: Promise<OnnxSession>;

  constructor(
    readonly common: OnnxCommonOptions,
    who: string,
  ) {
    this.folder = loadModelFolder(common.path, who, { modelFile: common.modelFile });
    if (common.maxLength !== undefined && common.maxLength > this.folder.positionLimit) {
      throw new SpecError(
        `${who}: max-length=${common.maxLength} exceeds the ${this.folder.positionLimit} positions the model in ${this.folder.dir} has`,
        `${who}:path=${common.path}`,
      );
    }
    this.tokenizer = new ModelTokenizer(this.folder);
    this.policy = { maxLength: common.maxLength ?? this.folder.maxLength, truncation: common.truncate ? 'right' : 'error' };
  }

  abstract spec(): string;
  abstract signature(ctx?: SignatureContext): string;
  abstract score(items: readonly Item[]): Promise<Score[]>;

  async corpusScore(items: readonly Item[]): Promise<Score> {
    return meanScore(await this.score(items));
  }

  protected session(): Promise<OnnxSession> {
    this.sessionPromise ??= onnxSession(this.folder.modelPath);
    return this.sessionPromise;
  }

  /** Signature fields every ONNX scorer carries, in this order. */
  protected modelSignatureFields(): [string, string | number][] {
    return [
      ['model', folderContentHash(this.folder).slice(0, 12)],
      ['arch', this.folder.architecture],
      ['maxlen', this.policy.maxLength],
      ['trunc', this.policy.truncation],
    ];
  }
}

/** Label names by index from config.json's id2label (`{"0": "LABEL_0", …}`); [] when absent. */
export function labelNames(config: Record<string, unknown>): string[] {
  const id2label = config.id2label;
  if (!id2label || typeof id2label !== 'object') return typeof config.num_labels === 'number' ? Array.from({ length: config.num_labels }, (_, i) => `LABEL_${i}`) : [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(id2label as Record<string, unknown>)) out[Number(k)] = String(v);
  return out;
}

/**
 * Which logit is the score: `label=` as a name from id2label or an index; by default the only logit of a one-label
 * head. A multi-label head without `label=` is an error listing the labels (guessing one would be silent).
 */
export function resolveLabel(config: Record<string, unknown>, requested: string | undefined, who: string, spec: string): { index: number; name: string; count: number } {
  const names = labelNames(config);
  const count = names.length;
  if (requested === undefined) {
    if (count <= 1) return { index: 0, name: names[0] ?? 'LABEL_0', count: Math.max(count, 1) };
    throw new SpecError(`${who}: the model has ${count} labels (${names.map((n, i) => `${i}=${n}`).join(', ')}); choose one with label=NAME or label=INDEX`, spec);
  }
  const byName = names.indexOf(requested);
  const index = byName >= 0 ? byName : /^\d+$/.test(requested) ? Number(requested) : -1;
  if (index < 0 || index >= Math.max(count, 1)) {
    throw new SpecError(`${who}: label=${requested} is not one of the model's labels (${names.map((n, i) => `${i}=${n}`).join(', ')})`, spec);
  }
  return { index, name: names[index] ?? `LABEL_${index}`, count: Math.max(count, 1) };
}
