// The micro-batcher: concurrent requests share one scorer call and each gets its own scores back; cancellation
// takes a waiting request out (its items are never sent) and aborts a running batch once nobody waits for it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Item, Score, Scorer } from '../../src/scorers/contract.js';
import { MicroBatcher } from '../../src/serve/micro-batcher.js';

/** A scorer whose calls stay open until the test answers them; it records each call's items and signal. */
function heldScorer() {
  const calls: { items: readonly Item[]; signal?: AbortSignal; answer: () => void }[] = [];
  const scorer = {
    score(items: readonly Item[], opts: { signal?: AbortSignal } = {}): Promise<Score[]> {
      return new Promise((resolve) => calls.push({ items, signal: opts.signal, answer: () => resolve(items.map((it) => ({ value: it.output.length }))) }));
    },
  } as unknown as Scorer;
  return { scorer, calls };
}

const items = (prefix: string, n: number): Item[] => Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, output: `${prefix}${'x'.repeat(i)}` }));

test('two requests in one batch get exactly their own scores', async () => {
  const { scorer, calls } = heldScorer();
  const b = new MicroBatcher(scorer, { maxBatch: 5, maxWaitMs: 1000 });
  const r1 = b.score(items('a', 2));
  const r2 = b.score(items('bb', 3)); // 5 items: the batch leaves at once
  assert.equal(calls.length, 1);
  assert.equal(calls[0].items.length, 5);
  calls[0].answer();
  assert.deepEqual((await r1).map((s) => s.value), [1, 2]);
  assert.deepEqual((await r2).map((s) => s.value), [2, 3, 4]);
  assert.deepEqual(b.batchSizes, [5]);
});

test('a request cancelled while it waits for its batch is never sent; the dropped items are reported', async () => {
  const { scorer, calls } = heldScorer();
  const dropped: number[] = [];
  const b = new MicroBatcher(scorer, { maxBatch: 64, maxWaitMs: 30 }, { onDropped: (n) => dropped.push(n) });
  const gone = new AbortController();
  const r1 = b.score(items('gone', 4), gone.signal);
  const r2 = b.score(items('kept', 2), new AbortController().signal);
  gone.abort(new Error('client disconnected'));
  await assert.rejects(r1, /client disconnected/);
  assert.deepEqual(dropped, [4]);
  await new Promise((r) => setTimeout(r, 60));
  assert.equal(calls.length, 1);
  assert.deepEqual(calls[0].items.map((it) => it.id), ['kept0', 'kept1']);
  calls[0].answer();
  assert.equal((await r2).length, 2);
});

test('a running batch: one cancelled request is answered at once and the batch goes on; when all are gone the batch is aborted', async () => {
  const { scorer, calls } = heldScorer();
  const b = new MicroBatcher(scorer, { maxBatch: 4, maxWaitMs: 1000 });
  const c1 = new AbortController();
  const c2 = new AbortController();
  const r1 = b.score(items('a', 2), c1.signal);
  const r2 = b.score(items('b', 2), c2.signal);
  assert.equal(calls.length, 1);
  const batchSignal = calls[0].signal as AbortSignal;
  assert.ok(batchSignal, 'the scorer got a signal');
  c1.abort(new Error('first gone'));
  await assert.rejects(r1, /first gone/);
  assert.equal(batchSignal.aborted, false, 'the second request still waits for the batch');
  c2.abort(new Error('second gone'));
  await assert.rejects(r2, /second gone/);
  assert.equal(batchSignal.aborted, true);
  assert.equal(b.abortedBatches, 1);
  calls[0].answer(); // a late answer goes nowhere
});

test('a batch with a request that cannot be cancelled is never aborted', async () => {
  const { scorer, calls } = heldScorer();
  const b = new MicroBatcher(scorer, { maxBatch: 2, maxWaitMs: 1000 });
  const c1 = new AbortController();
  const r1 = b.score(items('a', 1), c1.signal);
  const r2 = b.score(items('b', 1));
  c1.abort(new Error('gone'));
  await assert.rejects(r1, /gone/);
  assert.equal(calls[0].signal, undefined);
  calls[0].answer();
  assert.deepEqual((await r2).map((s) => s.value), [1]);
});
