// Published reward-model / judge benchmark numbers through `meta-eval`, with the judge decisions the files record
// (`-s recorded`):
//   JudgeBench (ScalerLab/JudgeBench @e2c52c28): two-game vote accuracy per category and overall (shared/data README);
//   LLMBar (princeton-nlp/LLMBar @900616bf): statistics.json's correct_False / correct_True / correct_average /
//     correct_both / equal for an evaluator run;
//   AlpacaEval 2.0 (tatsu-lab/alpaca_eval @cd543a14): the leaderboard's win_rate, standard_error, n_wins,
//     n_wins_base, n_draws, discrete_win_rate from the judge annotations.
// Fixtures (test/fixtures/metaeval-repro, texts removed): 3 JudgeBench judges, 3 AlpacaEval models with their
// leaderboard rows; LLMBar Natural GPT-4/Vanilla from test/fixtures/judgments. With ../shared: every judge / setting / model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { importJudgments } from '../../src/judgments/importers/index.js';
import { metaEvaluate } from '../../src/metaeval/run.js';
import type { MetaEvalReport } from '../../src/metaeval/report.js';
import { FIXTURES, JUDGMENT_FIXTURES, SHARED_DATA, hasShared, metaEvalCli, rowOf } from './_helpers.js';

// ------------------------------------------------------------------------------------------------ JudgeBench

/** knowledge / reasoning / math / coding / overall, in percent (shared/data/JudgeBench/README.md). */
const JUDGEBENCH: Record<string, [string, string[]]> = {
  'skywork-gemma-2-27b.slim.jsonl.gz': ['Skywork_Skywork-Reward-Gemma-2-27B', ['59.74', '66.33', '83.93', '50.00', '64.29']],
  'internlm2-20b.slim.jsonl.gz': ['internlm_internlm2-20b-reward', ['62.34', '69.39', '66.07', '50.00', '63.43']],
  'arena-hard-o1-mini.slim.jsonl.gz': ['o1-mini-2024-09-12', ['58.44', '62.24', '82.14', '78.57', '65.71']],
};
const JB_GROUPS = ['knowledge', 'reasoning', 'math', 'coding', undefined];

function judgeBenchPercents(report: MetaEvalReport): string[] {
  return JB_GROUPS.map((g) => (100 * rowOf(report, 'judgebench', 'recorded', { group: g }).value).toFixed(2));
}

