// A poison shard — one that fails on every attempt — fails the run with its shard and rows named; bad input found on a
// worker comes back as the typed error a single-process run raises. Submitter and worker in this process (library
// calls), on a redis-server of their own.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ScorerInputError, type Item } from '../../src/scorers/contract.js';
import { batched, scoreStream } from '../../src/scoring.js';
import { openQueueSubmitter, ShardFailedError } from '../../src/queue/submit.js';
import { startScoringWorker, type ScoringWorker } from '../../src/queue/worker.js';
import { registerPoisonScorer } from '../helpers/poison-scorer.js';
import { startRedis, stopAll, type RedisProcess } from '../helpers/processes.js';

const poison = registerPoisonScorer('poison-test');

let redis: RedisProcess;
let worker: ScoringWorker;
before(async () => {
  redis = await startRedis();
  worker = await startScoringWorker(redis.url, { lockDuration: 4000, stalledInterval: 1000 });
});
after(async () => {
  await worker?.close();
  await stopAll();
});

const rows = (bad: number, output: string): Item[] => Array.from({ length: 1000 }, (_, i) => ({ id: `p${i + 1}`, output: i + 1 === bad ? output : `row ${i + 1}` }));

test('a shard that fails every attempt fails the run naming the shard and its rows, after all attempts', async () => {
  const scorers = [poison.create()];
  const submitter = await openQueueSubmitter(redis.url, scorers, { attempts: 2 });
  try {
    await assert.rejects(scoreStream(batched(rows(457, 'POISON'), 200), scorers, { executor: submitter }), (err: unknown) => {
      assert.ok(err instanceof ShardFailedError);
      assert.equal(err.shard, 2);
      assert.equal(err.firstId, 'p401');
      assert.equal(err.lastId, 'p600');
      assert.match(err.message, /^shard 2 \(items p401 … p600 \(200 rows\)\) failed on the queue after its attempts: the scorer crashed on this row$/);
      return true;
    });
  } finally {
    await submitter.close();
  }
  assert.equal(poison.attempts(), 2, 'retried up to the attempts asked for');
});

test('bad input found on a worker fails at once (no retries) with the ScorerInputError of a local run', async () => {
  const scorers = [poison.create()];
  const local = await scoreStream(batched(rows(733, 'BAD'), 200), scorers).catch((e: unknown) => e as ScorerInputError);
  const submitter = await openQueueSubmitter(redis.url, scorers);
  try {
    const queued = await scoreStream(batched(rows(733, 'BAD'), 200), scorers, { executor: submitter }).catch((e: unknown) => e as ScorerInputError);
    assert.ok(queued instanceof ScorerInputError);
    assert.ok(local instanceof ScorerInputError);
    assert.equal(queued.message, local.message);
    assert.equal(queued.itemId, 'p733');
    assert.equal(queued.field, 'output');
  } finally {
    await submitter.close();
  }
});
