// The shared HTTP client against a real local server: order, no loss, no duplicates, retries on 429 / 5xx / timeouts /
// resets / malformed JSON, Retry-After, seeded full-jitter backoff, the concurrency limit and the run budget.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpClient, type HttpResult } from '../../../src/scorers/model/http/client.js';
import { fullJitterDelay, parseRetryAfter } from '../../../src/scorers/model/http/backoff.js';
import { ConcurrencyLimiter } from '../../../src/scorers/model/http/limiter.js';
import { createRng } from '../../../src/stats/rng.js';
import { fakeJudgeReply, recordingSleep, startFakeServer, type FaultPlan, type FakeServerOptions } from '../../helpers/fake-servers.js';

const units = (n: number, tag = 'u') => Array.from({ length: n }, (_, i) => `${tag}${i}: rate this answer from one integer from 1 to 10`);

async function withServer<T>(opts: FakeServerOptions, fn: (url: string, server: Awaited<ReturnType<typeof startFakeServer>>) => Promise<T>): Promise<T> {
  const server = await startFakeServer(opts);
  try {
    return await fn(`${server.url}/v1/chat/completions`, server);
  } finally {
    await server.close();
  }
}

function post(client: HttpClient, url: string, texts: string[], signal?: AbortSignal): Promise<HttpResult[]> {
  return Promise.all(texts.map((t) => client.postJson(url, { model: 'm', messages: [{ role: 'user', content: t }] }, { signal })));
}

function contentOf(r: HttpResult): string {
  assert.ok(r.ok, `expected success, got ${JSON.stringify(r)}`);
  return (r.json as any).choices[0].message.content;
}

test('results come back in input order, each item requested exactly once, never more in flight than the limit', async () => {
  const texts = units(40);
  await withServer({ latencyMs: 2 }, async (url, server) => {
    const client = new HttpClient({ concurrency: 4 });
    const res = await post(client, url, texts);
    assert.deepEqual(res.map(contentOf), texts.map((t) => fakeJudgeReply(t).content));
    assert.equal(server.stats.requests, 40);
    for (const t of texts) assert.equal(server.stats.perUnit.get(t), 1, t);
    assert.ok(server.stats.maxOpen <= 4, `server saw ${server.stats.maxOpen} open requests`);
    assert.equal(client.stats.maxInFlight, 4);
    assert.equal(client.stats.retries, 0);
  });
});

test('with concurrency 1 requests leave in input order (FIFO limiter)', async () => {
  const texts = units(12);
  await withServer({}, async (url, server) => {
    await post(new HttpClient({ concurrency: 1 }), url, texts);
    assert.deepEqual(server.stats.log.map((l) => l.units[0]), texts);
  });
});

test('429 with Retry-After: the client waits exactly that long, retries, and the item succeeds', async () => {
  const texts = units(6);
  const faults: FaultPlan = (r) => (r.units[0] === texts[3] && r.attempt < 2 ? { kind: 'status', status: 429, retryAfter: '2' } : undefined);
  await withServer({ faults }, async (url, server) => {
    const { delays, sleep } = recordingSleep();
    const client = new HttpClient({ concurrency: 3, sleep });
    const res = await post(client, url, texts);
    assert.deepEqual(res.map(contentOf), texts.map((t) => fakeJudgeReply(t).content));
    assert.deepEqual(delays, [2000, 2000]);
    assert.equal((res[3] as { attempts: number }).attempts, 3);
    assert.equal(server.stats.perUnit.get(texts[3]), 3);
    for (const t of texts.filter((_, i) => i !== 3)) assert.equal(server.stats.perUnit.get(t), 1);
    assert.equal(client.stats.retries, 2);
  });
});

test('Retry-After longer than maxRetryAfterMs is cut to it', async () => {
  const faults: FaultPlan = (r) => (r.attempt === 0 ? { kind: 'status', status: 503, retryAfter: '3600' } : undefined);
  await withServer({ faults }, async (url) => {
    const { delays, sleep } = recordingSleep();
    const res = await post(new HttpClient({ sleep, maxRetryAfterMs: 5000 }), url, units(1));
    assert.ok(res[0].ok);
    assert.deepEqual(delays, [5000]);
  });
});

