import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parquetMetadata } from 'hyparquet';
import { parquetWriteFile } from 'hyparquet-writer';
import { ErrorSink, openRecordWriter, readItems, readRecords, type RecordWriterOptions } from '../../src/data/index.js';
import { collect, fixture, rejectsAt, tempDir } from './helpers.js';

async function writeAll(p: string, recs: Record<string, unknown>[], opts: RecordWriterOptions = {}): Promise<void> {
  const w = await openRecordWriter(p, opts);
  for (const r of recs) await w.write(r);
  await w.close();
}

function schemaOf(p: string): Record<string, string> {
  const meta = parquetMetadata(readFileSync(p));
  const out: Record<string, string> = {};
  for (const el of meta.schema.slice(1)) out[el.name] = [el.type, el.converted_type, el.repetition_type].filter(Boolean).join('/');
  return out;
}

test('rows are written one row group per rowGroupSize rows and read back in order with 1-based row numbers', async (t) => {
  const p = path.join(tempDir(t), 'groups.parquet');
  const recs = Array.from({ length: 10 }, (_, i) => ({ id: `r${i + 1}`, output: `text ${i + 1}`, score: i / 4 }));
  await writeAll(p, recs, { rowGroupSize: 3 });
  const meta = parquetMetadata(readFileSync(p));
  assert.deepEqual(
    meta.row_groups.map((g) => Number(g.num_rows)),
    [3, 3, 3, 1],
  );
  const got = await collect(readRecords(p));
  assert.deepEqual(
    got.map((r) => r.line),
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  );
  assert.ok(got.every((r) => r.unit === 'row'));
  assert.deepEqual(
    got.map((r) => r.record),
    recs,
  );
});

test('column types are inferred from the first row group, or taken from columnTypes', async (t) => {
  const dir = tempDir(t);
  const p = path.join(dir, 'types.parquet');
  await writeAll(p, [
    { s: 'x', d: 1, b: true, j: [1], nul: null, big: 2n ** 60n },
    { s: null, d: 2.5, b: null, j: { a: 1 }, nul: null, big: null },
  ]);
  assert.deepEqual(schemaOf(p), {
    s: 'BYTE_ARRAY/UTF8/OPTIONAL',
    d: 'DOUBLE/OPTIONAL',
    b: 'BOOLEAN/OPTIONAL',
    j: 'BYTE_ARRAY/JSON/OPTIONAL',
    nul: 'BYTE_ARRAY/UTF8/OPTIONAL',
    big: 'INT64/OPTIONAL',
  });
  // INT64 beyond 2^53 stays bigint; within it, numbers
  const [first] = await collect(readRecords(p));
  assert.equal(first.record.big, 2n ** 60n);

  const q = path.join(dir, 'ints.parquet');
  await writeAll(q, [{ a: 1, b: 7 }, { a: -3, b: 2 ** 40 }], { columnTypes: { a: 'INT32', b: 'INT64' } });
  assert.deepEqual(schemaOf(q), { a: 'INT32/OPTIONAL', b: 'INT64/OPTIONAL' });
  assert.deepEqual(
    (await collect(readRecords(q))).map((r) => r.record),
    [
      { a: 1, b: 7 },
      { a: -3, b: 2 ** 40 },
    ],
  );
});

test('values that do not fit the fixed schema are schema errors naming row and column', async (t) => {
  const dir = tempDir(t);
  const mixed = path.join(dir, 'mixed.parquet');
  await rejectsAt(writeAll(mixed, [{ a: 'x' }, { a: 2 }]), { file: mixed, line: 2, kind: 'schema', field: 'a', says: 'number 2' });

  const later = path.join(dir, 'later.parquet');
  await rejectsAt(writeAll(later, [{ a: 1 }, { a: 2 }, { a: 'three' }], { rowGroupSize: 2 }), {
    file: later,
    line: 3,
    kind: 'schema',
    field: 'a',
  });
  const newKey = path.join(dir, 'newkey.parquet');
  await rejectsAt(writeAll(newKey, [{ a: 1 }, { a: 2 }, { a: 3, b: 'x' }], { rowGroupSize: 2 }), {
    file: newKey,
    line: 3,
    kind: 'schema',
    field: 'b',
  });
  const notInt = path.join(dir, 'notint.parquet');
  await rejectsAt(writeAll(notInt, [{ a: 1 }, { a: 0.5 }], { columnTypes: { a: 'INT32' } }), {
    file: notInt,
    line: 2,
    kind: 'schema',
    field: 'a',
  });
});

test('invalid UTF-8 in a parquet string column is an encoding error naming row and column; skip mode rejects the row', async (t) => {
  const dir = tempDir(t);
  const p = path.join(dir, 'bad-utf8.parquet');
  // a STRING column whose second value is raw bytes that are not UTF-8 (a foreign writer's bug)
  parquetWriteFile({
    filename: p,
    columnData: [
      { name: 'id', data: ['a', 'b', 'c'], type: 'STRING' },
      { name: 'output', data: ['fine', new Uint8Array([0x6f, 0x6b, 0xc3, 0x28]), 'also fine'], type: 'STRING' },
    ],
  });
  await rejectsAt(collect(readRecords(p)), {
    file: p,
    line: 2,
    kind: 'encoding',
    field: 'output',
    says: /row 2: field "output": invalid UTF-8: byte 0xC3 at byte offset 2/,
  });
  const rejectsPath = path.join(dir, 'rejects.jsonl');
  const r = await readItems(p, { policy: { onError: 'skip', rejectsPath } });
  assert.deepEqual(
    r.items.map((i) => [i.id, i.output]),
    [
      ['a', 'fine'],
      ['c', 'also fine'],
    ],
  );
  const [reject] = readFileSync(rejectsPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual([reject.line, reject.unit, reject.field, reject.kind], [2, 'row', 'output', 'encoding']);
  assert.deepEqual([...Buffer.from(reject.rawBase64, 'base64')], [0x6f, 0x6b, 0xc3, 0x28]);
});

test('item mapping errors in parquet name the row; the default id is the row number', async (t) => {
  const p = path.join(tempDir(t), 'items.parquet');
  await writeAll(p, [{ output: 'a' }, { output: null }]);
  await rejectsAt(readItems(p), { file: p, line: 2, kind: 'type', field: 'output', says: 'row 2: field "output": expected a string, got null' });
  const sink = await ErrorSink.open({ onError: 'skip' });
  const ids = (await collect(readRecords(p, { sink }))).map((r) => r.line);
  assert.deepEqual(ids, [1, 2]);
});

test('a file that is not parquet is a format error; an empty parquet file is an empty error', async (t) => {
  const notParquet = fixture('malformed/not-parquet.parquet');
  await rejectsAt(collect(readRecords(notParquet)), { file: notParquet, line: 0, kind: 'format', says: 'not a readable parquet file' });
  const empty = path.join(tempDir(t), 'empty.parquet');
  const w = await openRecordWriter(empty, { columns: ['output'], columnTypes: { output: 'STRING' } });
  await w.close();
  assert.deepEqual(schemaOf(empty), { output: 'BYTE_ARRAY/UTF8/OPTIONAL' });
  await rejectsAt(collect(readRecords(empty)), { file: empty, line: 0, kind: 'empty' });
  assert.deepEqual(await collect(readRecords(empty, { allowEmpty: true })), []);
});

test('gzipped parquet is refused with a reason', async (t) => {
  const p = path.join(tempDir(t), 'x.parquet.gz');
  assert.throws(() => readRecords(p), /gzipped parquet cannot be read/);
  await rejectsAt(openRecordWriter(p), { file: p, line: 0, kind: 'format' });
});
