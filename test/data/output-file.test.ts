import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { assertOutputsAreNotInputs, openRecordWriter, OutputPathError, readRecords } from '../../src/data/index.js';
import { ErrorSink } from '../../src/data/policy.js';
import { DataError } from '../../src/data/errors.js';
import { scratchDir } from '../helpers/cli.js';

function setup(): { dir: string; input: string } {
  const dir = scratchDir();
  const input = path.join(dir, 'in.jsonl');
  writeFileSync(input, '{"output":"a"}\n');
  return { dir, input };
}

test('an output naming the input, by the same path, another spelling, a symlink or a hard link, is refused', () => {
  const { dir, input } = setup();
  linkSync(input, path.join(dir, 'hard.jsonl'));
  symlinkSync(input, path.join(dir, 'sym.jsonl'));
  mkdirSync(path.join(dir, 'sub'));
  for (const out of [input, path.join(dir, 'sub', '..', 'in.jsonl'), path.join(dir, 'hard.jsonl'), path.join(dir, 'sym.jsonl')]) {
    assert.throws(() => assertOutputsAreNotInputs([{ flag: '--out', path: out }], [input]), (e: unknown) => {
      assert.ok(e instanceof OutputPathError);
      assert.match((e as Error).message, /^--out .* is the input file .*in\.jsonl/);
      return true;
    });
  }
  assert.equal(readFileSync(input, 'utf8'), '{"output":"a"}\n');
});

test('an output in a symlinked folder that does not exist yet still resolves to the input', () => {
  const { dir, input } = setup();
  symlinkSync(dir, path.join(dir, 'link'));
  assert.throws(() => assertOutputsAreNotInputs([{ flag: '--out', path: path.join(dir, 'link', 'in.jsonl') }], [input]), OutputPathError);
  // a new file beside it is fine
  assertOutputsAreNotInputs([{ flag: '--out', path: path.join(dir, 'link', 'new.jsonl') }], [input]);
});

test('two outputs naming the same file are refused; /dev/stdout and absent flags are allowed', () => {
  const { dir, input } = setup();
  const out = path.join(dir, 'o.jsonl');
  assert.throws(
    () => assertOutputsAreNotInputs([{ flag: '--out', path: out }, { flag: '--rejects', path: out }], [input]),
    /--rejects .* and --out .* are the same file/,
  );
  assertOutputsAreNotInputs([{ flag: '--out', path: '/dev/stdout' }, { flag: '--rejects', path: undefined }], ['/dev/stdin', input]);
});

for (const ext of ['jsonl', 'json', 'csv', 'tsv', 'parquet', 'jsonl.gz']) {
  test(`a ${ext} writer writes beside the target and renames on close; abort leaves no file`, async () => {
    const { dir } = setup();
    const target = path.join(dir, `out.${ext}`);
    const w = await openRecordWriter(target);
    await w.write({ a: 1, b: 'x' });
    await w.write({ a: 2, b: 'y' });
    assert.equal(existsSync(target), false, 'nothing at the target before close');
    await w.close();
    const back = [];
    for await (const r of readRecords(target)) back.push(r.record);
    assert.equal(back.length, 2);
    assert.deepEqual(readdirSync(dir).sort(), ['in.jsonl', `out.${ext}`]);

    const failed = path.join(dir, `failed.${ext}`);
    const f = await openRecordWriter(failed);
    await f.write({ a: 1, b: 'x' });
    await f.abort();
    assert.deepEqual(readdirSync(dir).sort(), ['in.jsonl', `out.${ext}`], 'abort removes the temporary file');
  });
}

test('an existing output survives a failed rewrite untouched (no partial Parquet after a bad row)', async () => {
  const { dir } = setup();
  const target = path.join(dir, 'out.parquet');
  writeFileSync(target, 'previous');
  const w = await openRecordWriter(target, { rowGroupSize: 2 });
  await w.write({ a: 1 });
  await w.write({ a: 2 });
  await w.write({ a: 3 });
  await assert.rejects(
    (async () => {
      await w.write({ a: 'not a number' });
      await w.close();
    })(),
    DataError,
  );
  await w.abort();
  assert.equal(readFileSync(target, 'utf8'), 'previous');
  assert.deepEqual(readdirSync(dir).sort(), ['in.jsonl', 'out.parquet']);
});

test('a JSONL writer that fails on a non-finite value at close leaves nothing behind', async () => {
  const { dir } = setup();
  const target = path.join(dir, 'out.jsonl');
  const w = await openRecordWriter(target);
  await w.write({ a: 1 });
  await assert.rejects(w.write({ a: Infinity }), /row 2: field "a": number Infinity has no JSON representation/);
  await w.abort();
  assert.deepEqual(readdirSync(dir), ['in.jsonl']);
});

test('the rejects file appears only when the sink closes, and abort removes it', async () => {
  const { dir } = setup();
  const rejects = path.join(dir, 'bad.jsonl');
  const err = new DataError({ file: 'x.jsonl', line: 3, kind: 'type', field: 'r', detail: 'bad' });
  const ok = await ErrorSink.open({ onError: 'skip', rejectsPath: rejects });
  await ok.reject(err, { r: 'x' });
  assert.equal(existsSync(rejects), false);
  await ok.close();
  assert.equal(JSON.parse(readFileSync(rejects, 'utf8')).line, 3);
  const failed = await ErrorSink.open({ onError: 'skip', rejectsPath: path.join(dir, 'bad2.jsonl') });
  await failed.reject(err, { r: 'x' });
  await failed.abort();
  assert.deepEqual(readdirSync(dir).sort(), ['bad.jsonl', 'in.jsonl']);
});
