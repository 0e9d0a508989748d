// Options shared by every remote scorer: where the server is, how to talk to it (concurrency, retries, timeout,
// budget, API key) — none of which enters a signature, because none of it changes a score that comes back.
// `url=` may list several servers of the same model, `url=http://a:8000/v1|http://b:8000/v1` (`|` cannot appear
// unescaped in a URL); requests are balanced over them with failover (server-pool.ts), `concurrency=` slots each.
import { SpecError, type SpecOptions } from '../../spec.js';
import { endpointUrl } from './chat.js';
import { HttpClient, type HttpClientOptions } from './client.js';
import { ServerPool, type ServerPoolOptions } from './server-pool.js';

/** Injected into scorers built from specs; tests pass a seeded `random` and a recording `sleep`. */
export interface RemoteDeps {
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  fetch?: typeof fetch;
  /** Back-off periods and clock of the server pool (tests shorten them). */
  serverPool?: Pick<ServerPoolOptions, 'backoffBaseMs' | 'backoffCapMs' | 'now'>;
}

export interface TransportConfig {
  /** As given, servers joined by `|`: the canonical spec keeps the list. */
  url: string;
  /** The servers' base URLs (one or more, distinct). */
  urls: string[];
  /** Name of the environment variable holding the API key (sent as `Authorization: Bearer …`); never the key itself. */
  apiKeyEnv?: string;
  concurrency: number;
  retries: number;
  timeoutMs: number;
  budgetRequests?: number;
  budgetTokens?: number;
}

const DEFAULTS = { concurrency: 8, retries: 5, timeoutMs: 120_000 };

export function readTransport(o: SpecOptions): TransportConfig {
  const given = o.optionalString('url');
  if (!given) throw new SpecError(`spec "${o.spec}" needs url=http://host:port/… (the server's base URL)`, o.spec);
  const urls = given.split('|').map((u) => u.trim());
  for (const url of urls) {
    if (url === '') throw new SpecError(`url=${given} in "${o.spec}" has an empty entry in its list (servers are separated by |)`, o.spec);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new SpecError(`url=${url} in "${o.spec}" is not a URL`, o.spec);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new SpecError(`url=${url} in "${o.spec}": only http and https`, o.spec);
    if (parsed.username || parsed.password) {
      throw new SpecError(`url=${url} in "${o.spec}" carries credentials; name an environment variable with api-key-env= instead`, o.spec);
    }
  }
  const seen = new Set<string>();
  for (const url of urls) {
    const norm = url.replace(/\/+$/, '');
    if (seen.has(norm)) throw new SpecError(`url=${given} in "${o.spec}" lists ${url} twice`, o.spec);
    seen.add(norm);
  }
  const t: TransportConfig = {
    url: urls.join('|'),
    urls,
    concurrency: o.number('concurrency', DEFAULTS.concurrency, { integer: true, min: 1 }),
    retries: o.number('retries', DEFAULTS.retries, { integer: true, min: 0 }),
    timeoutMs: o.number('timeout', DEFAULTS.timeoutMs / 1000, { min: 0.001 }) * 1000,
  };
  const keyEnv = o.optionalString('api-key-env');
  if (keyEnv !== undefined) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(keyEnv)) throw new SpecError(`api-key-env=${keyEnv} in "${o.spec}" is not an environment variable name`, o.spec);
    t.apiKeyEnv = keyEnv;
  }
  const br = o.optionalString('budget-requests');
  if (br !== undefined) t.budgetRequests = o.number('budget-requests', 0, { integer: true, min: 0 });
  const bt = o.optionalString('budget-tokens');
  if (bt !== undefined) t.budgetTokens = o.number('budget-tokens', 0, { integer: true, min: 0 });
  return t;
}

/** The transport options of a canonical spec string (defaults left out). */
export function transportSpecOptions(t: TransportConfig): [string, string][] {
  const out: [string, string][] = [['url', t.url]];
  if (t.apiKeyEnv !== undefined) out.push(['api-key-env', t.apiKeyEnv]);
  if (t.concurrency !== DEFAULTS.concurrency) out.push(['concurrency', String(t.concurrency)]);
  if (t.retries !== DEFAULTS.retries) out.push(['retries', String(t.retries)]);
  if (t.timeoutMs !== DEFAULTS.timeoutMs) out.push(['timeout', String(t.timeoutMs / 1000)]);
  if (t.budgetRequests !== undefined) out.push(['budget-requests', String(t.budgetRequests)]);
  if (t.budgetTokens !== undefined) out.push(['budget-tokens', String(t.budgetTokens)]);
  return out;
}

/**
 * The client of a scorer, built on first use so that a scorer can be created (listed, its signature printed) on a
 * machine without the API key. A named but unset key variable is an error before any request is sent.
 */
export function makeClient(t: TransportConfig, deps: RemoteDeps): HttpClient {
  const headers: Record<string, string> = {};
  if (t.apiKeyEnv !== undefined) {
    const key = process.env[t.apiKeyEnv];
    if (!key) throw new Error(`environment variable ${t.apiKeyEnv} (named by api-key-env=) is not set`);
    headers.authorization = `Bearer ${key}`;
  }
  const { serverPool, ...clientDeps } = deps;
  const pool = new ServerPool(t.urls, { slotsPerServer: t.concurrency, ...serverPool });
  const opts: HttpClientOptions = {
    concurrency: t.concurrency * t.urls.length,
    maxRetries: t.retries,
    timeoutMs: t.timeoutMs,
    headers,
    budget: { maxRequests: t.budgetRequests, maxTokens: t.budgetTokens },
    ...clientDeps,
    pool,
  };
  return new HttpClient(opts);
}

/** Where a scorer posts `path`: a route over the client's server pool, or one URL for a client built without a pool. */
export function endpointTarget(client: HttpClient, t: TransportConfig, path: string): string | ((baseUrl: string) => string) {
  return client.pool ? (base) => endpointUrl(base, path) : endpointUrl(t.urls[0], path);
}
