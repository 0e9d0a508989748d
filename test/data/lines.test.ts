import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { firstInvalidUtf8Offset, readLines } from '../../src/data/index.js';
import { collect, fixture, rejectsAt, tempDir } from './helpers.js';

async function linesOf(file: string, chunkSize?: number): Promise<string[]> {
  return (await collect(readLines(file, { chunkSize }))).map((l) => l.text);
}

test('lines end at \\n only, as Python open(newline="\\n") iterates: \\r stays, a final line needs no \\n', async (t) => {
  const dir = tempDir(t);
  const cases: [string, string[]][] = [
    ['a\nb\r\n\nc', ['a', 'b\r', '', 'c']],
    ['a\n', ['a']],
    ['', []],
    ['\n', ['']],
    ['\n\n', ['', '']],
    ['x\ry\n', ['x\ry']],
    ['u\u2028v\u0085w\n', ['u\u2028v\u0085w']],
  ];
  for (const [i, [text, want]] of cases.entries()) {
    const p = path.join(dir, `c${i}.txt`);
    writeFileSync(p, text, 'utf8');
    assert.deepEqual(await linesOf(p), want, JSON.stringify(text));
  }
});

test('the byte-order mark is kept as U+FEFF (Python utf-8 codec keeps it; TextDecoder would drop it by default)', async (t) => {
  const p = path.join(tempDir(t), 'bom.txt');
  writeFileSync(p, '\ufeffhello\n', 'utf8');
  assert.deepEqual(await linesOf(p), ['\ufeffhello']);
});

test('line splitting does not depend on where read chunks end, even inside multi-byte characters', async (t) => {
  const p = path.join(tempDir(t), 'multi.txt');
  const text = `é𝄞漢字\n${'long line ü '.repeat(500)}\n\nlast 🙂 without newline`;
  writeFileSync(p, text, 'utf8');
  const want = text.split('\n');
  for (const chunkSize of [1, 2, 3, 5, 7, 64, 1 << 16]) {
    assert.deepEqual(await linesOf(p, chunkSize), want, `chunkSize ${chunkSize}`);
  }
});

test('invalid UTF-8 is reported on its line with the offending byte; other lines decode normally', async (t) => {
  const p = path.join(tempDir(t), 'bad.txt');
  writeFileSync(p, Buffer.concat([Buffer.from('ok é\n'), Buffer.from([0x61, 0x62, 0xff, 0x63, 0x0a]), Buffer.from('fine\n')]));
  for (const chunkSize of [1, 4, 1 << 16]) {
    const lines = await collect(readLines(p, { chunkSize }));
    assert.deepEqual(
      lines.map((l) => [l.line, l.text, l.invalid?.byteOffset]),
      [
        [1, 'ok é', undefined],
        [2, 'ab\ufffdc', 2],
        [3, 'fine', undefined],
      ],
    );
  }
});

test('firstInvalidUtf8Offset: the Unicode well-formedness table (overlongs, surrogates, > U+10FFFF, truncation)', () => {
  const cases: [number[], number][] = [
    [[0x41, 0x42], -1],
    [[0xc3, 0xa9], -1],
    [[0xc0, 0x80], 0], // overlong NUL
    [[0xc1, 0xbf], 0],
    [[0x41, 0xe0, 0x80, 0x80], 1], // overlong 3-byte
    [[0xe0, 0xa0, 0x80], -1],
    [[0xed, 0xa0, 0x80], 0], // UTF-16 surrogate
    [[0xed, 0x9f, 0xbf], -1],
    [[0xf0, 0x8f, 0xbf, 0xbf], 0], // overlong 4-byte
    [[0xf4, 0x8f, 0xbf, 0xbf], -1], // U+10FFFF
    [[0xf4, 0x90, 0x80, 0x80], 0], // above U+10FFFF
    [[0xf5, 0x80, 0x80, 0x80], 0],
    [[0x61, 0xe2, 0x82], 1], // truncated euro sign
    [[0x80], 0], // lone continuation byte
    [[0x61, 0xe2, 0x82, 0x41], 1],
  ];
  for (const [bytes, want] of cases) assert.equal(firstInvalidUtf8Offset(Uint8Array.from(bytes)), want, JSON.stringify(bytes));
});

test('firstInvalidUtf8Offset agrees with a fatal TextDecoder on random bytes', () => {
  const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const decodes = (b: Uint8Array) => {
    try {
      fatal.decode(b);
      return true;
    } catch {
      return false;
    }
  };
  // bias towards bytes that form (and break) multi-byte sequences
  const byte = fc.oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0x80, max: 0xbf }), fc.integer({ min: 0xc0, max: 0xff }));
  fc.assert(
    fc.property(fc.array(byte, { maxLength: 24 }), (arr) => {
      const b = Uint8Array.from(arr);
      const k = firstInvalidUtf8Offset(b);
      if (k < 0) return decodes(b);
      // everything before k is valid, and no well-formed character starts at k
      if (!decodes(b.subarray(0, k))) return false;
      for (let len = 1; len <= 4 && k + len <= b.length; len++) if (decodes(b.subarray(k, k + len))) return false;
      return true;
    }),
    { numRuns: 3000, seed: 20240601 },
  );
});

test('.gz files are gunzipped by extension and give the same lines', async () => {
  assert.deepEqual(await linesOf(fixture('text/edge.txt.gz')), await linesOf(fixture('text/edge.txt')));
});

test('a missing file and a corrupt gzip file are io DataErrors naming the file', async (t) => {
  const missing = fixture('no-such-file.txt');
  await rejectsAt(collect(readLines(missing)), { file: missing, line: 0, kind: 'io', says: 'ENOENT' });
  const corrupt = path.join(tempDir(t), 'corrupt.txt.gz');
  writeFileSync(corrupt, 'this is not gzip\n');
  await rejectsAt(collect(readLines(corrupt)), { file: corrupt, line: 0, kind: 'io', says: 'cannot gunzip' });
});
