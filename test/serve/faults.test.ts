// Faults on 127.0.0.1: a model backend down or answering 5xx, a client that disconnects mid-request, a 100 MB body,
// slow-drip headers, and kill -9 of the server under load then a restart, with the OpenRLHF-policy Python client.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { openScoreCache } from '../../src/store/index.js';
import { startFakeServer, type FakeServer } from '../helpers/fake-servers.js';
import { AUTH, postJson, ROOT, spawnServe, startTestServer, TOKEN } from './helpers.js';
import { freePort } from '../helpers/processes.js';

const dir = mkdtempSync(path.join(tmpdir(), 'serve-faults-'));
let judge: FakeServer;
before(async () => {
  judge = await startFakeServer({
    latencyMs: 300,
    faults: (req) => (req.units.some((u) => u.includes('five-hundred')) ? { kind: 'status', status: 500 } : undefined),
  });
});
after(async () => {
  await judge.close();
  rmSync(dir, { recursive: true, force: true });
});

test('backend down or 5xx: per-item failures in /v1/score, 502 (or the marked fallback) for RL routes; the server stays up', async () => {
  const down = `judge:model=j,url=http://127.0.0.1:${await freePort()}/v1,retries=0`;
  const flaky = `judge:model=j,url=${judge.url}/v1,retries=0`;
  const s = await startTestServer({ specs: [flaky, down, 'length'], reward: flaky });
  const fb = await startTestServer({ specs: [flaky], fallbackValue: -1 });
  try {
    const r = await postJson(`${s.url}/v1/score`, { items: [{ prompt: 'q', output: 'fine' }, { prompt: 'q', output: 'five-hundred please' }] });
    assert.equal(r.status, 200);
    const [ok, bad] = r.json.results;
    assert.equal(ok.scores[flaky].status, 'ok');
    assert.equal(typeof ok.scores[flaky].value, 'number');
    assert.equal(bad.scores[flaky].status, 'failed');
    assert.match(bad.scores[flaky].error, /500/);
    assert.equal(ok.scores[down].status, 'failed');
    assert.equal(ok.scores.length.status, 'ok');
    const rl = await postJson(`${s.url}/get_reward`, { query: ['q fine'], prompts: ['q '] });
    assert.equal(rl.status, 502); // the down backend is in extra_logs: a trainer gets no half answer
    assert.match(rl.json.error, /scorer judge:model=j,url=http:\/\/127\.0\.0\.1:\d+\/v1,retries=0 failed/);
    const f = await postJson(`${fb.url}/get_reward`, { query: ['q fine', 'q five-hundred'], prompts: ['q ', 'q '] });
    assert.equal(f.status, 200);
    assert.equal(f.json.rewards[1], -1);
    assert.deepEqual(f.json.extra_logs[`${flaky}/fallback`], [0, 1]);
    assert.notEqual(f.json.rewards[0], -1);
    const ready = await fetch(`${s.url}/ready`);
    assert.equal(ready.status, 503);
    const rj: any = await ready.json();
    assert.deepEqual(rj.backends.map((b: any) => b.reachable), [true, false]);
    assert.equal((await fetch(`${s.url}/health`)).status, 200);
    const m = await (await fetch(`${s.url}/metrics`, { headers: AUTH })).text();
    assert.match(m, /trenchcoat_scorer_failures_total\{scorer="judge:model=j,url=http:\/\/127[^"]*",kind="error"\} [1-9]/);
  } finally {
    await Promise.all([s.drain(2000), fb.drain(2000)]);
  }
});

test('client disconnect before its micro-batch leaves: the items are never sent to the backend; nothing stays in flight', async () => {
  const s = await startTestServer({ specs: [`judge:model=j,url=${judge.url}/v1,retries=0`], batch: { maxBatch: 64, maxWaitMs: 300 } });
  try {
    const body = JSON.stringify({ items: [{ prompt: 'q', output: 'abandoned-by-client' }] });
    await new Promise<void>((resolve) => {
      const req = http.request(`${s.url}/v1/score`, { method: 'POST', headers: { ...AUTH, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } });
      req.on('error', () => resolve());
      req.end(body);
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 100);
    });
    await new Promise((r) => setTimeout(r, 600));
    assert.ok(![...judge.stats.perUnit.keys()].some((u) => u.includes('abandoned-by-client')), 'the backend never saw the cancelled item');
    assert.equal(s.context.admission.inFlight, 0);
    assert.equal(s.context.admission.depth, 0);
    const line = JSON.parse(s.logs.at(-1) as string);
    assert.equal(line.status, 499);
  } finally {
    await s.drain(2000);
  }
});

