import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importJudgeBench, type JudgeGame } from '../../src/judgments/importers/judgebench.js';
import { DataError } from '../../src/data/errors.js';
import type { Preference, Preferences } from '../../src/judgments/types.js';
import { fixture, hasSharedData, round, shared, tempFile } from './_fixtures.js';

const count = (pairs: Preference[], f: (p: Preference) => string): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const p of pairs) out[f(p)] = (out[f(p)] ?? 0) + 1;
  return out;
};

/** JudgeBench's official metric (utils/metrics.py, README): +1 per game agreeing with the label, −1 per game against it. */
function judgeBenchCorrect(p: Preference): boolean {
  let sum = 0;
  for (const g of p.meta!.games as JudgeGame[]) {
    if (g.decision === p.label) sum++;
    else if (g.decision !== null && g.decision !== 'tie') sum--;
  }
  return sum > 0;
}

function accuracyByCategory(p: Preferences): Record<string, number> {
  const out: Record<string, number> = {};
  for (const cat of ['knowledge', 'reasoning', 'math', 'coding']) {
    const pairs = p.pairs.filter((x) => x.subset === cat);
    out[cat] = round((100 * pairs.filter(judgeBenchCorrect).length) / pairs.length, 2);
  }
  out.overall = round((100 * p.pairs.filter(judgeBenchCorrect).length) / p.pairs.length, 2);
  return out;
}

test('pairs: A>B / B>A labels become a / b; categories from the source prefix', async () => {
  const p = await importJudgeBench(fixture('judgebench/judgebench-gpt-4o.3percategory.jsonl.gz'));
  assert.equal(p.pairs.length, 12);
  assert.deepEqual(count(p.pairs, (x) => String(x.label)), { a: 9, b: 3 });
  assert.deepEqual(count(p.pairs, (x) => x.subset!), { knowledge: 3, reasoning: 3, math: 3, coding: 3 });
  const first = p.pairs[0];
  assert.equal(first.id, 'e302b0a0-28d5-5a3c-b1af-fedcf5543e72');
  assert.equal(first.meta!.source, 'mmlu-pro-law');
  assert.equal(first.meta!.originalId, 1420);
  assert.equal(first.modelA, 'gpt-4o-2024-05-13');
  assert.match(first.prompt as string, /^A college student initiated a criminal case/);
});

test('judge outputs: the swapped game is flipped back to original a/b terms, RM scores follow', async () => {
  const rm = await importJudgeBench(fixture('judgebench/skywork-gemma-27b.3percategory.jsonl.gz'));
  const g = rm.pairs[0].meta!.games as JudgeGame[];
  assert.equal(rm.pairs[0].meta!.judge, 'reward_model');
  assert.equal(g[0].order, 'ab');
  assert.equal(g[1].order, 'ba');
  // whichever response scores higher wins each game, in original terms
  for (const p of rm.pairs) {
    for (const game of p.meta!.games as JudgeGame[]) {
      if (game.scores!.a !== game.scores!.b) assert.equal(game.decision, game.scores!.a > game.scores!.b ? 'a' : 'b');
    }
  }
  // official metric on the slice, expected from a Python run of the README recipe on the same 12 pairs
  assert.equal(rm.pairs.filter(judgeBenchCorrect).length, 10);
  const arena = await importJudgeBench(fixture('judgebench/arena-hard-o1-mini.3percategory.jsonl.gz'));
  assert.equal(arena.pairs.filter(judgeBenchCorrect).length, 7);
});

test('a label outside A>B / B>A / A=B names file, line and field', async () => {
  const rec = { pair_id: 'x', source: 'livebench-math', question: 'q', response_A: 'a', response_B: 'b', label: 'A>B' };
  const file = tempFile('jb.jsonl', `${JSON.stringify(rec)}\n${JSON.stringify({ ...rec, label: 'A' })}\n`);
  await assert.rejects(importJudgeBench(file), (e: unknown) => e instanceof DataError && e.line === 2 && e.field === 'label');
});

test('full data: 350 pairs, A>B 193 / B>A 157, and the README accuracy table of all six judges', async (t) => {
  if (!hasSharedData()) return t.skip('../shared not present');
  const base = 'JudgeBench/data/dataset=judgebench,response_model=gpt-4o-2024-05-13.jsonl';
  const p = await importJudgeBench(shared(base));
  assert.equal(p.pairs.length, 350);
  assert.deepEqual(count(p.pairs, (x) => String(x.label)), { a: 193, b: 157 });
  assert.deepEqual(count(p.pairs, (x) => x.subset!), { knowledge: 154, reasoning: 98, math: 56, coding: 42 });
  const published: [string, number[]][] = [
    ['judge_name=reward_model,judge_model=Skywork_Skywork-Reward-Gemma-2-27B', [59.74, 66.33, 83.93, 50.0, 64.29]],
    ['judge_name=reward_model,judge_model=internlm_internlm2-20b-reward', [62.34, 69.39, 66.07, 50.0, 63.43]],
    ['judge_name=reward_model,judge_model=Skywork_Skywork-Reward-Llama-3.1-8B', [59.09, 64.29, 76.79, 50.0, 62.29]],
    ['judge_name=reward_model,judge_model=Ray2333_GRM-Gemma-2B-rewardmodel-ft', [62.99, 53.06, 64.29, 54.76, 59.43]],
    ['judge_name=reward_model,judge_model=internlm_internlm2-7b-reward', [56.49, 61.22, 71.43, 50.0, 59.43]],
    ['judge_name=arena_hard,judge_model=o1-mini-2024-09-12', [58.44, 62.24, 82.14, 78.57, 65.71]],
  ];
  for (const [judge, numbers] of published) {
    const j = await importJudgeBench(shared(`JudgeBench/outputs/dataset=judgebench,response_model=gpt-4o-2024-05-13,${judge}.jsonl.gz`));
    assert.deepEqual(Object.values(accuracyByCategory(j)), numbers, judge);
  }
});
