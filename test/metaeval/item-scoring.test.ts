// scoreItems, meta-eval's scoring step: on worker threads it returns exactly the values and statistics rows of this
// thread (the merge is scoreStream's); precomputed scorers never leave this thread; bad input names its scorer the
// same way wherever it was found.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import '../../src/scorers/builtin.js';
import { createScorer } from '../../src/scorers/registry.js';
import type { Item, Scorer, StatisticsScorer } from '../../src/scorers/contract.js';
import { scoreItems } from '../../src/metaeval/item-scoring.js';
import { MetaEvalInputError } from '../../src/metaeval/matrices.js';
import { ThreadExecutor } from '../../src/parallel/thread-executor.js';
import { wmt21Rows } from '../helpers/wmt21-rows.js';

function items(n: number): Item[] {
  return wmt21Rows(n).map((r, i) => ({ id: `i${i + 1}`, output: r.output, references: [r.reference], meta: { score: i % 7 === 3 ? null : i / 8 } }));
}

async function onThreads(its: Item[], scorers: Scorer[], batchSize: number) {
  const opened: ThreadExecutor[] = [];
  try {
    const r = await scoreItems(its, scorers, {
      batchSize,
      executorFor: async (s) => {
        const e = new ThreadExecutor(s, { threads: 2, startAfterMs: 0, localBatches: 0 });
        opened.push(e);
        return e;
      },
    });
    return { r, scorers: opened.map((e) => e.threadedScorers) };
  } finally {
    for (const e of opened) await e.close();
  }
}

test('on 2 threads: the values and statistics rows of a single-thread run, bit for bit', async () => {
  const its = items(1500);
  const scorers = ['bleu', 'chrf++', 'ter', 'length', 'column:score'].map((s) => createScorer(s));
  const local = await scoreItems(its, scorers, { batchSize: 200 });
  const { r: threaded, scorers: threadedScorers } = await onThreads(its, scorers, 200);
  // one executor, for the four scorers that score (column:score is read here), all four movable to threads
  assert.deepEqual(threadedScorers, [4]);
  scorers.forEach((s, k) => {
    assert.deepEqual(Buffer.from(threaded.values[k].buffer), Buffer.from(local.values[k].buffer), s.spec());
    const a = threaded.statistics[k];
    const b = local.statistics[k];
    assert.equal(a === undefined, b === undefined);
    if (a && b) assert.deepEqual(Buffer.from(a.buffer), Buffer.from(b.buffer), s.spec());
  });
  assert.equal(local.statistics[0]!.length, 1500 * (scorers[0] as StatisticsScorer).statisticsWidth);
  assert.equal(local.statistics[3], undefined, 'length has no statistics rows');
  // abstentions (null) are NaN; the column reads the data
  assert.ok(Number.isNaN(local.values[4][3]));
  assert.equal(local.values[4][8], 1);
});

test('precomputed scorers alone open no executor', async () => {
  let asked = 0;
  const r = await scoreItems(items(30), [createScorer('column:score')], { executorFor: async () => (asked++, undefined) });
  assert.equal(asked, 0);
  assert.equal(r.values[0][16], 2);
});

test('bad input names the scorer, on this thread and on a thread alike', async () => {
  const its = items(600).map((it, i) => ({ ...it, references: [i === 450 ? 'Z' : 'A'] }));
  const scorers = [createScorer('length'), createScorer('choice')];
  const local = await scoreItems(its, scorers, { batchSize: 100 }).catch((e: unknown) => e);
  const threaded = await onThreads(its, scorers, 100).catch((e: unknown) => e);
  assert.ok(local instanceof MetaEvalInputError, String(local));
  assert.ok(threaded instanceof MetaEvalInputError, String(threaded));
  assert.equal(local.message, 'choice: item i451 has reference "Z", not one of the letters ABCD');
  assert.equal(threaded.message, local.message);
});
