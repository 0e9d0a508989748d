// A local model folder, as the Hugging Face Hub lays one out after an ONNX export (optimum / transformers.js style):
//   model.onnx (or onnx/model.onnx)   the graph; external weights beside it (model.onnx_data / model.onnx.data) if any
//   tokenizer.json                     the fast-tokenizer definition (normalizer, pre-tokenizer, model, post-processor)
//   config.json                        architecture, labels, max_position_embeddings, pad_token_id
//   tokenizer_config.json              optional: special tokens, model_max_length, chat_template
//   chat_template.jinja                optional: where newer transformers save the chat template
// Everything is read synchronously when a scorer is built, so a wrong folder fails at once with the list of what is
// missing, not at the first batch.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { chatTemplateFrom } from './chat-template.js';

export class ModelFolderError extends Error {
  constructor(
    message: string,
    readonly folder: string,
    readonly missing: readonly string[] = [],
  ) {
    super(message);
    this.name = 'ModelFolderError';
  }
}

export interface ModelFolder {
  dir: string;
  modelPath: string;
  /** model.onnx plus any external-data file beside it: what the content hash covers. */
  weightFiles: string[];
  tokenizerPath: string;
  tokenizerJson: Record<string, unknown>;
  tokenizerConfig: Record<string, unknown>;
  config: Record<string, unknown>;
  chatTemplate?: string;
  /** `architectures[0]` from config.json, else `model_type`. */
  architecture: string;
  /** The longest input the model takes: tokenizer model_max_length and the position embeddings, whichever is smaller. */
  maxLength: number;
  /** The position-embedding limit alone (what a `max-length=` option may not exceed). */
  positionLimit: number;
}

const MODEL_CANDIDATES = ['model.onnx', path.join('onnx', 'model.onnx')];
const EXTERNAL_DATA = ['_data', '.data'];
/** Families whose position ids start after the padding index (fairseq heritage): pad_token_id + 1 slots are reserved. */
const OFFSET_POSITIONS = new Set(['roberta', 'xlm-roberta', 'camembert', 'longformer', 'xlm-roberta-xl', 'data2vec-text']);
/** transformers writes this (int(1e30)) when a tokenizer has no real limit. */
const NO_LIMIT = 1e20;

function _readJson(file: string, folder: string): Record<string, unknown> {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8'));
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not a JSON object');
    return v as Record<string, unknown>;
  } catch (e) {
    throw new ModelFolderError(`cannot read ${path.basename(file)} in model folder ${folder}: ${(e as Error).message}`, folder);
  }
}

/** Reads and checks a model folder; `who` names the scorer in error messages. */
export function loadModelFolder(dir: string, who: string, opts: { modelFile?: string } = {}): ModelFolder {
  const folder = path.resolve(dir);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new ModelFolderError(`${who}: model folder ${folder} does not exist (path=${dir})`, folder, ['.']);
  }
  const missing: string[] = [];
  const candidates = opts.modelFile ? [opts.modelFile] : MODEL_CANDIDATES;
  const modelRel = candidates.find((c) => existsSync(path.join(folder, c)));
  if (!modelRel) missing.push(candidates.join(' or '));
  for (const f of ['tokenizer.json', 'config.json']) if (!existsSync(path.join(folder, f))) missing.push(f);
  if (missing.length) {
    let hint = '';
    if (missing.includes('tokenizer.json')) {
      const slow = ['vocab.txt', 'sentencepiece.bpe.model', 'spiece.model', 'vocab.json', 'tokenizer.model'].filter((f) => existsSync(path.join(folder, f)));
      if (slow.length) hint = `; the folder has ${slow.join(', ')}: write tokenizer.json with transformers' AutoTokenizer.from_pretrained(folder).save_pretrained(folder)`;
    }
    if (!modelRel) hint += '; export the model to ONNX first (e.g. `optimum-cli export onnx --model <id> <folder>`)';
    throw new ModelFolderError(
      `${who}: model folder ${folder} is missing ${missing.join(', ')} (needs model.onnx or onnx/model.onnx, tokenizer.json, config.json; tokenizer_config.json optional)${hint}`,
      folder,
      missing,
    );
  }
  const modelPath = path.join(folder, modelRel as string);
  const weightFiles = [modelPath, ...EXTERNAL_DATA.map((s) => modelPath + s).filter((f) => existsSync(f))];
  const tokenizerPath = path.join(folder, 'tokenizer.json');
  const tokenizerJson = _readJson(tokenizerPath, folder);
  const config = _readJson(path.join(folder, 'config.json'), folder);
  const tcPath = path.join(folder, 'tokenizer_config.json');
  const tokenizerConfig = existsSync(tcPath) ? _readJson(tcPath, folder) : {};
  const jinjaPath = path.join(folder, 'chat_template.jinja');
  const chatTemplate = chatTemplateFrom(tokenizerConfig, existsSync(jinjaPath) ? readFileSync(jinjaPath, 'utf8') : undefined);

  const archs = config.architectures;
  const architecture = Array.isArray(archs) && typeof archs[0] === 'string' ? archs[0] : String(config.model_type ?? 'unknown');
  const positions = typeof config.max_position_embeddings === 'number' ? config.max_position_embeddings : Infinity;
  const modelType = String(config.model_type ?? '');
  const padId = typeof config.pad_token_id === 'number' ? config.pad_token_id : 1;
  const positionLimit = OFFSET_POSITIONS.has(modelType) ? positions - (padId + 1) : positions;
  const mml = tokenizerConfig.model_max_length;
  const tokenizerLimit = typeof mml === 'number' && mml < NO_LIMIT ? mml : Infinity;
  const maxLength = Math.min(positionLimit, tokenizerLimit);
  if (!Number.isFinite(maxLength)) {
    throw new ModelFolderError(
      `${who}: cannot tell the maximum input length of ${folder} (no max_position_embeddings in config.json, no model_max_length in tokenizer_config.json); give max-length=N`,
      folder,
    );
  }
  return { dir: folder, modelPath, weightFiles, tokenizerPath, tokenizerJson, tokenizerConfig, config, chatTemplate, architecture, maxLength, positionLimit };
}

const hashCache = new Map<string, string>();

/** sha256 over the weight files and tokenizer.json (in that order, each prefixed by its byte length), hex. */
export function folderContentHash(f: ModelFolder): string {
  const files = [...f.weightFiles, f.tokenizerPath];
  const key = files.map((p) => `${p}:${statSync(p).size}:${statSync(p).mtimeMs}`).join('|');
  const cached = hashCache.get(key);
  if (cached) return cached;
  const h = createHash('sha256');
  const buf = Buffer.allocUnsafe(1 << 22);
  for (const p of files) {
    h.update(`${statSync(p).size}\n`);
    const fd = openSync(p, 'r');
    try {
      for (let n = readSync(fd, buf, 0, buf.length, null); n > 0; n = readSync(fd, buf, 0, buf.length, null)) h.update(buf.subarray(0, n));
    } finally {
      closeSync(fd);
    }
  }
  const hex = h.digest('hex');
  hashCache.set(key, hex);
  return hex;
}

export function sha256Prefix(text: string, n = 8): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, n);
}
