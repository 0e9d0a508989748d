import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { familyMapping, selfPreference, type AttributedJudgment } from '../../src/probes/self-preference.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const FIX = path.join(here, '../fixtures/probes');

test('hand-checked: own-family pairs, reference excess, per-generator rates', () => {
  const family = familyMapping([
    ['gpt-4', 'openai'],
    ['claude', 'anthropic'],
  ]);
  const js: AttributedJudgment[] = [
    { generatorA: 'gpt-4o', generatorB: 'claude-3', judgeA: 1, referenceA: 0.5 }, // own = a: judge 1, ref 0.5
    { generatorA: 'llama', generatorB: 'gpt-4-turbo', judgeA: 0.25, referenceA: 0 }, // own = b: judge 0.75, ref 1
    { generatorA: 'gpt-4o', generatorB: 'gpt-4-turbo', judgeA: 0.5, referenceA: 0.5 }, // both own: not counted
    { generatorA: 'llama', generatorB: 'claude-3', judgeA: 0, referenceA: 1 }, // neither: not counted
    { generatorA: 'gpt-4o', generatorB: 'llama', judgeA: 1 }, // own, no reference
    { generatorA: 'gpt-4o', generatorB: 'llama', judgeA: NaN }, // no judgment: ignored entirely
  ];
  const r = selfPreference(js, { judgeFamily: 'openai', family, bootstrap: { resamples: 100 } });
  assert.equal(r.ownPairs, 3);
  assert.equal(r.ownWinRate, (1 + 0.75 + 1) / 3);
  assert.equal(r.referencedPairs, 2);
  assert.equal(r.referenceWinRate, (0.5 + 1) / 2);
  assert.equal(r.selfPreference, (1 + 0.75) / 2 - (0.5 + 1) / 2);
  const llama = r.generators.find((g) => g.generator === 'llama')!;
  assert.equal(llama.pairs, 3); // the NaN judgment is ignored
  assert.equal(llama.judgeWinRate, (0.25 + 0 + 0) / 3); // as a in pairs 2 and 4, as b in pair 5
  assert.equal(llama.referenceWinRate, (0 + 1) / 2);
  assert.equal(familyMapping({ x: 'f' })('x'), 'f');
  assert.equal(familyMapping({ x: 'f' })('y'), undefined);
});

test('AlpacaEval 2.0: the GPT-4-turbo judge against its own GPT-4-turbo baseline, from the published win rates', () => {
  // Every AlpacaEval pair shows the baseline gpt4_1106_preview as output_1; with the judge in the same family, the
  // own-family win rate is 1 − (pooled model win rate), which the published leaderboard fixes.
  const models = JSON.parse(gunzipSync(readFileSync(path.join(FIX, 'alpacaeval-lc.json.gz'))).toString('utf8')).models;
  const picked = ['alpaca-7b', 'claude-2.1', 'vicuna-13b', 'Qwen-14B-Chat'];
  const js: AttributedJudgment[] = [];
  for (const m of picked) {
    for (const pref of models[m].preferences as (number | null)[]) {
      if (pref === null) continue;
      js.push({ generatorA: 'gpt4_1106_preview', generatorB: m, judgeA: 1 - ((pref === 0 ? 1.5 : pref) - 1) });
    }
  }
  const r = selfPreference(js, { judgeFamily: 'gpt-4', family: familyMapping([['gpt4', 'gpt-4']]), bootstrap: { resamples: 200 } });
  const [header, ...rows] = readFileSync(path.join(FIX, 'alpacaeval-leaderboard.csv'), 'utf8').trim().split('\n');
  const cols = header.split(',');
  let wins = 0, total = 0;
  for (const m of picked) {
    const cells = rows.map((row) => row.split(',')).find((c) => c[0] === m)!;
    const n = Number(cells[cols.indexOf('n_total')]);
    wins += (Number(cells[cols.indexOf('win_rate')]) / 100) * n;
    total += n;
  }
  assert.equal(r.ownPairs, total);
  // preferences are stored with 10 decimals, the leaderboard used the unrounded floats: ≤ 5e-11 per value
  assert.ok(Math.abs(r.ownWinRate - (1 - wins / total)) < 1e-10, `${r.ownWinRate} vs ${1 - wins / total}`);
  assert.ok(r.ownWinRateInterval.lower < r.ownWinRate && r.ownWinRate < r.ownWinRateInterval.upper);
  assert.ok(Number.isNaN(r.selfPreference)); // no reference judgments: only the confounded own-family rate
});
