// What the three judge modes share: the lazily built HTTP client, spec and signature, one chat round trip, and the
// corpus score (the mean of the segment scores; pairwise and listwise judges reject items, so theirs rejects too).
import { meanScore, type ChatMessage, type Item, type Score, type SignatureContext } from '../../contract.js';
import { chatRequestBody, readChatAnswer, type ChatAnswer } from './chat.js';
import type { HttpClient } from './client.js';
import { judgeFailureHint } from './hints.js';
import { judgeSignature, judgeSpecString, type JudgeConfig } from './judge-config.js';
import { endpointTarget, makeClient, type RemoteDeps } from './options.js';

export type AskResult = { ok: true; answer: ChatAnswer } | { ok: false; details: Record<string, unknown> };

export abstract class RemoteJudgeBase {
  readonly id = 'judge';
  readonly family = 'judge' as const;
  readonly direction = 'higher' as const;
  readonly streaming = true as const;
  private built?: HttpClient;

  constructor(
    readonly config: JudgeConfig,
    protected readonly deps: RemoteDeps = {},
    client?: HttpClient,
  ) {
    this.built = client;
  }

  /** The scorer's HTTP client; its budget and counters span every call on this scorer (one run). */
  get client(): HttpClient {
    this.built ??= makeClient(this.config.transport, this.deps);
    return this.built;
  }

  spec(): string {
    return judgeSpecString(this.config);
  }

  signature(_ctx?: SignatureContext): string {
    return judgeSignature(this.config);
  }

  abstract score(items: readonly Item[]): Promise<Score[]>;

  async corpusScore(items: readonly Item[]): Promise<Score> {
    return meanScore(await this.score(items));
  }

  /** One chat completion with `text` as the only user message; failures come back as score details. */
  protected async ask(text: string, signal?: AbortSignal): Promise<AskResult> {
    const messages: ChatMessage[] = [{ role: 'user', content: text }];
    const body = chatRequestBody(this.config.model, messages, this.config.decoding);
    const res = await this.client.postJson(endpointTarget(this.client, this.config.transport, '/chat/completions'), body, { signal });
    if (!res.ok) {
      const details: Record<string, unknown> = { error: res.error, message: res.message, attempts: res.attempts };
      const hint = judgeFailureHint(res, res.server ?? this.config.transport.url);
      if (hint) details.hint = hint;
      return { ok: false, details };
    }
    const answer = readChatAnswer(res.json);
    if (typeof answer === 'string') return { ok: false, details: { error: 'bad-response', message: answer, attempts: res.attempts } };
    return { ok: true, answer };
  }
}
