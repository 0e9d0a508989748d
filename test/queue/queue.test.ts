// The queue end to end, multi-process on loopback: a real redis-server, three `trenchcoat worker` processes and a
// submitting `trenchcoat score --queue`, against the single-process run of the same command. Faults: a worker killed
// mid-job, Redis restarted mid-job, a poison shard, an idempotent resubmit.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { scratchDir } from '../helpers/cli.js';
import { startFakeServer, type FakeServer } from '../helpers/fake-servers.js';
import { kill, startCli, startRedis, startWorker, stopAll, type CliProcess, type RedisProcess } from '../helpers/processes.js';
import { wmt21Rows } from '../helpers/wmt21-rows.js';

let redis: RedisProcess;
let judge: FakeServer;
let workers: CliProcess[] = [];
const dir = scratchDir();

function writeRows(name: string, n: number, idPrefix: string): string {
  const file = path.join(dir, name);
  const rows = wmt21Rows(n).map((r, i) => ({ ...r, id: `${idPrefix}${i + 1}`, question: `Translate into the target language: ${r.reference.slice(0, 60)}` }));
  writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file;
}

async function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return startCli(args).done;
}

before(async () => {
  redis = await startRedis();
  judge = await startFakeServer();
  workers = await Promise.all([0, 1, 2].map(() => startWorker(redis.url)));
});

after(async () => {
  await stopAll();
  await judge?.close();
});

test('3 workers + 1 submitter on 20k rows with bleu, chrf and a judge: the single-process output byte for byte; a resubmit does no new work', async () => {
  const data = writeRows('20k.jsonl', 20000, 'r');
  const base = ['score', '--data', data, '--ref-field', 'reference', '--prompt-field', 'question', '-s', 'bleu', '-s', 'chrf', '-s', `judge:model=j,url=${judge.url}`, '--group-by', 'system', '--no-cache', '--json'];
  const single = await cli([...base, '--threads', '1', '--out', path.join(dir, 'single.jsonl')]);
  assert.equal(single.code, 0, single.stderr);
  const singleRequests = judge.stats.requests;
  assert.ok(singleRequests >= 20000);

  const queued = await cli([...base, '--queue', redis.url, '--shard-size', '1000', '--out', path.join(dir, 'queued.jsonl')]);
  assert.equal(queued.code, 0, queued.stderr);
  assert.equal(queued.stdout, single.stdout);
  assert.equal(readFileSync(path.join(dir, 'queued.jsonl'), 'utf8'), readFileSync(path.join(dir, 'single.jsonl'), 'utf8'));
  assert.match(queued.stderr, /queue: 20 shard\(s\) on redis:\/\/127\.0\.0\.1:\d+\/?, 0 reused/);
  const j = JSON.parse(queued.stdout);
  assert.equal(j.items, 20000);
  assert.equal(j.results[2].corpus.reduce((n: number, c: { n: number }) => n + c.n, 0), 20000);
  // the work was spread: every worker scored shards
  for (const w of workers) assert.match(w.stderr(), /shard \d+ done/);
  const queuedRequests = judge.stats.requests - singleRequests;
  assert.equal(queuedRequests, singleRequests, 'the workers asked the judge once per item, as the single process did');

  // the same command again (segment output, so shards carry items as before; a corpus-only run sends raw JSONL lines
  // instead, a different job)
  const again = await cli([...base, '--queue', redis.url, '--shard-size', '1000', '--out', path.join(dir, 'again.jsonl')]);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stdout, single.stdout);
  assert.equal(readFileSync(path.join(dir, 'again.jsonl'), 'utf8'), readFileSync(path.join(dir, 'single.jsonl'), 'utf8'));
  assert.match(again.stderr, /queue: 20 shard\(s\) on .*, 20 reused from an earlier run/);
  assert.equal(judge.stats.requests, singleRequests + queuedRequests, 'an idempotent resubmit sends no request');
});

