// Overload refusals made from node:http's request event, before hono (src/serve/early-refusal.ts): what a refused
// client receives, what the server records, and that the keep-alive connection survives the unread body.
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { test } from 'node:test';
import { refuseEarly } from '../../src/serve/early-refusal.js';
import { AUTH, startTestServer, TOKEN, type TestServer } from './helpers.js';

const BODY = JSON.stringify({ items: [{ output: 'the cat sat', references: ['the cat sat on the mat'] }] });
const head = (path: string, length: number, extra = '') =>
  `POST ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n${extra}\r\n`;

/** A raw socket and everything received on it so far. */
function rawSocket(port: number): { socket: net.Socket; received: () => string; closed: Promise<void> } {
  const socket = net.connect(port, '127.0.0.1');
  let text = '';
  socket.on('data', (d) => (text += d.toString('latin1')));
  socket.on('error', () => {});
  return { socket, received: () => text, closed: new Promise((r) => socket.once('close', () => r())) };
}

async function until(cond: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 10_000;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A server whose only admission place is held by a request that has sent its headers but not its body. */
async function fullServer(): Promise<{ s: TestServer; holder: ReturnType<typeof rawSocket> }> {
  const s = await startTestServer({ specs: ['chrf'], workers: 0, maxConcurrent: 1, maxQueued: 0, maxBodyBytes: 10_000 });
  const holder = rawSocket(s.port);
  holder.socket.write(head('/v1/score', Buffer.byteLength(BODY)));
  await until(() => s.context.admission.full, 'the held request to claim the place');
  return { s, holder };
}

test('a full server refuses from the headers: 503, Retry-After, the request id, a JSON error, one log line, counted in /metrics', async () => {
  const { s, holder } = await fullServer();
  try {
    const r = await fetch(`${s.url}/get_reward`, { method: 'POST', headers: { ...AUTH, 'Content-Type': 'application/json', 'X-Request-Id': 'step-9' }, body: JSON.stringify({ query: ['a'] }) });
    assert.equal(r.status, 503);
    assert.equal(r.headers.get('retry-after'), '1');
    assert.equal(r.headers.get('x-request-id'), 'step-9');
    assert.deepEqual(await r.json(), { error: 'server busy: admission queue full', request_id: 'step-9' });
    const made = await fetch(`${s.url}/v1/score`, { method: 'POST', headers: { ...AUTH, 'X-Request-Id': 'bad id\twith tab' }, body: BODY });
    assert.equal(made.status, 503);
    assert.match(made.headers.get('x-request-id') as string, /^[0-9a-f-]{36}$/);
    await made.body?.cancel();
    const lines = s.logs.map((l) => JSON.parse(l)).filter((l) => l.status === 503);
    assert.equal(lines.length, 2);
    assert.deepEqual(Object.keys(lines[0]).sort(), ['error', 'method', 'ms', 'path', 'request_id', 'status', 'time']);
    assert.equal(lines[0].request_id, 'step-9');
    assert.equal(lines[0].path, '/get_reward');
    assert.equal(lines[0].error, 'server busy: admission queue full');
    const m = await (await fetch(`${s.url}/metrics`, { headers: AUTH })).text();
    assert.match(m, /trenchcoat_rejected_total\{reason="queue_full"\} 2/);
    assert.match(m, /trenchcoat_requests_total\{route="\/get_reward",status="503"\} 1/);
    assert.match(m, /trenchcoat_requests_total\{route="\/v1\/score",status="503"\} 1/);
    // the held request is still admitted and scored once its body arrives
    holder.socket.write(BODY);
    await until(() => /^HTTP\/1\.1 200/.test(holder.received()) && holder.received().includes('"results"'), 'the held request to be answered');
  } finally {
    holder.socket.destroy();
    await s.drain(2000);
  }
});

test('refused requests leave the keep-alive connection usable: their unread bodies are discarded, the next request is answered', async () => {
  const { s, holder } = await fullServer();
  const c = rawSocket(s.port);
  try {
    // two refused requests with their bodies, back to back on one connection
    c.socket.write(head('/v1/score', Buffer.byteLength(BODY)) + BODY + head('/v1/score', Buffer.byteLength(BODY)) + BODY);
    await until(() => (c.received().match(/HTTP\/1\.1 503/g) ?? []).length === 2, 'two 503 answers');
    assert.doesNotMatch(c.received(), /connection: close/i);
    // the place frees; the same connection is then admitted
    holder.socket.write(BODY);
    await until(() => s.context.admission.occupied === 0, 'the held request to finish');
    c.socket.write(head('/v1/score', Buffer.byteLength(BODY)) + BODY);
    await until(() => /HTTP\/1\.1 200/.test(c.received()), 'the third request to be answered 200');
    assert.match(c.received(), /"value":/);
  } finally {
    c.socket.destroy();
    holder.socket.destroy();
    await s.drain(2000);
  }
});

test('a full server still answers a declared body over --max-body with 413, and non-scoring routes normally', async () => {
  const { s, holder } = await fullServer();
  const c = rawSocket(s.port);
  try {
    c.socket.write(head('/v1/score', 10_001));
    await until(() => /\r\n\r\n/.test(c.received()), 'an answer');
    assert.match(c.received(), /^HTTP\/1\.1 413/);
    assert.equal((await fetch(`${s.url}/v1/scorers`, { headers: AUTH })).status, 200);
    assert.equal((await fetch(`${s.url}/health`)).status, 200);
    // unauthenticated and over-full: refused for being busy, before credentials are looked at (as the app's own guard)
    const r = await fetch(`${s.url}/v1/score`, { method: 'POST', body: BODY });
    assert.equal(r.status, 503);
    await r.body?.cancel();
  } finally {
    c.socket.destroy();
    holder.socket.destroy();
    await s.drain(2000);
  }
});

test('while draining, a request on an open keep-alive connection gets 503 with Connection: close', async () => {
  const s = await startTestServer({ specs: ['chrf'], workers: 0 });
  const c = rawSocket(s.port);
  try {
    // an idle keep-alive connection is closed by the drain; one that is busy sending its headers is not idle yet
    c.socket.write(`GET /v1/scorers HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\n`);
    await new Promise((r) => setTimeout(r, 50));
    s.context.draining = true;
    c.socket.write('\r\n');
    await c.closed;
    assert.match(c.received(), /^HTTP\/1\.1 503[^]*connection: close[^]*server is shutting down/i);
  } finally {
    c.socket.destroy();
    s.context.draining = false;
    await s.drain(2000);
  }
});

test('refuseEarly decides from the headers alone which requests never reach the app', async () => {
  const s = await startTestServer({ specs: ['chrf'], workers: 0, maxConcurrent: 1, maxQueued: 0, maxBodyBytes: 100 });
  const reached: string[] = [];
  const front = http.createServer((req, res) => {
    if (refuseEarly(s.context, req, res)) return;
    reached.push(`${req.method} ${req.url}`);
    req.resume();
    res.end('app');
  });
  await new Promise<void>((r) => front.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(front.address() as net.AddressInfo).port}`;
  const call = async (method: string, path: string, body?: string) => {
    const r = await fetch(url + path, { method, body });
    await r.body?.cancel();
    return r.status;
  };
  const ticket = s.context.admission.enter();
  try {
    assert.equal(await call('POST', '/get_reward', '{}'), 503);
    assert.equal(await call('POST', '/v1/compare?x=1', '{}'), 503);
    assert.equal(await call('POST', '/v1/score', 'x'.repeat(101)), 200, 'a declared body over the limit goes on to the 413');
    assert.equal(await call('GET', '/v1/scorers'), 200);
    assert.equal(await call('POST', '/metrics'), 200);
    ticket?.leave();
    assert.equal(await call('POST', '/get_reward', '{}'), 200, 'a free place: the app takes it');
    s.context.draining = true;
    assert.equal(await call('GET', '/v1/scorers'), 503);
    assert.equal(await call('GET', '/health'), 200);
    assert.deepEqual(reached, ['POST /v1/score', 'GET /v1/scorers', 'POST /metrics', 'POST /get_reward', 'GET /health']);
  } finally {
    s.context.draining = false;
    ticket?.leave();
    await new Promise((r) => front.close(r));
    await s.drain(2000);
  }
});