for (const cached of [false, true]) test(`client disconnect mid-request${cached ? ' (through the score cache)' : ''}: the judge gets no further requests, the admission place is freed, /metrics counts it`, async () => {
  const slow = await startFakeServer({ latencyMs: 150 });
  const spec = `judge:model=j,url=${slow.url}/v1,retries=0,concurrency=2`;
  const s = await startTestServer({ specs: [spec], batch: { maxBatch: 64, maxWaitMs: 1 }, ...(cached ? { cachePath: path.join(dir, 'cancel-cache.sqlite') } : {}) });
  try {
    const items = Array.from({ length: 40 }, (_, i) => ({ prompt: `question ${i}`, output: `cancelled answer ${i}` }));
    const body = JSON.stringify({ items });
    const req = http.request(`${s.url}/v1/score`, { method: 'POST', headers: { ...AUTH, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } });
    req.on('error', () => {});
    req.end(body);
    // wait until the judge is being asked, then hang up
    while (slow.stats.requests < 3) await new Promise((r) => setTimeout(r, 20));
    req.destroy();
    while (!s.logs.some((l) => JSON.parse(l).status === 499)) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 300)); // requests already on the wire arrive
    const atCancel = slow.stats.requests;
    await new Promise((r) => setTimeout(r, 1000)); // 1 s: about 13 more requests at 2 x 150 ms if nothing stopped
    assert.equal(slow.stats.requests, atCancel, 'no request reached the judge after the disconnect');
    assert.ok(atCancel < items.length, `${atCancel} of ${items.length} items were sent`);
    assert.equal(s.context.admission.inFlight, 0);
    assert.equal(s.context.admission.occupied, 0);
    const m = await (await fetch(`${s.url}/metrics`, { headers: AUTH })).text();
    assert.match(m, /trenchcoat_cancelled_total\{route="\/v1\/score"\} 1/);
    assert.match(m, /trenchcoat_requests_total\{route="\/v1\/score",status="499"\} 1/);
    assert.match(m, /trenchcoat_requests_in_flight 0/);
    assert.doesNotMatch(m, /trenchcoat_scorer_failures_total\{/, 'cancelled items are not counted as scorer failures');
    // the server still answers
    assert.equal((await postJson(`${s.url}/v1/score`, { items: [{ prompt: 'q', output: 'after' }] })).status, 200);
  } finally {
    await s.drain(2000);
    await slow.close();
  }
});

test('a 100 MB body is refused with 413 long before it is all sent (chunked and with Content-Length)', async () => {
  const s = await startTestServer({ specs: ['chrf'], workers: 0 });
  try {
    for (const chunked of [true, false]) {
      const total = 100 * 1024 * 1024;
      const chunk = Buffer.alloc(1024 * 1024, 'a');
      const result = await new Promise<{ status: number; sent: number }>((resolve, reject) => {
        let sent = 0;
        let done = false;
        const headers: Record<string, string | number> = { ...AUTH, 'Content-Type': 'application/json' };
        if (!chunked) headers['Content-Length'] = total;
        const req = http.request(`${s.url}/v1/score`, { method: 'POST', headers }, (res) => {
          done = true;
          res.resume();
          resolve({ status: res.statusCode as number, sent });
          req.destroy();
        });
        req.on('error', (e) => (done ? undefined : reject(e)));
        const pump = () => {
          while (!done && sent < total) {
            sent += chunk.length;
            if (!req.write(chunk)) return void req.once('drain', pump);
          }
          if (!done) req.end();
        };
        pump();
      });
      assert.equal(result.status, 413, `chunked=${chunked}`);
      assert.ok(result.sent < total, `refused after ${result.sent} bytes`);
    }
    assert.equal((await fetch(`${s.url}/health`)).status, 200);
  } finally {
    await s.drain(2000);
  }
});

