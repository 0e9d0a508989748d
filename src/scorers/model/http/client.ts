// The HTTP client every remote scorer shares: JSON POSTs over Node's global fetch (undici) with a concurrency limit,
// a timeout per attempt (AbortController), retries with exponential backoff and full jitter on 429 / 5xx / timeouts /
// connection errors / unparseable JSON, `Retry-After` honoured, and a per-run budget.
//
// A circuit breaker stops a run that cannot work: when the first attempts of a run (before any success) all end in
// a connection error or HTTP 404 — the server is down, or the URL names no endpoint — every later call resolves at
// once to the same error instead of retrying every item for minutes. One success disarms it for the run.
//
// Failures are values, not exceptions: `postJson` resolves to `{ ok: false, error }` once retries are exhausted, the
// budget is spent or the call is aborted, so one bad item never sinks a batch of thousands. Scorers turn such results
// into `{ value: null, details: { error } }` — the mark that tells the score cache not to store them.

import { fullJitterDelay, parseRetryAfter } from './backoff.js';
import { RunBudget, type BudgetLimits } from './budget.js';
import { ConcurrencyLimiter } from './limiter.js';
import type { ServerLease, ServerOutcome, ServerPool } from './server-pool.js';

export interface HttpClientOptions {
  /** Requests in flight at once. Default 8. */
  concurrency?: number;
  /** Retries after the first attempt. Default 5. */
  maxRetries?: number;
  /** Timeout per attempt, covering the response body too. Default 120 000 ms. */
  timeoutMs?: number;
  /** Backoff base: retry n waits uniform [0, min(cap, base·2ⁿ)). Default 500 ms. */
  backoffBaseMs?: number;
  /** Backoff cap. Default 30 000 ms. */
  backoffCapMs?: number;
  /** Longest `Retry-After` wait honoured; longer requests are cut to this. Default 120 000 ms. */
  maxRetryAfterMs?: number;
  budget?: BudgetLimits;
  /** Extra headers on every request (e.g. Authorization). */
  headers?: Record<string, string>;
  /** Uniform [0, 1) source for jitter; pass a seeded one (stats/rng `createRng(seed).uniform`) for reproducible tests. */
  random?: () => number;
  /** How to wait between retries; tests pass one that records delays instead of sleeping. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** The fetch implementation. Default: the global fetch. */
  fetch?: typeof fetch;
  /** Consecutive connection-error or 404 attempts, before any success, that open the circuit breaker. Default 5; 0: never. */
  breakerAfter?: number;
  /** Servers that `postJson` routes (a function of the base URL) are sent to; see server-pool.ts. */
  pool?: ServerPool;
}

/** Error codes found in `details.error` of a failed score. */
export type HttpErrorCode = 'budget' | 'aborted' | 'timeout' | 'network' | 'malformed-json' | `http-${number}`;

export type HttpResult =
  | { ok: true; status: number; json: unknown; attempts: number }
  | { ok: false; error: HttpErrorCode; message: string; status?: number; attempts: number; url?: string; server?: string };

/** Why the breaker opened: the error of the attempts that opened it. */
export interface BreakerTrip {
  error: HttpErrorCode;
  message: string;
  status?: number;
  /** Attempts that failed in a row before it opened. */
  attempts: number;
}

export interface HttpClientStats {
  /** Attempts sent. */
  requests: number;
  retries: number;
  /** Calls that ended in an error result (after retries). */
  failures: number;
  /** Attempts refused because the budget was spent. */
  budgetRefusals: number;
  tokens: number;
  /** Highest number of requests in flight at once. */
  maxInFlight: number;
  /** Calls answered by the open circuit breaker without a request. */
  shortCircuited: number;
  /** Attempts that failed on one server of a pool and were sent to another at once, not counted as retries. */
  failovers: number;
}

export interface PostOptions {
  signal?: AbortSignal;
  /** Tokens a successful response cost, for the token budget. Default: `usage.total_tokens` when present. */
  tokensOf?: (json: unknown) => number;
}

type AttemptOutcome =
  | { ok: true; status: number; json: unknown }
  | { ok: false; retryable: boolean; error: HttpErrorCode; message: string; status?: number; retryAfterMs?: number };

const RETRYABLE_STATUS = new Set([408, 425, 429]);

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export function usageTotalTokens(json: unknown): number {
  const usage = (json as { usage?: { total_tokens?: unknown } } | null)?.usage;
  const n = usage?.total_tokens;
  return typeof n === 'number' && Number.isFinite(n) ? n : 0;
}

