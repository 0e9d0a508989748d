// The reward-model server APIs: request bodies and how a reward is read from each answer.
//
// - vllm-classify  POST /classify  {model, input: [text…]} or {model, messages}    → data[i].probs[label]
//                  (`use_activation: false` asks for raw logits instead of softmax/sigmoid probabilities)
// - vllm-pooling   POST /pooling   {model, input: [text…]} or {model, messages}    → data[i].data: the last row's
//                  [label] — reward models pooled over ALL tokens return one row per token, the last token's row is
//                  the sequence reward; LAST-pooled ones return a single row
// - vllm-score     POST /score     {model, text_1: [prompt…], text_2: [response…]} → data[i].score (equal-length
//                  lists are scored pairwise, element by element)
// - tgi            POST /predict   {inputs: [[prompt, response]…] or [[text]…], raw_scores} → [[{score, label}…]…]
//                  (Hugging Face text-embeddings-inference, the TGI-family server for sequence-classification RMs)
// - openrlhf       POST /get_reward {query: [text…]}                              → rewards[i]
//                  (openrlhf.cli.serve_rm)
// Answers are matched to inputs by `index` where the API has one, else by position, and must cover every input.
import type { RmFormat, RmInput } from './rm-format.js';

export type RmApi = 'vllm-classify' | 'vllm-pooling' | 'vllm-score' | 'tgi' | 'openrlhf';
export const RM_APIS: readonly RmApi[] = ['vllm-classify', 'vllm-pooling', 'vllm-score', 'tgi', 'openrlhf'];

export interface RmRequestConfig {
  model: string;
  /** vLLM: class / column index; TEI: label name. Undefined: the model must have a single output. */
  label?: string;
  /** Ask for raw logits (vLLM use_activation=false, TEI raw_scores=true). */
  raw: boolean;
}

/** A reward, or why an answer gave none for this input. */
export type RmValue = number | { error: string };

export interface RmApiAdapter {
  path: string;
  formats: readonly RmFormat[];
  defaultFormat: RmFormat;
  /** Whether `raw=` means anything for this API. */
  hasActivation: boolean;
  labelKind: 'index' | 'name' | 'none';
  /** Body for a batch of inputs of the same kind (a `messages` input always travels alone). */
  body(inputs: readonly RmInput[], cfg: RmRequestConfig): Record<string, unknown>;
  /** One value per input, or a string saying why the whole answer is unusable. */
  read(json: unknown, n: number, cfg: RmRequestConfig): RmValue[] | string;
}

function texts(inputs: readonly RmInput[]): string[] {
  return inputs.map((x) => {
    if (x.kind !== 'text') throw new Error(`internal: expected text inputs, got ${x.kind}`);
    return x.text;
  });
}

/** `{model, messages}` for one conversation or `{model, input: [...]}` for texts. */
function inputOrMessages(inputs: readonly RmInput[], cfg: RmRequestConfig): Record<string, unknown> {
  const first = inputs[0];
  if (first.kind === 'messages') {
    if (inputs.length !== 1) throw new Error('internal: a messages request carries one conversation');
    return { model: cfg.model, messages: first.messages };
  }
  return { model: cfg.model, input: texts(inputs) };
}

