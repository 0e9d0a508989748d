// `judge:` spec options, canonical spec and signature.
//
// The signature names everything that can change a judge's answer: model, API kind, mode, template (name@version and
// a hash prefix of its text), temperature, top_p, max_tokens, seed, logprobs (and how many alternatives), and for
// pairwise/listwise whether both orders were run. It does NOT name the URL: the same model behind another host or
// port (a second vLLM replica, a proxy, OpenAI vs. Azure) is the same scorer, and its cached scores stay valid.
// Pointing a URL at a different model under the same name is the user's error to avoid. The API key, concurrency,
// retries, timeout and budget are left out too: they decide whether a score arrives, not what it is.
import type { Mode } from '../../contract.js';
import { formatSignature, formatSpec, SpecError, type SpecOptions } from '../../spec.js';
import { DEFAULT_TEMPLATE, resolveTemplate, templateRef, templateSignatureId, type PromptTemplate } from '../templates/index.js';
import type { ChatDecoding } from './chat.js';
import { readTransport, transportSpecOptions, type TransportConfig } from './options.js';

export interface JudgeConfig {
  model: string;
  mode: Mode;
  template: PromptTemplate;
  decoding: ChatDecoding;
  /** Pairwise / listwise: run each comparison in both presentation orders. Always false for pointwise. */
  bothOrders: boolean;
  transport: TransportConfig;
}

const MODES: readonly Mode[] = ['pointwise', 'pairwise', 'listwise'];
const DEFAULT_MAX_TOKENS: Record<Mode, number> = { pointwise: 16, pairwise: 16, listwise: 128 };

export function readJudgeConfig(o: SpecOptions): JudgeConfig {
  const model = o.optionalString('model');
  if (!model) throw new SpecError(`spec "${o.spec}" needs model=NAME (the model name the server expects)`, o.spec);
  const mode = o.string<Mode>('mode', 'pointwise', MODES);
  const tref = o.optionalString('template');
  let template: PromptTemplate;
  try {
    template = tref === undefined ? DEFAULT_TEMPLATE[mode] : resolveTemplate(tref);
  } catch (e) {
    throw new SpecError(`${(e as Error).message} in "${o.spec}"`, o.spec);
  }
  if (template.kind !== mode) throw new SpecError(`template ${templateRef(template)} is ${template.kind}, but mode=${mode} in "${o.spec}"`, o.spec);
  const seedRaw = o.optionalString('seed');
  const seed = seedRaw === 'none' ? null : o.number('seed', 0, { integer: true, min: 0 });
  const logprobs = o.bool('logprobs', mode !== 'listwise');
  const decoding: ChatDecoding = {
    temperature: o.number('temperature', 0, { min: 0 }),
    topP: o.number('top-p', 1, { min: 0, max: 1 }),
    maxTokens: o.number('max-tokens', DEFAULT_MAX_TOKENS[mode], { integer: true, min: 1 }),
    seed,
    logprobs,
    topLogprobs: o.number('top-logprobs', 20, { integer: true, min: 1, max: 20 }),
  };
  const ordersRaw = o.optionalString('orders');
  if (mode === 'pointwise' && ordersRaw !== undefined) throw new SpecError(`orders= applies to pairwise and listwise judges ("${o.spec}")`, o.spec);
  const bothOrders = mode !== 'pointwise' && o.string('orders', 'both', ['both', 'one'] as const) === 'both';
  const transport = readTransport(o);
  o.done();
  return { model, mode, template, decoding, bothOrders, transport };
}

function num(x: number): string {
  return String(x);
}

export function judgeSpecString(c: JudgeConfig): string {
  const d = c.decoding;
  const opts: [string, string][] = [
    ['model', c.model],
    ['mode', c.mode],
    ['template', templateRef(c.template)],
    ['temperature', num(d.temperature)],
    ['top-p', num(d.topP)],
    ['max-tokens', num(d.maxTokens)],
    ['seed', d.seed === null ? 'none' : num(d.seed)],
    ['logprobs', String(d.logprobs)],
  ];
  if (d.logprobs) opts.push(['top-logprobs', num(d.topLogprobs)]);
  if (c.mode !== 'pointwise') opts.push(['orders', c.bothOrders ? 'both' : 'one']);
  return formatSpec('judge', [], [...opts, ...transportSpecOptions(c.transport)]);
}

export function judgeSignature(c: JudgeConfig): string {
  const d = c.decoding;
  const fields: [string, string | number][] = [
    ['model', c.model],
    ['api', 'openai-chat'],
    ['mode', c.mode],
    ['tpl', templateSignatureId(c.template)],
    ['temp', d.temperature],
    ['top_p', d.topP],
    ['max_tokens', d.maxTokens],
    ['seed', d.seed === null ? 'none' : d.seed],
    ['logprobs', d.logprobs ? 'yes' : 'no'],
  ];
  if (d.logprobs) fields.push(['top_logprobs', d.topLogprobs]);
  if (c.mode !== 'pointwise') fields.push(['orders', c.bothOrders ? 'both' : 'one']);
  return formatSignature('Judge', fields);
}
