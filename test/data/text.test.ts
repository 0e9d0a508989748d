import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { readAlignedText, readTextFile, readTextItems, ErrorSink } from '../../src/data/index.js';
import { pyRstrip, PY_WHITESPACE_CLASS } from '../../src/scorers/lexical/text.js';
import { collect, fixture, rejectsAt, tempDir, WMT21 } from './helpers.js';

test('plain text reads exactly as sacreBLEU reads it (Python smart_open + rstrip), plain and gzipped', async () => {
  const expected = JSON.parse(readFileSync(fixture('text/edge.expected.json'), 'utf8')) as { lines: string[] };
  assert.deepEqual(await readTextFile(fixture('text/edge.txt')), expected.lines);
  assert.deepEqual(await readTextFile(fixture('text/edge.txt.gz')), expected.lines);
});

test('the WMT21 fixture files read to the same lines as sacreBLEU reads them (count, sha256, first and last)', async () => {
  const { files } = JSON.parse(readFileSync(fixture('text/wmt21-digests.json'), 'utf8')) as {
    files: Record<string, { lines: number; sha256: string; first: string; last: string }>;
  };
  const names = Object.keys(files);
  assert.equal(names.length, 12);
  for (const name of names) {
    const lines = await readTextFile(path.join(WMT21, name));
    const want = files[name];
    assert.equal(lines.length, want.lines, name);
    assert.equal(lines[0], want.first, name);
    assert.equal(lines[lines.length - 1], want.last, name);
    assert.equal(createHash('sha256').update(lines.join('\n'), 'utf8').digest('hex'), want.sha256, name);
  }
});

test('hypothesis and references are aligned line by line into items with line-number ids', async () => {
  const { items, skipped } = await readTextItems({ hyp: fixture('malformed/hyp.txt'), refs: [fixture('malformed/ref.txt')] });
  assert.equal(skipped, 0);
  assert.deepEqual(items, [
    { id: '1', output: 'the cat sat', references: ['a cat sat'], meta: { seg: 1 } },
    { id: '2', output: 'on the mat', references: ['on a mat'], meta: { seg: 2 } },
    { id: '3', output: 'today', references: ['today'], meta: { seg: 3 } },
  ]);
});

test('several references and a source file: every item gets one line of each, source as prompt', async () => {
  const hyp = path.join(WMT21, 'newstest2021.en-de.hyp.Facebook-AI.de.gz');
  const refs = ['A', 'C', 'D'].map((r) => path.join(WMT21, `newstest2021.en-de.ref.${r}.de.gz`));
  const src = path.join(WMT21, 'newstest2021.en-de.src.en.gz');
  const { items } = await readTextItems({ hyp, refs, src });
  const [hypLines, refA, refC, refD, srcLines] = await Promise.all([hyp, ...refs, src].map((p) => readTextFile(p)));
  assert.equal(items.length, 1002);
  assert.deepEqual(items[41], {
    id: '42',
    output: hypLines[41],
    references: [refA[41], refC[41], refD[41]],
    prompt: srcLines[41],
    meta: { seg: 42 },
  });
});

test('line-count mismatch between hypothesis and a reference names both files and both counts', async () => {
  const hyp = fixture('malformed/hyp.txt');
  const short = fixture('malformed/ref-short.txt');
  const e = await rejectsAt(readTextItems({ hyp, refs: [fixture('malformed/ref.txt'), short] }), {
    file: hyp,
    line: 3,
    kind: 'length-mismatch',
  });
  assert.ok(e.message.includes(`${hyp} has 3`), e.message);
  assert.ok(e.message.includes(`${short} has 2`), e.message);
  assert.ok(e.message.includes(`first differing file: ${short}`), e.message);
  // skip mode cannot repair alignment: still thrown
  await rejectsAt(readTextItems({ hyp: short, refs: [hyp] }, { policy: { onError: 'skip' } }), {
    file: short,
    line: 3,
    kind: 'length-mismatch',
  });
});

test('invalid UTF-8 on line 2 of the hypothesis: an encoding error at line 2 in fail mode', async () => {
  const hyp = fixture('malformed/invalid-utf8.hyp.txt');
  await rejectsAt(readTextItems({ hyp, refs: [fixture('malformed/ref.txt')] }), {
    file: hyp,
    line: 2,
    kind: 'encoding',
    says: 'byte 0xFC at byte offset 2',
  });
});

test('skip mode drops the bad segment from hypothesis and references together, keeping the rest aligned', async (t) => {
  const hyp = fixture('malformed/invalid-utf8.hyp.txt');
  const ref = fixture('malformed/ref.txt');
  const rejectsPath = path.join(tempDir(t), 'rejects.jsonl');
  const r = await readTextItems({ hyp, refs: [ref] }, { policy: { onError: 'skip', rejectsPath } });
  assert.deepEqual(
    r.items.map((i) => [i.id, i.output, i.references]),
    [
      ['1', 'Grüße aus Köln', ['a cat sat']],
      ['3', 'third line', ['today']],
    ],
  );
  assert.equal(r.skipped, 1);
  const rejects = readFileSync(rejectsPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(rejects.length, 1);
  assert.equal(rejects[0].file, hyp);
  assert.equal(rejects[0].line, 2);
  assert.equal(rejects[0].kind, 'encoding');
  assert.deepEqual(rejects[0].raw, { hyp: 'Gr\ufffd\ufffde', refs: ['on a mat'] });
  assert.deepEqual([...Buffer.from(rejects[0].rawBase64, 'base64')], [0x47, 0x72, 0xfc, 0xdf, 0x65]);
});

test('an empty hypothesis file is an error, as in sacreBLEU ("contains no sentence")', async () => {
  const empty = fixture('malformed/empty.txt');
  await rejectsAt(readTextItems({ hyp: empty, refs: [empty] }), { file: empty, line: 0, kind: 'empty' });
});

test('streaming aligned reading stops early without leaking open readers', async () => {
  const hyp = path.join(WMT21, 'newstest2021.de-en.hyp.Borderline.en.gz');
  const ref = path.join(WMT21, 'newstest2021.de-en.ref.A.en.gz');
  const first: string[] = [];
  for await (const seg of readAlignedText({ hyp, refs: [ref] }, ErrorSink.failFast())) {
    first.push(seg.hyp);
    if (first.length === 3) break;
  }
  assert.deepEqual(first, (await readTextFile(hyp)).slice(0, 3));
  assert.equal((await collect(readAlignedText({ hyp, refs: [ref] }))).length, 1000);
});

test('pyRstrip (a scan from the end) agrees with a regex over the Python whitespace class on random text', () => {
  const chars = ['a', ' ', '\t', '\r', '\n', '\x0b', '\x1c', '\x1f', '\x85', '\xa0', '\u2028', '\u3000', '\u200b', '🙂', 'é', '\ufeff'];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...chars), { maxLength: 12 }), (parts) => {
      const s = parts.join('');
      return pyRstrip(s) === s.replace(new RegExp(`${PY_WHITESPACE_CLASS}+$`, 'u'), '');
    }),
    { numRuns: 2000, seed: 7 },
  );
});
