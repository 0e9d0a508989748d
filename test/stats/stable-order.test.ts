// stableOrder = the order Python's stable list.sort(key=…) gives (equal keys keep index order), checked
// against a direct comparison sort, below and above the radix-sort threshold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { stableOrder } from '../../src/stats/stable-order.js';

function expected(keys: number[]): number[] {
  const idx = keys.map((_, i) => i);
  return idx.sort((a, b) => {
    const x = keys[a], y = keys[b];
    if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) === Number.isNaN(y) ? a - b : Number.isNaN(x) ? 1 : -1;
    return x < y ? -1 : x > y ? 1 : a - b;
  });
}

const key = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom(0, -0, Infinity, -Infinity, NaN, 5e-324, -5e-324, 1.7976931348623157e308),
  fc.double(),
);

test('small inputs (comparison sort)', () => {
  fc.assert(fc.property(fc.array(key, { maxLength: 200 }), (k) => assert.deepEqual([...stableOrder(Float64Array.from(k))], expected(k))), { numRuns: 300, seed: 1 });
});

test('large inputs (radix on the top 32 bits + run fix-up): 4096–12000 keys with many duplicates', () => {
  fc.assert(
    fc.property(fc.integer({ min: 4096, max: 12000 }), fc.integer({ min: 0, max: 2 ** 30 }), (n, seed) => {
      let s = seed;
      const next = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0), s / 2 ** 32);
      const pool = [0, -0, NaN, Infinity, -Infinity, 1e-310, -2.5, 3];
      const k = Array.from({ length: n }, () => { const u = next(); return u < 0.3 ? pool[Math.floor(next() * pool.length)] : u < 0.6 ? Math.floor(next() * 50) / 4 : (next() - 0.5) * 1e6; });
      assert.deepEqual([...stableOrder(Float64Array.from(k))], expected(k));
    }),
    { numRuns: 20, seed: 2 },
  );
});

test('keys equal in their top 32 bits are ordered by their low bits (values within 1e-6 relative)', () => {
  let s = 99;
  const next = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0), s);
  const k = Array.from({ length: 5000 }, () => 1 + (next() % 1000) * 2 ** -45);
  assert.deepEqual([...stableOrder(Float64Array.from(k))], expected(k));
});