test('500s back off with full jitter from the seeded random source: delay n = u·min(cap, base·2^n)', async () => {
  const faults: FaultPlan = (r) => (r.attempt < 3 ? { kind: 'status', status: 500 } : undefined);
  await withServer({ faults }, async (url, server) => {
    const { delays, sleep } = recordingSleep();
    const client = new HttpClient({ sleep, random: createRng(7).uniform, backoffBaseMs: 100, backoffCapMs: 250 });
    const res = await post(client, url, units(1));
    assert.ok(res[0].ok);
    const u = createRng(7);
    // ceilings 100, 200, then capped at 250
    assert.deepEqual(delays, [u.uniform() * 100, u.uniform() * 200, u.uniform() * 250]);
    assert.equal(server.stats.requests, 4);
  });
});

test('a hanging request times out and is retried; malformed JSON and connection resets are retried too', async () => {
  const texts = units(5);
  const plan: Record<number, 'hang' | 'malformed' | 'reset'> = { 1: 'hang', 2: 'malformed', 4: 'reset' };
  const faults: FaultPlan = (r) => {
    const i = texts.indexOf(r.units[0]);
    return plan[i] && r.attempt === 0 ? { kind: plan[i] } : undefined;
  };
  await withServer({ faults }, async (url, server) => {
    const { sleep } = recordingSleep();
    const client = new HttpClient({ timeoutMs: 500, sleep });
    const res = await post(client, url, texts);
    assert.deepEqual(res.map(contentOf), texts.map((t) => fakeJudgeReply(t).content));
    assert.deepEqual(texts.map((t) => server.stats.perUnit.get(t)), [1, 2, 2, 1, 2]);
    assert.equal(client.stats.retries, 3);
    assert.equal(client.stats.failures, 0);
  });
});

test('an item that keeps failing ends as an error value after maxRetries; the others are unaffected', async () => {
  const texts = units(4);
  const faults: FaultPlan = (r) => (r.units[0] === texts[2] ? { kind: 'status', status: 500 } : undefined);
  await withServer({ faults }, async (url, server) => {
    const { sleep } = recordingSleep();
    const res = await post(new HttpClient({ maxRetries: 3, sleep }), url, texts);
    assert.equal(res[2].ok, false);
    assert.equal((res[2] as { error: string }).error, 'http-500');
    assert.equal(res[2].attempts, 4);
    assert.equal(server.stats.perUnit.get(texts[2]), 4);
    for (const i of [0, 1, 3]) assert.equal(contentOf(res[i]), fakeJudgeReply(texts[i]).content);
  });
});

test('a timeout that never clears ends as error "timeout" after the retries', async () => {
  await withServer({ faults: () => ({ kind: 'hang' }) }, async (url, server) => {
    const { sleep } = recordingSleep();
    const [r] = await post(new HttpClient({ maxRetries: 1, timeoutMs: 100, sleep }), url, units(1));
    assert.equal(r.ok, false);
    assert.equal((r as { error: string }).error, 'timeout');
    assert.equal(server.stats.requests, 2);
  });
});

test('4xx other than 408/425/429 is not retried', async () => {
  await withServer({ faults: () => ({ kind: 'status', status: 400, body: '{"error":"context too long"}' }) }, async (url, server) => {
    const { delays, sleep } = recordingSleep();
    const [r] = await post(new HttpClient({ sleep }), url, units(1));
    assert.equal(r.ok, false);
    assert.equal((r as { error: string }).error, 'http-400');
    assert.match((r as { message: string }).message, /context too long/);
    assert.equal(server.stats.requests, 1);
    assert.deepEqual(delays, []);
  });
});

