// meta-eval's scoring step on the queue and on threads, multi-process on loopback: a real redis-server, two
// `trenchcoat worker` processes and `meta-eval --queue`, against the single-process `meta-eval` of the same command,
// for the three shapes that score items — ratings cells (segment and system level, where BLEU/chrF/TER system scores
// come from merged statistics rows), both sides of preference pairs, and the candidates of best-of-k lists — each with
// a judge on a fake OpenAI-compatible server beside the lexical metrics. The --json output is compared byte for byte.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, scratchDir, writeJsonl } from '../helpers/cli.js';
import { startFakeServer, type FakeServer } from '../helpers/fake-servers.js';
import { freePort, startCli, startRedis, startWorker, stopAll, type CliProcess, type RedisProcess } from '../helpers/processes.js';

let redis: RedisProcess;
let judge: FakeServer;
let workers: CliProcess[] = [];
const dir = scratchDir();

interface TedRow {
  seg_id: number;
  system: string;
  source: string;
  output: string;
  reference: string;
  mqm: number;
}
const TED = path.join(REPO_ROOT, 'examples/mqm-ted-ende/ted-ende.jsonl');
const tedRows = (): TedRow[] =>
  readFileSync(TED, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as TedRow);

/** Per segment, the outputs ordered best MQM first (ties by system name, so the files are deterministic). */
function bySegment(): TedRow[][] {
  const segs = new Map<number, TedRow[]>();
  for (const r of tedRows()) segs.set(r.seg_id, [...(segs.get(r.seg_id) ?? []), r]);
  return [...segs.values()].map((rs) => rs.sort((a, b) => b.mqm - a.mqm || a.system.localeCompare(b.system)));
}

async function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return startCli(args, env).done;
}

before(async () => {
  redis = await startRedis();
  judge = await startFakeServer();
  workers = await Promise.all([0, 1].map(() => startWorker(redis.url)));
});

after(async () => {
  await stopAll();
  await judge?.close();
});

/**
 * The single-process run, the queued run (2 workers, 100-item shards), the threaded run (2 threads from the first
 * shard on): the same bytes on stdout. Returns the single-process stdout.
 */
async function sameEverywhere(args: string[], shards: number): Promise<string> {
  const single = await cli([...args, '--threads', '1']);
  assert.equal(single.code, 0, single.stderr);
  assert.ok(JSON.parse(single.stdout).tables.length > 0);
  const requests = judge.stats.requests;
  const seen = workers.map((w) => w.stderr().length);
  const queued = await cli([...args, '--queue', redis.url, '--shard-size', '100']);
  assert.equal(queued.code, 0, queued.stderr);
  assert.equal(queued.stdout, single.stdout);
  assert.match(queued.stderr, new RegExp(`queue: ${shards} shard\\(s\\) on redis://127\\.0\\.0\\.1:\\d+/?, 0 reused`));
  // both workers took shards of this run, and they (not the submitter) asked the judge, once per item as before
  workers.forEach((w, i) => assert.match(w.stderr().slice(seen[i]), /shard \d+ done/));
  const queuedRequests = judge.stats.requests - requests;
  if (args.some((a) => a.startsWith('judge:'))) assert.ok(queuedRequests > 0);
  const threaded = await cli([...args, '--threads', '2', '--shard-size', '100'], { TRENCHCOAT_THREADS_AFTER_MS: '0' });
  assert.equal(threaded.code, 0, threaded.stderr);
  assert.equal(threaded.stdout, single.stdout);
  assert.equal(judge.stats.requests - requests, 2 * queuedRequests, 'the threaded run asked the judge as often as the queued one');
  return single.stdout;
}

const RATINGS = ['meta-eval', '-j', TED, '--value-field', 'mqm', '--item-field', 'seg_id', '--output-field', 'output', '--ref-field', 'reference', '--source-field', 'source', '--no-cache', '--json'];

test('ratings cells, segment level (bleu, chrf, ter and a judge on 960 cells): queued and threaded runs print the single-process JSON; a resubmit does no new work', async () => {
  const args = [...RATINGS, '-s', 'bleu', '-s', 'chrf', '-s', 'ter', '-s', `judge:model=j,url=${judge.url}`, '-m', 'pearson,kendall,acc23-tc', '--bootstrap', '50', '--perm', '20'];
  const single = await sameEverywhere(args, 10);
  const requests = judge.stats.requests;
  const again = await cli([...args, '--queue', redis.url, '--shard-size', '100']);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stdout, single);
  assert.match(again.stderr, /queue: 10 shard\(s\) on .*, 10 reused from an earlier run/);
  assert.equal(judge.stats.requests, requests, 'an idempotent resubmit sends no request');
});

