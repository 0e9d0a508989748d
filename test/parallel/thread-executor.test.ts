// --threads: shards scored on worker threads and merged in input order give the single-process result bit for bit —
// corpus scores from summed statistics, segment scores in input order, per-group scores and failure counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createScorer } from '../../src/scorers/registry.js';
import '../../src/scorers/builtin.js';
import { ScorerInputError, type Item, type Score, type Scorer } from '../../src/scorers/contract.js';
import { batched, scoreStream, type ScoreRunResult } from '../../src/scoring.js';
import { runsOnThreads, ThreadExecutor } from '../../src/parallel/thread-executor.js';
import { wmt21Rows } from '../helpers/wmt21-rows.js';

const items: Item[] = wmt21Rows(7000).map((r) => ({ id: r.id, output: r.output, references: [r.reference], meta: { system: r.system } }));

async function run(scorers: Scorer[], input: Item[], executor?: ThreadExecutor, shardSize = 500): Promise<{ result: ScoreRunResult; segments: Score[][]; ids: string[] }> {
  const segments: Score[][] = scorers.map(() => []);
  const ids: string[] = [];
  try {
    const result = await scoreStream(batched(input, shardSize), scorers, {
      executor,
      groupBy: 'system',
      onSegments: (batch, scores) => {
        for (const it of batch) ids.push(it.id);
        scores.forEach((s, k) => segments[k].push(...s));
      },
    });
    return { result, segments, ids };
  } finally {
    await executor?.close();
  }
}

test('bleu, chrf, chrf++ and ter on 2 threads: corpus per system, segments and their order equal the single-thread run bit for bit', async () => {
  const specs = ['bleu', 'chrf', 'chrf++', 'ter', 'bleu:tokenize=intl,lowercase=true'];
  const single = await run(specs.map((s) => createScorer(s)), items);
  const scorers = specs.map((s) => createScorer(s));
  const threaded = await run(scorers, items, new ThreadExecutor(scorers, { threads: 2, localBatches: 0, startAfterMs: 0 }));
  assert.equal(threaded.result.items, 7000);
  assert.deepEqual(threaded.ids, single.ids);
  // deepEqual on numbers is Object.is: every corpus value, statistics row sum and segment score identical to the bit
  assert.deepEqual(threaded.result, single.result);
  assert.deepEqual(threaded.segments, single.segments);
  assert.equal(single.result.runs[0].corpus.length, 6, 'one corpus score per system');
});

test('a scorer that cannot be rebuilt from its spec stays on the main thread and its scores still merge in order', async () => {
  let calls = 0;
  const local: Scorer = {
    id: 'len-parity',
    family: 'verifiable',
    mode: 'pointwise',
    needs: {},
    direction: 'higher',
    range: [0, Infinity],
    spec: () => 'len-parity',
    signature: () => 'len-parity|test',
    score: async (batch) => {
      calls++;
      // abstains on odd lengths, so the failure tally and per-group counts are exercised
      return batch.map((it) => ({ value: it.output.length % 2 ? null : it.output.length }));
    },
    corpusScore: async () => ({ value: null }),
  };
  assert.equal(runsOnThreads(local), false);
  assert.equal(runsOnThreads(createScorer('chrf')), true);
  const single = await run([createScorer('chrf'), local], items.slice(0, 3000));
  const callsSingle = calls;
  const scorers = [createScorer('chrf'), local];
  const exec = new ThreadExecutor(scorers, { threads: 2, localBatches: 1, startAfterMs: 0 });
  assert.equal(exec.threadedScorers, 1);
  const threaded = await run(scorers, items.slice(0, 3000), exec);
  assert.deepEqual(threaded.result, single.result);
  assert.deepEqual(threaded.segments, single.segments);
  assert.equal(calls, 2 * callsSingle, 'the local scorer saw every shard exactly once per run');
  assert.ok(single.result.runs[1].failures.abstained > 0);
});

test('a bad item scored on a thread fails the run with the error a single-thread run gives (item id and field)', async () => {
  const bad = items.slice(0, 2600).map((it) => ({ ...it }));
  bad[2345] = { ...bad[2345], references: undefined };
  const errOf = async (executor?: ThreadExecutor): Promise<ScorerInputError> => {
    const scorers = [createScorer('chrf')];
    try {
      await run(scorers, bad, executor && new ThreadExecutor(scorers, { threads: 2, localBatches: 0, startAfterMs: 0 }));
    } catch (e) {
      return e as ScorerInputError;
    }
    assert.fail('expected the run to fail');
  };
  const single = await errOf();
  const threaded = await errOf({} as ThreadExecutor);
  assert.ok(threaded instanceof ScorerInputError);
  assert.equal(threaded.message, single.message);
  assert.equal(threaded.itemId, 'r2346');
  assert.equal(threaded.field, single.field);
});
