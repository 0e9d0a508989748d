// Partial failure and reruns: results reach the cache as each request returns; failures are not cached; a rerun
// sends only what is missing — for items, pairs and candidate lists.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Item, Score } from '../../../src/scorers/contract.js';
import type { PairwiseScorer, ListwiseScorer } from '../../../src/scorers/pairwise.js';
import type { CacheStats, ScoreCache } from '../../../src/store/types.js';
import { itemContentKey } from '../../../src/store/item-key.js';
import { comparePairsResumable, createRemoteScorer, rankListsResumable, scoreResumable, type RemoteDeps } from '../../../src/scorers/model/index.js';
import { fakeJudgeReply, recordingSleep, startFakeServer, type FaultPlan } from '../../helpers/fake-servers.js';

const deps: RemoteDeps = { sleep: recordingSleep().sleep };

/** An in-memory ScoreCache that logs every putMany, so tests can see when writes happen. */
class MemoryCache implements ScoreCache {
  readonly rows = new Map<string, Score>();
  readonly puts: number[] = [];
  getMany(signature: string, keys: readonly string[]): Map<string, Score> {
    const out = new Map<string, Score>();
    for (const k of keys) {
      const s = this.rows.get(`${signature}\n${k}`);
      if (s) out.set(k, structuredClone(s));
    }
    return out;
  }
  putMany(signature: string, entries: readonly (readonly [string, Score])[]): void {
    this.puts.push(entries.length);
    for (const [k, s] of entries) if (!this.rows.has(`${signature}\n${k}`)) this.rows.set(`${signature}\n${k}`, structuredClone(s));
  }
  stats(): CacheStats {
    return { path: ':memory:', entries: this.rows.size, signatures: 0, hits: 0, misses: 0, writes: 0 };
  }
  close(): void {}
}

const items: Item[] = Array.from({ length: 12 }, (_, i) => ({ id: `i${i}`, prompt: `Question number ${i}?`, output: `Answer ${i}` }));

let requestsSeenByJudge = 0;
let cacheForProbe: MemoryCache | undefined;
const cacheSizeAtRequest: number[] = [];
const server = await startFakeServer({
  judge: (text) => {
    requestsSeenByJudge++;
    if (cacheForProbe) cacheSizeAtRequest.push(cacheForProbe.rows.size);
    return fakeJudgeReply(text);
  },
});
after(() => server.close());
const spec = `judge:model=judge-1,url=${server.url}/v1,template=rubric-1to5@1`;

test('budget stops a run part-way; the rerun sends only the items whose scores are missing', async () => {
  const cache = new MemoryCache();
  const before = server.stats.requests;
  const first = await scoreResumable(createRemoteScorer(`${spec},concurrency=1,budget-requests=5`, deps), items, cache);
  assert.equal(server.stats.requests - before, 5);
  assert.deepEqual(first.report, { cached: 0, computed: 12, failed: 7 });
  assert.equal(cache.rows.size, 5); // budget failures are not cached
  assert.deepEqual(first.scores.map((s) => s.details?.error ?? null), [null, null, null, null, null, ...new Array(7).fill('budget')]);

  const mid = server.stats.requests;
  const second = await scoreResumable(createRemoteScorer(spec, deps), items, cache);
  assert.equal(server.stats.requests - mid, 7);
  assert.deepEqual(second.report, { cached: 5, computed: 7, failed: 0 });
  // the rerun only asked for the 7 missing items, each once
  const sent = server.stats.log.slice(-7).map((l) => l.units[0]);
  for (const it of items.slice(5)) assert.equal(sent.filter((u) => u.includes(`Question number ${it.id.slice(1)}?`)).length, 1);

  // and every score equals a fresh, uncached run
  const fresh = await createRemoteScorer(spec, deps).score(items);
  assert.deepEqual(second.scores.map((s) => s.value), fresh.map((s) => s.value));

  const third = await scoreResumable(createRemoteScorer(spec, deps), items, cache);
  assert.deepEqual(third.report, { cached: 12, computed: 0, failed: 0 });
});

test('results stream to the cache as they arrive: when request k reaches the server, the k−1 earlier results are stored', async () => {
  const cache = new MemoryCache();
  cacheForProbe = cache;
  cacheSizeAtRequest.length = 0;
  try {
    await scoreResumable(createRemoteScorer(`${spec},concurrency=1`, deps), items.slice(0, 6), cache);
  } finally {
    cacheForProbe = undefined;
  }
  assert.deepEqual(cacheSizeAtRequest, [0, 1, 2, 3, 4, 5]);
  assert.equal(cache.rows.size, 6);
});

