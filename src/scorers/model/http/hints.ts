// What to check when every request of a remote scorer fails the same way: the likely cause of a connection error or a
// 404, in the words of the scorer's own `url=` option. Attached to failed scores as `details.hint`.
import type { HttpResult } from './client.js';

type Failure = Extract<HttpResult, { ok: false }>;

/** A hint for a judge's failure (the URL is an OpenAI base URL; requests go to URL/chat/completions), or undefined. */
export function judgeFailureHint(res: Failure, baseUrl: string): string | undefined {
  if (res.status === 404) {
    return /\/v1\/?$/.test(baseUrl)
      ? `the server has no ${baseUrl.replace(/\/+$/, '')}/chat/completions; is it an OpenAI-compatible server (vLLM, SGLang, OpenAI)?`
      : `the judge URL is the OpenAI base URL, usually ending in /v1 (url=${baseUrl.replace(/\/+$/, '')}/v1)`;
  }
  return connectionHint(res, baseUrl);
}

/** A hint for a reward-model server's failure: the URL is the server root and `api=` picks the route. */
export function rmFailureHint(res: Failure, baseUrl: string, api: string, path: string): string | undefined {
  if (res.status === 404) {
    return `api=${api} posts to the server root + ${path}; the rm URL is the server root without /v1 or a route (and check that api= matches the server)`;
  }
  return connectionHint(res, baseUrl);
}

function connectionHint(res: Failure, baseUrl: string): string | undefined {
  if (res.error !== 'network') return undefined;
  if (/ECONNREFUSED/.test(res.message)) return `nothing is listening at ${baseUrl}: is the server running, and is the port right?`;
  if (/ENOTFOUND|EAI_AGAIN/.test(res.message)) return `the host of ${baseUrl} does not resolve`;
  return undefined;
}
