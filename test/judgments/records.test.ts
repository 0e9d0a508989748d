import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { readRecordTable, recordFormatOf } from '../../src/judgments/importers/records.js';
import { parseDelimited, parseWhitespaceTable } from '../../src/judgments/importers/_csv.js';
import { splitLines } from '../../src/judgments/importers/_io.js';
import { listValue, parsePythonList, ratingValue } from '../../src/judgments/importers/_values.js';
import { DataError } from '../../src/data/errors.js';
import { tempFile } from './_fixtures.js';

const where = { file: 'f', line: 7, field: 'x' };

test('record format from the name, .gz ignored', () => {
  assert.equal(recordFormatOf('a/b.jsonl.gz'), 'jsonl');
  assert.equal(recordFormatOf('x.JSON'), 'json');
  assert.equal(recordFormatOf('test-00000-of-00001.parquet'), 'parquet');
  assert.equal(recordFormatOf('ad.tsv'), 'tsv');
  assert.equal(recordFormatOf('notes.txt'), undefined);
});

test('JSON arrays keep the starting line of every element (strings with brackets and escapes skipped)', async () => {
  const text = '[\n  {"a": "[{,\\"}"},\n  {"a":\n    2},\n\n  {"a": [1, {"b": 3}]}\n]\n';
  const t = await readRecordTable(tempFile('x.json', text));
  assert.deepEqual(t.rows.map((r) => r.line), [2, 3, 6]);
  assert.deepEqual(t.rows.map((r) => r.record.a), ['[{,"}', 2, [1, { b: 3 }]]);
});

test('JSON syntax errors and non-object records name their line', async () => {
  const broken = tempFile('x.json', '[\n  {"a": 1},\n  {"a": 2,,}\n]');
  await assert.rejects(readRecordTable(broken), (e: unknown) => e instanceof DataError && e.line === 3 && e.kind === 'json');
  const scalar = tempFile('x.jsonl', '{"a": 1}\n\n[1, 2]\n');
  await assert.rejects(readRecordTable(scalar), (e: unknown) => e instanceof DataError && e.line === 3 && e.kind === 'type');
  const empty = tempFile('x.jsonl', '\n\n');
  await assert.rejects(readRecordTable(empty), (e: unknown) => e instanceof DataError && e.kind === 'empty');
});

test('gzip is recognised by its magic bytes, whatever the name; invalid UTF-8 names its line', async () => {
  const t = await readRecordTable(tempFile('x.jsonl', gzipSync('{"a": 1}\n{"a": 2}\n')));
  assert.deepEqual(t.rows.map((r) => r.record.a), [1, 2]);
  const bad = tempFile('x.jsonl', Buffer.concat([Buffer.from('{"a": 1}\n{"a": "'), Buffer.from([0xff, 0xfe]), Buffer.from('"}\n')]));
  await assert.rejects(readRecordTable(bad), (e: unknown) => e instanceof DataError && e.kind === 'encoding' && e.line === 2);
  await assert.rejects(readRecordTable('/nonexistent/x.jsonl'), (e: unknown) => e instanceof DataError && e.kind === 'io');
});

test('CSV: quoted delimiters, doubled quotes, newlines inside quotes, CRLF; ragged rows name their line', async () => {
  const rows = parseDelimited('a,b\r\n"x, y","say ""hi"""\r\n"multi\nline",z\r\n', 'f', { delimiter: ',' });
  assert.deepEqual(rows.map((r) => [r.line, r.cells]), [[1, ['a', 'b']], [2, ['x, y', 'say "hi"']], [3, ['multi\nline', 'z']]]);
  const noQuoting = parseDelimited('a\t"b\n"c\td"\n', 'f', { delimiter: '\t', quoting: false });
  assert.deepEqual(noQuoting[1].cells, ['"c', 'd"']);
  const ragged = tempFile('x.csv', 'a,b\n1,2\n3\n');
  await assert.rejects(readRecordTable(ragged), (e: unknown) => e instanceof DataError && e.line === 3 && e.kind === 'csv');
  assert.throws(() => parseDelimited('a,b\n"x"y,1\n', 'f', { delimiter: ',' }), (e: unknown) => e instanceof DataError && e.line === 2);
});

test('whitespace tables split like Python str.split(); lines split like Python text mode when asked', () => {
  assert.deepEqual(parseWhitespaceTable('system mqm_avg_score seg_id\nA\t-1.0 1\n\n  B  None   2 \n').map((r) => r.cells), [
    ['system', 'mqm_avg_score', 'seg_id'],
    ['A', '-1.0', '1'],
    ['B', 'None', '2'],
  ]);
  assert.deepEqual(splitLines('a\r\nb\rc\n', 'universal'), ['a', 'b', 'c']);
  assert.deepEqual(splitLines('a\r\nb\rc\n', 'lf'), ['a', 'b\rc']);
  assert.deepEqual(splitLines('', 'lf'), []);
});

test('cell values: None / empty / nan are missing, -0 becomes 0, other text is an error naming the field', () => {
  assert.ok(Number.isNaN(ratingValue('None', where)));
  assert.ok(Number.isNaN(ratingValue('', where)));
  assert.ok(Number.isNaN(ratingValue(null, where)));
  assert.ok(Object.is(ratingValue('-0.000000', where), 0));
  assert.equal(ratingValue(' 1e-3 ', where), 0.001);
  assert.equal(ratingValue(true, where), 1);
  assert.throws(() => ratingValue('0x10', where), (e: unknown) => e instanceof DataError && e.line === 7 && e.field === 'x');
  assert.throws(() => ratingValue({}, where), DataError);
});

test('list cells: JSON text, Python reprs with quotes, escapes, None, nan, True/False', () => {
  assert.deepEqual(listValue('[1, 2.5]', where), [1, 2.5]);
  assert.deepEqual(parsePythonList(`['it\\'s', "say \\"x\\"", 'tab\\there', '\\u00e9']`), ["it's", 'say "x"', 'tab\there', 'é']);
  const mixed = parsePythonList('[nan, -inf, None, True, False, 3,]')!;
  assert.ok(Number.isNaN(mixed[0] as number));
  assert.deepEqual(mixed.slice(1), [-Infinity, null, true, false, 3]);
  assert.equal(parsePythonList('[1, 2] extra'), undefined);
  assert.equal(parsePythonList('[1, x]'), undefined);
  assert.deepEqual(parsePythonList('[]'), []);
  assert.throws(() => listValue('not a list', where), (e: unknown) => e instanceof DataError && e.field === 'x');
});