test('an item that fails after retries is not cached; fixing the server and rerunning computes exactly that item', async () => {
  let broken = true;
  const faults: FaultPlan = (r) => (broken && r.units[0].includes('Question number 3?') ? { kind: 'status', status: 500 } : undefined);
  const flaky = await startFakeServer({ faults });
  try {
    const s = `judge:model=judge-1,url=${flaky.url}/v1,template=rubric-1to5@1,retries=1`;
    const cache = new MemoryCache();
    const first = await scoreResumable(createRemoteScorer(s, deps), items.slice(0, 6), cache);
    assert.equal(first.scores[3].value, null);
    assert.equal(first.scores[3].details?.error, 'http-500');
    assert.equal(first.report.failed, 1);
    assert.equal(cache.rows.size, 5);
    broken = false;
    const before = flaky.stats.requests;
    const second = await scoreResumable(createRemoteScorer(s, deps), items.slice(0, 6), cache);
    assert.equal(flaky.stats.requests - before, 1);
    assert.equal(typeof second.scores[3].value, 'number');
    assert.equal(cache.rows.size, 6);
  } finally {
    await flaky.close();
  }
});

test('unparseable judge answers are results: cached (null, raw kept), not re-asked', async () => {
  const prose = await startFakeServer({ judge: () => ({ content: 'No comment.' }) });
  try {
    const s = `judge:model=judge-1,url=${prose.url}/v1`;
    const cache = new MemoryCache();
    const a = await scoreResumable(createRemoteScorer(s, deps), items.slice(0, 3), cache);
    assert.deepEqual(a.scores.map((x) => x.value), [null, null, null]);
    assert.equal(cache.rows.size, 3);
    const before = prose.stats.requests;
    const b = await scoreResumable(createRemoteScorer(s, deps), items.slice(0, 3), cache);
    assert.equal(prose.stats.requests, before);
    assert.equal(b.scores[0].details?.raw, 'No comment.');
  } finally {
    await prose.close();
  }
});

test('identical items are computed once and keyed like the score cache (itemContentKey)', async () => {
  const cache = new MemoryCache();
  const dup = [items[0], { ...items[0], id: 'other-id' }, items[1]];
  const before = requestsSeenByJudge;
  const r = await scoreResumable(createRemoteScorer(spec, deps), dup, cache);
  assert.equal(requestsSeenByJudge - before, 2);
  assert.deepEqual(r.report, { cached: 1, computed: 2, failed: 0 });
  assert.equal(r.scores[0].value, r.scores[1].value);
  const sig = createRemoteScorer(spec, deps).signature();
  assert.ok(cache.getMany(sig, [itemContentKey(items[0])]).size === 1);
});

test('pairs and candidate lists resume too: a second run sends nothing, outcomes are restored exactly', async () => {
  const cache = new MemoryCache();
  const pj = createRemoteScorer(`judge:model=judge-1,url=${server.url}/v1,mode=pairwise`, deps) as PairwiseScorer;
  const pairs = [
    { prompt: 'P', a: 'long answer here', b: 'short' },
    { prompt: 'P', a: 'x', b: 'yy' },
    { prompt: 'Q', a: 'same', b: 'same' },
  ];
  const first = await comparePairsResumable(pj, pairs, cache);
  const before = server.stats.requests;
  const second = await comparePairsResumable(pj, pairs, cache);
  assert.equal(server.stats.requests, before);
  assert.deepEqual(second.report, { cached: 3, computed: 0, failed: 0 });
  assert.deepEqual(second.outcomes, first.outcomes);
  assert.deepEqual(second.outcomes.map((o) => [o.pA, o.first, o.second]), [
    [1, 'a', 'a'],
    [0, 'b', 'b'],
    [0.5, 'tie', 'tie'],
  ]);
  // swapping a and b is a different pair
  const swapped = await comparePairsResumable(pj, [{ prompt: 'P', a: 'short', b: 'long answer here' }], cache);
  assert.equal(swapped.report.computed, 1);
  assert.equal(swapped.outcomes[0].pA, 0);

  const lj = createRemoteScorer(`judge:model=judge-1,url=${server.url}/v1,mode=listwise`, deps) as ListwiseScorer;
  const lists = [{ prompt: 'L', candidates: ['bb', 'a', 'cccc'] }];
  const l1 = await rankListsResumable(lj, lists, cache);
  const l2 = await rankListsResumable(lj, lists, cache);
  assert.equal(l2.report.cached, 1);
  assert.deepEqual(l2.outcomes, l1.outcomes);
  assert.deepEqual(l2.outcomes[0].ranking, [2, 0, 1]);
});
