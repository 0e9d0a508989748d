// JSONL shards (the --threads input path): the main thread cuts raw lines, a thread reads them into items. Pinned
// against the streaming reader: the same items in the same batches, and the same error (FILE:LINE, kind, field) for
// every kind of bad row, whatever the read chunk size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { jsonlShardItems, readJsonlShards, readJsonlShardsOf, readRecords, recordsToItems, DataError, type FieldMapping } from '../../src/data/index.js';
import { batched } from '../../src/scoring.js';
import type { Item } from '../../src/scorers/contract.js';
import { collect } from './helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'tc-jsonl-shards-'));
let n = 0;
function file(text: string | Buffer, ext = '.jsonl'): string {
  const p = path.join(dir, `f${n++}${ext}`);
  writeFileSync(p, text);
  return p;
}

async function streamed(p: string, mapping: FieldMapping, size: number): Promise<Item[][] | DataError> {
  try {
    return await collect(batched(recordsToItems(readRecords(p, {}), mapping), size));
  } catch (e) {
    return e as DataError;
  }
}

async function sharded(p: string, mapping: FieldMapping, size: number, chunkSize?: number): Promise<Item[][] | DataError> {
  try {
    const out: Item[][] = [];
    for await (const shard of readJsonlShards(p, mapping, { rowsPerShard: size, chunkSize, gzip: p.endsWith('.gz') })) out.push(jsonlShardItems(shard));
    return out;
  } catch (e) {
    return e as DataError;
  }
}

async function assertSame(p: string, mapping: FieldMapping = {}, sizes = [1, 2, 3, 1000]): Promise<Item[][] | DataError> {
  let last: Item[][] | DataError = [];
  for (const size of sizes) {
    const want = await streamed(p, mapping, size);
    for (const chunkSize of [1, 2, 3, 5, 17, undefined]) {
      const got = await sharded(p, mapping, size, chunkSize);
      if (want instanceof DataError) {
        assert.ok(got instanceof DataError, `size ${size} chunk ${chunkSize}: expected ${want.message}, got items`);
        assert.equal(got.message, want.message, `size ${size} chunk ${chunkSize}`);
        assert.deepEqual([got.file, got.line, got.kind, got.field], [want.file, want.line, want.kind, want.field]);
      } else {
        assert.deepEqual(got, want, `size ${size} chunk ${chunkSize}`);
      }
    }
    last = want;
  }
  return last;
}

const rows = (k: number, from = 1): string[] => Array.from({ length: k }, (_, i) => JSON.stringify({ id: `x${from + i}`, output: `out ${from + i}`, references: [`ref ${from + i}`], system: `s${(from + i) % 3}` }));

test('shards hold the items of the streaming reader, batch for batch: blank and whitespace lines, CRLF, BOM, no final newline', async () => {
  const text = '\uFEFF' + [rows(2)[0], '', '  \t', rows(3, 2)[0] + '\r', '\r', rows(4, 3)[0], ...rows(5, 4), '   '].join('\n');
  const got = await assertSame(file(text));
  assert.ok(!(got instanceof DataError));
  assert.equal(got.flat().length, 8);
  assert.deepEqual(got.flat().map((i) => i.id), ['x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7', 'x8']);
  await assertSame(file(rows(7).join('\n') + '\n'), { metaFields: ['system'] });
  await assertSame(file(rows(7).join('\n') + '\n'), { metaFields: 'rest', idField: 'id' });
  // ids from line numbers when there is no id field
  const noIds = await assertSame(file('\n' + [{ output: 'a' }, { output: 'b' }].map((r) => JSON.stringify(r)).join('\n\n')));
  assert.ok(!(noIds instanceof DataError));
  assert.deepEqual(noIds.flat().map((i) => i.id), ['2', '4']);
});

test('a byte-order mark alone on line 1 is a blank line; a cut-off one is a bad row', async () => {
  await assertSame(file(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('\n' + rows(3).join('\n'))])));
  await assertSame(file(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0x20, 0x0d]), Buffer.from('\n' + rows(3).join('\n'))])));
  const cut = await assertSame(file(Buffer.concat([Buffer.from([0xef, 0xbb]), Buffer.from('\n' + rows(3).join('\n'))])));
  assert.ok(cut instanceof DataError && cut.kind === 'encoding' && cut.line === 1);
});