test('corpus level: JSONL shards travel as their lines and the workers read them: the single-process output, and a bad row names the same FILE:LINE', async () => {
  const data = writeRows('lines.jsonl', 6000, 'l');
  const base = ['score', '--data', data, '--ref-field', 'reference', '-s', 'chrf', '-s', 'bleu', '--group-by', 'system', '--no-cache', '--json'];
  const single = await cli([...base, '--threads', '1']);
  assert.equal(single.code, 0, single.stderr);
  const queued = await cli([...base, '--queue', redis.url, '--shard-size', '500']);
  assert.equal(queued.code, 0, queued.stderr);
  assert.equal(queued.stdout, single.stdout);
  assert.match(queued.stderr, /queue: 12 shard\(s\)/);
  const again = await cli([...base, '--queue', redis.url, '--shard-size', '500']);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stdout, single.stdout);
  assert.match(again.stderr, /queue: 12 shard\(s\) on .*, 12 reused from an earlier run/);

  const lines = readFileSync(data, 'utf8').split('\n');
  lines[4321] = lines[4321].slice(0, 30);
  const bad = path.join(dir, 'lines-bad.jsonl');
  writeFileSync(bad, lines.join('\n'));
  const badArgs = base.map((a) => (a === data ? bad : a));
  const e1 = await cli([...badArgs, '--threads', '1']);
  const eq = await cli([...badArgs, '--queue', redis.url, '--shard-size', '500']);
  assert.equal(e1.code, 1);
  assert.equal(eq.code, 1, eq.stderr);
  assert.match(e1.stderr, /lines-bad\.jsonl:4322: invalid JSON/);
  assert.equal(eq.stderr.split('\n').find((l) => l.startsWith('error:')), e1.stderr.split('\n').find((l) => l.startsWith('error:')));
});

test('a worker SIGKILLed mid-shard: its shard goes to another worker, no row lost or counted twice', async () => {
  const data = writeRows('kill.jsonl', 8000, 'k');
  const base = ['score', '--data', data, '--ref-field', 'reference', '-s', 'chrf', '-s', 'ter', '--level', 'segment', '--no-cache', '--json'];
  const single = await cli([...base, '--threads', '1']);
  assert.equal(single.code, 0, single.stderr);
  const before = workers[0].stderr().length;
  const run = startCli([...base, '--queue', redis.url, '--shard-size', '250']);
  // once the victim has finished a shard of this run it has already taken its next one: kill it mid-shard
  await new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (/shard \d+ done/.test(workers[0].stderr().slice(before))) {
        clearInterval(check);
        resolve();
      }
    }, 20);
  });
  await kill(workers[0].child, 'SIGKILL');
  const queued = await run.done;
  assert.equal(queued.code, 0, queued.stderr);
  assert.equal(queued.stdout, single.stdout);
  const j = JSON.parse(queued.stdout);
  assert.equal(j.items, 8000);
  assert.deepEqual(j.results[0].segments.map((s: { id: string }) => s.id), Array.from({ length: 8000 }, (_, i) => `k${i + 1}`));
  workers[0] = await startWorker(redis.url);
});

test('Redis restarted mid-job (no persistence): the submitter resubmits the lost shards and finishes with the single-process output, or fails clearly', async (t) => {
  const data = writeRows('restart.jsonl', 6000, 'x');
  const base = ['score', '--data', data, '--ref-field', 'reference', '-s', 'bleu', '-s', 'chrf', '--group-by', 'system', '--no-cache', '--json'];
  const single = await cli([...base, '--threads', '1']);
  assert.equal(single.code, 0, single.stderr);
  const before = workers.map((w) => w.stderr().length);
  const run = startCli([...base, '--queue', redis.url, '--shard-size', '200']);
  await new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (workers.some((w, i) => /shard \d+ done/.test(w.stderr().slice(before[i])))) {
        clearInterval(check);
        resolve();
      }
    }, 20);
  });
  await redis.restart();
  const queued = await run.done;
  t.diagnostic(queued.code === 0 ? `resumed: ${queued.stderr.match(/queue: .*/)?.[0]}` : `failed: ${queued.stderr.trim()}`);
  if (queued.code === 0) {
    assert.equal(queued.stdout, single.stdout);
    assert.match(queued.stderr, /resubmitted after Redis lost them/);
  } else {
    // never a silent partial result: exit 1, no JSON, an error naming Redis
    assert.equal(queued.code, 1);
    assert.equal(queued.stdout, '');
    assert.match(queued.stderr, /^error: .*Redis/m);
  }
});
