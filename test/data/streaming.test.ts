// Large inputs stream in constant memory: a 200k-line JSONL file generated at test time is read record by record
// while the live heap (measured after forced garbage collection) stays far below the file's size.
// Asserts counts and memory only, never time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { readRecords, recordsToItems } from '../../src/data/index.js';
import { tempDir } from './helpers.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const LINES = 200_000;
const MiB = 1024 * 1024;

async function writeBigJsonl(p: string): Promise<void> {
  const out = createWriteStream(p);
  const filler = 'lorem ipsum dolor sit amet, consectetur adipiscing elit — ünïcödé '.repeat(1);
  let batch: string[] = [];
  for (let i = 1; i <= LINES; i++) {
    batch.push(JSON.stringify({ id: `seg-${i}`, output: `${i} ${filler}`, references: [`ref ${i} ${filler}`] }));
    if (batch.length === 5000) {
      if (!out.write(`${batch.join('\n')}\n`)) await once(out, 'drain');
      batch = [];
    }
  }
  out.end();
  await once(out, 'finish');
}

test('a 200k-line JSONL file streams through readRecords and recordsToItems with bounded heap growth', async (t) => {
  const p = path.join(tempDir(t), 'big.jsonl');
  await writeBigJsonl(p);
  const size = statSync(p).size;
  const bound = 8 * MiB;
  // the test means something only if keeping the records would blow the bound several times over
  assert.ok(size > 4 * bound, `generated file is only ${size} bytes`);

  gc();
  const base = process.memoryUsage().heapUsed;
  let maxGrowth = 0;
  let count = 0;
  let lastLine = 0;
  let lastId = '';
  for await (const item of recordsToItems(readRecords(p))) {
    count++;
    lastId = item.id;
    if (count % 25_000 === 0) {
      gc();
      maxGrowth = Math.max(maxGrowth, process.memoryUsage().heapUsed - base);
    }
  }
  for await (const rec of readRecords(p)) lastLine = rec.line;
  assert.equal(count, LINES);
  assert.equal(lastId, `seg-${LINES}`);
  assert.equal(lastLine, LINES);
  assert.ok(maxGrowth < bound, `heap grew by ${(maxGrowth / MiB).toFixed(1)} MiB while reading a ${(size / MiB).toFixed(0)} MiB file`);
});
