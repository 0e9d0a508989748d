// The CPU pool: the worker threads' scores equal the main thread's; a worker holds at most two jobs, the rest wait in
// the pool, and a waiting job whose request is cancelled is dropped without being scored.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
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

test('workers run at a lower priority than the main thread (Linux): only the worker threads get the nice increment', { skip: process.platform !== 'linux' }, async () => {
  const niceOf = (tid: string) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  };
  const base = getPriority();
  const pool = new CpuPool(['chrf'], 2, undefined, 3);
  try {
    await pool.ready();
    const expected = Math.min(19, base + 3);
    assert.deepEqual(pool.niceValues, [expected, expected]);
    assert.equal(getPriority(), base, 'the main thread keeps its priority');
    if (expected > base) assert.equal(readdirSync('/proc/self/task').filter((t) => niceOf(t) === expected).length, 2, 'exactly the two worker threads');
    // and the numbers are the same as at the main thread's priority
    assert.deepEqual(await pool.score(0, batch(3)), await createScorer('chrf').score(batch(3)));
  } finally {
    await pool.close();
  }
  const unchanged = new CpuPool(['chrf'], 1);
  try {
    await unchanged.ready();
    assert.deepEqual(unchanged.niceValues, [undefined]);
  } finally {
    await unchanged.close();
  }
});
