// The admission queue's wait budget (--max-queue-wait): requests are costed by declared body bytes, throughput is
// measured in bytes per ms of busy time, and a request is refused when the work holding places would take longer
// than the budget. Expectations are stated relative to the measured rate, never to wall-clock time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AdmissionQueue } from '../../src/serve/admission.js';
import { startFakeServer } from '../helpers/fake-servers.js';
import { AUTH, startTestServer, TOKEN } from './helpers.js';
import net from 'node:net';

async function measureRate(q: AdmissionQueue, bytes: number, holdMs: number): Promise<number> {
  const release = await (q.enter(bytes) as NonNullable<ReturnType<AdmissionQueue['enter']>>).admit();
  await new Promise((r) => setTimeout(r, holdMs));
  release();
  return q.rate as number;
}

test('wait budget: no estimate before a measurement; then refuse when held work / measured rate would exceed the budget', async () => {
  const q = new AdmissionQueue(4, 100, 50);
  assert.equal(q.rate, undefined);
  assert.equal(q.refusal(1e12), undefined, 'nothing measured yet: only the places bound the queue');
  const rate = await measureRate(q, 1000, 300);
  assert.ok(rate > 0 && rate <= 1000 / 295, `rate ${rate} is bytes per busy ms`);
  assert.equal(q.estimatedWaitMs, 0, 'the measured request gave its cost back');
  assert.equal(q.refusal(1e12), undefined, 'an empty server takes any request: the budget bounds queueing, not service');
  const c = rate * 50 * 0.6;
  const first = q.enter(c);
  assert.ok(first);
  assert.equal(q.refusal(c), 'queue_wait', '1.2x the budget');
  assert.equal(q.enter(c), undefined);
  assert.equal(q.refusal(rate * 50 * 0.3), undefined, '0.9x the budget');
  // a chunked request (no declared length) costs the mean of the declared ones: (1000 + c) / 2
  const mean = (1000 + c) / 2;
  assert.equal(q.refusal(undefined), (c + mean) / rate > 50 ? 'queue_wait' : undefined);
  first.leave();
  assert.equal(q.estimatedWaitMs, 0);
  assert.equal(q.occupied, 0);
});

test('wait budget: costs are given back when a waiter is cancelled, and places still bound the queue', async () => {
  const q = new AdmissionQueue(1, 1, 1e9);
  await measureRate(q, 100, 260);
  const running = await (q.enter(10) as NonNullable<ReturnType<AdmissionQueue['enter']>>).admit();
  const gone = new AbortController();
  const waiting = (q.enter(20) as NonNullable<ReturnType<AdmissionQueue['enter']>>).admit(gone.signal);
  assert.equal(q.refusal(1), 'queue_full');
  assert.ok(Math.abs((q.estimatedWaitMs as number) - 30 / (q.rate as number)) < 1e-9);
  gone.abort(new Error('client disconnected'));
  await assert.rejects(waiting, /client disconnected/);
  assert.ok(Math.abs((q.estimatedWaitMs as number) - 10 / (q.rate as number)) < 1e-9);
  running();
  assert.equal(q.estimatedWaitMs, 0);
});

test('a server with --max-queue-wait refuses from the headers once its measured throughput says the wait is too long', async () => {
  const judge = await startFakeServer({ latencyMs: 300 });
  const s = await startTestServer({ specs: [`judge:model=j,url=${judge.url}/v1`], maxConcurrent: 4, maxQueued: 4, maxQueueWaitMs: 50 });
  const holder = net.connect(s.port, '127.0.0.1');
  holder.on('error', () => {});
  try {
    const body = JSON.stringify({ items: [{ prompt: 'q', output: 'a' }] });
    const post = () => fetch(`${s.url}/v1/score`, { method: 'POST', headers: { ...AUTH, 'Content-Type': 'application/json' }, body });
    // one request measures the rate: a ~60-byte body scored in 300+ ms
    assert.equal((await post()).status, 200);
    assert.ok((s.context.admission.rate as number) < 1);
    // a request whose body is still coming holds 5000 declared bytes: far over 50 ms of work at that rate
    holder.write(`POST /v1/score HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n`);
    while (s.context.admission.occupied === 0) await new Promise((r) => setTimeout(r, 5));
    const refused = await post();
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get('retry-after'), '1');
    assert.match(((await refused.json()) as { error: string }).error, /--max-queue-wait/);
    const m = await (await fetch(`${s.url}/metrics`, { headers: AUTH })).text();
    assert.match(m, /trenchcoat_rejected_total\{reason="queue_wait"\} 1/);
  } finally {
    holder.destroy();
    await s.drain(2000);
    await judge.close();
  }
});
