// A damaged Parquet page names the file, the rows and the column (hyparquet's own message names none of them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openRecordWriter, readRecords, DataError } from '../../src/data/index.js';
import { scratchDir } from '../helpers/cli.js';

test('a corrupt page in a Parquet file is a DataError naming file, row range and column', async () => {
  const dir = scratchDir();
  const file = path.join(dir, 'scores.parquet');
  const w = await openRecordWriter(file);
  for (let i = 0; i < 10; i++) await w.write({ id: `s${i}`, output: `output number ${i} `.repeat(5), r: i / 10 });
  await w.close();
  const bytes = readFileSync(file);
  // overwrite 8 bytes inside the "output" column's (compressed) data page: the writer is deterministic, the page
  // follows the "id" column's, which starts after the 4-byte magic
  bytes.fill(0xff, 120, 128);
  writeFileSync(file, bytes);
  await assert.rejects(
    (async () => {
      for await (const _ of readRecords(file)) void _;
    })(),
    (e: unknown) => {
      assert.ok(e instanceof DataError, String(e));
      assert.equal((e as DataError).file, file);
      assert.equal((e as DataError).line, 1);
      assert.equal((e as DataError).field, 'output');
      assert.match((e as Error).message, /: row 1: field "output": cannot decode row group 1 \(rows 1–10\): .*the file is damaged/);
      return true;
    },
  );
});
