import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { NgramOverlapCounter } from '../../../src/scorers/lexical/ngram-overlap.js';
import { ngramCounts, overlapTriple } from '../../helpers/naive-ngrams.js';

/** [hyp n-grams, ref n-grams, matches] per order by counting joined n-gram strings: the definition. */
function naiveTriples(hyp: readonly string[], ref: readonly string[], maxOrder: number): number[] {
  const out: number[] = [];
  for (let n = 1; n <= maxOrder; n++) out.push(...overlapTriple(ngramCounts(hyp, n, '\u0000'), ngramCounts(ref, n, '\u0000')));
  return out;
}

/** Segment-local ids as the chrF scorer makes them: hypothesis tokens 0..V-1 by first use, unknown reference tokens -1. */
function localIds(hyp: readonly string[], refs: readonly (readonly string[])[]) {
  const ids = new Map<string, number>();
  const h = Int32Array.from(hyp, (t) => {
    if (!ids.has(t)) ids.set(t, ids.size);
    return ids.get(t)!;
  });
  const rs = refs.map((ref) => Int32Array.from(ref, (t) => ids.get(t) ?? -1));
  return { h, V: ids.size, rs, lens: Int32Array.from(refs, (r) => r.length) };
}

// a small alphabet so that long repeated n-grams, and so partial reference matches, are common
const tokens = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'é', '😀'), { maxLength: 40 });

for (const [name, limit] of [
  ['direct key table', undefined],
  ['hashed interner (key table limit 0)', 0],
] as const) {
  test(`${name}: per-reference triples equal a naive n-gram count, several references and segments in a row`, () => {
    const counter = new NgramOverlapCounter(limit);
    fc.assert(
      fc.property(fc.array(fc.tuple(tokens, fc.array(tokens, { minLength: 1, maxLength: 3 })), { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 7 }), (segments, maxOrder) => {
        for (const [hyp, refs] of segments) {
          const { h, V, rs, lens } = localIds(hyp, refs);
          // rows wider than the triples, with a leading triple slot, as chrF++ lays out its word triples after the chars
          const width = 3 * (maxOrder + 1) + 2;
          const rows = new Float64Array(refs.length * width).fill(-7);
          counter.countInto(h, h.length, V, rs, lens, maxOrder, rows, width, 1);
          refs.forEach((ref, r) => {
            assert.deepEqual(Array.from(rows.subarray(r * width + 3, r * width + 3 + 3 * maxOrder)), naiveTriples(hyp, ref, maxOrder));
            assert.deepEqual(Array.from(rows.subarray(r * width, r * width + 3)), [-7, -7, -7], 'slots before firstTriple untouched');
          });
        }
      }),
      { numRuns: 400 },
    );
  });
}

test('a line of 3,000 distinct-ish tokens switches to the interner mid-segment and still counts exactly', () => {
  const hyp = Array.from({ length: 3000 }, (_, i) => String((i * 7919) % 1500));
  const ref = Array.from({ length: 2500 }, (_, i) => String((i * 104729) % 1600));
  const { h, V, rs, lens } = localIds(hyp, [ref]);
  const rows = new Float64Array(3 * 6);
  // V * distinct(order 1) = 1500² > 2^20, so orders 2.. take the hashed path with the default limit
  new NgramOverlapCounter().countInto(h, h.length, V, rs, lens, 6, rows, 18, 0);
  assert.deepEqual(Array.from(rows), naiveTriples(hyp, ref, 6));
});
