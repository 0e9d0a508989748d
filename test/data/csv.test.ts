import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ErrorSink, readRecords, type ReadRecordsOptions } from '../../src/data/index.js';
import { collect, fixture, rejectsAt, tempDir } from './helpers.js';

const records = (p: string, opts: ReadRecordsOptions = {}) => collect(readRecords(p, opts));
const values = async (p: string, opts: ReadRecordsOptions = {}) => (await records(p, opts)).map((r) => r.record);

test('a ragged row is a csv error naming its line and both field counts', async () => {
  const p = fixture('malformed/ragged.csv');
  await rejectsAt(records(p), { file: p, line: 3, kind: 'csv', says: 'expected 3 fields (as in the header), found 4' });
});

test('an unterminated quote is reported at the line where the quote opened, naming the column', async () => {
  const p = fixture('malformed/unterminated.csv');
  await rejectsAt(records(p), { file: p, line: 3, kind: 'csv', field: 'output', says: 'unterminated quoted field' });
});

test('a character after a closing quote (an undoubled quote inside quotes) is an error naming the column', async () => {
  const p = fixture('malformed/after-quote.csv');
  await rejectsAt(records(p), { file: p, line: 2, kind: 'csv', field: 'output', says: 'unexpected "h" after the closing quote of field 2' });
});

test('duplicate header names are an error at line 1', async () => {
  const p = fixture('malformed/duplicate-header.csv');
  await rejectsAt(records(p), { file: p, line: 1, kind: 'csv', field: 'output', says: 'columns 2 and 3' });
});

test('an empty CSV and a header-only CSV are empty errors (allowEmpty accepts them)', async () => {
  const empty = fixture('malformed/empty.csv');
  await rejectsAt(records(empty), { file: empty, line: 0, kind: 'empty', says: 'header row is required' });
  const headerOnly = fixture('malformed/header-only.csv');
  await rejectsAt(records(headerOnly), { file: headerOnly, line: 0, kind: 'empty', says: 'no records' });
  assert.deepEqual(await records(headerOnly, { allowEmpty: true }), []);
});

