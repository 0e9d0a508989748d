// Validation (400 with item index and field path), size limits (413), rate limit (429), admission (503), deadline
// (504), per-scorer timeout with a marked fallback. Route behaviour in process with `app.request()`, queues on sockets.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { AdmissionQueue, QueueFullError } from '../../src/serve/admission.js';
import { createServeApp } from '../../src/serve/app.js';
import type { ServeContext } from '../../src/serve/context.js';
import { RewardEngine } from '../../src/serve/engine.js';
import { ServeMetrics } from '../../src/serve/metrics.js';
import { ItemRateLimiter } from '../../src/serve/rate-limit.js';
import { startFakeServer, type FakeServer } from '../helpers/fake-servers.js';
import { AUTH, postJson, startTestServer, TOKEN } from './helpers.js';

let ctx: ServeContext;
let app: ReturnType<typeof createServeApp>;
let judge: FakeServer;

before(async () => {
  const metrics = new ServeMetrics(false);
  const engine = await RewardEngine.create({ specs: ['chrf', 'length'], workers: 0, batch: { maxBatch: 64, maxWaitMs: 1 }, scorerTimeoutMs: 10_000, metrics });
  ctx = {
    engine,
    metrics,
    limits: { maxBodyBytes: 4096, maxItems: 8, requestTimeoutMs: 10_000 },
    tokens: [{ name: 'trainer', token: TOKEN }],
    rateLimiter: new ItemRateLimiter({ itemsPerSecond: 1000 }),
    admission: new AdmissionQueue(4, 4),
    rewardDict: false,
    log: () => {},
    draining: false,
  };
  app = createServeApp(ctx);
  judge = await startFakeServer({ latencyMs: 400 });
});
after(async () => {
  await ctx.engine.close();
  await judge.close();
});

