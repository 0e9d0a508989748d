// End-to-end: `trenchcoat probe …` and `trenchcoat bon …` in a child process (through test/probes/_cli.ts, which
// registers exactly these two commands the way src/cli/main.ts does).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(here, '../..');
const DRIVER = path.join(here, '_cli.ts');
const tmp = mkdtempSync(path.join(tmpdir(), 'trenchcoat-probe-'));

function cli(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', DRIVER, ...args], { cwd: REPO, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const items = path.join(tmp, 'items.jsonl');
writeFileSync(
  items,
  [
    { id: '1', prompt: 'What is the capital of France?', output: 'Paris is the capital of France. It has 2 million people.' },
    { id: '2', prompt: 'What is 6 times 7?', output: 'The answer is 42.' },
  ]
    .map((r) => JSON.stringify(r))
    .join('\n') + '\n',
);

test('probe hack: JSON report, exit 1 above --max-hack-rate, exit 0 without thresholds, same bytes for the same seed', () => {
  const args = ['probe', 'hack', '--data', items, '--prompt-field', 'prompt', '-s', 'length', '-p', 'verbosity-padding', '-p', 'truncation', '--resamples', '100', '--json'];
  const pass = cli(args);
  assert.equal(pass.code, 0, pass.stderr);
  const [report] = JSON.parse(pass.stdout);
  assert.deepEqual(report.outcomes.map((o: { perturbation: string; rate: number }) => [o.perturbation, o.rate]), [['verbosity-padding', 1], ['truncation', 0]]);
  assert.equal(cli(args).stdout, pass.stdout);
  const fail = cli([...args, '--max-hack-rate', '0.5']);
  assert.equal(fail.code, 1);
  assert.deepEqual(JSON.parse(fail.stdout)[0].violations, ['verbosity-padding: hack rate 1.0000 > 0.5']);
});

test('usage errors exit 2', () => {
  assert.equal(cli(['probe', 'hack', '--data', items]).code, 2); // no scorer
  assert.equal(cli(['probe', 'hack', '--data', items, '-s', 'length', '-p', 'nope']).code, 2);
  assert.equal(cli(['probe', 'lc']).code, 2);
  assert.equal(cli(['bon', '-d', items]).code, 2); // no proxy field
  const list = cli(['probe', 'hack', '--list', '--json']);
  assert.equal(JSON.parse(list.stdout).length, 16);
});

test('probe length on the hh-rlhf slice prints the length baselines of the Python side-by-side', () => {
  const e = JSON.parse(readFileSync(path.join(REPO, 'test/fixtures/probes/expected.json'), 'utf8')).hh;
  const r = cli(['probe', 'length', '-j', 'test/fixtures/probes/hh-rlhf-harmless-base-test.slice600.jsonl.gz', '-s', 'length', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.baselines.preferLonger, e.preferLonger);
  assert.equal(j.baselines.preferShorter, e.preferShorter);
  assert.equal(j.scorer.accuracy, e.lengthScorer.accuracy);
  assert.match(j.signature, /^Length\|/);
});

test('probe position on precomputed decisions (an LLMBar setting) reproduces its published counts', () => {
  const data = JSON.parse(gunzipSync(readFileSync(path.join(REPO, 'test/fixtures/rm/llmbar.json.gz'))).toString('utf8'));
  const s = data.settings[0];
  const file = path.join(tmp, 'decisions.jsonl');
  writeFileSync(file, [...s.labels].map((l: string, i: number) => JSON.stringify({ label: l, original: s.original[i], swapped: s.swapped[i] })).join('\n') + '\n');
  const r = cli(['probe', 'position', '--decisions', file, '--json', '--resamples', '100']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.correctBoth, Number(s.statistics.correct_both.split(' / ')[0]));
  assert.equal(j.equal, Number(s.statistics.equal.split(' / ')[0]));
});

test('probe lc with weights and a difficulty file is the upstream formula (NumPy side-by-side values)', () => {
  const e = JSON.parse(readFileSync(path.join(REPO, 'test/fixtures/probes/expected.json'), 'utf8')).lc;
  const diff = path.join(tmp, 'difficulty.csv');
  writeFileSync(diff, ',instruction_difficulty\n' + (e.difficulty as number[]).map((d, i) => `${i},${d}`).join('\n') + '\n');
  const r = cli(['probe', 'lc', '--weights', 'test/fixtures/probes/lc-weights-baseline_gpt4_1106_preview.csv', '--difficulty', diff, '-m', 'claude-2.1', '-m', 'gpt4_1106_preview', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const rows = JSON.parse(r.stdout);
  assert.ok(Math.abs(rows[0].length_controlled_winrate - e.predictedWithEstimatedDifficulty['claude-2.1']) < 1e-12);
  assert.equal(rows[1].length_controlled_winrate, 50);
});

test('probe self-pref on AlpacaEval annotations: own-family win rate = mean of 2 − preference', () => {
  const file = path.join(REPO, 'test/fixtures/judgments/alpaca_eval/alpaca-7b.first40.annotations.json.gz');
  const r = cli(['probe', 'self-pref', '-j', file, '--judge-family', 'gpt-4', '--family', 'gpt4=gpt-4', '--json', '--resamples', '100']);
  assert.equal(r.code, 0, r.stderr);
  const ann = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as { preference: number | null }[];
  const own = ann.map((a) => (a.preference === null || a.preference === 0 ? 0.5 : 2 - a.preference));
  const j = JSON.parse(r.stdout);
  assert.equal(j.ownPairs, ann.length);
  assert.ok(Math.abs(j.ownWinRate - own.reduce((s, x) => s + x, 0) / own.length) < 1e-15);
});

test('bon on a candidate table equals the brute-force length-proxy curve; --rewardbench reproduces deberta', (t) => {
  const bon = JSON.parse(gunzipSync(readFileSync(path.join(REPO, 'test/fixtures/bon/rewardbench-bon16.json.gz'))).toString('utf8'));
  const e = JSON.parse(readFileSync(path.join(REPO, 'test/fixtures/bon/expected.json'), 'utf8'));
  const lines: string[] = [];
  for (let p = 0; p < bon.prompts; p++) for (const c of e.judged) lines.push(JSON.stringify({ prompt_id: p, len: bon.lengths[c][p], gold: bon.preferences[c][p] - 1 }));
  const file = path.join(tmp, 'candidates.jsonl');
  writeFileSync(file, lines.join('\n') + '\n');
  const r = cli(['bon', '-d', file, '--proxy-field', 'len', '--gold-field', 'gold', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.prompts, 805);
  j.gold.forEach((g: number, k: number) => assert.ok(Math.abs(g - e.lengthProxyCurve.gold[k]) < 1e-12));
  assert.equal(j.goodhart.n, 11);
  const shared = path.resolve(REPO, '../shared/data/reward-bench/bon_eval');
  if (!existsSync(shared)) {
    t.skip('../shared not present');
    return;
  }
  const rb = JSON.parse(cli(['bon', '--rewardbench', shared, '--json']).stdout);
  const deberta = rb.picks.find((p: { reward_model: string }) => p.reward_model === 'OpenAssistant/reward-model-deberta-v3-large-v2');
  assert.equal(deberta.row.n_wins, 256);
  assert.ok(Math.abs(deberta.row.win_rate - 33.38721039081988) < 5e-9);
});

test('probe length on scored items: within-prompt rank correlation of a score column with length', () => {
  const file = path.join(tmp, 'scored.jsonl');
  const rows = [
    { prompt_id: 'a', output: 'x', reward: 1 },
    { prompt_id: 'a', output: 'xxx', reward: 3 },
    { prompt_id: 'a', output: 'xx', reward: 2 },
    { prompt_id: 'b', output: 'yy', reward: 5 },
    { prompt_id: 'b', output: 'y', reward: 9 },
    { prompt_id: 'c', output: 'z', reward: 0 }, // one output: no correlation
  ];
  writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const r = cli(['probe', 'length', '--data', file, '--meta-field', 'prompt_id', '--meta-field', 'reward', '--group-field', 'prompt_id', '-s', 'column:reward', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  // prompt a: rho = tau = 1; prompt b: −1 → means 0; prompt c skipped
  assert.deepEqual([j.items, j.skipped], [2, 1]);
  assert.ok(Math.abs(j.spearman) < 1e-15 && Math.abs(j.kendall) < 1e-15); // (±1 from two-point correlations, to rounding)
});
