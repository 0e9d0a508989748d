import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Item } from '../../src/scorers/contract.js';
import { DataError, openRecordWriter, readItems, recordToItem, type FieldMapping, type SourceRecord } from '../../src/data/index.js';
import { tempDir } from './helpers.js';

const src = (record: Record<string, unknown>, line = 7): SourceRecord => ({ file: 'in.jsonl', line, unit: 'line', record });

function mapErr(record: Record<string, unknown>, mapping: FieldMapping = {}): DataError {
  try {
    recordToItem(src(record), mapping);
  } catch (e) {
    assert.ok(e instanceof DataError);
    return e;
  }
  assert.fail('expected a DataError');
}

test('Items written as JSONL read back identical with no mapping (canonical field names)', async (t) => {
  const items: Item[] = [
    { id: 'a', output: 'Grüße 🙂', references: ['r1', 'r2'], prompt: 'translate', meta: { system: 'S1', n: 1 } },
    { id: 'b', output: 'line\nbreak', prompt: [{ role: 'user', content: 'hi' }], context: ['doc one', 'doc two'] },
    { id: 'c', output: '' },
  ];
  const p = path.join(tempDir(t), 'items.jsonl');
  const w = await openRecordWriter(p);
  for (const it of items) await w.write({ ...it });
  await w.close();
  const r = await readItems(p);
  assert.deepEqual(r.items, items);
  assert.equal(r.skipped, 0);
});

test('explicit fields are required; default names are used only when present', () => {
  assert.deepEqual(recordToItem(src({ output: 'x' })), { id: '7', output: 'x' });
  const e = mapErr({ output: 'x', references: ['y'] }, { refFields: ['ref_a'] });
  assert.deepEqual([e.kind, e.field, e.line, e.file], ['missing-field', 'ref_a', 7, 'in.jsonl']);
  assert.equal(mapErr({ hyp: 'x' }, { outputField: 'hyp', idField: 'segment' }).field, 'segment');
});

test('reference fields may each hold a string or an array; they are concatenated in mapping order', () => {
  const item = recordToItem(src({ out: 'h', ref_a: 'A', more: ['B', 'C'] }), { outputField: 'out', refFields: ['ref_a', 'more'] });
  assert.deepEqual(item.references, ['A', 'B', 'C']);
});

test('types are never coerced: numbers, nulls and objects where strings belong are errors naming the field', () => {
  assert.deepEqual(
    [mapErr({ output: 3 }).field, mapErr({ output: 3 }).detail],
    ['output', 'expected a string, got number 3'],
  );
  assert.equal(mapErr({ output: null }).detail, 'expected a string, got null');
  assert.equal(mapErr({ output: 'x', references: [['nested']] }).field, 'references[0]');
  assert.equal(mapErr({ output: 'x', references: 5 }).detail, 'expected a string or an array of strings, got number 5');
  assert.equal(mapErr({ output: 'x', context: { a: 1 } }).field, 'context');
  assert.equal(mapErr({ output: 'x', meta: 'system A' }).field, 'meta');
  assert.equal(mapErr({ output: 'x', prompt: [{ role: 'user' }] }).field, 'prompt');
});

test('ids: strings as they are, integers in decimal, anything else an error; default is the line number', () => {
  assert.equal(recordToItem(src({ id: 'x-1', output: 'o' })).id, 'x-1');
  assert.equal(recordToItem(src({ id: 17, output: 'o' })).id, '17');
  assert.equal(recordToItem(src({ output: 'o' }, 42)).id, '42');
  const e = mapErr({ id: 1.5, output: 'o' });
  assert.deepEqual([e.kind, e.field], ['type', 'id']);
  assert.equal(mapErr({ id: null, output: 'o' }).field, 'id');
});

test('meta: "rest" takes every unused field, a list takes those fields, default takes the meta object', () => {
  const rec = { id: 'i', output: 'o', references: ['r'], system: 'S', score: 0.5 };
  assert.deepEqual(recordToItem(src(rec), { metaFields: 'rest' }).meta, { system: 'S', score: 0.5 });
  assert.deepEqual(recordToItem(src(rec), { metaFields: ['score'] }).meta, { score: 0.5 });
  assert.equal(mapErr(rec, { metaFields: ['lang'] }).field, 'lang');
  assert.deepEqual(recordToItem(src({ output: 'o', meta: { k: [1] } })).meta, { k: [1] });
});

test('a context string becomes a one-element list; chat prompts keep role and content', () => {
  const item = recordToItem(src({ output: 'o', context: 'doc', prompt: [{ role: 'system', content: 's', extra: 1 }] }));
  assert.deepEqual(item.context, ['doc']);
  assert.deepEqual(item.prompt, [{ role: 'system', content: 's' }]);
});
