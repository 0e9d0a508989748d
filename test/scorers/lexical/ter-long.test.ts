// TER on long and length-skewed segments, where memory is bounded by keeping only every K-th beam row: sacreBLEU
// 2.6.0 goldens (test/fixtures/ter-long) through both layouts (every row kept, the sentence path; checkpoints
// every K rows with back-pointers recomputed per block, the long-segment path, forced here on short inputs with
// several K so that shifts, convergence checks and the traceback cross block boundaries).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { TercomAligner } from '../../../src/scorers/lexical/ter.js';

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/ter-long/cases.jsonl');
const cases = readFileSync(FIXTURE, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { hyp: string; ref: string; edits: number; ref_len: number });

function ids(hyp: string, ref: string): [Int32Array, Int32Array] {
  const vocab = new Map<string, number>();
  const enc = (s: string) => Int32Array.from(s.split(' ').filter(Boolean), (w) => vocab.get(w) ?? (vocab.set(w, vocab.size), vocab.size - 1));
  return [enc(hyp), enc(ref)];
}

const LAYOUTS: [string, TercomAligner][] = [
  ['default', new TercomAligner()],
  ['checkpoints every 32 rows', new TercomAligner({ smallMatrixCells: 0 })],
  ['checkpoints every 3 rows', new TercomAligner({ smallMatrixCells: 0, checkpointRows: 3 })],
  ['checkpoints every 7 rows', new TercomAligner({ smallMatrixCells: 0, checkpointRows: 7 })],
];

test(`${cases.length} long / skewed segments (40–1,000 words, beam widened) equal sacreBLEU in every memory layout`, () => {
  assert.equal(cases.length, 18);
  for (const [name, aligner] of LAYOUTS) {
    for (const [k, c] of cases.entries()) {
      const [h, r] = ids(c.hyp, c.ref);
      assert.equal(r.length, c.ref_len);
      assert.equal(aligner.numEdits(h, r), c.edits, `${name}, case ${k} (${h.length} vs ${r.length} words)`);
    }
  }
});

test('one aligner reused across long and short pairs gives each pair its own number (buffers resized, not stale)', () => {
  const a = new TercomAligner({ smallMatrixCells: 0, checkpointRows: 5 });
  const order = [...cases.keys()].reverse();
  for (const k of order) {
    const [h, r] = ids(cases[k].hyp, cases[k].ref);
    assert.equal(a.numEdits(h, r), cases[k].edits, `case ${k}`);
  }
});
