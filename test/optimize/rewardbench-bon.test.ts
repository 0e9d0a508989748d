import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  candidateAvgLengths,
  candidateWinRates,
  goldOfChoices,
  judgedCandidateSets,
  loadRewardBenchBon,
  matchPicks,
  summarizeChoices,
  type BonJudgedCandidates,
} from '../../src/optimize/rewardbench-bon.js';
import { meanBestOfNCurve } from '../../src/optimize/best-of-n.js';
import { overoptimizationReport } from '../../src/optimize/overoptimization.js';
import { withinItemLengthCorrelation } from '../../src/probes/length.js';
import { spearman } from '../../src/stats/correlation.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const FIX = path.join(here, '../fixtures/bon');
const SHARED_BON = path.resolve(here, '../../../shared/data/reward-bench/bon_eval');
const data = JSON.parse(gunzipSync(readFileSync(path.join(FIX, 'rewardbench-bon16.json.gz'))).toString('utf8')) as BonJudgedCandidates;
const published = JSON.parse(readFileSync(path.join(FIX, 'bon_eval_results.json'), 'utf8')) as Record<string, Record<string, number | string>>;
const expected = JSON.parse(readFileSync(path.join(FIX, 'expected.json'), 'utf8'));
const merged = (() => {
  const [header, ...rows] = readFileSync(path.join(FIX, 'merged_leaderboard.csv'), 'utf8').trim().split('\n');
  const cols = header.split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').map((c, j) => [cols[j], c])));
})();
const RMS = Object.keys(published).filter((k) => k.includes('/'));
// Annotation preferences are stored with 10 decimals while the leaderboards were computed from the unrounded floats:
// each p moves by ≤ 5e-11, so win rate and standard error (×100) move by ≤ 5e-9 (as in test/metaeval/alpacaeval.test.ts).
const ROUNDED_INPUT_BOUND = 5e-9;

test('merged_leaderboard.csv rows 0…10 from the per-candidate judge annotations (AlpacaEval recipe)', () => {
  const rows = candidateWinRates(data);
  assert.equal(rows.length, 16);
  let compared = 0;
  for (let c = 0; c < 16; c++) {
    const row = rows[c];
    if (c > 10) {
      assert.equal(row, null); // annotation files 11…15 are not in the public copy
      continue;
    }
    const pub = merged[c];
    assert.equal(pub.model_name, `allenai/tulu-2-dpo-13b.${c}`);
    assert.ok(Math.abs(row!.win_rate - Number(pub.win_rate)) < ROUNDED_INPUT_BOUND, `${c} win_rate`);
    assert.ok(Math.abs(row!.standard_error - Number(pub.standard_error)) < ROUNDED_INPUT_BOUND, `${c} standard_error`);
    assert.equal(row!.discrete_win_rate, Number(pub.discrete_win_rate));
    for (const f of ['n_wins', 'n_wins_base', 'n_draws', 'n_total'] as const) assert.equal(row![f], Number(pub[f]), `${c} ${f}`);
    compared++;
  }
  assert.equal(compared, 11);
  // avg_length of all 16 candidate files
  assert.deepEqual(candidateAvgLengths(data), merged.map((r) => Number(r.avg_length)));
});

test('the six reward models’ picks: avg_length exact for all; deberta’s full published row; bounds for the rest', () => {
  for (const rm of RMS) {
    const s = summarizeChoices(data, data.picks[rm]);
    assert.equal(s.avgLength, published[rm].avg_length, rm);
    const wr = Number(published[rm].win_rate);
    assert.ok(s.winRateBounds[0] <= wr && wr <= s.winRateBounds[1], `${rm}: ${wr} outside ${s.winRateBounds}`);
    const nw = Number(published[rm].n_wins);
    assert.ok(s.nWinsBounds[0] <= nw && nw <= s.nWinsBounds[1], rm);
  }
  const deberta = summarizeChoices(data, data.picks['OpenAssistant/reward-model-deberta-v3-large-v2']);
  const pub = published['OpenAssistant/reward-model-deberta-v3-large-v2'];
  assert.equal(deberta.covered, 805);
  assert.ok(Math.abs(deberta.row!.win_rate - Number(pub.win_rate)) < ROUNDED_INPUT_BOUND); // 33.387…
  assert.ok(Math.abs(deberta.row!.standard_error - Number(pub.standard_error)) < ROUNDED_INPUT_BOUND);
  for (const f of ['n_wins', 'n_wins_base', 'n_draws', 'n_total', 'discrete_win_rate'] as const) assert.equal(deberta.row![f], pub[f], f);
  // Coverage of the others (picks among candidates 0…10, or the same candidate deberta picked): Python side-by-side.
  const covered = Object.fromEntries(RMS.map((rm) => [rm, summarizeChoices(data, data.picks[rm]).covered]));
  assert.deepEqual(covered, {
    'openbmb/UltraRM-13b': 351,
    'weqweasdas/hh_rlhf_rm_open_llama_3b': 382,
    'PKU-Alignment/beaver-7b-v1.0-cost': 453,
    'PKU-Alignment/beaver-7b-v1.0-reward': 332,
    'OpenAssistant/oasst-rm-2.1-pythia-1.4b-epoch-2.5': 497,
    'OpenAssistant/reward-model-deberta-v3-large-v2': 805,
  });
  // random_max / random_min / random_median are candidate files 0, 10 and 3
  for (const [key, c] of [['random_max', 0], ['random_min', 10], ['random_median', 3]] as const) {
    const all = new Array(805).fill(c);
    const s = summarizeChoices(data, all);
    assert.equal(s.avgLength, published[key].avg_length);
    assert.equal(s.row!.n_wins, published[key].n_wins);
  }
});

