// The Redis score cache against a real redis-server on a free loopback port (stopped by pid): exact round trips,
// first-write-wins, stats and clear; then the CLI — a second run all hits with identical output, a second process
// (another machine's home) sharing the hits, Redis down at start and killed mid-run (clear errors, exit 1), a bad URL
// (usage error) and `trenchcoat cache stats|clear` on Redis.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Score } from '../../src/scorers/contract.js';
import { decodeScore, encodeScore, openRedisScoreCache, parseRedisCacheUrl, redactRedisUrl, CacheUnavailableError, type RedisScoreCache } from '../../src/store/redis-cache.js';
import { isRedisCacheUrl, runStorePathFor } from '../../src/store/open-cache.js';
import { withCache } from '../../src/store/cached-scorer.js';
import { createRemoteScorer } from '../../src/scorers/model/index.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { startFakeServer, fakeReward, type FakeServer } from '../helpers/fake-servers.js';
import { startRedis, unusedPort, type LocalRedis } from '../helpers/local-redis.js';

const MAIN = path.join(REPO_ROOT, 'src/cli/main.ts');

let redis: LocalRedis;
let server: FakeServer;
const opened: RedisScoreCache[] = [];
before(async () => {
  redis = await startRedis();
  server = await startFakeServer();
});
after(async () => {
  for (const c of opened) c.close();
  await server?.close();
  await redis?.stop();
});

async function open(db: number): Promise<RedisScoreCache> {
  const c = await openRedisScoreCache(`${redis.url}/${db}`);
  opened.push(c);
  return c;
}

function cli(args: string[], env: Record<string, string> = {}, onSpawn?: (pid: number) => void): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, NO_COLOR: '1', TRENCHCOAT_HOME: mkdtempSync(path.join(tmpdir(), 'tc-redis-home-')), ...env },
    });
    onSpawn?.(p.pid!);
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

function dataFile(n: number, tag: string): { file: string; rows: { id: string; prompt: string; output: string }[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'tc-redis-data-'));
  const rows = Array.from({ length: n }, (_, i) => ({ id: `r${i}`, prompt: `${tag} question ${i % 7}`, output: `answer ${i}` }));
  const file = path.join(dir, 'rm.jsonl');
  writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return { file, rows };
}

test('scores round-trip exactly: -0, ±Infinity, prob, details; NaN is refused', () => {
  const cases: Score[] = [
    { value: 0.1 + 0.2 },
    { value: -0 },
    { value: Infinity },
    { value: -Infinity, prob: 5e-324 },
    { value: null, details: { parsed: null, raw: 'no idea', nested: { a: [1, 2.5] } } },
    { value: 1.7976931348623157e308, prob: -0, details: { method: 'logprobs' } },
  ];
  for (const s of cases) {
    const back = decodeScore(encodeScore(s, 'k'), 'k');
    assert.deepEqual(back, s);
    assert.ok(Object.is(back.value, s.value));
    if (s.prob !== undefined) assert.ok(Object.is(back.prob, s.prob));
  }
  assert.throws(() => encodeScore({ value: NaN }, 'key-1'), /cannot cache score value NaN for key key-1/);
  assert.throws(() => encodeScore({ value: 1, prob: NaN }, 'key-2'), /cannot cache prob NaN/);
});

test('Redis URLs: parts, database, redaction, what is and is not a Redis location', () => {
  assert.deepEqual(parseRedisCacheUrl('redis://10.0.0.5:6380/3'), { host: '10.0.0.5', port: 6380, db: 3, tls: false });
  assert.deepEqual(parseRedisCacheUrl('rediss://cache.example'), { host: 'cache.example', port: 6379, db: 0, tls: true });
  assert.throws(() => parseRedisCacheUrl('redis://h:1/x'), /database after the \/ must be a number/);
  assert.equal(redactRedisUrl('redis://:s3cret@h:1/2'), 'redis://:***@h:1/2');
  assert.equal(isRedisCacheUrl('redis://h:1'), true);
  assert.equal(isRedisCacheUrl('./redis.sqlite'), false);
  assert.equal(runStorePathFor('/tmp/x.sqlite'), '/tmp/x.sqlite');
  assert.notEqual(runStorePathFor('redis://h:1'), 'redis://h:1');
});