test('request budget: exactly maxRequests requests are sent, the rest fail fast with "budget"', async () => {
  const texts = units(10);
  for (const concurrency of [1, 8]) {
    await withServer({}, async (url, server) => {
      const client = new HttpClient({ concurrency, budget: { maxRequests: 4 } });
      const res = await post(client, url, texts);
      assert.equal(server.stats.requests, 4);
      assert.equal(res.filter((r) => r.ok).length, 4);
      assert.deepEqual(
        res.filter((r) => !r.ok).map((r) => (r as { error: string }).error),
        new Array(6).fill('budget'),
      );
      assert.equal(client.stats.budgetRefusals, 6);
      if (concurrency === 1) assert.deepEqual(res.map((r) => r.ok), [true, true, true, true, false, false, false, false, false, false]);
    });
  }
});

test('retries count against the request budget', async () => {
  const faults: FaultPlan = (r) => (r.attempt < 5 ? { kind: 'status', status: 502 } : undefined);
  await withServer({ faults }, async (url, server) => {
    const { sleep } = recordingSleep();
    const [r] = await post(new HttpClient({ sleep, budget: { maxRequests: 3 } }), url, units(1));
    assert.equal(r.ok, false);
    assert.equal((r as { error: string }).error, 'budget');
    assert.equal(server.stats.requests, 3);
  });
});

test('token budget: requests stop once the reported usage reaches maxTokens', async () => {
  const judge = () => ({ content: '5', totalTokens: 100 });
  await withServer({ judge }, async (url, server) => {
    const client = new HttpClient({ concurrency: 1, budget: { maxTokens: 250 } });
    const res = await post(client, url, units(6));
    // 0 → 100 → 200 tokens before requests 1-3 (each below 250), then 300 ≥ 250
    assert.deepEqual(res.map((r) => r.ok), [true, true, true, false, false, false]);
    assert.equal(server.stats.requests, 3);
    assert.equal(client.stats.tokens, 300);
  });
});

test('aborting stops queued requests: they come back as "aborted" without being sent', async () => {
  const texts = units(6);
  const ac = new AbortController();
  let seen = 0;
  const judge = (t: string) => {
    if (++seen === 2) ac.abort();
    return fakeJudgeReply(t);
  };
  await withServer({ judge }, async (url, server) => {
    const res = await post(new HttpClient({ concurrency: 1 }), url, texts, ac.signal);
    assert.equal(server.stats.requests, 2);
    assert.equal(res[0].ok, true);
    assert.deepEqual(res.slice(2).map((r) => (r as { error: string }).error), ['aborted', 'aborted', 'aborted', 'aborted']);
  });
});

test('Retry-After parsing: delta-seconds and HTTP-dates; full-jitter ceilings', () => {
  const now = Date.parse('2024-05-01T12:00:00Z');
  assert.equal(parseRetryAfter('7', now), 7000);
  assert.equal(parseRetryAfter('Wed, 01 May 2024 12:00:30 GMT', now), 30_000);
  assert.equal(parseRetryAfter('Wed, 01 May 2024 11:00:00 GMT', now), 0);
  assert.equal(parseRetryAfter('soon', now), undefined);
  assert.equal(parseRetryAfter(null, now), undefined);
  assert.equal(fullJitterDelay(0, 500, 30_000, () => 0.5), 250);
  assert.equal(fullJitterDelay(3, 500, 30_000, () => 0.5), 2000);
  assert.equal(fullJitterDelay(10, 500, 30_000, () => 0.5), 15_000);
});

test('the limiter hands slots over in FIFO order and never exceeds its limit', async () => {
  const lim = new ConcurrencyLimiter(2);
  const order: number[] = [];
  const releases: (() => void)[] = [];
  const waits = [0, 1, 2, 3, 4].map((i) => lim.acquire().then((rel) => (order.push(i), releases.push(rel))));
  await Promise.resolve();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(order, [0, 1]);
  assert.equal(lim.inFlight, 2);
  releases[0]();
  releases[0](); // idempotent
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(order, [0, 1, 2]);
  releases[1]();
  releases[2]();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(order, [0, 1, 2, 3, 4]);
  releases[3]();
  releases[4]();
  await Promise.all(waits);
  assert.equal(lim.inFlight, 0);
  assert.equal(lim.maxActive, 2);
});