test('real CSV with multi-line quoted header cells and four ragged rows (alpaca_eval benchmarks.csv)', async (t) => {
  const want = JSON.parse(readFileSync(fixture('real/alpaca-eval-benchmarks.expected.json'), 'utf8')) as {
    header: string[];
    rows: { line: number; n_fields: number; record: Record<string, string> | null }[];
  };
  const p = fixture('real/alpaca-eval-benchmarks.csv');
  // strict: the first ragged row (python csv.reader: line 20, 4 of 24 fields) stops the read
  await rejectsAt(records(p), { file: p, line: 20, kind: 'csv', says: 'expected 24 fields (as in the header), found 4' });
  // skip: every full row equals Python's, and every ragged row is in the rejects file with its line and raw text
  const rejectsPath = path.join(tempDir(t), 'rejects.jsonl');
  const sink = await ErrorSink.open({ onError: 'skip', rejectsPath });
  const got = await records(p, { sink });
  await sink.close();
  const full = want.rows.filter((r) => r.record !== null);
  assert.deepEqual(
    got.map((r) => [r.line, r.record]),
    full.map((r) => [r.line, r.record]),
  );
  assert.deepEqual(Object.keys(got[0].record), want.header);
  const rejects = readFileSync(rejectsPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(
    rejects.map((r) => [r.line, r.kind]),
    want.rows.filter((r) => r.record === null).map((r) => [r.line, 'csv']),
  );
  assert.deepEqual(
    rejects.map((r) => r.error.replace(/^.*: /, '')),
    want.rows.filter((r) => r.record === null).map((r) => `expected 24 fields (as in the header), found ${r.n_fields}`),
  );
  // nothing silently dropped: rows in = rows out + skipped
  assert.equal(want.rows.length, got.length + sink.skipped);
  assert.equal(sink.skipped, 4);
});

test('real gzipped CSV with an empty first header name (alpaca_eval leaderboard) equals Python csv.DictReader', async () => {
  const want = JSON.parse(readFileSync(fixture('real/alpaca-eval-leaderboard.expected.json'), 'utf8')) as {
    count: number;
    first: Record<string, string>;
    last: Record<string, string>;
    sha256_canonical: string;
  };
  const got = await values(fixture('real/alpaca-eval-leaderboard.csv.gz'));
  assert.equal(got.length, want.count);
  assert.deepEqual(got[0], want.first);
  assert.deepEqual(got[got.length - 1], want.last);
  const canonical = got.map((r) => JSON.stringify(r)).join('\n');
  assert.equal(createHash('sha256').update(canonical, 'utf8').digest('hex'), want.sha256_canonical);
});

test('real MQM TSV with bare double quotes reads like Python csv with QUOTE_NONE (the TSV default)', async () => {
  const { records: want } = JSON.parse(readFileSync(fixture('real/mqm-ted-ende.slice.expected.json'), 'utf8')) as {
    records: Record<string, string>[];
  };
  const got = await values(fixture('real/mqm-ted-ende.slice.tsv.gz'));
  assert.equal(got.length, 51);
  assert.deepEqual(got, want);
  assert.ok(got.some((r) => String(r.source).includes('"black hole"')));
});

test('record line numbers are where each record starts, also after multi-line quoted fields and CRLF', async (t) => {
  const p = path.join(tempDir(t), 'multi.csv');
  writeFileSync(p, 'a,b\r\n1,"x\r\ny"\r\n2,"p ""q"", r"\r\n\r\n3,\r\n');
  const got = await records(p);
  assert.deepEqual(
    got.map((r) => [r.line, r.record]),
    [
      [2, { a: '1', b: 'x\r\ny' }],
      [4, { a: '2', b: 'p "q", r' }],
      [6, { a: '3', b: '' }],
    ],
  );
  // same result whatever the read chunk size
  for (const chunkSize of [1, 3, 8]) {
    assert.deepEqual(await records(p, { chunkSize }), got);
  }
});

test('emptyField "null": an empty unquoted field is null, a quoted "" is the empty string', async (t) => {
  const p = path.join(tempDir(t), 'nulls.csv');
  writeFileSync(p, 'a,b,c\n,"",x\n');
  assert.deepEqual(await values(p, { emptyField: 'null' }), [{ a: null, b: '', c: 'x' }]);
  assert.deepEqual(await values(p), [{ a: '', b: '', c: 'x' }]);
});

test('quotes inside an unquoted field are literal (as Python csv and pandas read them)', async (t) => {
  const p = path.join(tempDir(t), 'literal.csv');
  writeFileSync(p, 'id,output\n1,say "hi" now\n');
  assert.deepEqual(await values(p), [{ id: '1', output: 'say "hi" now' }]);
});

test('blank lines are skipped, except in a one-column file where a blank line is an empty value', async (t) => {
  const dir = tempDir(t);
  const two = path.join(dir, 'two.csv');
  writeFileSync(two, 'a,b\n\n1,2\n\n');
  assert.deepEqual(await values(two), [{ a: '1', b: '2' }]);
  const one = path.join(dir, 'one.csv');
  writeFileSync(one, 'a\nx\n\ny\n');
  assert.deepEqual(await values(one), [{ a: 'x' }, { a: '' }, { a: 'y' }]);
});

test('TSV can be read with RFC 4180 quoting when asked (pandas-style TSV)', async (t) => {
  const p = path.join(tempDir(t), 'quoted.tsv');
  writeFileSync(p, 'a\tb\n"x\ty"\t"multi\nline"\n');
  assert.deepEqual(await values(p, { quoting: 'rfc4180' }), [{ a: 'x\ty', b: 'multi\nline' }]);
  // with the default (no quoting) the same file is ragged at line 2
  await rejectsAt(records(p), { file: p, line: 2, kind: 'csv', says: 'found 3' });
});

test('invalid UTF-8 inside a CSV record is an encoding error at its line', async (t) => {
  const p = path.join(tempDir(t), 'bad.csv');
  writeFileSync(p, Buffer.concat([Buffer.from('a,b\n1,"ok\n'), Buffer.from([0x62, 0xc3, 0x22, 0x0a])]));
  await rejectsAt(records(p), { file: p, line: 3, kind: 'encoding', says: 'byte 0xC3 at byte offset 1' });
});

test('a column named __proto__ becomes an ordinary field', async (t) => {
  const p = path.join(tempDir(t), 'proto.csv');
  writeFileSync(p, '__proto__,b\nx,y\n');
  const [rec] = await values(p);
  assert.deepEqual(Object.keys(rec), ['__proto__', 'b']);
  assert.equal(Object.getPrototypeOf(rec), Object.prototype);
  assert.equal(Object.getOwnPropertyDescriptor(rec, '__proto__')?.value, 'x');
});

test('a quoted field longer than maxFieldChars stops the read even in skip mode (a missing closing quote)', async (t) => {
  const p = path.join(tempDir(t), 'runaway.csv');
  writeFileSync(p, `a,b\n1,"open\n${'x\n'.repeat(50)}`);
  const sink = await ErrorSink.open({ onError: 'skip' });
  await rejectsAt(collect(readRecords(p, { sink, maxFieldChars: 64 })), {
    file: p,
    line: 2,
    kind: 'csv',
    says: 'longer than 64 characters',
  });
});
