import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { importLlmbar, llmbarSubsetOf, type LlmbarJudgePick } from '../../src/judgments/importers/llmbar.js';
import { importJudgments } from '../../src/judgments/importers/index.js';
import { DataError } from '../../src/data/errors.js';
import type { Preference } from '../../src/judgments/types.js';
import { fixture, hasSharedData, shared, tempFile } from './_fixtures.js';

const ROOT = fixture('llmbar/LLMBar');

const labels = (pairs: Preference[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const p of pairs) out[String(p.label)] = (out[String(p.label)] ?? 0) + 1;
  return out;
};

/** statistics.json fields from the two judge picks (README recipe). */
function llmbarStatistics(pairs: Preference[]): { correct_False: number; correct_True: number; correct_both: number; equal: number; correct_average: string } {
  let f = 0;
  let t = 0;
  let both = 0;
  let equal = 0;
  for (const p of pairs) {
    const j = p.meta!.judge as LlmbarJudgePick;
    if (j.noSwap === p.label) f++;
    if (j.swap === p.label) t++;
    if (j.noSwap === p.label && j.swap === p.label) both++;
    if (j.noSwap === j.swap) equal++;
  }
  return { correct_False: f, correct_True: t, correct_both: both, equal, correct_average: `${(((f + t) / 2 / pairs.length) * 100).toFixed(1)}%` };
}

test('subset names come from the path', () => {
  assert.equal(llmbarSubsetOf(path.join(ROOT, 'Adversarial/Manual/dataset.json.gz')), 'Adversarial/Manual');
  assert.equal(llmbarSubsetOf(path.join(ROOT, 'Natural/evaluators/GPT-4/Vanilla/result.json.gz')), 'Natural');
});

test('Natural: 100 pairs, label 1 → a (42), 2 → b (58); a folder import reads every subset', async () => {
  const natural = await importLlmbar(path.join(ROOT, 'Natural/dataset.json.gz'));
  assert.equal(natural.pairs.length, 100);
  assert.deepEqual(labels(natural.pairs), { a: 42, b: 58 });
  assert.equal(natural.pairs[0].id, 'Natural:0');
  assert.equal(natural.pairs[0].subset, 'Natural');
  const all = await importLlmbar(ROOT);
  const bySubset: Record<string, number> = {};
  for (const p of all.pairs) bySubset[p.subset!] = (bySubset[p.subset!] ?? 0) + 1;
  assert.deepEqual(bySubset, { 'Adversarial/Manual': 46, Natural: 100 });
  assert.deepEqual(labels(all.pairs.filter((p) => p.subset === 'Adversarial/Manual')), { a: 22, b: 24 });
});

test('GPT-4 Vanilla picks reproduce the published statistics.json (95 / 96 / 95.5% / 93 / 95)', async () => {
  const natural = (await importLlmbar(path.join(ROOT, 'Natural/dataset.json.gz'), { evaluator: 'GPT-4/Vanilla' })).pairs;
  const published = JSON.parse(readFileSync(path.join(ROOT, 'Natural/evaluators/GPT-4/Vanilla/statistics.json'), 'utf8')) as Record<string, string>;
  const mine = llmbarStatistics(natural);
  assert.equal(`${mine.correct_False} / 100 = ${mine.correct_False.toFixed(1)}%`, published.correct_False);
  assert.equal(`${mine.correct_True} / 100 = ${mine.correct_True.toFixed(1)}%`, published.correct_True);
  assert.equal(`${mine.correct_both} / 100 = ${mine.correct_both.toFixed(1)}%`, published.correct_both);
  assert.equal(`${mine.equal} / 100 = ${mine.equal.toFixed(1)}%`, published.equal);
  assert.equal(mine.correct_average, published.correct_average);
  assert.deepEqual([mine.correct_False, mine.correct_True, mine.correct_both, mine.equal], [95, 96, 93, 95]);
  // importing the result file itself gives the same picks
  const direct = await importLlmbar(path.join(ROOT, 'Natural/evaluators/GPT-4/Vanilla/result.json.gz'));
  assert.deepEqual(direct.pairs.map((p) => p.meta!.judge), natural.map((p) => p.meta!.judge));
  assert.equal((direct.pairs[0].meta!.judge as LlmbarJudgePick).evaluator, 'GPT-4/Vanilla');
});

test('a folder import with an evaluator that a subset lacks names the missing result file', async () => {
  await assert.rejects(importLlmbar(ROOT, { evaluator: 'GPT-4/Vanilla' }), (e: unknown) => e instanceof DataError && e.kind === 'io' && /Adversarial\/Manual\/evaluators\/GPT-4\/Vanilla\/result\.json/.test(e.file));
});

test('detection: the folder and a dataset.json are llmbar', async () => {
  assert.equal((await importJudgments(ROOT)).format, 'llmbar');
  assert.equal((await importJudgments(path.join(ROOT, 'Natural/dataset.json.gz'))).format, 'llmbar');
});

test('a label other than 1 or 2 names file, line and field', async () => {
  const file = tempFile('dataset.json', '[\n  {"input": "i", "output_1": "x", "output_2": "y", "label": 1},\n  {"input": "i", "output_1": "x",\n   "output_2": "y", "label": 0}\n]\n');
  await assert.rejects(importLlmbar(file), (e: unknown) => e instanceof DataError && e.line === 3 && e.field === 'label');
});

test('full data: the five subsets, their label counts, and an adversarial ChatGPT run', async (t) => {
  if (!hasSharedData()) return t.skip('../shared not present');
  const root = shared('LLMBar/Dataset/LLMBar');
  const all = await importLlmbar(root);
  const expected: Record<string, Record<string, number>> = {
    Natural: { a: 42, b: 58 },
    'Adversarial/Neighbor': { a: 75, b: 59 },
    'Adversarial/GPTInst': { a: 45, b: 47 },
    'Adversarial/GPTOut': { a: 22, b: 25 },
    'Adversarial/Manual': { a: 22, b: 24 },
  };
  for (const [subset, counts] of Object.entries(expected)) assert.deepEqual(labels(all.pairs.filter((p) => p.subset === subset)), counts, subset);
  assert.equal(all.pairs.length, 419);
  const neighbor = await importLlmbar(path.join(root, 'Adversarial/Neighbor/dataset.json'), { evaluator: 'ChatGPT/Vanilla' });
  const s = llmbarStatistics(neighbor.pairs);
  assert.deepEqual([s.correct_False, s.correct_True, s.correct_average, s.correct_both, s.equal], [30, 22, '19.4%', 7, 96]);
});
