// The CPU pool: the worker threads' scores equal the main thread's; a worker holds at most two jobs, the rest wait in
// the pool, and a waiting job whose request is cancelled is dropped without being scored.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Item } from '../../src/scorers/contract.js';
import { createScorer } from '../../src/scorers/registry.js';
import '../../src/scorers/builtin.js';
import { CpuPool } from '../../src/serve/worker-pool.js';

const batch = (k: number): Item[] => Array.from({ length: 16 }, (_, i) => ({ id: `${k}.${i}`, output: `the cat ${k} sat on mat ${i}`, references: [`the cat sat on the mat ${i}`] }));

test('jobs beyond two per worker wait; cancelled waiting jobs are dropped, the others answer the main thread\'s numbers', async () => {
  const dropped: [number, number][] = [];
  const pool = new CpuPool(['chrf'], 1, (k, n) => dropped.push([k, n]));
  try {
    await pool.ready();
    const gone = new AbortController();
    const jobs = [0, 1, 2, 3, 4].map((k) => pool.score(0, batch(k), k >= 2 ? gone.signal : undefined));
    assert.equal(pool.queued, 3, 'two jobs went to the worker, three wait');
    gone.abort(new Error('client disconnected'));
    assert.equal(pool.queued, 0);
    assert.deepEqual(dropped, [[0, 16], [0, 16], [0, 16]]);
    const settled = await Promise.allSettled(jobs);
    assert.deepEqual(settled.map((s) => s.status), ['fulfilled', 'fulfilled', 'rejected', 'rejected', 'rejected']);
    const chrf = createScorer('chrf');
    for (const k of [0, 1]) assert.deepEqual((settled[k] as PromiseFulfilledResult<unknown>).value, await chrf.score(batch(k)));
    // the pool keeps working after the cancellations
    assert.deepEqual(await pool.score(0, batch(9)), await chrf.score(batch(9)));
  } finally {
    await pool.close();
  }
});
