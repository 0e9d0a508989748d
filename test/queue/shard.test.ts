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
