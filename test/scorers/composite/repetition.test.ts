// repeatedNgramFraction counts distinct n-grams by interning ids (a typed-array hash table for 32-bit token ids, a Map
// otherwise); this pins it against the plain definition (a Set of the n-grams written out) on random and adversarial
// unit lists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { repeatedNgramFraction } from '../../../src/scorers/composite/repetition.js';

function byDefinition(units: readonly (number | string)[], n: number): number | null {
  if (units.length < n) return null;
  const total = units.length - n + 1;
  const seen = new Set<string>();
  for (let i = 0; i < total; i++) seen.add(JSON.stringify(units.slice(i, i + n)));
  return 1 - seen.size / total;
}

test('repeatedNgramFraction equals 1 − |distinct n-grams| / |n-grams| (token ids, big ids, words, n = 1..6)', () => {
  const small = fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 300 });
  const ids = fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 200 });
  const big = fc.array(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom(2 ** 31, 2 ** 40, -(2 ** 33), Number.MAX_SAFE_INTEGER)), { maxLength: 100 });
  const words = fc.array(fc.constantFrom('the', 'answer', 'is', '42', 'The', ''), { maxLength: 100 });
  fc.assert(
    fc.property(fc.oneof(small, ids, big, words), fc.integer({ min: 1, max: 6 }), (units, n) => {
      assert.equal(repeatedNgramFraction(units, n), byDefinition(units, n));
    }),
    { numRuns: 2000, seed: 31 },
  );
});

test('repeatedNgramFraction: hand-checked cases, and long looping rollouts', () => {
  assert.equal(repeatedNgramFraction([1, 2, 3, 1, 2, 3], 3), 1 - 3 / 4);
  assert.equal(repeatedNgramFraction([7, 7, 7, 7], 1), 1 - 1 / 4);
  assert.equal(repeatedNgramFraction([1, 2], 3), null);
  assert.equal(repeatedNgramFraction([], 1), null);
  // -0 and 0 are one token (Python has no -0 int; Map keys and Int32Array agree)
  assert.equal(repeatedNgramFraction([0, -0, 0, -0], 2), 1 - 1 / 3);
  // 40,000 tokens cycling through 1,000 distinct trigrams
  const loop = Array.from({ length: 40_000 }, (_, i) => (i % 1000) * 7919);
  assert.equal(repeatedNgramFraction(loop, 3), byDefinition(loop, 3));
  assert.equal(repeatedNgramFraction(loop, 3), 1 - 1000 / 39_998);
});