test('getMany / putMany: first write wins, counters, per-signature stats, clear one signature or all, databases apart', async () => {
  const c = await open(1);
  assert.deepEqual([...(await c.getMany('SigA', ['k1', 'k2']))], []);
  await c.putMany('SigA', [
    ['k1', { value: 1 }],
    ['k2', { value: 2, details: { why: 'x' } }],
  ]);
  await c.putMany('SigA', [
    ['k1', { value: 100 }],
    ['k3', { value: 3 }],
  ]); // k1 keeps its first score
  await c.putMany('SigB', [['k1', { value: -1 }]]);
  const got = await c.getMany('SigA', ['k3', 'missing', 'k1', 'k2']);
  assert.deepEqual([...got.entries()], [
    ['k3', { value: 3 }],
    ['k1', { value: 1 }],
    ['k2', { value: 2, details: { why: 'x' } }],
  ]);
  const st = await c.stats();
  assert.deepEqual({ ...st }, { path: `${redis.url}/1`, entries: 4, signatures: 2, hits: 3, misses: 3, writes: 4 });
  assert.deepEqual(await c.signatureStats(), [
    { signature: 'SigA', entries: 3 },
    { signature: 'SigB', entries: 1 },
  ]);
  const other = await open(2);
  assert.equal((await other.getMany('SigA', ['k1'])).size, 0, 'database 2 is another cache');
  assert.equal(await c.clear('SigB'), 1);
  assert.equal((await c.getMany('SigB', ['k1'])).size, 0);
  assert.equal(await c.clear(), 3);
  assert.equal((await c.stats()).entries, 0);
});

test('large lookups go in chunks and keep key order', async () => {
  const c = await open(3);
  const keys = Array.from({ length: 10_000 }, (_, i) => `key-${i}`);
  await c.putMany('Big', keys.filter((_, i) => i % 3 === 0).map((k, j) => [k, { value: j }] as const));
  const got = await c.getMany('Big', keys);
  assert.equal(got.size, Math.ceil(10_000 / 3));
  assert.deepEqual(got.get('key-9'), { value: 3 });
  assert.deepEqual(got.get('key-9999'), { value: 3333 });
  assert.equal(got.has('key-1'), false);
});

test('withCache over Redis: a second scorer (another process would do the same) answers from the first one\'s writes', async () => {
  const c1 = await open(4);
  const c2 = await open(4);
  const spec = `rm:model=fake-rm,url=${server.url},api=openrlhf`;
  const items = Array.from({ length: 20 }, (_, i) => ({ id: `x${i}`, prompt: 'p', output: `out ${i}` }));
  const before = server.stats.requests;
  const a = await withCache(createRemoteScorer(spec, {}), c1).score(items);
  const sent = server.stats.requests - before;
  assert.ok(sent > 0);
  const b = await withCache(createRemoteScorer(spec, {}), c2).score(items);
  assert.equal(server.stats.requests - before, sent, 'no request for the second scorer');
  assert.deepEqual(b, a);
  assert.equal(a[5].value, fakeReward('p' + 'out 5'));
});

test('CLI: --cache redis:// — second run all hits with byte-identical output; another home (machine) shares the hits', async () => {
  const { file, rows } = dataFile(30, 'cli');
  const url = `${redis.url}/5`;
  const args = ['score', '--data', file, '-s', `rm:model=fake-rm,url=${server.url},api=openrlhf`, '--level', 'segment', '--cache', url, '--json'];
  const before = server.stats.requests;
  const first = await cli(args);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stderr, new RegExp(`cache: 0 hits, 30 computed \\(${url.replace(/[/.]/g, '\\$&')}\\)`));
  const j = JSON.parse(first.stdout);
  assert.equal(j.results[0].segments[4].value, fakeReward(rows[4].prompt + rows[4].output));
  const afterFirst = server.stats.requests;
  assert.ok(afterFirst > before);
  const second = await cli(args);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stderr, /cache: 30 hits, 0 computed/);
  assert.equal(second.stdout, first.stdout);
  // another process with its own home, as on another machine: same hits
  const third = await cli(args, { TRENCHCOAT_HOME: mkdtempSync(path.join(tmpdir(), 'tc-redis-other-')) });
  assert.equal(third.code, 0, third.stderr);
  assert.match(third.stderr, /cache: 30 hits, 0 computed/);
  assert.equal(third.stdout, first.stdout);
  assert.equal(server.stats.requests, afterFirst, 'cached reruns send no request');

  const stats = await cli(['cache', 'stats', '--cache', url, '--json']);
  assert.equal(stats.code, 0, stats.stderr);
  const s = JSON.parse(stats.stdout);
  assert.equal(s.entries, 30);
  assert.equal(s.signatures.length, 1);
  assert.match(s.signatures[0].signature, /^RM\|model:fake-rm\|/);
  const cleared = await cli(['cache', 'clear', '--cache', url, '--json']);
  assert.equal(cleared.code, 0, cleared.stderr);
  assert.deepEqual(JSON.parse(cleared.stdout), { path: url, deleted: 30 });
  const again = await cli(args);
  assert.match(again.stderr, /cache: 0 hits, 30 computed/);
});