test('slow-drip headers: the server answers 408 and closes the socket after --headers-timeout', async () => {
  const s = await startTestServer({ specs: ['chrf'], workers: 0, headersTimeoutMs: 500 });
  try {
    const sock = net.connect(s.port, '127.0.0.1');
    await new Promise((r) => sock.once('connect', r));
    let received = '';
    sock.on('data', (d) => (received += d));
    const closed = new Promise<void>((r) => sock.once('close', () => r()));
    sock.write('POST /v1/score HTTP/1.1\r\nHost: x\r\n');
    let dripped = 0;
    let closedByServer = false;
    void closed.then(() => (closedByServer = true));
    // drip one header byte every 100 ms for up to 10 s: the server must cut it off long before
    while (!closedByServer && dripped < 100) {
      await new Promise((r) => setTimeout(r, 100));
      if (!sock.destroyed) sock.write('X');
      dripped++;
    }
    assert.ok(closedByServer, 'the server closed the connection');
    assert.ok(dripped < 100, `closed after ${dripped} drips`);
    assert.match(received, /^HTTP\/1\.1 408/);
  } finally {
    await s.drain(2000);
  }
});

// OpenRLHF's _post_request takes try_max_times (default 5, one second apart); a restart from the TypeScript sources
// on a loaded two-core machine can take longer than five seconds, so the client is given more tries here.
test('kill -9 under load, then restart: the OpenRLHF-policy client retries and gets identical rewards; the cache holds each item once', async () => {
  const port = await freePort();
  const cache = path.join(dir, 'cache.sqlite');
  const spec = `judge:model=j,url=${judge.url}/v1,retries=0`;
  const args = ['-s', spec, '-s', 'chrf', '--port', String(port), '--cache', cache, '--workers', '1'];
  const env = { TRENCHCOAT_TOKENS: `trainer:${TOKEN}` };
  const queries = Array.from({ length: 16 }, (_, i) => `Prompt ${i}: answer number ${i} is here`);
  const payload = { query: queries, prompts: queries.map((q) => q.slice(0, q.indexOf(':') + 2)), labels: queries.map((_, i) => `answer ${i}`) };
  let first = await spawnServe(args, env);
  // load: a stream of requests from Node, and the Python client's request, all in flight when the server is killed
  const load = Array.from({ length: 8 }, () => postJson(`${first.url}/get_reward`, payload).catch((e) => e));
  const py = spawn('python3', [path.join(ROOT, 'test/serve/openrlhf_client.py'), `${first.url}/get_reward`, TOKEN, '60'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let pyOut = '';
  let pyErr = '';
  py.stdout.on('data', (d) => (pyOut += d));
  py.stderr.on('data', (d) => (pyErr += d));
  py.stdin.end(JSON.stringify(payload));
  const pyDone = new Promise<number | null>((r) => py.once('exit', (c) => r(c)));
  await new Promise((r) => setTimeout(r, 150));
  first.child.kill('SIGKILL');
  await first.exited;
  const killed = await Promise.all(load);
  assert.ok(killed.every((x) => x instanceof Error), 'in-flight requests were cut by the kill');
  const second = await spawnServe(args, env);
  try {
    assert.equal(await pyDone, 0, pyErr);
    assert.match(pyErr, /attempt 1: Request error/);
    const answer = JSON.parse(pyOut);
    const direct = await postJson(`${second.url}/get_reward`, payload);
    assert.equal(direct.status, 200);
    assert.deepEqual(answer, direct.json);
    assert.equal(answer.rewards.length, 16);
    assert.ok(answer.rewards.every((x: unknown) => typeof x === 'number'));
  } finally {
    second.child.kill('SIGTERM');
    assert.equal(await second.exited, 0);
  }
  const c = openScoreCache(cache);
  try {
    assert.equal(c.stats().entries, 16, 'each of the 16 items cached once');
  } finally {
    c.close();
  }
});