/** `data` entries sorted by `index`, checked to be exactly 0..n-1. */
function indexedData(json: unknown, n: number): Record<string, unknown>[] | string {
  const data = (json as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return 'answer has no data array';
  if (data.length !== n) return `answer has ${data.length} results for ${n} inputs`;
  const out: Record<string, unknown>[] = new Array(n);
  for (let j = 0; j < n; j++) {
    const d = data[j] as Record<string, unknown>;
    const idx = typeof d?.index === 'number' ? d.index : j;
    if (!Number.isInteger(idx) || idx < 0 || idx >= n || out[idx] !== undefined) return `answer has a bad or repeated index ${String(d?.index)}`;
    out[idx] = d;
  }
  return out;
}

function pickColumn(row: unknown, label: string | undefined, what: string): RmValue {
  if (!Array.isArray(row) || row.length === 0 || !row.every((x) => typeof x === 'number')) return { error: `${what} is not a list of numbers` };
  if (label === undefined) {
    if (row.length !== 1) return { error: `the model returns ${row.length} values; say which with label=INDEX` };
    return row[0] as number;
  }
  const k = Number(label);
  if (k >= row.length) return { error: `label=${label} but the model returns ${row.length} values` };
  return row[k] as number;
}

const classify: RmApiAdapter = {
  path: '/classify',
  formats: ['server', 'chatml', 'llama3', 'none'],
  defaultFormat: 'server',
  hasActivation: true,
  labelKind: 'index',
  body(inputs, cfg) {
    const b = inputOrMessages(inputs, cfg);
    if (cfg.raw) b.use_activation = false;
    return b;
  },
  read(json, n, cfg) {
    const data = indexedData(json, n);
    if (typeof data === 'string') return data;
    return data.map((d) => pickColumn(d.probs, cfg.label, 'probs'));
  },
};

const pooling: RmApiAdapter = {
  path: '/pooling',
  formats: ['server', 'chatml', 'llama3', 'none'],
  defaultFormat: 'server',
  hasActivation: false,
  labelKind: 'index',
  body: inputOrMessages,
  read(json, n, cfg) {
    const data = indexedData(json, n);
    if (typeof data === 'string') return data;
    return data.map((d) => {
      const v = d.data;
      if (typeof v === 'number') return cfg.label === undefined || cfg.label === '0' ? v : { error: `label=${cfg.label} but the model returns one value` };
      if (!Array.isArray(v) || v.length === 0) return { error: 'pooling data is empty' };
      const row = Array.isArray(v[0]) ? v[v.length - 1] : v; // per-token rows: the last token carries the sequence reward
      return pickColumn(row, cfg.label, 'pooling data');
    });
  },
};

const score: RmApiAdapter = {
  path: '/score',
  formats: ['pair'],
  defaultFormat: 'pair',
  hasActivation: true,
  labelKind: 'none',
  body(inputs, cfg) {
    const b: Record<string, unknown> = {
      model: cfg.model,
      text_1: inputs.map((x) => (x.kind === 'pair' ? x.pair[0] : '')),
      text_2: inputs.map((x) => (x.kind === 'pair' ? x.pair[1] : '')),
    };
    if (cfg.raw) b.use_activation = false;
    return b;
  },
  read(json, n) {
    const data = indexedData(json, n);
    if (typeof data === 'string') return data;
    return data.map((d) => (typeof d.score === 'number' ? d.score : { error: 'score is not a number' }));
  },
};

const tei: RmApiAdapter = {
  path: '/predict',
  formats: ['pair', 'chatml', 'llama3', 'none'],
  defaultFormat: 'pair',
  hasActivation: true,
  labelKind: 'name',
  body(inputs, cfg) {
    // always the batch form (a list of lists), so the answer is always a list of prediction lists
    return { inputs: inputs.map((x) => (x.kind === 'pair' ? x.pair : [texts([x])[0]])), raw_scores: cfg.raw, truncate: false };
  },
  read(json, n, cfg) {
    if (!Array.isArray(json)) return 'answer is not a list';
    if (json.length !== n) return `answer has ${json.length} results for ${n} inputs`;
    return json.map((preds): RmValue => {
      if (!Array.isArray(preds) || preds.length === 0) return { error: 'no predictions' };
      const list = preds as { score?: unknown; label?: unknown }[];
      const hit = cfg.label === undefined ? (list.length === 1 ? list[0] : undefined) : list.find((p) => p.label === cfg.label);
      if (!hit) return { error: cfg.label === undefined ? `the model has ${list.length} labels; say which with label=NAME` : `no label "${cfg.label}" in the answer` };
      return typeof hit.score === 'number' ? hit.score : { error: 'score is not a number' };
    });
  },
};

const openrlhf: RmApiAdapter = {
  path: '/get_reward',
  formats: ['none', 'chatml', 'llama3'],
  defaultFormat: 'none',
  hasActivation: false,
  labelKind: 'none',
  body(inputs) {
    return { query: texts(inputs) };
  },
  read(json, n) {
    const r = (json as { rewards?: unknown } | null)?.rewards;
    if (!Array.isArray(r)) return 'answer has no rewards array';
    if (r.length !== n) return `answer has ${r.length} rewards for ${n} queries`;
    // some forks return [[r]] per query; a one-element list is the same reward
    return r.map((x): RmValue => {
      const v = Array.isArray(x) && x.length === 1 ? x[0] : x;
      return typeof v === 'number' ? v : { error: 'reward is not a number' };
    });
  },
};

export const RM_ADAPTERS: Record<RmApi, RmApiAdapter> = {
  'vllm-classify': classify,
  'vllm-pooling': pooling,
  'vllm-score': score,
  tgi: tei,
  openrlhf,
};
