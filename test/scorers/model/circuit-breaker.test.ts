// The HTTP client's circuit breaker and the failure hints of remote scorers, against real local servers: a server
// that is down or a URL that names no endpoint ends the run at once with the same error for every item, never minutes
// of retries, and the failed scores say what to check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpClient, type HttpResult } from '../../../src/scorers/model/http/client.js';
import { createRemoteScorer } from '../../../src/scorers/model/index.js';
import { scoreStatus, type Item } from '../../../src/scorers/contract.js';
import { recordingSleep, startFakeServer, type FakeServerOptions } from '../../helpers/fake-servers.js';

/** A base URL on which nothing listens: a port the OS gave us and we closed again. */
async function deadUrl(): Promise<string> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

async function withServer<T>(opts: FakeServerOptions, fn: (url: string, server: Awaited<ReturnType<typeof startFakeServer>>) => Promise<T>): Promise<T> {
  const server = await startFakeServer(opts);
  try {
    return await fn(server.url, server);
  } finally {
    await server.close();
  }
}

const texts = (n: number) => Array.from({ length: n }, (_, i) => `item ${i}: rate this answer from 1 to 10`);

function post(client: HttpClient, url: string, n: number): Promise<HttpResult[]> {
  return Promise.all(texts(n).map((t) => client.postJson(url, { model: 'm', messages: [{ role: 'user', content: t }] })));
}

function failure(r: HttpResult): Extract<HttpResult, { ok: false }> {
  assert.equal(r.ok, false, `expected a failure, got ${JSON.stringify(r)}`);
  return r as Extract<HttpResult, { ok: false }>;
}

test('server down: the first 5 connection errors open the breaker; every item fails with ECONNREFUSED and the URL', async () => {
  const url = `${await deadUrl()}/v1/chat/completions`;
  const { delays, sleep } = recordingSleep();
  const client = new HttpClient({ sleep, concurrency: 2 });
  const res = await post(client, url, 40);
  for (const r of res) {
    const f = failure(r);
    assert.equal(f.error, 'network');
    assert.match(f.message, /ECONNREFUSED/);
    assert.match(f.message, new RegExp(url.replace(/[.]/g, '\\.')));
    assert.equal(f.url, url);
  }
  assert.deepEqual(client.breaker && { error: client.breaker.error, attempts: client.breaker.attempts }, { error: 'network', attempts: 5 });
  // 2 in flight at once: at most 5 attempts plus the one still in flight when the fifth failed
  assert.ok(client.stats.requests <= 6, `sent ${client.stats.requests} requests`);
  assert.equal(client.stats.shortCircuited, 40 - client.stats.requests + client.stats.retries);
  assert.ok(delays.length <= 6);
});

test('404 on every call (judge URL without /v1): 5 requests, then the rest fail at once with the same status', async () => {
  await withServer({ faults: () => ({ kind: 'status', status: 404, body: '{"detail":"Not Found"}' }) }, async (base, server) => {
    const client = new HttpClient({ concurrency: 1 });
    const res = await post(client, `${base}/chat/completions`, 30);
    assert.equal(server.stats.requests, 5);
    for (const r of res) {
      const f = failure(r);
      assert.equal(f.error, 'http-404');
      assert.equal(f.status, 404);
      assert.match(f.message, /HTTP 404 from POST http:\/\/127\.0\.0\.1:\d+\/chat\/completions/);
    }
    assert.match(failure(res[29]).message, /^not sent: the first 5 requests all failed \(HTTP 404/);
  });
});

test('one success disarms the breaker: later 404s are each requested (a real per-item answer, not an outage)', async () => {
  const t = texts(12);
  await withServer({ faults: (r) => (r.units[0] === t[0] ? undefined : { kind: 'status', status: 404 }) }, async (base, server) => {
    const client = new HttpClient({ concurrency: 1 });
    const res = await post(client, `${base}/v1/chat/completions`, 12);
    assert.equal(res[0].ok, true);
    assert.equal(server.stats.requests, 12);
    assert.equal(client.breaker, undefined);
  });
});

test('errors of other kinds (400, 500) neither open the breaker nor count toward it', async () => {
  await withServer({ faults: (r) => ({ kind: 'status', status: r.attempt % 2 ? 400 : 404 }) }, async (base, server) => {
    const client = new HttpClient({ concurrency: 1, maxRetries: 0 });
    // every other distinct body gets 404 then 400: no 5 in a row
    await post(client, `${base}/v1/chat/completions`, 4);
    await post(client, `${base}/v1/chat/completions`, 4);
    assert.equal(server.stats.requests, 8);
    assert.equal(client.breaker, undefined);
  });
});

test('breakerAfter: 0 turns the breaker off: every item is tried with all its retries', async () => {
  const url = `${await deadUrl()}/v1/chat/completions`;
  const { sleep } = recordingSleep();
  const client = new HttpClient({ sleep, maxRetries: 1, breakerAfter: 0 });
  await post(client, url, 10);
  assert.equal(client.stats.requests, 20);
  assert.equal(client.breaker, undefined);
});

test('retries asleep in backoff wake when the breaker opens (else this test would sleep for hours)', { timeout: 30_000 }, async () => {
  const url = `${await deadUrl()}/v1/chat/completions`;
  const client = new HttpClient({ concurrency: 2, backoffBaseMs: 3_600_000, backoffCapMs: 3_600_000, random: () => 0.99 });
  const res = await post(client, url, 12);
  assert.ok(res.every((r) => !r.ok));
  assert.ok(client.breaker);
});

const item = (i: number): Item => ({ id: `q${i}`, prompt: `question ${i}`, output: `answer ${i}` });

test('a judge whose URL lacks /v1 fails every item with a hint naming the base URL with /v1', async () => {
  await withServer({ faults: () => ({ kind: 'status', status: 404 }) }, async (base) => {
    const judge = createRemoteScorer(`judge:model=j,url=${base}`);
    const scores = await judge.score([item(1), item(2)]);
    for (const s of scores) {
      assert.equal(scoreStatus(s), 'failed');
      assert.equal(s.details?.error, 'http-404');
      assert.equal(s.details?.hint, `the judge URL is the OpenAI base URL, usually ending in /v1 (url=${base}/v1)`);
    }
  });
});

test('a judge or reward model on a dead port: ECONNREFUSED with a hint to check the server', async () => {
  const base = await deadUrl();
  for (const spec of [`judge:model=j,url=${base}/v1`, `rm:model=r,api=vllm-classify,url=${base}`]) {
    const [s] = await createRemoteScorer(spec, { sleep: recordingSleep().sleep }).score([item(1)]);
    assert.equal(scoreStatus(s), 'failed', spec);
    assert.match(String(s.details?.message), /ECONNREFUSED/);
    assert.equal(s.details?.hint, `nothing is listening at ${base}${spec.startsWith('judge') ? '/v1' : ''}: is the server running, and is the port right?`);
  }
});

test('a reward model whose route does not exist: the hint names the api and its route', async () => {
  await withServer({ faults: () => ({ kind: 'status', status: 404 }) }, async (base) => {
    const [s] = await createRemoteScorer(`rm:model=r,api=vllm-classify,url=${base}/v1`).score([item(1)]);
    assert.equal(s.details?.error, 'http-404');
    assert.match(String(s.details?.hint), /^api=vllm-classify posts to the server root \+ \/classify/);
  });
});
