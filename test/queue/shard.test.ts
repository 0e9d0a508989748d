// Shard jobs and results: content-derived ids (idempotent resubmits) and results that carry statistics bit for bit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeShardResult, encodeShardResult, shardJobId } from '../../src/queue/shard.js';

const items = [
  { id: 'a', output: 'x', references: ['y'] },
  { id: 'b', output: 'z', references: ['w'] },
];

test('a shard job id depends on the content, the index and the scorer signatures, and on nothing else', () => {
  const id = shardJobId({ index: 3, signatures: ['S1'], items });
  assert.match(id, /^shard-[0-9a-f]{40}$/);
  assert.equal(shardJobId({ index: 3, signatures: ['S1'], items: items.map((i) => ({ ...i })) }), id);
  assert.notEqual(shardJobId({ index: 4, signatures: ['S1'], items }), id);
  assert.notEqual(shardJobId({ index: 3, signatures: ['S2'], items }), id);
  assert.notEqual(shardJobId({ index: 3, signatures: ['S1'], items: [items[0], { ...items[1], output: 'z ' }] }), id);
});

test('statistics rows survive the trip through JSON to the bit (−0, subnormals, NaN), scores as given', () => {
  const stats = new Float64Array([0.1 + 0.2, -0, 5e-324, NaN, 1e308, 3]);
  const scores = [{ value: 0.5 }, { value: null, details: { error: 'http-500' } }];
  const wire = JSON.parse(JSON.stringify(encodeShardResult([{ stats }, { scores }])));
  const [p0, p1] = decodeShardResult(wire, 2, 2);
  assert.deepEqual(new Uint8Array(p0.stats!.buffer), new Uint8Array(stats.buffer));
  assert.deepEqual(p1.scores, scores);
  assert.throws(() => decodeShardResult(wire, 3, 2), /cannot read/);
  assert.throws(() => decodeShardResult({ ...wire, format: 99 }, 2, 2), /cannot read/);
  assert.throws(() => decodeShardResult(wire, 2, 3), /returned 2 scores for a shard of 3 items/);
});

test('a JSONL shard job: its id covers the lines, where they came from and how they map; the bytes travel as base64, invalid UTF-8 included, byte for byte', async () => {
  const { jsonlShardJob, jsonlShardOfJob, encodeJsonlShardResult, decodeJsonlShardResult } = await import('../../src/queue/shard.js');
  const bytes = new TextEncoder().encode('{"id":"a","output":"x"}\n{"id":"b","output":"y"}\n');
  const shard = { kind: 'jsonl' as const, file: 'in.jsonl', firstLine: 7, rows: 2, bytes, mapping: {} };
  const scoring = { groupBy: 'system', ids: false };
  const job = jsonlShardJob(shard, scoring);
  assert.equal(Buffer.from(job.base64, 'base64').toString(), '{"id":"a","output":"x"}\n{"id":"b","output":"y"}\n');
  const base = { index: 0, signatures: ['S'], items: [] };
  const id = shardJobId({ ...base, jsonl: job });
  assert.equal(shardJobId({ ...base, jsonl: { ...job } }), id);
  for (const other of [{ ...job, firstLine: 8 }, { ...job, file: 'other.jsonl' }, { ...job, mapping: { idField: 'id' } }, { ...job, scoring: { ...scoring, groupBy: 'lang' } }, { ...job, base64: Buffer.from('{"id":"a","output":"x"}\n').toString('base64') }]) {
    assert.notEqual(shardJobId({ ...base, jsonl: other }), id);
  }
  const invalid = Uint8Array.from([0x7b, 0xc3, 0x28, 0x7d, 0x0a]);
  const bin = jsonlShardJob({ ...shard, bytes: invalid }, scoring);
  assert.deepEqual(new Uint8Array(jsonlShardOfJob(JSON.parse(JSON.stringify(bin))).bytes), invalid);

  const stats = new Float64Array([1, 2, 0.1 + 0.2, 4]);
  const wire = JSON.parse(JSON.stringify(encodeJsonlShardResult({ rows: 2, nrefs: 1, firstId: 'a', groups: ['s1', null], groupOf: Uint32Array.from([1, 0]), parts: [{ stats }] })));
  const back = decodeJsonlShardResult(wire, 1);
  assert.deepEqual([back.rows, back.nrefs, back.firstId, back.groups, [...back.groupOf]], [2, 1, 'a', ['s1', null], [1, 0]]);
  assert.deepEqual(new Uint8Array(back.parts[0].stats!.buffer), new Uint8Array(stats.buffer));
});