test('deberta’s own annotation file agrees with the candidate annotations on every pick among 0…10', () => {
  const rm = 'OpenAssistant/reward-model-deberta-v3-large-v2';
  const picks = data.picks[rm];
  let same = 0;
  picks.forEach((c, p) => {
    if (c <= 10) {
      assert.equal(data.pickAnnotations[rm][p], data.preferences[c]![p]);
      same++;
    }
  });
  assert.equal(same, 491);
  // picks matched every candidate text
  for (const rm2 of RMS) assert.ok(data.picks[rm2].every((c) => c >= 0 && c < 16));
  assert.deepEqual(goldOfChoices(data, [-1, 15]).slice(0, 1), [undefined]);
});

test('text matching: the lowest index among identical candidates, −1 when none matches', () => {
  assert.deepEqual(matchPicks([['x', 'p'], ['y', 'p'], ['y', 'q']], ['y', 'p']), [1, 0]);
  assert.deepEqual(matchPicks([['x']], ['z']), [-1]);
});

test('length drives it: win rate rises with candidate length across indices and within prompts', () => {
  // across the 16 candidate files (published columns): Spearman(avg_length, win_rate) — scipy side by side
  const len = merged.map((r) => Number(r.avg_length));
  // (stats/correlation's rho lands within an ulp or two of scipy's here)
  const ulps = (a: number, b: number) => Math.abs(a - b) <= 4 * Number.EPSILON;
  assert.ok(ulps(spearman(len, merged.map((r) => Number(r.win_rate))).r, expected.acrossIndices.spearman)); // 0.994
  assert.ok(ulps(spearman(len, merged.map((r) => Number(r.length_controlled_winrate))).r, expected.acrossIndices.spearmanLC)); // −0.28
  // within each prompt, over the 11 judged candidates: judge P(win) vs length
  const judged = expected.judged as number[];
  const groups = Array.from({ length: 805 }, (_, p) => ({
    lengths: judged.map((c) => data.lengths[c][p]),
    scores: judged.map((c) => data.preferences[c]![p]! - 1),
  }));
  const w = withinItemLengthCorrelation(groups);
  assert.equal(w.items, expected.withinPrompt.items);
  assert.equal(w.skipped, expected.withinPrompt.skipped);
  assert.ok(Math.abs(w.spearman - expected.withinPrompt.spearman) < 1e-12, `${w.spearman}`);
  assert.ok(Math.abs(w.kendall - expected.withinPrompt.kendall) < 1e-12, `${w.kendall}`);
  // across the six RMs: Spearman(avg_length, win_rate)
  const rmLen = expected.acrossRMs.models.map((m: string) => Number(published[m].avg_length));
  const rmWr = expected.acrossRMs.models.map((m: string) => Number(published[m].win_rate));
  assert.ok(ulps(spearman(rmLen, rmWr).r, expected.acrossRMs.spearman)); // 0.37
});

test('best-of-n with length as the proxy over the 11 judged candidates equals brute-force enumeration (ties included)', () => {
  const long = meanBestOfNCurve(judgedCandidateSets(data, (c, p) => data.lengths[c][p]));
  const short = meanBestOfNCurve(judgedCandidateSets(data, (c, p) => -data.lengths[c][p]));
  assert.equal(long.n.length, 11);
  for (let k = 0; k < 11; k++) {
    assert.ok(Math.abs(long.gold[k] - expected.lengthProxyCurve.gold[k]) < 1e-12, `gold n=${k + 1}`);
    assert.ok(Math.abs(long.proxy[k] - expected.lengthProxyCurve.proxy[k]) < 1e-9, `proxy n=${k + 1}`);
    assert.ok(Math.abs(short.gold[k] - expected.shortProxyCurve.gold[k]) < 1e-12, `short gold n=${k + 1}`);
  }
  // longest-of-11 wins more often than a random candidate; shortest-of-11 less
  assert.ok(long.gold[10] > long.gold[0] && short.gold[10] < short.gold[0]);
  const report = overoptimizationReport(long);
  assert.ok(Math.abs(report.fit.alpha - expected.lengthProxyFit.alpha) < 1e-12);
  assert.ok(Math.abs(report.fit.beta - expected.lengthProxyFit.beta) < 1e-12);
  assert.equal(report.goodhart.n, 11); // the judge keeps rewarding length up to n = 11
});

test('full data from ../shared: loading the raw files reproduces the fixture (picks found by text)', (t) => {
  if (!existsSync(SHARED_BON)) {
    t.skip('../shared not present');
    return;
  }
  const loaded = loadRewardBenchBon(SHARED_BON);
  assert.deepEqual(loaded, data);
});
