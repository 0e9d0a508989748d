// Several model servers behind one scorer: the pool's choice and back-off on a controllable clock, then real fake
// servers on loopback — one killed mid-run (every item scored, numbers identical to one server), a slow one (picked
// less), one that recovers (re-admitted), all dead (the circuit breaker still opens), and `url=` list parsing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Item, Score } from '../../../src/scorers/contract.js';
import { SpecError } from '../../../src/scorers/spec.js';
import { createRemoteScorer, type RemoteDeps } from '../../../src/scorers/model/index.js';
import type { HttpClient } from '../../../src/scorers/model/http/client.js';
import { ServerPool, type ServerLease } from '../../../src/scorers/model/http/server-pool.js';
import { recordingSleep, startFakeServer, type FakeServer, type FakeServerOptions } from '../../helpers/fake-servers.js';

function clock(start = 1_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

const items: Item[] = Array.from({ length: 60 }, (_, i) => ({ id: `q${i}`, prompt: `Question number ${i}: what is ${i} + ${i}?`, output: `It is ${2 * i}${'!'.repeat(i % 7)}` }));

async function withServers<T>(opts: FakeServerOptions[], fn: (servers: FakeServer[]) => Promise<T>): Promise<T> {
  const servers: FakeServer[] = [];
  try {
    for (const o of opts) servers.push(await startFakeServer(o));
    return await fn(servers);
  } finally {
    await Promise.all(servers.map((s) => s.close()));
  }
}

const judgeSpec = (urls: string[], extra = '') => `judge:model=judge-1,url=${urls.map((u) => `${u}/v1`).join('|')}${extra}`;
const clientOf = (s: unknown) => (s as { client: HttpClient }).client;
const values = (scores: Score[]) => scores.map((s) => s.value);

test('pool: least outstanding first, ties to the server sent fewest, never more than its slots', async () => {
  const pool = new ServerPool(['a', 'b', 'c'], { slotsPerServer: 2 });
  const leases: ServerLease[] = [];
  for (let i = 0; i < 6; i++) leases.push(await pool.acquire());
  assert.deepEqual(
    leases.map((l) => l.server),
    ['a', 'b', 'c', 'a', 'b', 'c'],
  );
  let waited = true;
  const seventh = pool.acquire().then((l) => ((waited = false), l));
  await new Promise((r) => setImmediate(r));
  assert.equal(waited, true, 'every slot is taken: the seventh waits');
  pool.release(leases[4], 'ok'); // b frees a slot
  assert.equal((await seventh).server, 'b');
  // all hold 2 again; free one of a's and one of c's: both have 1 outstanding, a was sent fewer (2 vs 2: list order)
  pool.release(leases[0], 'ok');
  pool.release(leases[2], 'ok');
  assert.equal((await pool.acquire()).server, 'a');
});

test('pool: a fault takes the server out for base·2^(k−1), capped; re-admission is one probe at a time', async () => {
  const c = clock();
  const pool = new ServerPool(['a', 'b'], { slotsPerServer: 4, backoffBaseMs: 100, backoffCapMs: 350, now: c.now });
  const a1 = await pool.acquire();
  const a2 = await pool.acquire(); // b
  const a3 = await pool.acquire(); // a again
  assert.deepEqual([a1.server, a2.server, a3.server], ['a', 'b', 'a']);
  pool.release(a1, 'fault');
  // a3 was in flight when a went out: its failure is the same incident and does not lengthen the back-off
  pool.release(a3, 'fault');
  assert.deepEqual(
    pool.snapshot().map((s) => [s.url, s.incidents, s.outForMs]),
    [
      ['a', 1, 100],
      ['b', 0, 0],
    ],
  );
  assert.equal(pool.hasHealthy(), true);
  assert.equal(pool.hasHealthy(new Set([1])), false);
  for (let i = 0; i < 3; i++) assert.equal((await pool.acquire()).server, 'b', 'a is out: everything goes to b');
  c.advance(100);
  const probe = await pool.acquire();
  assert.equal(probe.server, 'a');
  assert.equal(probe.probe, true);
  assert.equal(pool.hasHealthy(new Set([1])), false, 'while its probe is in flight, a takes nothing else');
  pool.release(probe, 'fault'); // second incident: 200 ms
  assert.equal(pool.snapshot()[0].outForMs, 200);
  c.advance(200);
  const probe2 = await pool.acquire(new Set([1]));
  pool.release(probe2, 'fault'); // third: 400 capped to 350
  assert.equal(pool.snapshot()[0].outForMs, 350);
  assert.equal(pool.backoffMs(1), 100);
  assert.equal(pool.backoffMs(30), 350);
  c.advance(350);
  const probe3 = await pool.acquire(new Set([1]));
  assert.equal(probe3.probe, true);
  pool.release(probe3, 'ok');
  assert.deepEqual(pool.snapshot()[0], { url: 'a', sent: 5, faults: 4, outstanding: 0, incidents: 0, outForMs: 0 });
  // back in full service: up to 4 at once again
  const again = [await pool.acquire(new Set([1])), await pool.acquire(new Set([1]))];
  assert.deepEqual(
    again.map((l) => [l.server, l.probe]),
    [
      ['a', false],
      ['a', false],
    ],
  );
});

test('pool: with every server out, the attempt goes to the one back soonest', async () => {
  const c = clock();
  const pool = new ServerPool(['a', 'b', 'c'], { slotsPerServer: 1, backoffBaseMs: 100, now: c.now });
  const [la, lb, lc] = [await pool.acquire(), await pool.acquire(), await pool.acquire()];
  pool.release(lb, 'fault');
  c.advance(10);
  pool.release(la, 'fault');
  c.advance(10);
  pool.release(lc, 'fault');
  assert.equal(pool.hasHealthy(), false);
  const l = await pool.acquire();
  assert.equal(l.server, 'b');
  assert.equal(l.probe, false);
});

test('three servers, one killed mid-run: every item scored, numbers identical to one server, failovers not counted as retries', async () => {
  const one = await withServers([{}], async ([s]) => values(await createRemoteScorer(judgeSpec([s.url]), {}).score(items)));
  assert.ok(one.every((v) => typeof v === 'number'));
  let victim: FakeServer | undefined;
  let killed = false;
  const killAfter5: FakeServerOptions = {
    latencyMs: 5,
    faults: () => {
      // the 6th request to this server: its socket is dropped and the server stops listening
      if (!victim || killed || victim.stats.requests < 6) return undefined;
      killed = true;
      setImmediate(() => void victim!.close());
      return { kind: 'reset' };
    },
  };
  await withServers([{ latencyMs: 5 }, killAfter5, { latencyMs: 5 }], async (servers) => {
    victim = servers[1];
    const sleep = recordingSleep();
    // retries=0: an item survives its server's death only by a free failover
    const scorer = createRemoteScorer(judgeSpec(servers.map((s) => s.url), ',retries=0,concurrency=3'), { sleep: sleep.sleep });
    const scores = await scorer.score(items);
    assert.ok(killed, 'the server was killed mid-run');
    assert.deepEqual(values(scores), one);
    assert.equal(scores.filter((s) => s.details?.error).length, 0);
    const stats = clientOf(scorer).stats;
    assert.ok(stats.failovers >= 1, `failovers ${stats.failovers}`);
    assert.equal(stats.retries, 0);
    assert.equal(stats.failures, 0);
    assert.deepEqual(sleep.delays, []);
    assert.equal(servers[0].stats.answered + servers[1].stats.answered + servers[2].stats.answered, items.length, 'no item answered twice');
    assert.ok(servers[1].stats.answered >= 1 && servers[1].stats.answered <= 5, `killed server answered ${servers[1].stats.answered}`);
    const snap = clientOf(scorer).pool!.snapshot();
    assert.ok(snap[1].incidents >= 1 && snap[1].faults >= 1);
  });
});

test('balancing is least-outstanding: a slow server gets far fewer requests than fast ones', async () => {
  await withServers([{ latencyMs: 2 }, { latencyMs: 1000 }, { latencyMs: 2 }], async (servers) => {
    const scorer = createRemoteScorer(judgeSpec(servers.map((s) => s.url), ',concurrency=2'), {});
    const scores = await scorer.score(items.slice(0, 48));
    assert.ok(scores.every((s) => typeof s.value === 'number'));
    const [fast1, slow, fast2] = servers.map((s) => s.stats.requests);
    assert.equal(fast1 + slow + fast2, 48);
    // round-robin would give 16 each; least-outstanding keeps the slow server's 2 slots busy and sends the rest on
    assert.ok(slow <= 4 && slow < fast1 / 3 && slow < fast2 / 3, `requests fast ${fast1}, slow ${slow}, fast ${fast2}`);
    assert.ok(clientOf(scorer).stats.maxInFlight <= 6);
    for (const s of servers) assert.ok(s.stats.maxOpen <= 2, `a server never holds more than concurrency=2 (got ${s.stats.maxOpen})`);
  });
});

test('back-off re-admits a recovered server (one probe, then full service)', async () => {
  let down = true;
  const flaky: FakeServerOptions = { faults: () => (down ? { kind: 'status', status: 503 } : undefined) };
  await withServers([flaky, {}], async ([a, b]) => {
    const deps: RemoteDeps = { serverPool: { backoffBaseMs: 40, backoffCapMs: 80 }, sleep: recordingSleep().sleep };
    const scorer = createRemoteScorer(judgeSpec([a.url, b.url], ',concurrency=2'), deps);
    const first = await scorer.score(items.slice(0, 20));
    assert.ok(first.every((s) => typeof s.value === 'number'));
    assert.equal(a.stats.answered, 0);
    assert.ok(a.stats.faults >= 1);
    const requestsWhileDown = a.stats.requests;
    assert.ok(requestsWhileDown <= 6, `a server that keeps failing is taken out (it saw ${requestsWhileDown} of 20+ requests)`);
    down = false;
    await new Promise((r) => setTimeout(r, 120)); // past the capped back-off
    const second = await scorer.score(items.slice(20, 60));
    assert.ok(second.every((s) => typeof s.value === 'number'));
    assert.ok(a.stats.answered >= 10, `recovered server answered ${a.stats.answered} of 40`);
    assert.equal(clientOf(scorer).pool!.snapshot()[0].incidents, 0);
  });
});

test('every server dead: the circuit breaker still opens, items fail with the connection hint', async () => {
  const dead = await withServers([{}, {}, {}], async (servers) => servers.map((s) => s.url)); // closed: ports refuse
  const sleep = recordingSleep();
  const scorer = createRemoteScorer(judgeSpec(dead), { sleep: sleep.sleep });
  const scores = await scorer.score(items.slice(0, 30));
  assert.ok(scores.every((s) => s.value === null && s.details?.error === 'network'));
  const c = clientOf(scorer);
  assert.ok(c.breaker, 'breaker open');
  assert.ok(c.stats.shortCircuited > 0);
  assert.match(String(scores[0].details?.hint), /nothing is listening at http:\/\/127\.0\.0\.1:\d+\/v1/);
  assert.ok(c.stats.requests < 40, `requests ${c.stats.requests}`);
});

test('one of three servers dead from the start: the breaker stays shut and every item is scored', async () => {
  const [deadUrl] = await withServers([{}], async (servers) => servers.map((s) => s.url));
  await withServers([{}, {}], async ([b, c]) => {
    const scorer = createRemoteScorer(judgeSpec([deadUrl, b.url, c.url], ',concurrency=8,retries=0'), {});
    const scores = await scorer.score(items);
    assert.ok(scores.every((s) => typeof s.value === 'number'));
    assert.equal(clientOf(scorer).breaker, undefined);
    assert.equal(b.stats.answered + c.stats.answered, items.length);
  });
});

test('url= lists: signature unchanged by the list, canonical spec keeps it, bad lists are refused', () => {
  const single = createRemoteScorer('judge:model=m,url=http://a:1/v1', {});
  const list = createRemoteScorer('judge:model=m,url=http://a:1/v1| http://b:2/v1 |http://c:3/v1', {});
  assert.equal(list.signature(), single.signature());
  assert.equal(list.spec(), 'judge:model=m,mode=pointwise,template=rubric-1to10@1,temperature=0,top-p=1,max-tokens=16,seed=0,logprobs=true,top-logprobs=20,url=http://a:1/v1|http://b:2/v1|http://c:3/v1');
  assert.equal(createRemoteScorer(list.spec(), {}).spec(), list.spec());
  const rm1 = createRemoteScorer('rm:api=tgi,model=m,url=http://a:1', {});
  const rm2 = createRemoteScorer('rm:api=tgi,model=m,url=http://a:1|http://b:1', {});
  assert.equal(rm2.signature(), rm1.signature());
  assert.throws(() => createRemoteScorer('judge:model=m,url=http://a:1/v1||http://b/v1', {}), (e) => e instanceof SpecError && /empty entry/.test(e.message));
  assert.throws(() => createRemoteScorer('judge:model=m,url=http://a:1/v1|http://a:1/v1/', {}), (e) => e instanceof SpecError && /twice/.test(e.message));
  assert.throws(() => createRemoteScorer('judge:model=m,url=http://a:1/v1|ftp://b/v1', {}), (e) => e instanceof SpecError && /only http/.test(e.message));
  assert.throws(() => createRemoteScorer('judge:model=m,url=http://a:1/v1,url=http://b:1/v1', {}), (e) => e instanceof SpecError && /given twice/.test(e.message));
});

test('a reward model behind three servers: batches spread over them, values identical to one server', async () => {
  const rmItems = items.slice(0, 40);
  let oneRequests = 0;
  const one = await withServers([{}], async ([s]) => {
    const v = values(await createRemoteScorer(`rm:api=vllm-classify,model=rm-1,template=chatml,batch-size=4,url=${s.url}`, {}).score(rmItems));
    oneRequests = s.stats.requests;
    return v;
  });
  assert.equal(oneRequests, 10);
  await withServers([{ latencyMs: 3 }, { latencyMs: 3 }, { latencyMs: 3 }], async (servers) => {
    const scorer = createRemoteScorer(`rm:api=vllm-classify,model=rm-1,template=chatml,batch-size=4,concurrency=2,url=${servers.map((s) => s.url).join('|')}`, {});
    assert.deepEqual(values(await scorer.score(rmItems)), one);
    for (const s of servers) assert.ok(s.stats.requests >= 1, 'every server took batches');
    assert.equal(servers.reduce((n, s) => n + s.stats.requests, 0), 10);
  });
});