export class HttpClient {
  readonly concurrency: number;
  readonly maxRetries: number;
  readonly timeoutMs: number;
  readonly budget: RunBudget;
  private readonly limiter: ConcurrencyLimiter;
  private readonly opts: Required<Omit<HttpClientOptions, 'budget' | 'headers' | 'concurrency' | 'maxRetries' | 'timeoutMs' | 'breakerAfter' | 'pool'>>;
  private readonly headers: Record<string, string>;
  private counters = { requests: 0, retries: 0, failures: 0, shortCircuited: 0, failovers: 0 };
  readonly pool?: ServerPool;
  private readonly breakerAfter: number;
  private succeeded = false;
  private fatalStreak = 0;
  private tripped?: BreakerTrip;
  /** Aborted when the breaker opens, so retries sleeping in backoff give up at once. */
  private readonly breakerOpened = new AbortController();

  constructor(options: HttpClientOptions = {}) {
    this.concurrency = options.concurrency ?? 8;
    this.maxRetries = options.maxRetries ?? 5;
    this.timeoutMs = options.timeoutMs ?? 120_000;
    if (!Number.isInteger(this.maxRetries) || this.maxRetries < 0) throw new RangeError(`maxRetries must be a non-negative integer, got ${this.maxRetries}`);
    if (!(this.timeoutMs > 0)) throw new RangeError(`timeoutMs must be positive, got ${this.timeoutMs}`);
    this.breakerAfter = options.breakerAfter ?? 5;
    this.pool = options.pool;
    this.limiter = new ConcurrencyLimiter(this.concurrency);
    this.budget = new RunBudget(options.budget);
    this.headers = { 'content-type': 'application/json', accept: 'application/json', ...options.headers };
    this.opts = {
      backoffBaseMs: options.backoffBaseMs ?? 500,
      backoffCapMs: options.backoffCapMs ?? 30_000,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 120_000,
      random: options.random ?? Math.random,
      sleep: options.sleep ?? defaultSleep,
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    };
  }

  get stats(): HttpClientStats {
    return {
      ...this.counters,
      budgetRefusals: this.budget.refused,
      tokens: this.budget.tokens,
      maxInFlight: this.limiter.maxActive,
    };
  }

  /** Set once the circuit breaker has opened (see the file comment); it never closes within a run. */
  get breaker(): BreakerTrip | undefined {
    return this.tripped;
  }

  /**
   * POSTs `body` as JSON and resolves to its parsed JSON answer or to an error result; never rejects. `target` is a
   * URL, or with a server pool a function of a server's base URL: each attempt then goes to the server the pool picks,
   * and an attempt that fails on one server goes to another healthy one at once, without counting as a retry.
   */
  async postJson(target: string | ((baseUrl: string) => string), body: unknown, opts: PostOptions = {}): Promise<HttpResult> {
    const pool = typeof target === 'string' ? undefined : this.pool;
    if (typeof target !== 'string' && !pool) throw new TypeError('postJson: a route function needs a client built with a server pool');
    const payload = JSON.stringify(body);
    const tokensOf = opts.tokensOf ?? usageTotalTokens;
    let last: string | undefined; // the previous attempt's failure, reported if the budget ends the retries
    let tried: Set<number> | undefined; // servers that failed this attempt (a pool's free failovers)
    for (let attempt = 0; ; ) {
      // A slot is held for the attempt only, not while backing off: a sleeping retry never blocks fresh requests.
      const release = await this.limiter.acquire();
      let out: AttemptOutcome | undefined;
      let lease: ServerLease | undefined;
      let url = typeof target === 'string' ? target : '';
      try {
        if (opts.signal?.aborted) return this.fail({ error: 'aborted', message: 'aborted by caller' }, attempt);
        if (this.tripped) return this.shortCircuit(typeof target === 'string' ? target : undefined, attempt);
        if (!this.budget.tryStartRequest()) {
          return this.fail({ error: 'budget', message: `run budget spent (${this.budget.spent()})${last ? ` after ${last}` : ''}` }, attempt);
        }
        if (pool) {
          lease = await pool.acquire(tried);
          url = (target as (b: string) => string)(lease.server);
        }
        this.counters.requests++;
        out = await this.attempt(url, payload, opts.signal);
      } finally {
        if (lease) (pool as ServerPool).release(lease, serverOutcome(out));
        release();
      }
      if (out === undefined) throw new Error('unreachable: an attempt ended without an outcome');
      this.watchBreaker(out, lease);
      if (out.ok) {
        this.budget.addTokens(tokensOf(out.json));
        return { ok: true, status: out.status, json: out.json, attempts: attempt + 1 };
      }
      if (lease && pool && pool.size > 1 && serverOutcome(out) === 'fault' && !this.tripped && !opts.signal?.aborted) {
        (tried ??= new Set()).add(lease.index);
        if (pool.hasHealthy(tried)) {
          this.counters.failovers++;
          last = out.message;
          continue;
        }
      }
      tried = undefined;
      if (!out.retryable || attempt >= this.maxRetries || this.tripped) return this.fail({ ...out, url, server: lease?.server }, attempt + 1);
      last = out.message;
      const delay =
        out.retryAfterMs !== undefined
          ? Math.min(out.retryAfterMs, this.opts.maxRetryAfterMs)
          : fullJitterDelay(attempt, this.opts.backoffBaseMs, this.opts.backoffCapMs, this.opts.random);
      this.counters.retries++;
      const wake = opts.signal ? AbortSignal.any([opts.signal, this.breakerOpened.signal]) : this.breakerOpened.signal;
      await this.opts.sleep(delay, wake);
      attempt++;
    }
  }

