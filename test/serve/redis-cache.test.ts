// Two `serve` replicas sharing one Redis score cache: what one replica computed, the other answers without a request.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeServer, fakeReward, type FakeServer } from '../helpers/fake-servers.js';
import { startRedis, type LocalRedis } from '../helpers/local-redis.js';
import { postJson, startTestServer, type TestServer } from './helpers.js';

let redis: LocalRedis;
let rm: FakeServer;
const replicas: TestServer[] = [];
before(async () => {
  redis = await startRedis();
  rm = await startFakeServer();
});
after(async () => {
  for (const r of replicas) await r.drain(1000);
  await rm?.close();
  await redis?.stop();
});

test('serve replicas share hits through --cache redis://', async () => {
  const spec = `rm:model=fake-rm,url=${rm.url},api=openrlhf`;
  for (let k = 0; k < 2; k++) replicas.push(await startTestServer({ specs: [spec], cachePath: `${redis.url}/7` }));
  const body = { items: Array.from({ length: 6 }, (_, i) => ({ prompt: 'q', output: `answer ${i}` })) };
  const a = await postJson(`${replicas[0].url}/v1/score`, body);
  assert.equal(a.status, 200, JSON.stringify(a.json));
  const sent = rm.stats.requests;
  assert.ok(sent > 0);
  const b = await postJson(`${replicas[1].url}/v1/score`, body);
  assert.equal(b.status, 200, JSON.stringify(b.json));
  assert.equal(rm.stats.requests, sent, 'the second replica answered from the shared cache');
  assert.deepEqual(b.json, a.json);
  assert.ok(JSON.stringify(a.json).includes(String(fakeReward('q' + 'answer 3'))));
});
