import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readItems, type RejectRecord } from '../../src/data/index.js';
import { fixture, rejectsAt, tempDir } from './helpers.js';

const readRejects = (p: string): RejectRecord[] =>
  readFileSync(p, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as RejectRecord);

// skip/mixed.jsonl was written by hand: 13 lines, line 8 blank, so 12 rows; the bad rows are lines
// 3 (bad JSON), 5 (invalid UTF-8), 6 (a JSON string, not an object), 9 (no output), 11 (output is a number).
test('skip mode on JSONL: every bad row is counted and written to the rejects file with its line and kind', async (t) => {
  const rejectsPath = path.join(tempDir(t), 'rejects.jsonl');
  writeFileSync(rejectsPath, 'stale content from an earlier run\n');
  const p = fixture('skip/mixed.jsonl');
  const r = await readItems(p, { policy: { onError: 'skip', rejectsPath } });
  assert.deepEqual(
    r.items.map((i) => i.id),
    ['r1', 'r2', 'r4', 'r7', 'r10', 'r12', 'r13'],
  );
  assert.equal(r.skipped, 5);
  assert.equal(r.items.length + r.skipped, 12); // rows in = rows out + skipped
  assert.equal(r.rejectsPath, rejectsPath);
  assert.deepEqual(r.byKind, { json: 1, encoding: 1, type: 2, 'missing-field': 1 });
  const rejects = readRejects(rejectsPath);
  assert.deepEqual(
    rejects.map((x) => [x.file, x.line, x.kind, x.field]),
    [
      [p, 3, 'json', null],
      [p, 5, 'encoding', null],
      [p, 6, 'type', null],
      [p, 9, 'missing-field', 'output'],
      [p, 11, 'type', 'output'],
    ],
  );
  assert.equal(rejects[0].raw, '{"id": "r3", "output": "gamma" "references": ["C"]}');
  assert.deepEqual([...Buffer.from(rejects[1].rawBase64 as string, 'base64')].slice(24, 26), [0xff, 0xfe]);
  assert.deepEqual(rejects[3].raw, { id: 'r9', references: ['I'] });
  assert.equal(rejects[4].error, `${p}:11: field "output": expected a string, got number 11`);
});

// skip/mixed.csv: records start on lines 2, 3 (to 4), 5, 6 (to 7), 8, 9 (to 10), 11, 12 (to the end).
test('skip mode on CSV with multi-line records: rejects carry the line where each bad record starts', async (t) => {
  const rejectsPath = path.join(tempDir(t), 'rejects.jsonl');
  const p = fixture('skip/mixed.csv');
  const mapping = { idField: 'id', refFields: ['reference'] };
  const r = await readItems(p, { mapping, policy: { onError: 'skip', rejectsPath } });
  assert.deepEqual(r.items, [
    { id: 'c2', output: 'plain', references: ['ref two'] },
    { id: 'c3', output: 'first line\nsecond line', references: ['ref three'] },
    { id: 'c6', output: 'crlf inside\r\nquotes', references: ['ref six'] },
    { id: 'c9', output: 'she said "yes",\nthen left', references: ['ref nine'] },
  ]);
  assert.equal(r.items.length + r.skipped, 8);
  const rejects = readRejects(rejectsPath);
  assert.deepEqual(
    rejects.map((x) => [x.line, x.kind, x.field]),
    [
      [5, 'csv', null],
      [8, 'csv', 'output'],
      [11, 'encoding', null],
      [12, 'csv', 'output'],
    ],
  );
  assert.equal(rejects[0].raw, 'c5,too,many,fields');
  assert.equal(rejects[3].raw, 'c12,"never closed,ref twelve\nc13,swallowed,ref');
  // fail mode stops at the first of them
  await rejectsAt(readItems(p, { mapping }), { file: p, line: 5, kind: 'csv' });
});

test('fail mode never creates the rejects file; skip mode without a rejects path still counts', async (t) => {
  const rejectsPath = path.join(tempDir(t), 'never.jsonl');
  const p = fixture('skip/mixed.jsonl');
  await rejectsAt(readItems(p, { policy: { onError: 'fail', rejectsPath } }), { file: p, line: 3, kind: 'json' });
  assert.equal(existsSync(rejectsPath), false);
  const r = await readItems(p, { policy: { onError: 'skip' } });
  assert.equal(r.skipped, 5);
  assert.equal(r.rejectsPath, undefined);
  assert.equal(r.firstErrors.length, 5);
  assert.ok(r.firstErrors[0].startsWith(`${p}:3: invalid JSON`), r.firstErrors[0]);
});

test('whole-file problems are thrown even in skip mode: there is no row to skip', async () => {
  const empty = fixture('malformed/empty.jsonl');
  await rejectsAt(readItems(empty, { policy: { onError: 'skip' } }), { file: empty, line: 0, kind: 'empty' });
  const missing = fixture('malformed/absent.jsonl');
  await rejectsAt(readItems(missing, { policy: { onError: 'skip' } }), { file: missing, line: 0, kind: 'io' });
});

test('skip mode with sameReferenceCount: a record with another number of references is a counted skip at its line', async (t) => {
  const dir = tempDir(t);
  const p = path.join(dir, 'refs.jsonl');
  writeFileSync(p, ['{"id":"a","output":"x","references":["r"]}', '{"id":"b","output":"y"}', '{"id":"c","output":"z","references":["r","s"]}', '{"id":"d","output":"w","references":["t"]}'].join('\n') + '\n');
  const rejectsPath = path.join(dir, 'rejects.jsonl');
  const r = await readItems(p, { mapping: { sameReferenceCount: true }, policy: { onError: 'skip', rejectsPath } });
  assert.deepEqual(r.items.map((i) => i.id), ['a', 'd']);
  assert.equal(r.skipped, 2);
  assert.deepEqual(r.byKind, { 'length-mismatch': 2 });
  assert.deepEqual(readRejects(rejectsPath).map((x) => [x.line, x.kind, x.field]), [[2, 'length-mismatch', 'references'], [3, 'length-mismatch', 'references']]);
});