test('bad rows fail with the streaming reader\'s error, at their line, in any shard', async () => {
  const good = rows(9);
  const cases: [string, string | Buffer, FieldMapping?][] = [
    ['invalid JSON', [...good.slice(0, 5), '{"id": "y", "output": ', ...good.slice(5)].join('\n')],
    ['not an object', [...good.slice(0, 6), '[1, 2]', ...good.slice(6)].join('\n')],
    ['missing field', [...good.slice(0, 4), JSON.stringify({ id: 'm', references: ['r'] }), ...good.slice(4)].join('\n')],
    ['wrong type', [...good.slice(0, 7), JSON.stringify({ id: 'm', output: 3 }), ...good.slice(7)].join('\n')],
    ['byte-order mark after line 1', [...good.slice(0, 3), '\uFEFF' + good[3], ...good.slice(4)].join('\n')],
    ['invalid UTF-8', Buffer.concat([Buffer.from(good.slice(0, 5).join('\n') + '\n{"output": "a'), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n' + good.slice(5).join('\n'))])],
    ['missing meta field', good.join('\n'), { metaFields: ['lang'] }],
  ];
  for (const [name, text, mapping] of cases) {
    const err = await assertSame(file(text), mapping ?? {}, [1, 4, 1000]);
    assert.ok(err instanceof DataError, name);
    assert.ok(err.line > 0, name);
  }
});

test('whole-file problems: empty, only blank lines, a folder, a gzipped input', async () => {
  const empty = await assertSame(file(''));
  assert.ok(empty instanceof DataError && empty.kind === 'empty');
  const blank = await assertSame(file('\n  \n\t\r\n'));
  assert.ok(blank instanceof DataError && blank.kind === 'empty');
  const gz = await assertSame(file(gzipSync(rows(6).join('\n') + '\n'), '.jsonl.gz'), {}, [4]);
  assert.ok(!(gz instanceof DataError) && gz.flat().length === 6);
  const folder = path.join(dir, 'folder.jsonl');
  mkdirSync(folder);
  assert.throws(() => readJsonlShardsOf(folder, {}, { rowsPerShard: 10 }), (e: unknown) => e instanceof DataError && /is a folder/.test(e.message));
  assert.equal(readJsonlShardsOf(file('a,b\n1,2\n', '.csv'), {}, { rowsPerShard: 10 }), undefined, 'other formats use the streaming reader');
});

test('a shard is its rows: counted when cut, and the bytes cover whole lines only', async () => {
  const shards = await collect(readJsonlShards(file(['', ...rows(5), ''].join('\n')), {}, { rowsPerShard: 2, chunkSize: 7 }));
  assert.deepEqual(shards.map((s) => [s.firstLine, s.rows]), [[1, 2], [4, 2], [6, 1]]);
  for (const s of shards) assert.equal(s.bytes[s.bytes.length - 1], 0x0a);
});

test('sameReferenceCount: a record with another number of references than the first fails at its own line, in any shard', async () => {
  const good = rows(9);
  const two = (id: string) => JSON.stringify({ id, output: 'o', references: ['a', 'b'] });
  const noRefs = JSON.stringify({ id: 'n', output: 'o' });
  const same: FieldMapping = { sameReferenceCount: true };
  for (const [text, line, detail] of [
    [[...good.slice(0, 6), two('t'), ...good.slice(6)].join('\n'), 7, '2 references, but line 1 has 1'],
    [[...good, noRefs].join('\n'), 10, '0 references, but line 1 has 1'],
    [[two('a'), ...good].join('\n'), 2, '1 reference, but line 1 has 2'],
  ] as const) {
    const p = file(text);
    const err = await assertSame(p, same, [1, 4, 1000]);
    assert.ok(err instanceof DataError);
    assert.deepEqual([err.line, err.field, err.kind], [line, 'references', 'length-mismatch']);
    assert.equal(err.message, `${p}:${line}: field "references": ${detail}: every item needs the same number of references`);
    // without the rule (scorers that read no references) the same file reads whole
    assert.ok(!((await assertSame(p, {}, [1, 1000])) instanceof DataError));
  }
});
