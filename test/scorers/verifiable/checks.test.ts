// think-format, regex, json and choice: behaviour tables plus the shared contract suite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import '../../../src/scorers/builtin.js';
import { createScorer } from '../../../src/scorers/registry.js';
import { extractChoice } from '../../../src/scorers/verifiable/choice.js';
import { runScorerContract } from '../contract-suite.js';
import type { Item } from '../../../src/scorers/contract.js';

const SCHEMA = new URL('../../fixtures/rewards/answer.schema.json', import.meta.url).pathname;
const values = async (spec: string, outputs: string[], ref?: string) =>
  (await createScorer(spec).score(outputs.map((o, i) => ({ id: String(i), output: o, references: ref ? [ref] : undefined })))).map((s) => s.value);

const ITEMS: Item[] = [
  { id: 'a', output: '<think>\n2+2 is 4\n</think>\nAnswer: B', references: ['B'] },
  { id: 'b', output: '<think>hmm</think> The answer is (C). ```json\n{"answer": 4, "steps": ["add"]}\n```', references: ['A'] },
  { id: 'c', output: '{"answer": 7, "steps": ["x"]}', references: ['D'] },
  { id: 'd', output: ' <think>late</think>\\boxed{D}', references: ['D'] },
  { id: 'e', output: '', references: ['A'] },
];
for (const spec of ['think-format', 'regex:pattern=Answer: [A-D],flags=i', `json:schema=${SCHEMA},extract=auto`, 'choice', 'regex:pattern=\\d+,match=full'])
  runScorerContract({ create: createScorer, spec, items: ITEMS });

test('think-format: the reasons a rollout fails are named', async () => {
  const s = createScorer('think-format');
  const got = await s.score([
    { id: '1', output: '<think>a</think>b' },
    { id: '2', output: ' <think>a</think>b' },
    { id: '3', output: '<think>a<think>b</think>' },
    { id: '4', output: '<think>a' },
  ]);
  assert.deepEqual(got.map((g) => g.value), [1, 0, 0, 0]);
  assert.deepEqual(got.slice(1).map((g) => g.details?.reason), ['does not start with <think>', 'opens a second <think>', 'no </think> after <think>']);
});

test('regex: search, start and full match mean re.search, re.match and re.fullmatch (with backtracking)', async () => {
  assert.deepEqual(await values('regex:pattern=b', ['abc', 'xyz']), [1, 0]);
  assert.deepEqual(await values('regex:pattern=b,match=start', ['abc', 'bcd']), [0, 1]);
  assert.deepEqual(await values('regex:pattern=a|ab,match=full', ['ab', 'abc', 'a']), [1, 0, 1]);
  // full match ignores the m flag's line ends, as re.fullmatch does with re.M
  assert.deepEqual(await values('regex:pattern=a$,flags=m,match=full', ['a\nb', 'a']), [0, 1]);
  assert.deepEqual(await values('regex:pattern=A.B,flags=si', ['a\nb', 'a\nc']), [1, 0]);
  // code points, as Python str: one `.` matches an emoji
  assert.deepEqual(await values('regex:pattern=^.$', ['🤔']), [1]);
});

test('regex: Python-only syntax and unknown flags are refused with a message, escaped parentheses are not', () => {
  assert.throws(() => createScorer('regex:pattern=(?P<n>\\d+)'), /\(\?<name>/);
  assert.throws(() => createScorer('regex:pattern=(?i)abc'), /flags=i/);
  assert.throws(() => createScorer('regex:pattern=abc\\Z'), /match=start/);
  assert.throws(() => createScorer('regex:pattern=abc,flags=x'), /flag "x"/);
  assert.throws(() => createScorer('regex:pattern=(abc'), /invalid JavaScript regular expression/);
  assert.throws(() => createScorer('regex'), /pattern=/);
  assert.doesNotThrow(() => createScorer('regex:pattern=\\(?P<'));
});

test('json: whole output by default; fenced and auto take the last ```json block; schema failures name the path', async () => {
  const outs = ['{"a": 1}', ' [1, 2] \n', 'Here: ```json\n{"a": 1}\n```', 'NaN', '{"a": 1} trailing', '```json\n{"a":\n```'];
  assert.deepEqual(await values('json', outs), [1, 1, 0, 0, 0, 0]);
  assert.deepEqual(await values('json:extract=fenced', outs), [0, 0, 1, 0, 0, 0]);
  assert.deepEqual(await values('json:extract=auto', outs), [1, 1, 1, 0, 0, 0]);
  const s = createScorer(`json:schema=${SCHEMA}`);
  const got = await s.score([
    { id: '1', output: '{"answer": 4, "steps": ["2+2"]}' },
    { id: '2', output: '{"answer": 4.5, "steps": ["2+2"]}' },
    { id: '3', output: '{"answer": 4, "steps": ["ok", 3]}' },
    { id: '4', output: '{"answer": 4}' },
  ]);
  assert.deepEqual(got.map((g) => g.value), [1, 0, 0, 0]);
  assert.deepEqual(got.slice(1).map((g) => g.details?.path), ['/answer', '/steps/1', '']);
  assert.equal(got[3].details?.keyword, 'required');
});

test('json: the signature changes with the schema contents; unreadable or uncheckable schemas are errors', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const dir = mkdtempSync('/tmp/tc-json-');
  writeFileSync(`${dir}/s.json`, '{"type":"object"}');
  const a = createScorer(`json:schema=${dir}/s.json`).signature();
  writeFileSync(`${dir}/s.json`, '{"type":"array"}');
  assert.notEqual(createScorer(`json:schema=${dir}/s.json`).signature(), a);
  writeFileSync(`${dir}/f.json`, '{"type":"string","format":"email"}');
  assert.throws(() => createScorer(`json:schema=${dir}/f.json`), /unknown format "email"/);
  assert.throws(() => createScorer(`json:schema=${dir}/missing.json`), /cannot read schema/);
});

test('choice: "answer" beats \\boxed beats a bare letter; the last match wins; lowercase words are not letters', () => {
  const table: [string, string | null, string | null][] = [
    ['Answer: C', 'C', 'answer'],
    ['The answer is (B).', 'B', 'answer'],
    ['**Answer:** D', 'D', 'answer'],
    ['answer: $A$', 'A', 'answer'],
    ['Maybe the answer is A... no, Answer: C', 'C', 'answer'],
    ['\\boxed{B} but Answer: D', 'D', 'answer'],
    ['so \\boxed{(C)}', 'C', 'boxed'],
    ['\\boxed{\\text{A}}', 'A', 'boxed'],
    [' (B). ', 'B', 'bare'],
    ['the answer is a prime', null, null],
    ['Answer: E', null, null],
    ['Answer: AB', null, null],
    ['', null, null],
  ];
  for (const [out, letter, rule] of table) {
    const got = extractChoice(out, 'ABCD');
    assert.deepEqual(got === null ? [null, null] : [got.letter, got.rule], [letter, rule], out);
  }
  assert.equal(extractChoice('Answer: E', 'ABCDE')?.letter, 'E');
});

test('choice: scores against references[0], refuses a reference that is not a letter, validates letters=', async () => {
  assert.deepEqual(await values('choice', ['Answer: C', 'Answer: D', 'nothing'], 'C'), [1, 0, 0]);
  await assert.rejects(createScorer('choice').score([{ id: 'x', output: 'Answer: C', references: ['42'] }]), /not one of the letters/);
  assert.throws(() => createScorer('choice:letters=abc'), /uppercase/);
  assert.notEqual(createScorer('choice').signature(), createScorer('choice:letters=ABCDE').signature());
});
