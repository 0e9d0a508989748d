// meta-eval's scoring step on the queue, as library calls (submitter and worker in this process, on a redis-server of
// their own): a poison shard — one that fails on every attempt — fails the meta-evaluation naming its shard and rows
// (meta-eval's item ids: `list:candidate` here); bad input found on a worker is the error a local run raises.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Scorer } from '../../src/scorers/contract.js';
import type { CandidateList } from '../../src/judgments/types.js';
import { metaEvaluate } from '../../src/metaeval/run.js';
import { MetaEvalInputError } from '../../src/metaeval/matrices.js';
import { openQueueSubmitter, ShardFailedError, type QueueSubmitter } from '../../src/queue/submit.js';
import { startScoringWorker, type ScoringWorker } from '../../src/queue/worker.js';
import { registerPoisonScorer } from '../helpers/poison-scorer.js';
import { startRedis, stopAll, type RedisProcess } from '../helpers/processes.js';

const poison = registerPoisonScorer('poison-meta-test');

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

/** 10 lists l1…l10 of 20 candidates (200 items, 4 shards of 50); candidate 5 of list l6 (item 105, shard 2) is `bad`. */
function lists(bad: string): CandidateList[] {
  return Array.from({ length: 10 }, (_, l) => ({
    id: `l${l + 1}`,
    prompt: `prompt ${l + 1}`,
    candidates: Array.from({ length: 20 }, (_, c) => (l === 5 && c === 5 ? bad : `candidate ${'x'.repeat(c)}`)),
    correct: Array.from({ length: 20 }, (_, c) => c === 19),
  }));
}

async function run(bad: string, queue: boolean, attempts = 3): Promise<unknown> {
  const opened: QueueSubmitter[] = [];
  try {
    return await metaEvaluate(
      { judgments: [{ kind: 'candidates', lists: lists(bad) }] },
      {
        scorers: ['poison-meta-test'],
        scoring: {
          batchSize: 50,
          executorFor: queue
            ? async (scorers: readonly Scorer[]) => {
                const s = await openQueueSubmitter(redis.url, scorers, { attempts });
                opened.push(s);
                return s;
              }
            : undefined,
        },
      },
    );
  } catch (err) {
    return err;
  } finally {
    for (const s of opened) await s.close();
  }
}

test('without a poison row, the queued meta-evaluation is the local one', async () => {
  const local = await run('fine', false);
  const queued = await run('fine', true);
  assert.equal(JSON.stringify(queued), JSON.stringify(local));
  assert.equal((local as { tables: { rows: { value: number }[] }[] }).tables[0].rows[0].value, 1, 'the longest candidate is the correct one in every list');
});

test('a shard that fails every attempt fails meta-eval naming the shard and its rows (list:candidate), after all attempts', async () => {
  poison.resetAttempts();
  const err = await run('POISON', true, 2);
  assert.ok(err instanceof ShardFailedError, String(err));
  assert.equal(err.shard, 2);
  assert.equal(err.firstId, 'l6:0');
  assert.equal(err.lastId, 'l8:9');
  assert.match(err.message, /^shard 2 \(items l6:0 … l8:9 \(50 rows\)\) failed on the queue after its attempts: the scorer crashed on this row$/);
  assert.equal(poison.attempts(), 2, 'retried up to the attempts asked for');
});

test('bad input found on a worker fails at once with the MetaEvalInputError of a local run', async () => {
  const local = await run('BAD', false);
  const queued = await run('BAD', true);
  assert.ok(local instanceof MetaEvalInputError, String(local));
  assert.ok(queued instanceof MetaEvalInputError, String(queued));
  assert.equal(queued.message, local.message);
  assert.equal(local.message, 'poison-meta-test: item l6:5 is bad');
});
