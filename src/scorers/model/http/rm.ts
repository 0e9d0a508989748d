// A reward model behind an HTTP server (vLLM classify/pooling/score, TEI, OpenRLHF): r(prompt, response) per item,
// sent in batches of `batch-size` where the API takes lists, at most `concurrency` requests in flight.
//
// Signature: model, API, conversation format (rm-format.ts), label and raw-vs-activated output — what decides the
// number. Not the URL (the same model on another host is the same scorer), batch size, concurrency or budget.
import { checkNeeds, meanScore, type Item, type Needs, type Score, type Scorer, type SignatureContext } from '../../contract.js';
import { formatSignature, formatSpec, SpecError, type SpecOptions } from '../../spec.js';
import type { HttpClient } from './client.js';
import { rmFailureHint } from './hints.js';
import { endpointTarget, makeClient, readTransport, transportSpecOptions, type RemoteDeps, type TransportConfig } from './options.js';
import { RM_ADAPTERS, RM_APIS, type RmApi, type RmApiAdapter, type RmValue } from './rm-apis.js';
import { RM_FORMATS, rmInput, type RmFormat, type RmInput } from './rm-format.js';
import type { ScoreCallOptions } from './types.js';

export interface RmConfig {
  model: string;
  api: RmApi;
  format: RmFormat;
  label?: string;
  raw: boolean;
  batchSize: number;
  transport: TransportConfig;
}

const DEFAULT_BATCH = 16;
/** Statuses that may mean "one input of this batch is bad" (too long, unprocessable): retry the batch item by item. */
const SPLIT_ON = new Set([400, 413, 422]);

export function readRmConfig(o: SpecOptions): RmConfig {
  const api = o.optionalString('api') as RmApi | undefined;
  if (!api || !RM_APIS.includes(api)) throw new SpecError(`spec "${o.spec}" needs api=${RM_APIS.join('|')}`, o.spec);
  const model = o.optionalString('model');
  if (!model) throw new SpecError(`spec "${o.spec}" needs model=NAME (it names the scorer in signatures, and vLLM needs it)`, o.spec);
  const adapter = RM_ADAPTERS[api];
  const format = o.string<RmFormat>('template', adapter.defaultFormat, RM_FORMATS);
  if (!adapter.formats.includes(format)) throw new SpecError(`api=${api} takes template=${adapter.formats.join('|')}, not ${format} ("${o.spec}")`, o.spec);
  const label = o.optionalString('label');
  if (label !== undefined) {
    if (adapter.labelKind === 'none') throw new SpecError(`api=${api} returns one value per input; label= does not apply ("${o.spec}")`, o.spec);
    if (adapter.labelKind === 'index' && !/^\d+$/.test(label)) throw new SpecError(`api=${api} takes label=INDEX (0, 1, …), not "${label}"`, o.spec);
  }
  const rawGiven = o.optionalString('raw') !== undefined;
  if (rawGiven && !adapter.hasActivation) throw new SpecError(`api=${api} returns raw values; raw= does not apply ("${o.spec}")`, o.spec);
  // raw logits by default: a reward model's reward is its logit; sigmoid/softmax would squash and change the numbers
  const raw = adapter.hasActivation ? o.bool('raw', true) : false;
  const batchSize = o.number('batch-size', DEFAULT_BATCH, { integer: true, min: 1 });
  const transport = readTransport(o);
  o.done();
  const c: RmConfig = { model, api, format, raw, batchSize, transport };
  if (label !== undefined) c.label = label;
  return c;
}

export class RemoteRewardModel implements Scorer {
  readonly id = 'rm';
  readonly family = 'reward-model' as const;
  readonly mode = 'pointwise' as const;
  readonly direction = 'higher' as const;
  readonly needs: Needs = { prompt: true };
  readonly streaming = true as const;
  private readonly adapter: RmApiAdapter;
  private built?: HttpClient;

