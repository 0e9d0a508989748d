// PairSorter = stableOrder (stable-order.ts) on |Δ| values of every shape the radix paths distinguish: zeros, NaN,
// +Infinity, values sharing their high word, spans needing 1, 2 (with low bits dropped) or 3 passes, long runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PairSorter } from '../../src/stats/tie-calibration-sort.js';
import { stableOrder } from '../../src/stats/stable-order.js';

function check(sorter: PairSorter, values: number[]): void {
  sorter.reset(values.length);
  values.forEach((d, i) => sorter.add(d, i));
  const { diffs, codes } = sorter.sorted();
  const order = stableOrder(Float64Array.from(values));
  assert.equal(codes.length, values.length);
  assert.deepEqual(Array.from(codes), Array.from(order));
  assert.deepEqual(Array.from(diffs), Array.from(order, (i) => values[i]));
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
/** A positive double with the given high word and low word. */
function fromWords(hi: number, lo: number): number {
  u32[0] = lo;
  u32[1] = hi;
  return f64[0];
}

const magnitude = fc.oneof(
  fc.constant(0),
  fc.constant(NaN),
  fc.constant(Infinity),
  fc.integer({ min: 0, max: 60 }).map((k) => k / 10), // repeated decimals: equal values and 0.1-ulp neighbours
  fc.double({ min: 1e-6, max: 1e3, noNaN: true }),
  fc.double({ min: 5e-324, max: 1e300, noNaN: true }), // spans over 3 passes
  fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 0xffffffff })).map(([h, lo]) => fromWords(0x3ff00000 + h, lo)), // shared high words
);

test('PairSorter = stableOrder on mixed |Δ| (zeros first, NaN last, equal values in arrival order)', () => {
  const sorter = new PairSorter();
  fc.assert(
    fc.property(fc.array(magnitude, { maxLength: 300 }), (values) => check(sorter, values.map(Math.abs))),
    { numRuns: 1000, seed: 23 },
  );
});

test('PairSorter: 1, 2 (low bits dropped) and 3 radix passes, long unsorted runs, reuse after a larger call', () => {
  const sorter = new PairSorter();
  let state = 99;
  const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0);
  // High words within 4096 of each other (12 bits of span): a single pass; then one binade (20 bits): 2 × 10 bits.
  check(sorter, Array.from({ length: 5000 }, () => 1 + (next() % 4096) * 2 ** -20 + (next() % 2 ** 20) * 2 ** -52));
  check(sorter, Array.from({ length: 5000 }, () => 1 + (next() % 4096) / 4096));
  // 0.001 … 1000 (25 bits of span: two passes of 12 bits, the lowest bit left to the runs).
  check(sorter, Array.from({ length: 20000 }, () => 10 ** ((next() / 2 ** 32) * 6 - 3)));
  // Tiny to huge (31 bits of span): three passes.
  check(sorter, Array.from({ length: 20000 }, () => 10 ** ((next() / 2 ** 32) * 600 - 300)));
  // 200 values sharing one high word in shuffled low words: a run longer than the insertion-sort limit.
  check(sorter, Array.from({ length: 200 }, () => fromWords(0x40000000, next())).concat([3, 0, NaN, 2]));
  check(sorter, [5, 0, 5, NaN, 0, Infinity, 5, NaN]);
  check(sorter, []);
  check(sorter, [7]);
});
