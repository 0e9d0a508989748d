// The OpenAI chat-completions wire format (POST {base}/chat/completions), as served by OpenAI, vLLM, SGLang, TGI's
// Messages API, llama.cpp and others: the request body a judge sends and the parts of the answer it reads.
import type { ChatMessage } from '../../contract.js';

export interface ChatDecoding {
  temperature: number;
  topP: number;
  maxTokens: number;
  /** Sent as `seed` (OpenAI: best-effort determinism; vLLM: per-request sampler seed). `null`: not sent. */
  seed: number | null;
  /** Ask for per-token logprobs of the answer. */
  logprobs: boolean;
  /** Alternatives per token position (`top_logprobs`; OpenAI allows up to 20). */
  topLogprobs: number;
}

export function chatRequestBody(model: string, messages: readonly ChatMessage[], d: ChatDecoding): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model,
    messages,
    temperature: d.temperature,
    top_p: d.topP,
    max_tokens: d.maxTokens,
    n: 1,
  };
  if (d.seed !== null) body.seed = d.seed;
  if (d.logprobs) {
    body.logprobs = true;
    body.top_logprobs = d.topLogprobs;
  }
  return body;
}

/** One generated token with its logprob and the server's top alternatives at that position. */
export interface TokenLogprob {
  token: string;
  logprob: number;
  top: { token: string; logprob: number }[];
}

export interface ChatAnswer {
  content: string;
  /** `null` when the server sent no logprobs (not asked, or not supported). */
  tokens: TokenLogprob[] | null;
  finishReason: string | null;
}

/** Reads `choices[0]` of a chat-completions answer; a string describes what is missing. */
export function readChatAnswer(json: unknown): ChatAnswer | string {
  const choice = (json as { choices?: unknown[] } | null)?.choices?.[0] as
    | { message?: { content?: unknown }; logprobs?: { content?: unknown } | null; finish_reason?: unknown }
    | undefined;
  if (!choice || typeof choice !== 'object') return 'no choices[0] in the answer';
  const content = choice.message?.content;
  if (typeof content !== 'string') return 'choices[0].message.content is not a string';
  let tokens: TokenLogprob[] | null = null;
  const lp = choice.logprobs?.content;
  if (Array.isArray(lp)) {
    tokens = [];
    for (const t of lp as { token?: unknown; logprob?: unknown; top_logprobs?: unknown }[]) {
      if (typeof t?.token !== 'string' || typeof t.logprob !== 'number') return 'malformed logprobs.content entry';
      const top: { token: string; logprob: number }[] = [];
      if (Array.isArray(t.top_logprobs)) {
        for (const a of t.top_logprobs as { token?: unknown; logprob?: unknown }[]) {
          if (typeof a?.token === 'string' && typeof a.logprob === 'number') top.push({ token: a.token, logprob: a.logprob });
        }
      }
      tokens.push({ token: t.token, logprob: t.logprob, top });
    }
  }
  const fr = choice.finish_reason;
  return { content, tokens, finishReason: typeof fr === 'string' ? fr : null };
}

/** Joins a base URL and an endpoint path, unless the URL already ends with that path. */
export function endpointUrl(base: string, path: string): string {
  const trimmed = base.replace(/\/+$/, '');
  return trimmed.endsWith(path) ? trimmed : trimmed + path;
}

/** A prompt as the text a judge reads: a string as is; chat messages as `role: content` blocks. */
export function promptAsText(prompt: string | readonly ChatMessage[]): string {
  if (typeof prompt === 'string') return prompt;
  return prompt.map((m) => `${m.role}: ${m.content}`).join('\n\n');
}