test('CLI: Redis down at start → exit 1 naming the cache, no request sent; a malformed URL is a usage error', async () => {
  const { file } = dataFile(5, 'down');
  const port = await unusedPort();
  const before = server.stats.requests;
  const r = await cli(['score', '--data', file, '-s', `rm:model=fake-rm,url=${server.url},api=openrlhf`, '--cache', `redis://127.0.0.1:${port}`, '--json']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, new RegExp(`^error: cannot reach the Redis score cache at redis://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`, 'm'));
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  assert.equal(r.stdout, '');
  assert.equal(server.stats.requests, before);
  const bad = await cli(['score', '--data', file, '-s', `rm:model=fake-rm,url=${server.url},api=openrlhf`, '--cache', 'redis://127.0.0.1:1/zero']);
  assert.equal(bad.code, 2, bad.stderr);
  assert.match(bad.stderr, /the database after the \/ must be a number/);
});

test('CLI: Redis killed mid-run → the command fails with exit 1 naming the cache, never a silent partial result', async () => {
  const own = await startRedis();
  const slow = await startFakeServer({
    latencyMs: 15,
    faults: () => {
      // once the first chunk is being computed, Redis dies
      if (slow.stats.requests === 70) void own.stop();
      return undefined;
    },
  });
  try {
    const { file } = dataFile(300, 'killed');
    const r = await cli(['score', '--data', file, '-s', `rm:model=fake-rm,url=${slow.url},api=openrlhf,batch-size=1,concurrency=4`, '--level', 'segment', '--cache', own.url, '--json']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`error: Redis score cache at redis://127\\.0\\.0\\.1:${own.port} failed \\((read|write)\\)`));
    assert.equal(r.stdout, '', 'no result printed');
  } finally {
    await slow.close();
    await own.stop();
  }
});

test('opening a cache on a dead port throws CacheUnavailableError at once', async () => {
  const port = await unusedPort();
  await assert.rejects(openRedisScoreCache(`redis://127.0.0.1:${port}/0`), (e) => e instanceof CacheUnavailableError && /cannot reach/.test(e.message));
});

test('a password-protected Redis: from TRENCHCOAT_REDIS_PASSWORD or the URL; a wrong one is a clear error; summaries never show it', async () => {
  const locked = await startRedis(undefined, ['--requirepass', 'pw-123']);
  try {
    const saved = process.env.TRENCHCOAT_REDIS_PASSWORD;
    try {
      process.env.TRENCHCOAT_REDIS_PASSWORD = 'pw-123';
      const c = await openRedisScoreCache(locked.url);
      await c.putMany('S', [['k', { value: 1 }]]);
      assert.deepEqual([...(await c.getMany('S', ['k']))], [['k', { value: 1 }]]);
      c.close();
      delete process.env.TRENCHCOAT_REDIS_PASSWORD;
      const viaUrl = await openRedisScoreCache(`redis://:pw-123@127.0.0.1:${locked.port}`);
      assert.equal(viaUrl.path, `redis://:***@127.0.0.1:${locked.port}`);
      assert.equal((await viaUrl.getMany('S', ['k'])).size, 1);
      viaUrl.close();
      await assert.rejects(openRedisScoreCache(`redis://:wrong@127.0.0.1:${locked.port}`), (e) => e instanceof CacheUnavailableError && /WRONGPASS|invalid password/i.test(e.message) && !e.message.includes('wrong@'));
    } finally {
      if (saved === undefined) delete process.env.TRENCHCOAT_REDIS_PASSWORD;
      else process.env.TRENCHCOAT_REDIS_PASSWORD = saved;
    }
    const { file } = dataFile(3, 'locked');
    const r = await cli(['score', '--data', file, '-s', `rm:model=fake-rm,url=${server.url},api=openrlhf`, '--cache', `redis://:pw-123@127.0.0.1:${locked.port}/0`]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`cache: 0 hits, 3 computed \\(redis://:\\*\\*\\*@127\\.0\\.0\\.1:${locked.port}/0\\)`));
    assert.doesNotMatch(r.stderr, /pw-123/);
  } finally {
    await locked.stop();
  }
});
