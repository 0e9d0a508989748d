import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ErrorSink, readItems, readRecords } from '../../src/data/index.js';
import { collect, fixture, rejectsAt, tempDir } from './helpers.js';

const records = (p: string, opts = {}) => collect(readRecords(p, opts));

test('bad JSON on line 3 is a json DataError at line 3', async () => {
  const p = fixture('malformed/bad-json.jsonl');
  await rejectsAt(records(p), { file: p, line: 3, kind: 'json', says: /^.*bad-json\.jsonl:3: invalid JSON/ });
  // where V8 gives a position, the column is added: here the "}" after the trailing comma, column 31
  await rejectsAt(records(p), { file: p, line: 3, kind: 'json', says: 'invalid JSON (column 31)' });
});

test('a record without the output field: missing-field error naming line 2, the field, and the fields it has', async () => {
  const p = fixture('malformed/missing-output.jsonl');
  const e = await rejectsAt(readItems(p), { file: p, line: 2, kind: 'missing-field', field: 'output' });
  assert.ok(e.message.endsWith('field "output": missing (the record has fields "id", "hypothesis", "references")'), e.message);
});

test('a number where a string is needed is a type error, never coerced', async () => {
  const p = fixture('malformed/number-output.jsonl');
  await rejectsAt(readItems(p), { file: p, line: 2, kind: 'type', field: 'output', says: 'expected a string, got number 42' });
});

test('a null output is a type error on its line', async () => {
  const p = fixture('malformed/null-output.jsonl');
  await rejectsAt(readItems(p), { file: p, line: 3, kind: 'type', field: 'output', says: 'got null' });
});

test('a non-string inside the references array names the element', async () => {
  const p = fixture('malformed/bad-reference.jsonl');
  await rejectsAt(readItems(p), { file: p, line: 2, kind: 'type', field: 'references[1]', says: 'got number 2' });
});

test('a JSONL line that is valid JSON but not an object is a type error', async () => {
  const p = fixture('malformed/not-object.jsonl');
  await rejectsAt(records(p), { file: p, line: 2, kind: 'type', says: 'expected a JSON object, got array of 2' });
});

test('invalid UTF-8 bytes on line 2 are an encoding error at line 2 (not a silent U+FFFD)', async () => {
  const p = fixture('malformed/invalid-utf8.jsonl');
  await rejectsAt(records(p), { file: p, line: 2, kind: 'encoding', says: 'byte 0xE9 at byte offset 26' });
});

test('an empty file and a file of blank lines are empty errors; allowEmpty accepts them', async () => {
  for (const name of ['empty.jsonl', 'blank-lines.jsonl']) {
    const p = fixture('malformed', name);
    await rejectsAt(records(p), { file: p, line: 0, kind: 'empty' });
    assert.deepEqual(await records(p, { allowEmpty: true }), []);
  }
});

test('blank lines are not records; a \\r\\n line end and a leading BOM are accepted', async (t) => {
  const p = path.join(tempDir(t), 'crlf.jsonl');
  writeFileSync(p, '\ufeff{"output": "a"}\r\n\r\n  \n{"output": "b"}\r\n');
  const got = await records(p);
  assert.deepEqual(
    got.map((r) => [r.line, r.record]),
    [
      [1, { output: 'a' }],
      [4, { output: 'b' }],
    ],
  );
});

test('a JSON array file (LLMBar Natural, upstream bytes) reads to the same records as Python json.load', async () => {
  const p = fixture('real/llmbar-natural.dataset.json.gz');
  const want = JSON.parse(readFileSync(fixture('real/llmbar-natural.expected.json'), 'utf8')) as {
    count: number;
    labels: number[];
    keys: string[];
    sha256_canonical: string;
  };
  const got = await records(p);
  assert.equal(got.length, want.count);
  assert.deepEqual(
    got.map((r) => r.record.label),
    want.labels,
  );
  assert.deepEqual(Object.keys(got[0].record), want.keys);
  const canonical = got.map((r) => JSON.stringify(r.record)).join('\n');
  assert.equal(createHash('sha256').update(canonical, 'utf8').digest('hex'), want.sha256_canonical);
  assert.equal(got[0].line, 2); // "[" is alone on line 1
  assert.ok(got.every((r, i) => i === 0 || r.line > got[i - 1].line));
});

test('JSON array structure errors are thrown at the right line: trailing comma, unclosed array', async () => {
  const comma = fixture('malformed/array-trailing-comma.json');
  await rejectsAt(records(comma), { file: comma, line: 4, kind: 'json', says: 'trailing comma' });
  const unclosed = fixture('malformed/array-unclosed.json');
  await rejectsAt(records(unclosed), { file: unclosed, line: 3, kind: 'json', says: 'not closed' });
  // structure errors cannot be skipped
  await rejectsAt(records(unclosed, { sink: await ErrorSink.open({ onError: 'skip' }) }), {
    file: unclosed,
    line: 3,
    kind: 'json',
  });
});

test('a malformed element of a JSON array is located at the line where the element starts, and can be skipped', async () => {
  const p = fixture('malformed/array-bad-element.json');
  await rejectsAt(records(p), { file: p, line: 3, kind: 'json' });
  const sink = await ErrorSink.open({ onError: 'skip' });
  const got = await records(p, { sink });
  assert.deepEqual(
    got.map((r) => [r.line, r.record.id]),
    [
      [2, 'a'],
      [5, 'c'],
    ],
  );
  assert.equal(sink.skipped, 1);
});

test('a .json file that does not start with "[" is read as JSON Lines; format overrides the extension', async (t) => {
  const dir = tempDir(t);
  const asJson = path.join(dir, 'lines.json');
  writeFileSync(asJson, '\n{"output": "a"}\n{"output": "b"}\n');
  assert.deepEqual(
    (await records(asJson)).map((r) => [r.line, r.record.output]),
    [
      [2, 'a'],
      [3, 'b'],
    ],
  );
  const txt = path.join(dir, 'data.txt');
  writeFileSync(txt, '{"output": "x"}\n');
  assert.deepEqual((await records(txt, { format: 'jsonl' })).map((r) => r.record), [{ output: 'x' }]);
  assert.throws(() => readRecords(txt), (e: Error) => e.name === 'DataError' && /cannot tell the format/.test(e.message));
});

test('a JSON array with strings holding brackets, commas and escaped quotes splits correctly', async (t) => {
  const p = path.join(tempDir(t), 'tricky.json');
  const data = [{ output: 'a],[{"b"}', x: [1, { y: '}' }] }, { output: 'back\\slash\\', z: null }, { output: '\u2028\n"' }];
  writeFileSync(p, JSON.stringify(data, null, 2));
  assert.deepEqual((await records(p)).map((r) => r.record), data);
  writeFileSync(p, JSON.stringify(data));
  assert.deepEqual((await records(p)).map((r) => r.record), data);
  writeFileSync(p, '[]');
  await rejectsAt(records(p), { file: p, line: 0, kind: 'empty' });
});
