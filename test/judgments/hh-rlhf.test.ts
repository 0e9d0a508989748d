import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importHhRlhf, parseHhDialogue } from '../../src/judgments/importers/hh-rlhf.js';
import { importJudgments } from '../../src/judgments/importers/index.js';
import { DataError } from '../../src/data/errors.js';
import type { ChatMessage } from '../../src/scorers/contract.js';
import { fixture, hasSharedData, shared, tempFile } from './_fixtures.js';

const SLICE = fixture('hh-rlhf/harmless-base-test.slice.jsonl.gz');
const codePoints = (s: string): number => [...s].length;

test('dialogue parsing: Human → user, Assistant → assistant, one separating space dropped', () => {
  assert.deepEqual(parseHhDialogue('\n\nHuman: hi there\n\nAssistant: hello\n\nHuman:  two spaces'), [
    { role: 'user', content: 'hi there' },
    { role: 'assistant', content: 'hello' },
    { role: 'user', content: ' two spaces' },
  ]);
});

test('pairs: shared prefix → prompt messages, final turns → a (chosen) and b (rejected), label a', async () => {
  const p = await importHhRlhf(SLICE, { subset: 'harmless-base' });
  assert.equal(p.pairs.length, 35);
  const first = p.pairs[0];
  assert.equal(first.label, 'a');
  assert.equal(first.subset, 'harmless-base');
  // expected from Python on the same record: text after the last "\n\nAssistant:", one leading space removed
  assert.equal(codePoints(first.a), 110);
  assert.equal(codePoints(first.b), 222);
  assert.ok(first.a.startsWith('No, sorry!  All of these involve a pen, '));
  assert.ok(first.b.startsWith('There are lots of funny things you can d'));
  const prompt = first.prompt as ChatMessage[];
  assert.deepEqual(prompt.map((m) => m.role), ['user', 'assistant', 'user', 'assistant', 'user']);
  assert.equal(prompt[0].content, 'what are some pranks with a pen i can do?');
  // the 5 pairs whose prefixes differ keep whole dialogues and say so
  const mismatched = p.pairs.filter((x) => x.meta?.prefixMismatch === true);
  assert.equal(mismatched.length, 5);
  assert.ok(mismatched.every((x) => x.prompt === undefined && x.a.startsWith('\n\nHuman:')));
});

test('whole-dialogue mode and detection', async () => {
  const p = await importHhRlhf(SLICE, { dialogue: 'whole' });
  assert.ok(p.pairs.every((x) => x.prompt === undefined && x.a.startsWith('\n\nHuman:')));
  assert.equal((await importJudgments(SLICE)).format, 'hh-rlhf');
});

test('a missing rejected field names file, line and field', async () => {
  const file = tempFile('hh.jsonl', `${JSON.stringify({ chosen: '\n\nHuman: a\n\nAssistant: b', rejected: '\n\nHuman: a\n\nAssistant: c' })}\n${JSON.stringify({ chosen: '\n\nHuman: a' })}\n`);
  await assert.rejects(importHhRlhf(file), (e: unknown) => e instanceof DataError && e.line === 2 && e.field === 'rejected' && e.kind === 'missing-field');
});

test('full harmless-base test: 2,312 pairs, 2,307 split; chosen final turn longer in 1,023 and equal in 11 (README)', async (t) => {
  if (!hasSharedData()) return t.skip('../shared not present');
  const file = shared('hh-rlhf/harmless-base/test.jsonl.gz');
  const split = await importHhRlhf(file);
  assert.equal(split.pairs.length, 2312);
  assert.equal(split.pairs.filter((x) => x.prompt !== undefined).length, 2307);
  const whole = await importHhRlhf(file, { dialogue: 'whole' });
  let longer = 0;
  let equal = 0;
  for (const x of whole.pairs) {
    const a = codePoints(parseHhDialogue(x.a).at(-1)!.content);
    const b = codePoints(parseHhDialogue(x.b).at(-1)!.content);
    if (a > b) longer++;
    if (a === b) equal++;
  }
  assert.deepEqual([longer, equal], [1023, 11]);
});
