// Scores from pool workers: bare values travel as a transferred Float64Array and come back bit for bit; anything
// richer travels as it is.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MessageChannel } from 'node:worker_threads';
import type { Score } from '../../src/scorers/contract.js';
import { packScores, unpackScores, type PackedScores } from '../../src/serve/score-transfer.js';

const bits = (x: number) => Buffer.from(new Float64Array([x]).buffer).toString('hex');

test('bare values: packed as a Float64Array, identical bits after a real postMessage transfer (-0, subnormal, 0.1+0.2)', async () => {
  const values = [49.59348409966008, -0, 0, 5e-324, 0.1 + 0.2, 100, 1.7976931348623157e308, -12.5];
  const packed = packScores(values.map((value) => ({ value })));
  assert.ok('values' in packed);
  const { port1, port2 } = new MessageChannel();
  const received = new Promise<PackedScores>((resolve) => port2.once('message', resolve));
  port1.postMessage(packed, ['values' in packed ? (packed.values.buffer as ArrayBuffer) : new ArrayBuffer(0)]);
  const back = unpackScores(await received);
  port1.close();
  assert.deepEqual(back.map((s) => bits(s.value as number)), values.map(bits));
  assert.deepEqual(Object.keys(back[0]), ['value']);
});

test('anything but a finite bare value sends the scores as they are', () => {
  const cases: Score[][] = [
    [{ value: 1 }, { value: null }],
    [{ value: 1, prob: 0.5 }],
    [{ value: 1, details: { error: 'x' } }],
    [{ value: Infinity }],
    [{ value: 1, details: undefined }],
  ];
  for (const scores of cases) {
    const p = packScores(scores);
    assert.ok('scores' in p, JSON.stringify(scores));
    assert.equal(unpackScores(p), scores);
  }
  assert.deepEqual(unpackScores(packScores([])), []);
});