const post = async (path: string, body: string | object): Promise<{ status: number; json(): Promise<any> }> =>
  app.request(path, { method: 'POST', headers: { ...AUTH, 'Content-Type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

test('malformed JSON → 400 naming the parse error', async () => {
  const r = await post('/v1/score', '{"items": [');
  assert.equal(r.status, 400);
  assert.match((await r.json()).error, /^malformed JSON body: /);
});

test('schema errors → 400 naming the item index and field path', async () => {
  const r = await post('/v1/score', { items: [{ output: 'a', references: ['a'] }, { output: 'b', references: ['b'] }, { output: 7, references: ['c'] }] });
  assert.equal(r.status, 400);
  const j = await r.json();
  assert.match(j.error, /^invalid request: items\[2\]\.output: /);
  assert.equal(j.issues[0].path, 'items[2].output');
  const refs = await post('/v1/score', { items: [{ output: 'a', references: ['a'] }, { output: 'b', references: [3] }] });
  assert.equal((await refs.json()).issues[0].path, 'items[1].references[0]');
  const q = await post('/get_reward', { query: ['a', null] });
  assert.equal((await q.json()).issues[0].path, 'query[1]');
  const s = await post('/v1/reward', { prompt: 'p', label: 'x' });
  assert.equal((await s.json()).issues[0].path, 'response');
});

test('items a scorer cannot take → 400 with the index: missing references, mismatched lengths, query without its prompt', async () => {
  const r = await post('/v1/score', { items: [{ output: 'a', references: ['a'] }, { output: 'b' }] });
  assert.equal(r.status, 400);
  const j = await r.json();
  assert.equal(j.index, 1);
  assert.equal(j.field, 'references');
  const len = await post('/get_reward', { query: ['pa', 'pb'], prompts: ['p'], labels: ['a', 'b'] });
  assert.match((await len.json()).error, /prompts has 1 entries but query has 2/);
  const prefix = await post('/get_reward', { query: ['p1 a', 'p2 b'], prompts: ['p1 ', 'P2 '], labels: ['a', 'b'] });
  const pj = await prefix.json();
  assert.equal(prefix.status, 400);
  assert.match(pj.error, /query\[1\] does not start with prompts\[1\]/);
  const unknown = await post('/v1/score', { items: [{ output: 'a', references: ['a'] }], scorers: ['bleu'] });
  assert.equal(unknown.status, 400);
  assert.match((await unknown.json()).error, /unknown scorer "bleu" \(served: chrf, length\)/);
  const dup = await post('/v1/score', { items: [{ id: 'x', output: 'a', references: ['a'] }, { id: 'x', output: 'b', references: ['b'] }] });
  assert.match((await dup.json()).error, /items\[1\]\.id "x" appears twice/);
});

test('413: a body over --max-body and more items than --max-items', async () => {
  const big = await post('/v1/score', { items: [{ output: 'x'.repeat(5000), references: ['a'] }] });
  assert.equal(big.status, 413);
  assert.match((await big.json()).error, /larger than 4096 bytes/);
  const many = await post('/v1/score', { items: Array.from({ length: 9 }, () => ({ output: 'a', references: ['a'] })) });
  assert.equal(many.status, 413);
  assert.match((await many.json()).error, /9 items in one request; the limit is 8/);
});

test('token bucket: burst, refill, Retry-After; each token has its own bucket', () => {
  let t = 0;
  const rl = new ItemRateLimiter({ itemsPerSecond: 100, burst: 100, now: () => t });
  assert.deepEqual(rl.take('a', 64), { ok: true });
  assert.deepEqual(rl.take('a', 64), { ok: false, retryAfterSeconds: 1 });
  assert.deepEqual(rl.take('b', 64), { ok: true });
  t = 280; // 28 items back: 36 + 28 = 64
  assert.deepEqual(rl.take('a', 64), { ok: true });
  assert.deepEqual(rl.take('a', 50), { ok: false, retryAfterSeconds: 1 });
  t = 10_000;
  assert.deepEqual(rl.take('a', 250), { ok: true }); // larger than the bucket: admitted when full, and paid for
  assert.deepEqual(rl.take('a', 1), { ok: false, retryAfterSeconds: 2 });
});

test('429 with Retry-After when a token exceeds its items/s', async () => {
  const s = await startTestServer({ specs: ['chrf'], workers: 0, rateLimit: 10, rateBurst: 10 });
  try {
    const items = Array.from({ length: 8 }, () => ({ output: 'a', references: ['a'] }));
    assert.equal((await postJson(`${s.url}/v1/score`, { items })).status, 200);
    const r = await postJson(`${s.url}/v1/score`, { items });
    assert.equal(r.status, 429);
    assert.equal(r.headers.get('retry-after'), '1');
    const m = await (await fetch(`${s.url}/metrics`, { headers: AUTH })).text();
    assert.match(m, /trenchcoat_rate_limited_total\{token="trainer"\} 1/);
  } finally {
    await s.drain(1000);
  }
});

test('admission queue: bounded; a full queue refuses at once; a cancelled waiter leaves', async () => {
  const q = new AdmissionQueue(1, 1);
  const r1 = await q.acquire();
  const ac = new AbortController();
  const waiting = q.acquire(ac.signal);
  await assert.rejects(q.acquire(), QueueFullError);
  ac.abort(new Error('gone'));
  await assert.rejects(waiting, /gone/);
  assert.equal(q.depth, 0);
  const w2 = q.acquire();
  r1();
  const r2 = await w2;
  assert.equal(q.inFlight, 1);
  r2();
  assert.equal(q.inFlight, 0);
});

test('503 + Retry-After at once when the admission queue is full; admitted requests still answer', async () => {
  const s = await startTestServer({ specs: [`judge:model=j,url=${judge.url}/v1`], maxConcurrent: 1, maxQueued: 1 });
  try {
    const item = (k: number) => ({ items: [{ prompt: `q${k}`, output: `a${k}` }] });
    const results = await Promise.all([0, 1, 2, 3].map((k) => postJson(`${s.url}/v1/score`, item(k))));
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, 200, 503, 503]);
    for (const r of results.filter((x) => x.status === 503)) assert.equal(r.headers.get('retry-after'), '1');
  } finally {
    await s.drain(2000);
  }
});

/** Sends a request's headers (and `body`, if given) on a raw socket; resolves with everything the server sent back. */
function rawRequest(port: number, headers: string, body?: string): { socket: net.Socket; response: Promise<string> } {
  const socket = net.connect(port, '127.0.0.1');
  socket.write(headers + '\r\n');
  if (body !== undefined) socket.write(body);
  let received = '';
  const response = new Promise<string>((resolve) => {
    socket.on('data', (d) => {
      received += d;
      if (/\r\n\r\n/.test(received)) resolve(received);
    });
    socket.on('close', () => resolve(received));
    socket.on('error', () => resolve(received));
  });
  return { socket, response };
}

test('places are claimed from the headers: requests still sending their bodies fill the queue, the next is refused (503) without its body; a declared body over --max-body is refused (413) unread', async () => {
  const s = await startTestServer({ specs: ['chrf'], workers: 0, maxConcurrent: 1, maxQueued: 1, maxBodyBytes: 10_000 });
  const sockets: net.Socket[] = [];
  try {
    const body = JSON.stringify({ items: [{ output: 'the cat sat', references: ['the cat sat on the mat'] }] });
    const head = (length: number) => `POST /v1/score HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n`;
    // two clients send headers and hold back their bodies
    const a = rawRequest(s.port, head(Buffer.byteLength(body)));
    const b = rawRequest(s.port, head(Buffer.byteLength(body)));
    sockets.push(a.socket, b.socket);
    while (s.context.admission.occupied < 2) await new Promise((r) => setTimeout(r, 10));
    assert.equal(s.context.admission.inFlight, 0, 'nothing is being scored yet');
    // the third is refused from its headers alone: it never sends a byte of its body
    const c = rawRequest(s.port, head(5000));
    sockets.push(c.socket);
    assert.match(await c.response, /^HTTP\/1\.1 503[^]*retry-after: 1/i);
    // a declared body over the limit: 413 before any of it is sent
    const d = rawRequest(s.port, head(10_001));
    sockets.push(d.socket);
    assert.match(await d.response, /^HTTP\/1\.1 413/);
    // the held requests complete normally once their bodies arrive; a client that gives up frees its place
    a.socket.write(body);
    assert.match(await a.response, /^HTTP\/1\.1 200/);
    b.socket.destroy();
    while (s.context.admission.occupied > 0) await new Promise((r) => setTimeout(r, 10));
    const m = await (await fetch(`${s.url}/metrics`, { headers: AUTH })).text();
    assert.match(m, /trenchcoat_rejected_total\{reason="queue_full"\} 1/);
    assert.match(m, /trenchcoat_rejected_total\{reason="body_too_large"\} 1/);
    assert.equal((await postJson(`${s.url}/v1/score`, JSON.parse(body))).status, 200);
  } finally {
    for (const k of sockets) k.destroy();
    await s.drain(2000);
  }
});

test('per-request deadline → 504; per-scorer timeout → failure (502 for RL routes) or the marked fallback value', async () => {
  const spec = `judge:model=j,url=${judge.url}/v1`;
  const slow = await startTestServer({ specs: [spec], requestTimeoutMs: 100 });
  const timed = await startTestServer({ specs: [spec, 'length'], scorerTimeoutMs: 100 });
  const fallback = await startTestServer({ specs: [spec, 'length'], scorerTimeoutMs: 100, fallbackValue: 0 });
  try {
    const d = await postJson(`${slow.url}/v1/score`, { items: [{ prompt: 'q', output: 'a' }] });
    assert.equal(d.status, 504);
    assert.match(d.json.error, /deadline of 100 ms exceeded/);
    const body = { query: ['q a'], prompts: ['q '] };
    const f = await postJson(`${timed.url}/get_reward`, body);
    assert.equal(f.status, 502);
    assert.match(f.json.error, /failed: timed out after 100 ms/);
    const n = await postJson(`${timed.url}/v1/score`, { items: [{ prompt: 'q', output: 'a' }] });
    assert.equal(n.status, 200);
    assert.deepEqual(n.json.results[0].scores[spec], { value: null, status: 'failed', error: 'timed out after 100 ms' });
    assert.deepEqual(n.json.results[0].scores.length, { value: 1, status: 'ok' });
    const g = await postJson(`${fallback.url}/get_reward`, body);
    assert.equal(g.status, 200);
    assert.deepEqual(g.json.rewards, [0]);
    assert.deepEqual(g.json.extra_logs, { [`${spec}/fallback`]: [1], length: [1], 'length/fallback': [0] });
    const v = await postJson(`${fallback.url}/v1/score`, { items: [{ prompt: 'q', output: 'a' }] });
    assert.equal(v.json.results[0].scores[spec].status, 'fallback');
    const m = await (await fetch(`${fallback.url}/metrics`, { headers: AUTH })).text();
    assert.match(m, /trenchcoat_fallback_rewards_total\{scorer="judge:model=j,url=[^"]+"\} 2/);
  } finally {
    await Promise.all([slow.drain(2000), timed.drain(2000), fallback.drain(2000)]);
  }
});
