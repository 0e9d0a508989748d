// Operations: /health, /ready, /metrics (Prometheus text), request ids and one JSON log line per request, /v1/scorers,
// /v1/compare, and the graceful drain on SIGTERM/SIGINT of the real CLI process.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startFakeServer, type FakeServer } from '../helpers/fake-servers.js';
import { AUTH, postJson, spawnServe, startTestServer, TOKEN, type TestServer } from './helpers.js';

let server: TestServer;
let judge: FakeServer;
before(async () => {
  judge = await startFakeServer({ latencyMs: 50 });
  server = await startTestServer({ specs: ['chrf', 'ter', `judge:model=j,url=${judge.url}/v1,mode=pairwise`], reward: 'chrf' });
});
after(async () => {
  await server.drain(2000);
  await judge.close();
});

test('request id: a sane incoming X-Request-Id is kept, otherwise one is made; one JSON log line per request', async () => {
  const r = await fetch(`${server.url}/v1/scorers`, { headers: { ...AUTH, 'X-Request-Id': 'trainer-step-17' } });
  assert.equal(r.headers.get('x-request-id'), 'trainer-step-17');
  await r.text();
  const made = await fetch(`${server.url}/v1/scorers`, { headers: { ...AUTH, 'X-Request-Id': 'bad id\twith tab' } });
  assert.match(made.headers.get('x-request-id') as string, /^[0-9a-f-]{36}$/);
  await made.text();
  const lines = server.logs.map((l) => JSON.parse(l));
  const mine = lines.filter((l) => l.request_id === 'trainer-step-17');
  assert.equal(mine.length, 1);
  assert.equal(mine[0].path, '/v1/scorers');
  assert.equal(mine[0].status, 200);
  assert.equal(mine[0].token, 'trainer');
  assert.equal(typeof mine[0].ms, 'number');
});

test('/v1/scorers: names, signatures, directions, which is the reward', async () => {
  const r: any = await (await fetch(`${server.url}/v1/scorers`, { headers: AUTH })).json();
  assert.equal(r.reward, 'chrf');
  assert.deepEqual(r.scorers.map((s: any) => [s.name, s.direction, s.mode]), [
    ['chrf', 'higher', 'pointwise'],
    ['ter', 'lower', 'pointwise'],
    [`judge:model=j,url=${judge.url}/v1,mode=pairwise`, 'higher', 'pairwise'],
  ]);
  assert.match(r.scorers[0].signature, /^chrF2\|nrefs:\?\|case:mixed\|eff:yes\|nc:6\|nw:0\|space:no\|version:trenchcoat-/);
  assert.deepEqual(r.scorers[1].range, [0, null]);
});

test('/v1/compare: pointwise scorers compare values by direction; a pairwise judge judges the pair', async () => {
  const items = [{ id: 'p1', prompt: 'Say hello', a: 'hello world', b: 'goodbye moon, and a longer answer', references: ['hello world'] }];
  const r = await postJson(`${server.url}/v1/compare`, { items });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  const s = r.json.results[0].scores;
  assert.equal(s.chrf.winner, 'a');
  assert.equal(s.chrf.a.value, 100);
  assert.equal(s.ter.winner, 'a'); // lower is better: a's TER is 0
  assert.equal(s.ter.a.value, 0);
  const j = s[`judge:model=j,url=${judge.url}/v1,mode=pairwise`];
  assert.equal(j.pA, 0); // the fake judge prefers the longer response, b, in both orders
  assert.equal(j.first, 'b');
  const noPrompt = await postJson(`${server.url}/v1/compare`, { items: [{ a: 'x', b: 'y', references: ['x'] }] });
  assert.equal(noPrompt.status, 400);
  const viaScore = await postJson(`${server.url}/v1/score`, { items: [{ prompt: 'p', output: 'x', references: ['x'] }], scorers: [`judge:model=j,url=${judge.url}/v1,mode=pairwise`] });
  assert.equal(viaScore.status, 400);
  assert.match(viaScore.json.error, /judges pairs: use \/v1\/compare/);
});

test('/metrics: Prometheus text with requests, items, latency per route and scorer, queue depth', async () => {
  await postJson(`${server.url}/get_reward`, { query: ['p the cat'], prompts: ['p '], labels: ['the cat'] });
  const r = await fetch(`${server.url}/metrics`, { headers: AUTH });
  assert.match(r.headers.get('content-type') as string, /^text\/plain/);
  const m = await r.text();
  assert.match(m, /trenchcoat_requests_total\{route="\/get_reward",status="200"\} 1/);
  assert.match(m, /trenchcoat_items_total\{route="\/get_reward"\} 1/);
  assert.match(m, /trenchcoat_request_duration_seconds_bucket\{le="0\.05",route="\/get_reward"\} 1/);
  assert.match(m, /trenchcoat_scorer_duration_seconds_count\{scorer="chrf"\} [1-9]/);
  assert.match(m, /trenchcoat_queue_depth 0/);
  assert.match(m, /trenchcoat_process_resident_memory_bytes \d+/);
  assert.equal((await fetch(`${server.url}/ready`)).status, 200);
  assert.equal((await fetch(`${server.url}/nowhere`, { headers: AUTH })).status, 404);
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`${signal}: stop accepting, finish the in-flight request, exit 0`, async () => {
    const slow = await startFakeServer({ latencyMs: 800 });
    const p = await spawnServe(['-s', `judge:model=j,url=${slow.url}/v1,retries=0`, '--port', '0', '--drain-timeout', '10000', '--no-cache'], { TRENCHCOAT_TOKENS: `trainer:${TOKEN}` });
    try {
      const inflight = postJson(`${p.url}/v1/score`, { items: [{ prompt: 'q', output: 'draining answer' }] });
      await new Promise((r) => setTimeout(r, 300));
      p.child.kill(signal);
      await new Promise((r) => setTimeout(r, 100));
      const refused = await fetch(`${p.url}/health`).then(
        () => 'accepted',
        () => 'refused',
      );
      const answer = await inflight;
      assert.equal(answer.status, 200);
      assert.equal(answer.json.results[0].scores[`judge:model=j,url=${slow.url}/v1,retries=0`].status, 'ok');
      assert.equal(refused, 'refused');
      assert.equal(await p.exited, 0);
      assert.match(p.stderr(), new RegExp(`${signal}: draining`));
      assert.match(p.stderr(), /drained; bye/);
    } finally {
      if (p.child.exitCode === null) p.child.kill('SIGKILL');
      await slow.close();
    }
  });
}

test('drain timeout: a request longer than --drain-timeout is cut and the process still exits 0', async () => {
  const slow = await startFakeServer({ latencyMs: 5000 });
  const p = await spawnServe(['-s', `judge:model=j,url=${slow.url}/v1,retries=0`, '--port', '0', '--drain-timeout', '200', '--no-cache', '--no-auth']);
  try {
    const inflight = fetch(`${p.url}/v1/score`, { method: 'POST', body: JSON.stringify({ items: [{ prompt: 'q', output: 'too slow' }] }) }).then(
      (r) => r.status,
      () => 'cut',
    );
    await new Promise((r) => setTimeout(r, 300));
    p.child.kill('SIGTERM');
    assert.equal(await p.exited, 0);
    assert.equal(await inflight, 'cut');
    assert.match(p.stderr(), /drain timeout: closed the remaining connections/);
  } finally {
    if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await slow.close();
  }
});
