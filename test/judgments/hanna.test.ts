import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importHanna, HANNA_CRITERIA } from '../../src/judgments/importers/hanna.js';
import { findRatings } from '../../src/judgments/importers/result.js';
import { importJudgments } from '../../src/judgments/importers/index.js';
import { DataError } from '../../src/data/errors.js';
import type { Ratings } from '../../src/judgments/types.js';
import { cell, fixture, hasSharedData, mean, pearson, row, shared, tempFile } from './_fixtures.js';

const SLICE = fixture('hanna/hanna_metric_scores.9columns.csv.gz');
const CRITERIA = HANNA_CRITERIA as readonly string[];

/** System level: correlate the 10 systems' means (README recipe), absolute value. */
function systemPearson(metric: Ratings, human: Ratings): number {
  return Math.abs(pearson(metric.systems.map((s) => mean(row(metric, s))), human.systems.map((s) => mean(row(human, s)))));
}

/** Story level: per prompt, correlate across the systems; mean over prompts; absolute value. */
function storyPearson(metric: Ratings, human: Ratings): number {
  let sum = 0;
  let n = 0;
  for (const item of metric.items) {
    const r = pearson(metric.systems.map((s) => cell(metric, s, item)), human.systems.map((s) => cell(human, s, item)));
    if (!Number.isNaN(r)) {
      sum += r;
      n++;
    }
  }
  return Math.abs(sum / n);
}

test('columns: six criteria are human Likert ratings, the rest metrics; names kept byte for byte', async () => {
  const b = await importHanna(SLICE);
  assert.deepEqual(b.human.map((r) => r.protocol), CRITERIA.map((c) => `likert:${c}`));
  assert.deepEqual(b.metrics.map((r) => r.protocol), ['metric:BLEU Ξ§', 'metric:chrF Ξ§', 'metric:BERTScore F1 Ξε']);
  const relevance = b.human[0];
  assert.deepEqual(relevance.systems, ['Human', 'BertGeneration', 'CTRL', 'GPT', 'GPT-2 (tag)', 'GPT-2', 'RoBERTa', 'XLNet', 'Fusion', 'HINT', 'TD-VAE']);
  assert.equal(relevance.items.length, 96);
  assert.equal(relevance.items[0], '0');
  // first cell of the file: "[3.6666666666666665, 5.0, …"
  assert.equal(cell(relevance, 'Human', '0'), 3.6666666666666665);
  assert.equal(cell(relevance, 'Human', '1'), 5);
});

test('published correlations (rankings/pearson.csv) are reproduced from the Ratings, Human left out', async () => {
  const b = await importHanna(SLICE, { excludeSystems: ['Human'] });
  assert.equal(b.human[0].systems.length, 10);
  const relevance = findRatings(b.human, 'likert:Relevance')!;
  const complexity = findRatings(b.human, 'likert:Complexity')!;
  const published: [string, Ratings, number, number][] = [
    ['metric:BLEU Ξ§', relevance, 0.13138144738289825, 0.7988772238903901],
    ['metric:BLEU Ξ§', complexity, 0.35525454208916746, 0.8683284366448947],
    ['metric:chrF Ξ§', relevance, 0.20255705997929288, 0.7629580459593744],
    ['metric:BERTScore F1 Ξε', complexity, 0.42132657304254967, 0.9256483674359615],
  ];
  for (const [metric, human, story, system] of published) {
    const m = findRatings(b.metrics, metric)!;
    assert.ok(Math.abs(storyPearson(m, human) - story) < 1e-9, `${metric} story`);
    assert.ok(Math.abs(systemPearson(m, human) - system) < 1e-9, `${metric} system`);
  }
});

test('detection, column selection, and a broken list cell naming file, line and field', async () => {
  assert.equal((await importJudgments(SLICE)).format, 'hanna');
  const only = await importHanna(SLICE, { columns: ['Coherence'] });
  assert.equal(only.human.length + only.metrics.length, 1);
  const bad = tempFile('hanna_metric_scores.csv', 'Model,Relevance,BLEU\nA,"[1.0, 2.0]","[0.1, 0.2]"\nB,"[1.0, oops]","[0.1, 0.2]"\n');
  await assert.rejects(importHanna(bad), (e: unknown) => e instanceof DataError && e.line === 3 && e.field === 'Relevance');
  const ragged = tempFile('hanna_metric_scores.csv', 'Model,Relevance\nA,"[1.0, 2.0]"\nB,"[1.0]"\n');
  await assert.rejects(importHanna(ragged), (e: unknown) => e instanceof DataError && e.line === 3 && e.kind === 'length-mismatch');
});

test('full files: 6 criteria + 72 metrics; the LLM file adds per-rater and LLM-judge columns', async (t) => {
  if (!hasSharedData()) return t.skip('../shared not present');
  const b = await importHanna(shared('hanna-benchmark-asg/hanna_metric_scores.csv'));
  assert.deepEqual([b.human.length, b.metrics.length], [6, 72]);
  const llm = await importHanna(shared('hanna-benchmark-asg/hanna_metric_scores_llm.csv'));
  assert.equal(llm.human.length + llm.metrics.length, 254);
  assert.equal(llm.human.length, 6 + 36); // Human 1..3 and Human Avg 1..3, six criteria each
});
