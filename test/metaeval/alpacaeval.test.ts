import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  alpacaEvalAvgLength,
  alpacaEvalWinRate,
  avgLengthFromCounts,
  codePointLength,
} from '../../src/metaeval/alpacaeval.js';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { hasShared, readFixtureText, readGzJson, sharedPath } from '../fixtures/rm/load.js';

test('hand-checked leaderboard row: draws, legacy 0, missing and invalid preferences', () => {
  // preferences 2, 1, 1.5, 0 (legacy draw -> 1.5), 1.75, null (dropped), 2.5 (outside [1, 2], dropped)
  const r = alpacaEvalWinRate([2, 1, 1.5, 0, 1.75, null, 2.5]);
  // p = 1, 0, 0.5, 0.5, 0.75 -> mean 2.75/5 = 0.55
  assert.equal(r.n_total, 5);
  assert.equal(r.n_draws, 2);
  assert.equal(r.n_wins, 2);
  assert.equal(r.n_wins_base, 1);
  assert.equal(r.win_rate, (2.75 / 5) * 100);
  // discrete: 1, 0, 0.5, 0.5, 1 -> 3/5
  assert.equal(r.discrete_win_rate, (3 / 5) * 100);
  // deviations from 0.55: .45 -.55 -.05 -.05 .2; squares sum .2025+.3025+.0025+.0025+.04 = 0.55; var .55/4;
  // sem = sqrt(.1375)/sqrt(5); numpy side by side: np.std(p, ddof=1) / np.sqrt(5) * 100 = 16.583123951776997
  assert.equal(r.standard_error, 16.583123951776997);
});

test('a baseline against itself is a 50% draw with zero error', () => {
  const r = alpacaEvalWinRate(new Array(805).fill(1.5));
  assert.deepEqual(r, { win_rate: 50, standard_error: 0, n_wins: 0, n_wins_base: 0, n_draws: 805, n_total: 805, discrete_win_rate: 50 });
});

test('lengths count code points as Python does, and avg_length truncates', () => {
  assert.equal(codePointLength('héllo'), 5);
  assert.equal(codePointLength('a😀b'), 3); // one astral code point, two UTF-16 units
  assert.equal(codePointLength('\ud800x'), 2); // a lone surrogate counts once, like Python's len('\ud800x')
  assert.equal(alpacaEvalAvgLength(['ab', 'abc', '😀😀']), 2); // 7/3 = 2.33 -> 2
  assert.equal(avgLengthFromCounts([1, 2]), 1);
});

interface Fixture {
  models: Record<string, { preferences: (number | null)[]; output2Lengths: number[] }>;
}

function parseLeaderboard(csv: string): Map<string, Record<string, string>> {
  const [header, ...rows] = csv.trim().split('\n');
  const cols = header.split(',');
  const out = new Map<string, Record<string, string>>();
  for (const row of rows) {
    const cells = row.split(',');
    out.set(cells[0], Object.fromEntries(cols.map((c, i) => [c, cells[i]])));
  }
  return out;
}

const fixture = readGzJson<Fixture>('alpacaeval.json.gz');
const leaderboard = parseLeaderboard(readFixtureText('alpacaeval-leaderboard.csv'));

// The annotations store preferences with 10 decimals (pandas to_json), while the leaderboard was computed from the
// unrounded floats. Each p moves by at most 5e-11, so the mean (and, by the triangle inequality, the sample standard
// deviation divided by sqrt(n) < 1) move by at most 5e-11: 5e-9 on the ×100 scale bounds the irreducible difference.
const ROUNDED_INPUT_BOUND = 5e-9;
// avg_length upstream is taken over the model's outputs file, which for these two models holds outputs that have no
// annotation (802 and 803 annotated of 805); the annotations alone cannot give it.
const AVG_LENGTH_NOT_IN_ANNOTATIONS = new Set(['alpaca-7b_verbose', 'text_davinci_001']);
// Two rows whose n_total < 805 print discrete_win_rate 4.4e-16 below (k/n)·100, as if upstream's sum of the
// 0/½/1 values were not exact; with exact halves it is, so allow that one rounding step and no more.
const DISCRETE_ONE_ULP = new Set(['alpaca-7b_concise', 'text_davinci_001']);

