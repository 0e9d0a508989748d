// The shard merge every executor shares: batches finishing out of order merge in input order, errors surface in the
// order a single-process run meets them, and in-flight batches are bounded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createScorer } from '../src/scorers/registry.js';
import '../src/scorers/builtin.js';
import { ScorerInputError, type Item } from '../src/scorers/contract.js';
import { scoreBatchParts, scoreStream, type BatchExecutor, type BatchPart } from '../src/scoring.js';

const items: Item[] = Array.from({ length: 60 }, (_, i) => ({ id: `i${i}`, output: `the cat ${i % 7} sat on the mat ${i}`, references: [`the cat sat on mat ${i % 5}`], meta: { system: `s${i % 3}` } }));
const batches = (xs: Item[], size: number): Item[][] => Array.from({ length: Math.ceil(xs.length / size) }, (_, k) => xs.slice(k * size, (k + 1) * size));

/** Scores in this thread but resolves later batches first, counting how many are outstanding at once. */
function reversingExecutor(scorers: ReturnType<typeof createScorer>[], inFlight: number): BatchExecutor & { maxOutstanding: number } {
  let outstanding = 0;
  const ex = {
    inFlight,
    maxOutstanding: 0,
    async score(batch: readonly Item[], index: number): Promise<BatchPart[]> {
      outstanding++;
      ex.maxOutstanding = Math.max(ex.maxOutstanding, outstanding);
      const parts = await scoreBatchParts(batch, scorers);
      await new Promise((r) => setTimeout(r, 40 - (index % 4) * 10));
      outstanding--;
      return parts;
    },
  };
  return ex;
}

test('batches that finish out of order merge in input order: corpus, per-group and segment scores equal the in-thread run', async () => {
  const scorers = [createScorer('bleu'), createScorer('chrf'), createScorer('rouge-l')];
  const segs = (into: unknown[]) => (b: readonly Item[], s: readonly unknown[][]) => void into.push(b.map((it) => it.id), s);
  const a: unknown[] = [];
  const b: unknown[] = [];
  const local = await scoreStream(batches(items, 7), scorers, { groupBy: 'system', onSegments: segs(a) });
  const ex = reversingExecutor(scorers, 4);
  const merged = await scoreStream(batches(items, 7), scorers, { groupBy: 'system', onSegments: segs(b), executor: ex });
  assert.deepEqual(merged, local);
  assert.deepEqual(b, a);
  assert.equal(ex.maxOutstanding, 4, 'never more than inFlight batches outstanding');
});

test('errors come in input order: a scoring error of an earlier batch is reported before a later batch or the input fails', async () => {
  const scorers = [createScorer('chrf')];
  // batch 1 (items 5–9) fails inside the scorer; batch 3 fails the reference-count check before scoring
  const xs = items.slice(0, 20).map((it) => ({ ...it }));
  xs[7] = { ...xs[7], references: [''] };
  const failing: BatchExecutor = {
    inFlight: 4,
    score: async (batch, index) => {
      if (index === 1) throw new ScorerInputError('shard 1 failed', batch[2].id, 'references');
      return scoreBatchParts(batch, scorers);
    },
  };
  const withBadRefs = [...xs.slice(0, 15), ...xs.slice(15).map((it) => ({ ...it, references: ['a', 'b'] }))];
  await assert.rejects(scoreStream(batches(withBadRefs, 5), scorers, { executor: failing }), /shard 1 failed/);
  // the input itself fails after batch 1 was dispatched: batch 1's error still comes first
  async function* brokenInput(): AsyncGenerator<Item[]> {
    yield xs.slice(0, 5);
    yield xs.slice(5, 10);
    throw new Error('input broke at line 11');
  }
  await assert.rejects(scoreStream(brokenInput(), scorers, { executor: failing }), /shard 1 failed/);
  await assert.rejects(scoreStream(brokenInput(), scorers, { executor: { inFlight: 4, score: (b) => scoreBatchParts(b, scorers) } }), /input broke at line 11/);
  // and without an executor, the reference-count check of batch 3 is what fails
  await assert.rejects(scoreStream(batches(withBadRefs, 5), scorers), /item i15 has 2 references but item i0 has 1/);
});

test('a shard result of the wrong size is an error, never a silent partial merge', async () => {
  const scorers = [createScorer('chrf'), createScorer('rouge-l')];
  const short: BatchExecutor = { inFlight: 2, score: async (batch) => (await scoreBatchParts(batch, scorers)).map((p) => (p.stats ? { stats: p.stats.subarray(0, p.stats.length - 1) } : p)) };
  await assert.rejects(scoreStream(batches(items, 10), scorers, { executor: short }), /chrf: a shard returned 179 statistics for 10 items \(18 each\)/);
  const fewer: BatchExecutor = { inFlight: 2, score: async (batch) => (await scoreBatchParts(batch, scorers)).map((p) => (p.scores ? { scores: p.scores.slice(1) } : p)) };
  await assert.rejects(scoreStream(batches(items, 10), scorers, { executor: fewer }), /rouge-l: a shard returned 9 scores for 10 items/);
});
