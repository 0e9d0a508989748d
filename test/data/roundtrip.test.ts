import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { openRecordWriter, readRecords, type ReadRecordsOptions, type RecordWriterOptions } from '../../src/data/index.js';
import { collect, rejectsAt, tempDir } from './helpers.js';

async function writeAll(p: string, recs: Record<string, unknown>[], opts: RecordWriterOptions = {}): Promise<void> {
  const w = await openRecordWriter(p, opts);
  for (const r of recs) await w.write(r);
  await w.close();
  assert.equal(w.count, recs.length);
}
const readAll = async (p: string, opts: ReadRecordsOptions = {}) => (await collect(readRecords(p, opts))).map((r) => r.record);

/** Typed values, unicode, line breaks inside values, nulls, nested JSON. */
const TYPED: Record<string, unknown>[] = [
  { id: 'a', text: 'plain', n: 1, f: 0.1, ok: true, none: null, list: ['x', 'y'], obj: { k: 'v' } },
  { id: 'b', text: 'comma, "quote" and\nnewline\r\nCRLF', n: -2, f: 1e-300, ok: false, none: null, list: [], obj: {} },
  { id: 'c', text: 'Grüße 🙂 \u2028 \u0000 tab\t end ', n: 2 ** 53 - 1, f: -0.5, ok: true, none: null, list: ['é'], obj: { nested: [1, { a: null }] } },
  { id: 'd', text: '', n: 0, f: Number.MAX_VALUE, ok: false, none: null, list: ['', '"'], obj: { '': '' } },
];

/** Text-only records for CSV/TSV, which have no types: strings and nulls. */
const TEXTUAL: Record<string, unknown>[] = [
  { id: '1', output: 'comma, "quotes", done', ref: 'multi\nline\r\nwith CRLF', note: null },
  { id: '2', output: '', ref: ' leading and trailing spaces ', note: 'Grüße 🙂 漢字' },
  { id: '3', output: '"', ref: '\u2028\u0085', note: '' },
];

test('JSONL and JSONL.gz round-trip typed records exactly', async (t) => {
  const dir = tempDir(t);
  for (const name of ['r.jsonl', 'r.jsonl.gz', 'r.ndjson']) {
    const p = path.join(dir, name);
    await writeAll(p, TYPED);
    assert.deepEqual(await readAll(p), TYPED, name);
  }
  // the .gz file really is gzip
  const gz = readFileSync(path.join(dir, 'r.jsonl.gz'));
  assert.equal(gunzipSync(gz).toString('utf8').split('\n').length, TYPED.length + 1);
});

test('.json output is one JSON array (whole-file JSON.parse agrees) and reads back element by element', async (t) => {
  const dir = tempDir(t);
  for (const name of ['r.json', 'r.json.gz']) {
    const p = path.join(dir, name);
    await writeAll(p, TYPED);
    assert.deepEqual(await readAll(p), TYPED, name);
  }
  assert.deepEqual(JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8')), TYPED);
  const none = path.join(dir, 'none.json');
  await writeAll(none, []);
  assert.deepEqual(JSON.parse(readFileSync(none, 'utf8')), []);
});

test('Parquet round-trips typed records exactly (strings, doubles, booleans, all-null column, JSON lists and objects)', async (t) => {
  const p = path.join(tempDir(t), 'r.parquet');
  await writeAll(p, TYPED);
  assert.deepEqual(await readAll(p), TYPED);
});

test('CSV and CSV.gz round-trip strings and nulls exactly (null unquoted-empty, "" quoted) when read with emptyField null', async (t) => {
  const dir = tempDir(t);
  for (const name of ['r.csv', 'r.csv.gz']) {
    const p = path.join(dir, name);
    await writeAll(p, TEXTUAL);
    assert.deepEqual(await readAll(p, { emptyField: 'null' }), TEXTUAL, name);
  }
});

test('CSV output is RFC 4180: quotes doubled, fields with delimiter / quote / line break quoted, \\n line ends', async (t) => {
  const p = path.join(tempDir(t), 'exact.csv');
  await writeAll(p, [{ a: 'x,y', b: 'say "hi"', c: 'l1\nl2', d: '', e: null, f: 3, g: true, h: ['q'] }]);
  assert.equal(readFileSync(p, 'utf8'), 'a,b,c,d,e,f,g,h\n"x,y","say ""hi""","l1\nl2","",,3,true,"[""q""]"\n');
});

test('TSV round-trips text without tabs or line breaks; such a value is an error unless quoting is rfc4180', async (t) => {
  const dir = tempDir(t);
  const plain = path.join(dir, 'r.tsv');
  const recs = [
    { id: '1', output: 'he said "no", twice', ref: 'Grüße' },
    { id: '2', output: 'x', ref: 'y' },
  ];
  await writeAll(plain, recs);
  assert.equal(readFileSync(plain, 'utf8'), 'id\toutput\tref\n1\the said "no", twice\tGrüße\n2\tx\ty\n');
  assert.deepEqual(await readAll(plain), recs);

  const bad = path.join(dir, 'bad.tsv');
  const w = await openRecordWriter(bad);
  await w.write({ id: '1', output: 'fine' });
  await rejectsAt(w.write({ id: '2', output: 'tab\there' }), { file: bad, line: 2, kind: 'format', field: 'output' });
  await w.close();

  const quoted = path.join(dir, 'quoted.tsv');
  await writeAll(quoted, TEXTUAL, { quoting: 'rfc4180' });
  assert.deepEqual(await readAll(quoted, { quoting: 'rfc4180', emptyField: 'null' }), TEXTUAL);
});

test('CSV writer: columns are fixed by the first record; an unknown key later is a schema error, a missing key is null', async (t) => {
  const p = path.join(tempDir(t), 'cols.csv');
  const w = await openRecordWriter(p);
  await w.write({ a: '1', b: '2' });
  await w.write({ a: '3' });
  await rejectsAt(w.write({ a: '4', c: '5' }), { file: p, line: 3, kind: 'schema', field: 'c' });
  await w.close();
  assert.deepEqual(await readAll(p, { emptyField: 'null' }), [
    { a: '1', b: '2' },
    { a: '3', b: null },
  ]);
});

test('JSONL writer refuses values JSON cannot hold (NaN, Infinity, bigint) instead of writing null', async (t) => {
  const p = path.join(tempDir(t), 'nan.jsonl');
  const w = await openRecordWriter(p);
  await w.write({ ok: 1 });
  await rejectsAt(w.write({ score: Number.NaN }), { file: p, line: 2, kind: 'type', field: 'score', says: 'number NaN' });
  await rejectsAt(w.write({ big: 2n ** 64n }), { file: p, line: 2, kind: 'type', field: 'big' });
  await w.close();
  assert.deepEqual(await readAll(p), [{ ok: 1 }]);
});

test('an output path in a missing directory is an io error at open time', async (t) => {
  const p = path.join(tempDir(t), 'no', 'such', 'dir', 'out.jsonl');
  await rejectsAt(openRecordWriter(p), { file: p, line: 0, kind: 'io' });
  const q = path.join(tempDir(t), 'no', 'out.parquet');
  await rejectsAt(openRecordWriter(q), { file: q, line: 0, kind: 'io' });
});
