// Scaling out without a queue: (1) one judge behind three model servers, each a fake with a 20 ms service time and 8
// slots (child processes, as in bench/remote.ts): the aggregate server limit is 3 · 8 / 20 ms = 1200 requests/s, and
// the pool should reach ≥ 90% of it; for scale, the same judge on one of those servers (limit 400/s) is shown too.
// Client concurrency is 16 per server (2× the slots, as bench/remote.ts explains: equal to the slots leaves each slot
// idle one round trip per request). (2) The shared score cache: getMany and putMany per item on a Redis server
// (started here on a free loopback port, stopped by pid) against the SQLite file cache, in batches of 64 (the chunk
// size of `withCache`) — the price of sharing hits between machines.
// Run alone: `npx tsx bench/pool.ts [repeats]`, or `npm run bench -- pool`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Item, Score } from '../src/scorers/contract.js';
import { createRemoteScorer } from '../src/scorers/model/index.js';
import type { HttpClient } from '../src/scorers/model/http/client.js';
import { openRedisScoreCache } from '../src/store/redis-cache.js';
import { openScoreCache } from '../src/store/sqlite-cache.js';
import { itemContentKey } from '../src/store/item-key.js';
import type { ScoreCache } from '../src/store/types.js';
import { startFakeServerProcess, type FakeServerProcess } from '../test/helpers/fake-servers.js';
import { startRedis } from '../test/helpers/local-redis.js';
import { bestTimeAsync, printRows, type BenchRow } from './harness.js';

const LATENCY_MS = 20;
const SLOTS = 8;
const SERVERS = 3;
const PER_SERVER_CONCURRENCY = 2 * SLOTS;

function makeItems(n: number, tag: string): Item[] {
  return Array.from({ length: n }, (_, i) => ({ id: `${tag}${i}`, prompt: `Question ${tag}${i}: what is ${i} + ${i}?`, output: `It is ${2 * i}.` }));
}

async function benchServers(repeats: number): Promise<BenchRow[]> {
  const servers: FakeServerProcess[] = [];
  const rows: BenchRow[] = [];
  try {
    for (let k = 0; k < SERVERS; k++) servers.push(await startFakeServerProcess({ latencyMs: LATENCY_MS, maxConcurrent: SLOTS }));
    const cases = [
      { task: `judge, 1 server × ${SLOTS} slots`, urls: servers.slice(0, 1).map((s) => s.url), items: 800 },
      { task: `judge, ${SERVERS} servers × ${SLOTS} slots`, urls: servers.map((s) => s.url), items: 2400 },
    ];
    for (const c of cases) {
      let round = 0;
      let spread = '';
      const { seconds } = await bestTimeAsync(async () => {
        const scorer = createRemoteScorer(`judge:model=m,url=${c.urls.map((u) => `${u}/v1`).join('|')},concurrency=${PER_SERVER_CONCURRENCY}`);
        const out = await scorer.score(makeItems(c.items, `${c.urls.length}-${round++}-`));
        if (out.some((s) => s.value === null)) throw new Error(`${c.task}: a request failed`);
        const pool = (scorer as unknown as { client: HttpClient }).client.pool!;
        spread = pool.snapshot().map((s) => s.sent).join('/');
      }, repeats);
      const limit = (c.urls.length * SLOTS * 1000) / LATENCY_MS;
      const share = c.items / limit / seconds;
      rows.push({
        task: c.task,
        items: c.items,
        ours: seconds,
        reference: c.items / limit,
        note: `aggregate limit ${limit} items/s; reached ${(share * 100).toFixed(1)}%${share >= 0.9 ? '' : ' (< 90%)'}; requests per server ${spread}`,
      });
    }
  } finally {
    for (const s of servers) await s.close();
  }
  printRows(`one judge over ${SERVERS} model servers (${LATENCY_MS} ms, ${SLOTS} slots each)`, 'server limit', rows);
  return rows;
}

const N = 20_000;
const BATCH = 64;
const SIGNATURE = 'Judge|model:bench|version:bench';

async function getPut(cache: ScoreCache, keys: string[], scores: Score[]): Promise<void> {
  for (let s = 0; s < keys.length; s += BATCH) {
    const batch = keys.slice(s, s + BATCH);
    await cache.putMany(
      SIGNATURE,
      batch.map((k, j) => [k, scores[s + j]] as const),
    );
  }
}

async function getAll(cache: ScoreCache, keys: string[]): Promise<number> {
  let found = 0;
  for (let s = 0; s < keys.length; s += BATCH) found += (await cache.getMany(SIGNATURE, keys.slice(s, s + BATCH))).size;
  return found;
}

async function benchCacheBackends(repeats: number): Promise<BenchRow[]> {
  const redis = await startRedis();
  const dir = mkdtempSync(path.join(tmpdir(), 'tc-bench-pool-'));
  const sqlite = openScoreCache(path.join(dir, 'cache.sqlite'));
  const shared = await openRedisScoreCache(redis.url);
  const rows: BenchRow[] = [];
  try {
    const items = makeItems(N, 'cache-');
    const scores: Score[] = items.map((_, i) => ({ value: i / 7, details: { method: 'logprobs', mass: 0.9 } }));
    for (const op of ['put', 'get'] as const) {
      const time = async (cache: ScoreCache) => {
        let round = 0;
        return (
          await bestTimeAsync(async () => {
            // fresh keys for every put round (a put of an existing key is a no-op); gets read the round-0 keys
            const keys = items.map((it) => itemContentKey({ ...it, output: `${it.output}#${op === 'put' ? round++ : 0}` }));
            if (op === 'put') await getPut(cache, keys, scores);
            else if ((await getAll(cache, keys)) !== N) throw new Error('cache lost entries');
          }, repeats)
        ).seconds;
      };
      if (op === 'get') {
        // make round-0 keys present in both
        const keys = items.map((it) => itemContentKey({ ...it, output: `${it.output}#0` }));
        await getPut(sqlite, keys, scores);
        await getPut(shared, keys, scores);
      }
      const ours = await time(shared);
      const reference = await time(sqlite);
      rows.push({
        task: `${op}Many ×${BATCH}: Redis vs SQLite`,
        items: N,
        ours,
        reference,
        note: `${((ours / N) * 1e6).toFixed(1)} µs/item on Redis, ${((reference / N) * 1e6).toFixed(1)} µs/item on SQLite`,
      });
    }
  } finally {
    shared.close();
    sqlite.close();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  printRows('shared score cache: Redis (loopback) vs the SQLite file', 'sqlite', rows);
  return rows;
}

export async function benchPool(repeats: number): Promise<BenchRow[]> {
  return [...(await benchServers(repeats)), ...(await benchCacheBackends(repeats))];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchPool(Number(process.argv[2] ?? 3));
}