test('fixture: the 19 bundled AlpacaEval 2.0 leaderboard rows', () => {
  assert.equal(Object.keys(fixture.models).length, 19);
  let exactWinRate = 0;
  let exactSem = 0;
  let maxDiff = 0;
  for (const [model, data] of Object.entries(fixture.models)) {
    const row = leaderboard.get(model);
    assert.ok(row, `${model} is on the leaderboard`);
    const ours = alpacaEvalWinRate(data.preferences);
    for (const field of ['n_wins', 'n_wins_base', 'n_draws', 'n_total'] as const) {
      assert.equal(ours[field], Number(row[field]), `${model} ${field}`);
    }
    const dWin = Math.abs(ours.win_rate - Number(row.win_rate));
    const dSem = Math.abs(ours.standard_error - Number(row.standard_error));
    assert.ok(dWin <= ROUNDED_INPUT_BOUND, `${model} win_rate ${ours.win_rate} vs ${row.win_rate}`);
    assert.ok(dSem <= ROUNDED_INPUT_BOUND, `${model} standard_error ${ours.standard_error} vs ${row.standard_error}`);
    if (dWin === 0) exactWinRate++;
    if (dSem === 0) exactSem++;
    maxDiff = Math.max(maxDiff, dWin, dSem);
    if (DISCRETE_ONE_ULP.has(model)) {
      assert.ok(Math.abs(ours.discrete_win_rate - Number(row.discrete_win_rate)) <= 4.5e-16, `${model} discrete_win_rate`);
    } else {
      assert.equal(ours.discrete_win_rate, Number(row.discrete_win_rate), `${model} discrete_win_rate`);
    }
    if (!AVG_LENGTH_NOT_IN_ANNOTATIONS.has(model)) {
      assert.equal(avgLengthFromCounts(data.output2Lengths), Number(row.avg_length), `${model} avg_length`);
    }
  }
  // Recorded so a regression to a left-to-right sum shows up (that matches 1 of 19 win rates bit for bit).
  assert.ok(exactWinRate >= 10, `bit-exact win rates: ${exactWinRate}`);
  assert.ok(exactSem >= 15, `bit-exact standard errors: ${exactSem}`);
  assert.ok(maxDiff < 2e-10, `max difference ${maxDiff}`);
});

test('fixture: the README example, alpaca-7b', () => {
  const r = alpacaEvalWinRate(fixture.models['alpaca-7b'].preferences);
  assert.equal(r.win_rate.toFixed(2), '2.59');
  assert.equal(r.n_wins, 17);
});

test('shared: rows and code-point lengths from the full annotation files (171 outputs hold astral characters)', (t) => {
  if (!hasShared('data', 'alpaca_eval', 'results')) {
    t.skip('…/shared not present');
    return;
  }
  for (const [model, data] of Object.entries(fixture.models)) {
    const file = sharedPath('data', 'alpaca_eval', 'results', model, 'weighted_alpaca_eval_gpt4_turbo', 'annotations.json.gz');
    const recs = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as { preference: number | null; output_2: string }[];
    assert.deepEqual(alpacaEvalWinRate(recs.map((r) => r.preference)), alpacaEvalWinRate(data.preferences), model);
    // Python's len() per output (the fixture's lengths) equals our code-point count on the raw strings.
    assert.deepEqual(recs.map((r) => codePointLength(r.output_2)), data.output2Lengths, model);
    if (!AVG_LENGTH_NOT_IN_ANNOTATIONS.has(model)) {
      assert.equal(alpacaEvalAvgLength(recs.map((r) => r.output_2)), Number(leaderboard.get(model)!.avg_length), model);
    }
  }
});

test('shared: RewardBench best-of-16 rows computed with the same recipe (11 candidates + one RM pick)', (t) => {
  const bon = ['data', 'reward-bench', 'bon_eval'];
  if (!hasShared(...bon)) {
    t.skip('…/shared not present');
    return;
  }
  const annotations = (file: string) =>
    (JSON.parse(gunzipSync(readFileSync(sharedPath(...bon, file))).toString('utf8')) as { preference: number | null }[]).map((r) => r.preference);
  const check = (ours: ReturnType<typeof alpacaEvalWinRate>, row: Record<string, string | number>, what: string) => {
    for (const f of ['n_wins', 'n_wins_base', 'n_draws', 'n_total', 'discrete_win_rate'] as const) assert.equal(ours[f], Number(row[f]), `${what} ${f}`);
    assert.ok(Math.abs(ours.win_rate - Number(row.win_rate)) <= ROUNDED_INPUT_BOUND, `${what} win_rate`);
    assert.ok(Math.abs(ours.standard_error - Number(row.standard_error)) <= ROUNDED_INPUT_BOUND, `${what} standard_error`);
  };
  const dir = 'alpaca_eval_n=16/annotations/annotations_ref=GPT35t';
  const merged = parseLeaderboard(readFileSync(sharedPath(...bon, dir, 'merged_leaderboard.csv'), 'utf8'));
  for (let i = 0; i <= 10; i++) {
    const ours = alpacaEvalWinRate(annotations(`${dir}/tulu-2-dpo-13b.${i}/weighted_alpaca_eval_gpt4_turbo/annotations.json.gz`));
    check(ours, merged.get(`allenai/tulu-2-dpo-13b.${i}`)!, `candidate ${i}`);
  }
  const published = JSON.parse(readFileSync(sharedPath(...bon, 'bon_eval_results.json'), 'utf8')) as Record<string, Record<string, number>>;
  const deberta = alpacaEvalWinRate(annotations('rm_bon_eval_results/OpenAssistant/reward-model-deberta-v3-large-v2.annotations.json.gz'));
  check(deberta, published['OpenAssistant/reward-model-deberta-v3-large-v2'], 'deberta pick');
});
