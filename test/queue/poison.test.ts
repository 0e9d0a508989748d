// A poison shard — one that fails on every attempt — fails the run with its shard and rows named; bad input found on a
// worker comes back as the typed error a single-process run raises. Submitter and worker in this process (library
// calls), on a redis-server of their own.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { registerScorer } from '../../src/scorers/registry.js';
import { BasePointwiseScorer, ScorerInputError, type Item, type Score } from '../../src/scorers/contract.js';
import { batched, scoreStream } from '../../src/scoring.js';
import { openQueueSubmitter, ShardFailedError } from '../../src/queue/submit.js';
import { startScoringWorker, type ScoringWorker } from '../../src/queue/worker.js';
import { startRedis, stopAll, type RedisProcess } from '../helpers/processes.js';

let attemptsSeen = 0;
class PoisonTestScorer extends BasePointwiseScorer {
  readonly id = 'poison-test';
  readonly family = 'verifiable' as const;
  readonly needs = {};
  readonly direction = 'higher' as const;
  readonly range = [0, Infinity] as const;
  spec(): string {
    return 'poison-test';
  }
  signature(): string {
    return 'poison-test|version:test';
  }
  protected scoreOne(item: Item): Score {
    if (item.output === 'POISON') {
      attemptsSeen++;
      throw new Error('the scorer crashed on this row');
    }
    if (item.output === 'BAD') throw new ScorerInputError(`poison-test: item ${item.id} is bad`, item.id, 'output');
    return { value: item.output.length };
  }
}
registerScorer({ name: 'poison-test', summary: 'test only', create: () => new PoisonTestScorer() });

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
  const scorers = [new PoisonTestScorer()];
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
  assert.equal(attemptsSeen, 2, 'retried up to the attempts asked for');
});

test('bad input found on a worker fails at once (no retries) with the ScorerInputError of a local run', async () => {
  const scorers = [new PoisonTestScorer()];
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
