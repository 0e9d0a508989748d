import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importRewardBenchV1, importRewardBenchV2 } from '../../src/judgments/importers/rewardbench.js';
import { importJudgments } from '../../src/judgments/importers/index.js';
import { DataError } from '../../src/data/errors.js';
import type { Candidates } from '../../src/judgments/types.js';
import { readFileSync } from 'node:fs';
import { fixture, tempFile } from './_fixtures.js';

test('v1: chosen is a, label a; models, subset, section; a chat-list prompt is kept as messages', async () => {
  const p = await importRewardBenchV1(fixture('rewardbench/v1.sample.jsonl'));
  assert.equal(p.pairs.length, 4);
  const [math, , refusal, chat] = p.pairs;
  assert.deepEqual(math, {
    id: '31',
    prompt: 'What is 7 * 8?',
    a: '7 * 8 = 56.',
    b: '7 * 8 = 54.',
    label: 'a',
    subset: 'math-prm',
    modelA: 'GPT-4',
    modelB: 'Llama-2-7b-chat',
    meta: { section: 'Reasoning' },
  });
  assert.equal(refusal.meta!.section, 'Safety');
  assert.deepEqual(chat.prompt, [
    { role: 'user', content: 'Hi!' },
    { role: 'assistant', content: 'Hello, how can I help?' },
    { role: 'user', content: 'Say thanks in French.' },
  ]);
  assert.equal(chat.meta, undefined); // pref-test-sets subsets are not in a v1 section
});

test('v1: a wrong type and broken JSON name file, line and field', async () => {
  // the whole file is parsed before records are mapped, so the broken JSON on line 3 is reported first
  const file = fixture('rewardbench/v1.malformed.jsonl');
  await assert.rejects(importRewardBenchV1(file), (e: unknown) => e instanceof DataError && e.file === file && e.line === 3 && e.kind === 'json');
  const firstTwo = tempFile('v1.jsonl', readFileSync(file, 'utf8').split('\n').slice(0, 2).join('\n'));
  await assert.rejects(importRewardBenchV1(firstTwo), (e: unknown) => e instanceof DataError && e.line === 2 && e.field === 'chosen' && e.kind === 'type');
});

function checkV2(c: Candidates): void {
  assert.equal(c.lists.length, 3);
  const [plain, tied, ref] = c.lists;
  assert.deepEqual(plain.candidates, ['Canberra.', 'Sydney.', 'Melbourne.', 'Perth.']);
  assert.deepEqual(plain.correct, [true, false, false, false]);
  assert.equal(plain.subset, 'Factuality');
  assert.equal(plain.meta!.numCorrect, 1);
  assert.deepEqual(plain.meta!.models, ['m1', 'm2', 'm3', 'm4']);
  assert.equal(tied.id, 'tied:7');
  assert.deepEqual(tied.correct, [true, true, true, false, false]);
  assert.equal(ref.id, 'ref:7');
  assert.equal(ref.subset, 'Ties');
}

test('v2: candidates = chosen ++ rejected, the first num_correct correct (JSONL and Parquet alike)', async () => {
  checkV2(await importRewardBenchV2(fixture('rewardbench/v2.sample.jsonl')));
  checkV2(await importRewardBenchV2(fixture('rewardbench/v2.sample.parquet')));
});

test('v2: num_correct that disagrees with the chosen list is an error on that line', async () => {
  const file = fixture('rewardbench/v2.malformed.jsonl');
  await assert.rejects(importRewardBenchV2(file), (e: unknown) => e instanceof DataError && e.line === 2 && e.field === 'num_correct');
});

test('importJudgments tells v1 from v2 by the shape of chosen', async () => {
  assert.equal((await importJudgments(fixture('rewardbench/v1.sample.jsonl'))).format, 'rewardbench-v1');
  assert.equal((await importJudgments(fixture('rewardbench/v2.sample.jsonl'))).format, 'rewardbench-v2');
  const pq = await importJudgments(fixture('rewardbench/v2.sample.parquet'));
  assert.equal(pq.format, 'rewardbench-v2');
  assert.equal((pq.judgments[0] as Candidates).lists.length, 3);
});
