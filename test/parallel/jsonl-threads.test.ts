// --threads on a JSONL file: the main thread cuts raw lines into shards, the threads read and score them. The result
// must be the single-process run over the streaming reader's items, bit for bit, and every error the same message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createScorer } from '../../src/scorers/registry.js';
import '../../src/scorers/builtin.js';
import type { Scorer } from '../../src/scorers/contract.js';
import { readJsonlShards, readRecords, recordsToItems, type FieldMapping } from '../../src/data/index.js';
import { batched, scoreStream, type BatchExecutor, type ScoreRunResult } from '../../src/scoring.js';
import { ThreadExecutor } from '../../src/parallel/thread-executor.js';
import { wmt21Rows } from '../helpers/wmt21-rows.js';

const dir = mkdtempSync(path.join(tmpdir(), 'tc-jsonl-threads-'));
const MAPPING: FieldMapping = { refFields: ['reference'], metaFields: ['system'] };
const rows = wmt21Rows(5000);

function write(name: string, lines: string[]): string {
  const p = path.join(dir, name);
  writeFileSync(p, lines.join('\n') + '\n');
  return p;
}

const goodLines = rows.map((r) => JSON.stringify(r));
const good = write('good.jsonl', goodLines);

type Outcome = ScoreRunResult | Error;

async function streamedRun(file: string, specs: string[], groupBy: string | undefined, mapping = MAPPING): Promise<Outcome> {
  try {
    return await scoreStream(batched(recordsToItems(readRecords(file), mapping), 400), specs.map((s) => createScorer(s)), { groupBy });
  } catch (e) {
    return e as Error;
  }
}

async function shardedRun(file: string, specs: string[], groupBy: string | undefined, opts: { threads?: number; executor?: 'none'; mapping?: FieldMapping } = {}): Promise<{ out: Outcome; jsonlShards: number }> {
  const scorers: Scorer[] = specs.map((s) => createScorer(s));
  const threads = opts.executor === 'none' ? undefined : new ThreadExecutor(scorers, { threads: opts.threads ?? 2, localBatches: 1, startAfterMs: 0 });
  let jsonlShards = 0;
  // counts the shards that went to the executor as bytes (not read into items on this thread)
  const executor: BatchExecutor | undefined = threads && {
    inFlight: threads.inFlight,
    score: (b, i) => threads.score(b, i),
    scoreJsonl: (s, i, o) => {
      const r = threads.scoreJsonl(s, i, o);
      if (r) jsonlShards++;
      return r;
    },
  };
  try {
    return { out: await scoreStream(readJsonlShards(file, opts.mapping ?? MAPPING, { rowsPerShard: 400 }), scorers, { groupBy, executor }), jsonlShards };
  } catch (e) {
    return { out: e as Error, jsonlShards };
  } finally {
    await threads?.close();
  }
}

test('chrF, BLEU and chrF++ per system on 2 threads from raw JSONL shards equal the single-thread streaming run bit for bit', async () => {
  const specs = ['chrf', 'bleu', 'chrf++'];
  const want = await streamedRun(good, specs, 'system');
  const got = await shardedRun(good, specs, 'system');
  assert.ok(!(want instanceof Error));
  assert.equal(got.jsonlShards, 13, 'every shard went to the executor as bytes');
  assert.deepEqual(got.out, want);
  assert.equal(want.items, 5000);
  assert.equal(want.runs[0].corpus.length, 5, 'one corpus score per system');
  // without an executor the shards are read on this thread: same result again
  assert.deepEqual((await shardedRun(good, specs, 'system', { executor: 'none' })).out, want);
  // ungrouped, and on 3 threads
  assert.deepEqual((await shardedRun(good, ['chrf'], undefined, { threads: 3 })).out, await streamedRun(good, ['chrf'], undefined));
});

test('a mean-aggregated scorer on threads: failure tallies name the same ids', async () => {
  // `exact` against a reference field holding a list: one failing/abstaining pattern is enough to compare tallies
  const specs = ['exact', 'chrf'];
  const want = await streamedRun(good, specs, 'system');
  const got = await shardedRun(good, specs, 'system');
  assert.ok(!(want instanceof Error));
  assert.deepEqual(got.out, want);
});

async function sameError(name: string, lines: string[], groupBy: string | undefined = 'system', mapping = MAPPING): Promise<Error> {
  const file = write(`${name}.jsonl`, lines);
  const want = await streamedRun(file, ['chrf'], groupBy, mapping);
  const got = await shardedRun(file, ['chrf'], groupBy, { mapping });
  assert.ok(want instanceof Error, `${name}: the single-thread run should fail`);
  assert.ok(got.out instanceof Error, `${name}: the threaded run should fail with ${want.message}`);
  assert.equal(got.out.message, want.message, name);
  assert.equal(got.out.constructor, want.constructor, name);
  assert.deepEqual({ ...got.out }, { ...want }, `${name}: the error's fields (file, line, kind, field / item id)`);
  return got.out;
}

test('bad rows on a thread fail with the message of a single-thread run: FILE:LINE and field', async () => {
  const at = (k: number, line: string): string[] => [...goodLines.slice(0, k), line, ...goodLines.slice(k)];
  const json = await sameError('bad-json', at(2345, '{"id": "broken", "output": '));
  assert.match(json.message, /bad-json\.jsonl:2346: invalid JSON/);
  const missing = await sameError('missing-output', at(3999, JSON.stringify({ id: 'm', system: 's', reference: 'r' })));
  assert.match(missing.message, /missing-output\.jsonl:4000: field "output"/);
  await sameError('not-object', at(10, '"text"'));
  // the first bad row wins, even when a later shard fails first on another thread
  await sameError('two-bad', at(4500, '{').slice(0, 4600).concat(['{"x":']));
});

test('checks across shards keep their single-process order: reference counts, then the group field, then scoring', async () => {
  const twoRefs = (r: (typeof rows)[number]): string => JSON.stringify({ ...r, reference: [r.reference, r.reference] });
  // a shard with a different reference count than the first shard
  const across = await sameError('refs-across', goodLines.map((l, i) => (i >= 1200 ? twoRefs(rows[i]) : l)));
  assert.match(across.message, /has 2 references but item r1 has 1/);
  // within one shard
  await sameError('refs-within', goodLines.map((l, i) => (i === 1210 ? twoRefs(rows[i]) : l)));
  // a row without the group field, after the reference-count problem of the same shard
  const noSystem = (i: number): string => JSON.stringify({ id: rows[i].id, output: rows[i].output, reference: rows[i].reference });
  await sameError('no-group', goodLines.map((l, i) => (i === 2222 ? noSystem(i) : l)), 'system', { refFields: ['reference'], metaFields: 'rest' });
  await sameError('refs-then-group', goodLines.map((l, i) => (i === 1205 ? noSystem(i) : i >= 1200 ? twoRefs(rows[i]) : l)), 'system', { refFields: ['reference'], metaFields: 'rest' });
  // scoring error: an item without references for a reference-based metric
  await sameError('no-refs', goodLines.map((l, i) => (i === 3333 ? JSON.stringify({ ...rows[i], reference: [] }) : l)));
});
