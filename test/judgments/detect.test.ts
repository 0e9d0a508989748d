import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { detectJudgmentFormat, formatFromRecord, importJudgments } from '../../src/judgments/importers/index.js';
import { DataError } from '../../src/data/errors.js';
import { fixture, hasSharedData, shared, tempFile } from './_fixtures.js';

test('every committed fixture is detected as its format', async () => {
  const cases: [string, string][] = [
    ['mqm/mqm_newstest2021_ende.avg_seg_scores.tsv.gz', 'wmt-mqm'],
    ['mqm/mqm_ted_ende.seg1-60.tsv.gz', 'wmt-mqm-errors'],
    ['da/ad-seg-scores-de-en.3systems.csv.gz', 'wmt-da-seg'],
    ['da/ad-sys-ranking-de-en-z.csv', 'wmt-da-sys'],
    ['da/ad-sys-scores-de-en.csv', 'wmt-da-sys'],
    ['da/DA-newstest2020-ende-sys-scores.csv', 'wmt-da-sys'],
    ['mtme/toy23', 'mt-metrics-eval'],
    ['mtme', 'mt-metrics-eval'],
    ['rewardbench/v1.sample.jsonl', 'rewardbench-v1'],
    ['rewardbench/v2.sample.parquet', 'rewardbench-v2'],
    ['judgebench/judgebench-gpt-4o.3percategory.jsonl.gz', 'judgebench'],
    ['judgebench/skywork-gemma-27b.3percategory.jsonl.gz', 'judgebench'],
    ['llmbar/LLMBar', 'llmbar'],
    ['llmbar/LLMBar/Natural/evaluators/GPT-4/Vanilla/result.json.gz', 'llmbar'],
    ['alpaca_eval/alpaca-7b.first40.annotations.json.gz', 'alpaca-eval'],
    ['hh-rlhf/harmless-base-test.slice.jsonl.gz', 'hh-rlhf'],
    ['hanna/hanna_metric_scores.9columns.csv.gz', 'hanna'],
    ['frank/human_annotations.json.gz', 'frank'],
    ['frank', 'frank'],
  ];
  for (const [rel, format] of cases) assert.equal(await detectJudgmentFormat(fixture(rel)), format, rel);
});

test('record shapes that match no format, or more than one, are not guessed', async () => {
  assert.equal(formatFromRecord({ prompt: 'p', chosen: { role: 'x' }, rejected: 'r' }), undefined);
  assert.equal(formatFromRecord({ chosen: 'plain text', rejected: 'r' }), undefined);
  assert.equal(formatFromRecord({ sys: 'A', seg: 1, score: 0.5 }), undefined);
  const unknown = tempFile('x.jsonl', '{"sys": "A", "seg": 1, "score": 0.5}\n');
  await assert.rejects(detectJudgmentFormat(unknown), (e: unknown) => e instanceof DataError && e.kind === 'format' && e.file === unknown);
  const emptyDir = mkdtempSync(path.join(tmpdir(), 'tc-detect-'));
  await assert.rejects(detectJudgmentFormat(emptyDir), (e: unknown) => e instanceof DataError && e.kind === 'format');
  await assert.rejects(importJudgments(unknown, { ratings: { system: 'sys', item: 'seg', value: 'score' }, preferences: { a: 'a', b: 'b' } }), /name the format with --judgment-format/);
});

test('importJudgments returns gold judgments and, where the source has them, metric scores', async () => {
  const mqm = await importJudgments(fixture('mqm/mqm_ted_ende.avg_seg_scores.tsv.gz'));
  assert.deepEqual([mqm.format, mqm.judgments.length, mqm.scores.length], ['wmt-mqm', 1, 0]);
  const wmt20 = await importJudgments(fixture('da/DA-newstest2020-ende-sys-scores.csv'));
  assert.deepEqual([wmt20.judgments.length, wmt20.scores.length], [2, 28]);
  const hanna = await importJudgments(fixture('hanna/hanna_metric_scores.9columns.csv.gz'));
  assert.deepEqual([hanna.judgments.length, hanna.scores.length], [6, 3]);
});

test('full data: the raw upstream files are detected too', async (t) => {
  if (!hasSharedData()) return t.skip('../shared not present');
  const cases: [string, string][] = [
    ['wmt-mqm-human-evaluation/ted/ende/mqm_ted_ende.tsv', 'wmt-mqm-errors'],
    ['JudgeBench/data/dataset=judgebench,response_model=gpt-4o-2024-05-13.jsonl', 'judgebench'],
    ['LLMBar/Dataset/LLMBar', 'llmbar'],
    ['LLMBar/Dataset/LLMBar/Adversarial/GPTOut/dataset.json', 'llmbar'],
    ['alpaca_eval/results/NullModel/weighted_alpaca_eval_gpt4_turbo/annotations.json.gz', 'alpaca-eval'],
    ['reward-bench/bon_eval/alpaca_eval_n=16/annotations/annotations_ref=GPT35t/tulu-2-dpo-13b.0/weighted_alpaca_eval_gpt4_turbo/annotations.json.gz', 'alpaca-eval'],
    ['hh-rlhf/harmless-base/test.jsonl.gz', 'hh-rlhf'],
    ['hanna-benchmark-asg/hanna_metric_scores_llm.csv', 'hanna'],
    ['frank/data', 'frank'],
  ];
  for (const [rel, format] of cases) assert.equal(await detectJudgmentFormat(shared(rel)), format, rel);
});