  private watchBreaker(out: AttemptOutcome, lease?: ServerLease): void {
    if (out.ok) {
      this.succeeded = true;
      return;
    }
    if (this.succeeded || this.tripped || this.breakerAfter === 0) return;
    const fatal = out.error === 'network' || out.status === 404;
    // with a pool, the streak that counts is the shortest over its servers: all of them must be unreachable
    if (lease && this.pool) this.fatalStreak = this.pool.noteFatal(lease, fatal);
    else if (!fatal) {
      this.fatalStreak = 0;
      return;
    } else ++this.fatalStreak;
    if (this.fatalStreak < this.breakerAfter) return;
    this.tripped = { error: out.error, message: out.message, attempts: this.fatalStreak };
    if (out.status !== undefined) this.tripped.status = out.status;
    this.breakerOpened.abort();
  }

  private shortCircuit(url: string | undefined, attempts: number): HttpResult {
    this.counters.shortCircuited++;
    const t = this.tripped as BreakerTrip;
    const message = `not sent: the first ${t.attempts} requests all failed (${t.message})`;
    return this.fail({ error: t.error, message, status: t.status, url }, attempts);
  }

  private fail(o: { error: HttpErrorCode; message: string; status?: number; url?: string; server?: string }, attempts: number): HttpResult {
    this.counters.failures++;
    const r: HttpResult = { ok: false, error: o.error, message: o.message, attempts };
    if (o.status !== undefined) r.status = o.status;
    if (o.url !== undefined) r.url = o.url;
    if (o.server !== undefined) r.server = o.server;
    return r;
  }

  private async attempt(url: string, payload: string, outer?: AbortSignal): Promise<AttemptOutcome> {
    const ac = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ac.abort();
    }, this.timeoutMs);
    const onOuterAbort = () => ac.abort();
    outer?.addEventListener('abort', onOuterAbort, { once: true });
    try {
      let status: number;
      let text: string;
      let retryAfter: string | null;
      try {
        const res = await this.opts.fetch(url, { method: 'POST', headers: this.headers, body: payload, signal: ac.signal });
        status = res.status;
        retryAfter = res.headers.get('retry-after');
        text = await res.text(); // inside the timeout: a server that stalls mid-body is a timeout too
      } catch (e) {
        if (timedOut) return { ok: false, retryable: true, error: 'timeout', message: `no complete answer within ${this.timeoutMs} ms` };
        if (outer?.aborted) return { ok: false, retryable: false, error: 'aborted', message: 'aborted by caller' };
        const cause = (e as { cause?: { code?: string; message?: string } }).cause;
        const why = `${(e as Error).message}${cause ? `: ${cause.code ?? cause.message}` : ''}`;
        return { ok: false, retryable: true, error: 'network', message: `${why} (POST ${url})` };
      }
      if (status >= 200 && status < 300) {
        try {
          return { ok: true, status, json: JSON.parse(text) };
        } catch {
          // a truncated or garbled body from a proxy or an overloaded server: worth another try
          return { ok: false, retryable: true, error: 'malformed-json', message: `unparseable JSON body (${text.length} bytes): ${text.slice(0, 80)}` };
        }
      }
      const retryable = RETRYABLE_STATUS.has(status) || status >= 500;
      const out: AttemptOutcome = { ok: false, retryable, error: `http-${status}`, message: `HTTP ${status} from POST ${url}: ${text.slice(0, 300)}`, status };
      const ra = parseRetryAfter(retryAfter, Date.now());
      if (retryable && ra !== undefined) out.retryAfterMs = ra;
      return out;
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuterAbort);
    }
  }
}

/** What an attempt says about its server's health (see server-pool.ts): connection errors, timeouts, 5xx and 404 take it out. */
function serverOutcome(out: AttemptOutcome | undefined): ServerOutcome {
  if (out === undefined) return 'neutral';
  if (out.ok) return 'ok';
  if (out.error === 'network' || out.error === 'timeout' || out.status === 404 || (out.status !== undefined && out.status >= 500)) return 'fault';
  return 'neutral';
}