test('JudgeBench through the CLI: 3 judges × 4 categories + overall as published', () => {
  for (const [file, [, expected]] of Object.entries(JUDGEBENCH)) {
    const r = metaEvalCli(['-j', path.join(FIXTURES, 'judgebench', file), '-s', 'recorded', '-m', 'judgebench', '--bootstrap', '0', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as MetaEvalReport;
    assert.deepEqual(judgeBenchPercents(report), expected, file);
    assert.equal(rowOf(report, 'judgebench', 'recorded').n, 350);
  }
});

test('JudgeBench, all 6 published judges (full output files)', async (t) => {
  if (!hasShared()) {
    t.skip('../shared not present');
    return;
  }
  const published: Record<string, string[]> = {
    'Skywork-Reward-Gemma-2-27B': ['59.74', '66.33', '83.93', '50.00', '64.29'],
    'internlm2-20b-reward': ['62.34', '69.39', '66.07', '50.00', '63.43'],
    'Skywork-Reward-Llama-3.1-8B': ['59.09', '64.29', '76.79', '50.00', '62.29'],
    'GRM-Gemma-2B': ['62.99', '53.06', '64.29', '54.76', '59.43'],
    'internlm2-7b-reward': ['56.49', '61.22', '71.43', '50.00', '59.43'],
    'o1-mini-2024-09-12': ['58.44', '62.24', '82.14', '78.57', '65.71'],
  };
  const dir = path.join(SHARED_DATA, 'JudgeBench/outputs');
  let checked = 0;
  for (const f of readdirSync(dir)) {
    const judge = Object.keys(published).find((j) => f.includes(j))!;
    const imp = await importJudgments(path.join(dir, f));
    const report = await metaEvaluate({ judgments: imp.judgments }, { scorers: ['recorded'], measures: ['judgebench'] });
    assert.deepEqual(judgeBenchPercents(report), published[judge], judge);
    checked++;
  }
  assert.equal(checked, 6);
});

// ------------------------------------------------------------------------------------------------ LLMBar

function statisticsOf(file: string): Record<string, string> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
}

/** "95 / 100 = 95.0%" → 95; "95.5%" → 95.5. */
const count = (s: string): number => Number(s.split(' / ')[0]);

function checkLlmbar(report: MetaEvalReport, stats: Record<string, string>, where: string): void {
  const row = rowOf(report, 'two-order', 'recorded');
  assert.equal(row.extra?.correctOriginal, count(stats.correct_False), `${where} correct_False`);
  assert.equal(row.extra?.correctSwapped, count(stats.correct_True), `${where} correct_True`);
  assert.equal(row.extra?.correctBoth, count(stats.correct_both), `${where} correct_both`);
  assert.equal(row.extra?.equal, count(stats.equal), `${where} equal`);
  const average = Number(stats.correct_average.replace('%', ''));
  assert.ok(Math.abs(row.value * 100 - average) <= 1e-12, `${where} correct_average: ${row.value * 100} vs ${average}`);
}

test('LLMBar Natural, GPT-4/Vanilla through the CLI: statistics.json', () => {
  const dir = path.join(JUDGMENT_FIXTURES, 'llmbar/LLMBar/Natural');
  const r = metaEvalCli(['-j', dir, '--llmbar-evaluator', 'GPT-4/Vanilla', '-s', 'recorded', '-m', 'two-order,accuracy-half', '--bootstrap', '0', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as MetaEvalReport;
  checkLlmbar(report, statisticsOf(path.join(dir, 'evaluators/GPT-4/Vanilla/statistics.json')), 'Natural GPT-4/Vanilla');
  // ½ credit for a pair the two orders disagree on is the same number when no order abstains
  assert.equal(rowOf(report, 'accuracy-half', 'recorded').value, rowOf(report, 'two-order', 'recorded').value);
});

test('LLMBar: all 70 evaluator settings reproduce statistics.json', async (t) => {
  if (!hasShared()) {
    t.skip('../shared not present');
    return;
  }
  const root = path.join(SHARED_DATA, 'LLMBar/Dataset/LLMBar');
  const subsets = ['Natural', 'Adversarial/Neighbor', 'Adversarial/GPTInst', 'Adversarial/GPTOut', 'Adversarial/Manual'];
  let checked = 0;
  for (const subset of subsets) {
    const evaluators = path.join(root, subset, 'evaluators');
    for (const llm of readdirSync(evaluators)) {
      for (const strategy of readdirSync(path.join(evaluators, llm))) {
        const imp = await importJudgments(path.join(root, subset, 'dataset.json'), { llmbar: { evaluator: `${llm}/${strategy}` } });
        const report = await metaEvaluate({ judgments: imp.judgments }, { scorers: ['recorded'], measures: ['two-order'] });
        checkLlmbar(report, statisticsOf(path.join(evaluators, llm, strategy, 'statistics.json')), `${subset} ${llm}/${strategy}`);
        checked++;
      }
    }
  }
  assert.equal(checked, 70);
});

// ------------------------------------------------------------------------------------------------ AlpacaEval

function leaderboard(file: string): Map<string, Record<string, string>> {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const cols = header.split(',');
  return new Map(lines.map((l) => {
    const cells = l.split(',');
    return [cells[0], Object.fromEntries(cols.map((c, k) => [c, cells[k]]))] as const;
  }));
}

function checkAlpaca(report: MetaEvalReport, row: Record<string, string>, where: string): void {
  const r = rowOf(report, 'win-rate', 'recorded');
  const near = (a: number, b: string, what: string) => assert.ok(Math.abs(a - Number(b)) <= 1e-9, `${where} ${what}: ${a} vs ${b}`);
  near(100 * r.value, row.win_rate, 'win_rate');
  near(100 * r.extra!.standardError, row.standard_error, 'standard_error');
  near(100 * r.extra!.discreteWinRate, row.discrete_win_rate, 'discrete_win_rate');
  assert.equal(r.extra!.wins, Number(row.n_wins), `${where} n_wins`);
  assert.equal(r.extra!.winsBase, Number(row.n_wins_base), `${where} n_wins_base`);
  assert.equal(r.extra!.draws, Number(row.n_draws), `${where} n_draws`);
  assert.equal(r.n, Number(row.n_total), `${where} n_total`);
}

test('AlpacaEval 2.0 through the CLI: 3 leaderboard rows from the judge annotations', () => {
  const board = leaderboard(path.join(FIXTURES, 'alpaca_eval/leaderboard.3models.csv'));
  for (const model of ['alpaca-7b', 'NullModel', 'gpt4_gamed']) {
    const r = metaEvalCli(['-j', path.join(FIXTURES, `alpaca_eval/${model}.slim.annotations.json.gz`), '-s', 'recorded', '-m', 'win-rate', '--bootstrap', '0', '--json']);
    assert.equal(r.code, 0, r.stderr);
    checkAlpaca(JSON.parse(r.stdout) as MetaEvalReport, board.get(model)!, model);
  }
});

test('AlpacaEval 2.0: all 19 models with annotations here', async (t) => {
  if (!hasShared()) {
    t.skip('../shared not present');
    return;
  }
  const root = path.join(SHARED_DATA, 'alpaca_eval');
  const board = leaderboard(path.join(root, 'src/alpaca_eval/leaderboards/data_AlpacaEval_2/weighted_alpaca_eval_gpt4_turbo_leaderboard.csv'));
  let checked = 0;
  for (const model of readdirSync(path.join(root, 'results'))) {
    const imp = await importJudgments(path.join(root, 'results', model, 'weighted_alpaca_eval_gpt4_turbo/annotations.json.gz'));
    const report = await metaEvaluate({ judgments: imp.judgments }, { scorers: ['recorded'], measures: ['win-rate'], subsets: false });
    // gpt4_1106_preview is the baseline against itself; it has a leaderboard row too
    checkAlpaca(report, board.get(model)!, model);
    checked++;
  }
  assert.equal(checked, 19);
});