test('ratings cells, system level: corpus BLEU/chrF/TER per system from statistics rows merged off the queue', async () => {
  const args = [...RATINGS, '-s', 'bleu', '-s', 'chrf', '-s', 'ter', '-s', 'length', '--level', 'sys', '--bootstrap', '50', '--sys-items', 'all'];
  await sameEverywhere(args, 10);
});

test('ratings as preference pairs (cells scored once, pairs read off the matrix)', async () => {
  await sameEverywhere([...RATINGS, '-s', 'chrf', '-s', 'bleu:eff=true', '--as-preferences', 'margin=0,ties=keep', '--bootstrap', '20'], 10);
});

test('preference pairs: both sides of 120 RewardBench-format pairs (240 items) scored on the queue', async () => {
  const pairs = bySegment().map((rs, k) => ({ id: k + 1, prompt: rs[0].source, chosen: rs[0].output, rejected: rs[rs.length - 1].output, chosen_model: rs[0].system, rejected_model: rs[rs.length - 1].system, subset: k % 2 ? 'odd' : 'even' }));
  const file = writeJsonl(dir, 'pairs.jsonl', pairs);
  await sameEverywhere(['meta-eval', '-j', file, '-s', 'length', '-s', `judge:model=j,url=${judge.url}`, '--bootstrap', '20', '--no-cache', '--json'], 3);
});

test('candidate lists: 120 RewardBench 2-format lists of 8 (960 candidates) scored on the queue', async () => {
  const lists = bySegment().map((rs, k) => ({ id: String(k + 1), prompt: rs[0].source, chosen: [rs[0].output], rejected: rs.slice(1).map((r) => r.output), num_correct: 1, num_incorrect: rs.length - 1, total_completions: rs.length, models: rs.map((r) => r.system), subset: 'mqm-best' }));
  const file = writeJsonl(dir, 'lists.jsonl', lists);
  await sameEverywhere(['meta-eval', '-j', file, '-s', 'length', '-s', `judge:model=j,url=${judge.url}`, '--bootstrap', '20', '--no-cache', '--json'], 10);
});

test('only precomputed scores (column:NAME): nothing is queued, Redis is not contacted, stderr says so, the local result', async () => {
  const rows = tedRows().map((r) => ({ ...r, len: r.output.length }));
  const file = writeJsonl(dir, 'with-column.jsonl', rows);
  const args = ['meta-eval', '-j', file, '--value-field', 'mqm', '--item-field', 'seg_id', '-s', 'column:len', '--no-cache', '--json'];
  const local = await cli(args);
  assert.equal(local.code, 0, local.stderr);
  // a port nothing listens on: contacting it would fail the run
  const nobody = `redis://127.0.0.1:${await freePort()}`;
  const queued = await cli([...args, '--queue', nobody]);
  assert.equal(queued.code, 0, queued.stderr);
  assert.equal(queued.stdout, local.stdout);
  assert.match(queued.stderr, /^queue: nothing to score on the queue \(precomputed scores, recorded judges and pairwise judges are read or run on this process\); Redis was not contacted$/m);
  // without --queue, no such line
  assert.doesNotMatch(local.stderr, /queue:/);
});

test('--queue and --threads together, or a malformed --queue URL: usage errors (exit 2) before any input is read', async () => {
  const both = await cli(['meta-eval', '-j', path.join(dir, 'does-not-exist.jsonl'), '-s', 'chrf', '--queue', redis.url, '--threads', '2']);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /^error: --threads and --queue cannot be combined/m);
  const bad = await cli(['meta-eval', '-j', path.join(dir, 'does-not-exist.jsonl'), '-s', 'chrf', '--queue', 'http://127.0.0.1:1']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^error: --queue: "http:\/\/127\.0\.0\.1:1" is not a redis:\/\/ URL$/m);
});

test('a Redis nobody listens on, with scorers to queue: exit 1 naming Redis, no JSON', async () => {
  const nobody = `redis://127.0.0.1:${await freePort()}`;
  const r = await cli([...RATINGS, '-s', 'chrf', '--queue', nobody]);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^error: cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+\/? \(is redis-server running there\?\)/m);
});