  constructor(
    readonly config: RmConfig,
    private readonly deps: RemoteDeps = {},
    client?: HttpClient,
  ) {
    this.adapter = RM_ADAPTERS[config.api];
    this.built = client;
  }

  get client(): HttpClient {
    this.built ??= makeClient(this.config.transport, this.deps);
    return this.built;
  }

  get range(): readonly [number, number] {
    // probabilities when the server's activation is on; raw logits and pooled values are unbounded
    return this.adapter.hasActivation && !this.config.raw ? [0, 1] : [-Infinity, Infinity];
  }

  spec(): string {
    const c = this.config;
    const opts: [string, string][] = [
      ['api', c.api],
      ['model', c.model],
      ['template', c.format],
    ];
    if (c.label !== undefined) opts.push(['label', c.label]);
    if (this.adapter.hasActivation) opts.push(['raw', String(c.raw)]);
    if (c.batchSize !== DEFAULT_BATCH) opts.push(['batch-size', String(c.batchSize)]);
    return formatSpec('rm', [], [...opts, ...transportSpecOptions(c.transport)]);
  }

  signature(_ctx?: SignatureContext): string {
    const c = this.config;
    const fields: [string, string][] = [
      ['model', c.model],
      ['api', c.api],
      ['chat', c.format],
      ['label', c.label ?? 'single'],
    ];
    if (this.adapter.hasActivation) fields.push(['raw', c.raw ? 'yes' : 'no']);
    return formatSignature('RM', fields);
  }

  async score(items: readonly Item[], opts: ScoreCallOptions = {}): Promise<Score[]> {
    checkNeeds(this, items);
    const inputs = items.map((it) => rmInput(it, this.config.format));
    if (items.length > 0) void this.client;
    const batchable = this.config.format !== 'server';
    const size = batchable ? this.config.batchSize : 1;
    const out: Score[] = new Array(items.length);
    const chunks: number[][] = [];
    for (let s = 0; s < items.length; s += size) chunks.push(Array.from({ length: Math.min(size, items.length - s) }, (_, j) => s + j));
    await Promise.all(
      chunks.map(async (idx) => {
        const scores = await this.scoreChunk(
          idx.map((i) => inputs[i]),
          opts.signal,
        );
        idx.forEach((i, j) => {
          out[i] = scores[j];
          opts.onScore?.(i, scores[j]);
        });
      }),
    );
    return out;
  }

  async corpusScore(items: readonly Item[]): Promise<Score> {
    return meanScore(await this.score(items));
  }

  private async scoreChunk(inputs: RmInput[], signal?: AbortSignal): Promise<Score[]> {
    const body = this.adapter.body(inputs, this.config);
    const res = await this.client.postJson(endpointTarget(this.client, this.config.transport, this.adapter.path), body, { signal });
    if (!res.ok) {
      if (inputs.length > 1 && res.status !== undefined && SPLIT_ON.has(res.status)) {
        // one over-long or unprocessable input must not take its batch-mates down with it
        const singles = await Promise.all(inputs.map((x) => this.scoreChunk([x], signal)));
        return singles.map((s) => s[0]);
      }
      const details: Record<string, unknown> = { error: res.error, message: res.message, attempts: res.attempts };
      const hint = rmFailureHint(res, res.server ?? this.config.transport.url, this.config.api, this.adapter.path);
      if (hint) details.hint = hint;
      return inputs.map(() => ({ value: null, details: { ...details } }));
    }
    const values = this.adapter.read(res.json, inputs.length, this.config);
    if (typeof values === 'string') return inputs.map(() => ({ value: null, details: { error: 'bad-response', message: values } }));
    return values.map((v: RmValue) =>
      typeof v === 'number' && Number.isFinite(v)
        ? { value: v }
        : { value: null, details: { error: 'bad-response', message: typeof v === 'number' ? `non-finite reward ${v}` : v.error } },
    );
  }
}
