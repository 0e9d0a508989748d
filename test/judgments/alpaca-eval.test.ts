import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importAlpacaEval } from '../../src/judgments/importers/alpaca-eval.js';
import { importJudgments } from '../../src/judgments/importers/index.js';
import { DataError } from '../../src/data/errors.js';
import type { Preferences } from '../../src/judgments/types.js';
import { fixture, hasSharedData, shared, tempFile } from './_fixtures.js';

/** AlpacaEval leaderboard recipe (README): None/0 → 1.5, p = preference − 1. */
function leaderboardRow(p: Preferences): { winRate: number; wins: number; baseWins: number; draws: number; discrete: number } {
  const ps = p.pairs.map((x) => {
    const pref = x.meta!.preference as number | null;
    return (pref === null || pref === 0 ? 1.5 : pref) - 1;
  });
  let sum = 0;
  let discrete = 0;
  for (const v of ps) {
    sum += v;
    discrete += v > 0.5 ? 1 : v < 0.5 ? 0 : 0.5;
  }
  return {
    winRate: (100 * sum) / ps.length,
    wins: ps.filter((v) => v > 0.5).length,
    baseWins: ps.filter((v) => v < 0.5).length,
    draws: ps.filter((v) => v === 0.5).length,
    discrete: (100 * discrete) / ps.length,
  };
}

test('annotations: a = output_1 (baseline), b = output_2 (model), label = P(a) = 2 − preference', async () => {
  const p = await importAlpacaEval(fixture('alpaca_eval/alpaca-7b.first40.annotations.json.gz'));
  assert.equal(p.pairs.length, 40);
  const first = p.pairs[0];
  assert.equal(first.modelA, 'gpt4_1106_preview');
  assert.equal(first.modelB, 'alpaca-7b');
  assert.equal(first.subset, 'helpful_base');
  assert.equal(first.annotator, 'weighted_alpaca_eval_gpt4_turbo');
  assert.equal(first.prompt, 'What are the names of some famous actors that started their careers on Broadway?');
  assert.equal(first.meta!.preference, 1.0000001827);
  assert.equal(first.label, 2 - 1.0000001827);
  // win rate of the slice from the raw preferences; expected from a Python run of the recipe on the same 40 records
  const row = leaderboardRow(p);
  assert.equal(row.winRate, 1.1585459220000012);
  assert.deepEqual([row.wins, row.baseWins, row.draws], [0, 40, 0]);
});

test('the baseline against itself is a tie everywhere (preference exactly 1.5)', async () => {
  const p = await importAlpacaEval(fixture('alpaca_eval/gpt4_1106_preview.first5.annotations.json.gz'));
  assert.deepEqual(p.pairs.map((x) => x.label), ['tie', 'tie', 'tie', 'tie', 'tie']);
});

test('missing and zero preferences are draws (AlpacaEval maps them to 1.5); out-of-range is an error', async () => {
  const rec = { instruction: 'i', output_1: 'x', output_2: 'y', generator_1: 'g1', generator_2: 'g2', dataset: 'd', annotator: 'a' };
  const ok = tempFile('a.json', JSON.stringify([{ ...rec, preference: null }, { ...rec, preference: 0 }, { ...rec, preference: 2 }, { ...rec, preference: '1.25' }]));
  const p = await importAlpacaEval(ok);
  assert.deepEqual(p.pairs.map((x) => x.label), ['tie', 'tie', 'b', 0.75]);
  assert.deepEqual(p.pairs.map((x) => x.meta!.preference), [null, 0, 2, 1.25]);
  const bad = tempFile('a.json', `[\n${JSON.stringify({ ...rec, preference: 1 })},\n${JSON.stringify({ ...rec, preference: 3 })}\n]`);
  await assert.rejects(importAlpacaEval(bad), (e: unknown) => e instanceof DataError && e.line === 3 && e.field === 'preference');
});

test('detection by record keys', async () => {
  assert.equal((await importJudgments(fixture('alpaca_eval/alpaca-7b.first40.annotations.json.gz'))).format, 'alpaca-eval');
});

test('full data: alpaca-7b reproduces its leaderboard row', async (t) => {
  if (!hasSharedData()) return t.skip('../shared not present');
  const p = await importAlpacaEval(shared('alpaca_eval/results/alpaca-7b/weighted_alpaca_eval_gpt4_turbo/annotations.json.gz'));
  assert.equal(p.pairs.length, 805);
  const row = leaderboardRow(p);
  // weighted_alpaca_eval_gpt4_turbo_leaderboard.csv: alpaca-7b,2.591450540223603,…,17,785,3,805,2.298136645962733
  // (pandas' mean sums pairwise, we sum left to right: the last digit may differ)
  assert.ok(Math.abs(row.winRate - 2.591450540223603) < 1e-12);
  assert.deepEqual([row.wins, row.baseWins, row.draws], [17, 785, 3]);
  assert.ok(Math.abs(row.discrete - 2.298136645962733) < 1e-12);
});
