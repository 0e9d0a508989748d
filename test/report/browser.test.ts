// Every report type opened in a real browser (headless Chromium, network blocked): no console errors, no request,
// every chart drawn with a non-zero box and its axis titles, the --json result's key numbers in the page text,
// no critical axe-core violation, and a full-page screenshot under test-output/ for a person to look at.
// Each command runs once (`--json --html`, all of them started together before the first test, two at a time); the
// page of its saved --json result is rendered in this process by the function `trenchcoat report RESULT.json` calls,
// and one test checks that the command line writes that same page. The demo page is drawn from its saved parts.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BrowserContext } from 'playwright-core';
import { browserSkip, checkPage, launchBrowser, type PageCheck } from './_browser.js';
import { renderResultFile } from '../../src/cli/report.js';
import { renderDemoPage } from '../../src/cli/demo.js';
import { rewardBenchResult } from '../../src/cli/bon.js';
import type { BonJudgedCandidates } from '../../src/optimize/index.js';
import type { ReportPart } from '../../src/report/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = path.join(ROOT, 'src/cli/main.ts');
// tsx by path: the demo runs in a temporary folder, where a bare `--import tsx` would not resolve
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const TED = path.join(ROOT, 'examples/mqm-ted-ende/ted-ende.jsonl');
const TED_RATINGS = ['--value-field', 'mqm', '--item-field', 'seg_id', '--output-field', 'output', '--ref-field', 'reference', '--source-field', 'source'];
const HH = path.join(ROOT, 'test/fixtures/probes/hh-rlhf-harmless-base-test.slice600.jsonl.gz');
const BATTLES = path.join(ROOT, 'test/fixtures/prefs/alpaca-battles.jsonl.gz');
const ALPACA = path.join(ROOT, 'test/fixtures/judgments/alpaca_eval');
const LC_WEIGHTS = path.join(ROOT, 'test/fixtures/probes/lc-weights-baseline_gpt4_1106_preview.csv');
const REWARDBENCH = path.join(ROOT, 'test/fixtures/bon/rewardbench-bon16.json.gz');
const DEMO_PARTS = path.join(ROOT, 'test/fixtures/report/demo-parts.json');

let dir: string;
let browser: BrowserContext | undefined;

function cli(args: string[], cwd = ROOT): { stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', TSX, MAIN, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, `trenchcoat ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { stdout: r.stdout, stderr: r.stderr };
}

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cliAsync(args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, MAIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs the jobs `limit` at a time; each promise settles when its own job ends. */
function limited<T>(jobs: (() => Promise<T>)[], limit: number): Promise<T>[] {
  const waiting: (() => void)[] = [];
  let running = 0;
  return jobs.map(async (job) => {
    if (running >= limit) await new Promise<void>((r) => waiting.push(r));
    running++;
    try {
      return await job();
    } finally {
      running--;
      waiting.shift()?.();
    }
  });
}

// Deterministic synthetic inputs (a tiny LCG): best-of-n candidates, two-order judge decisions, rater labels.
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function writeInputs(): void {
  const u = lcg(7);
  const cands: string[] = [];
  for (let p = 0; p < 40; p++)
    for (let c = 0; c < 16; c++) {
      const quality = u();
      const hack = u();
      // both proxies reward the gold quality plus a hackable feature that gold penalises once it is large
      const gold = quality - 1.5 * Math.max(0, hack - 0.6);
      cands.push(JSON.stringify({ prompt_id: `p${p}`, rm1: quality + 0.8 * hack + 0.2 * u(), rm2: quality + 0.5 * hack + 0.3 * u(), gold }));
    }
  writeFileSync(path.join(dir, 'candidates.jsonl'), cands.join('\n') + '\n');
  const decisions: string[] = [];
  for (let i = 0; i < 200; i++) {
    const label = u() < 0.5 ? 1 : 2;
    const right = (p: number) => (u() < p ? label : 3 - label);
    // a judge that is right 75% of the time and drifts to the first slot when unsure
    const original = u() < 0.2 ? 1 : right(0.75);
    const swapped = u() < 0.2 ? 2 : right(0.75);
    decisions.push(JSON.stringify({ label, original, swapped }));
  }
  writeFileSync(path.join(dir, 'decisions.jsonl'), decisions.join('\n') + '\n');
  const labels: string[] = [];
  for (let i = 0; i < 60; i++) {
    const truth = ['good', 'ok', 'bad'][Math.floor(u() * 3)];
    for (const a of ['ann1', 'ann2', 'ann3']) labels.push(JSON.stringify({ item: `i${i}`, annotator: a, label: u() < 0.75 ? truth : ['good', 'ok', 'bad'][Math.floor(u() * 3)] }));
  }
  writeFileSync(path.join(dir, 'labels.jsonl'), labels.join('\n') + '\n');
  const unlabelled: string[] = [];
  for (let i = 0; i < 30; i++) {
    const p = u();
    unlabelled.push(JSON.stringify({ id: `pair-${i}`, judge: p, rm: Math.min(1, Math.max(0, p + (u() - 0.5) * 0.6)), bleu: u() }));
  }
  writeFileSync(path.join(dir, 'unlabelled.jsonl'), unlabelled.join('\n') + '\n');
  // upstream's instruction_difficulty.csv shape, from the difficulties the lc fixture was checked with
  const difficulty = JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/probes/expected.json'), 'utf8')).lc.difficulty as number[];
  writeFileSync(path.join(dir, 'difficulty.csv'), ',instruction_difficulty\n' + difficulty.map((d, i) => `${i},${d}`).join('\n') + '\n');
}

const f4 = (x: number) => x.toFixed(4);
const f2 = (x: number) => x.toFixed(2);

interface Case {
  name: string;
  /** The command; it runs with --json --html. */
  args: () => string[];
  /** Axis titles some chart of the page must carry. */
  axes: string[];
  charts: number;
  /** Numbers and names from the --json result that the page must show. */
  expected: (json: any) => string[];
}

const CASES: Case[] = [
  {
    name: 'meta-eval-segment',
    args: () => ['meta-eval', '-j', TED, ...TED_RATINGS, '-s', 'chrf', '-s', 'length', '-m', 'pearson,acc23-tc', '--bootstrap', '50', '--perm', '50'],
    axes: ['pearson (higher is better)', 'acc23-tc (higher is better)', 'scorer'],
    charts: 2,
    expected: (j) => [j.tables[0].rows[0].scorer, f4(j.tables[0].rows[0].value), f4(j.tables[0].rows[0].ci.lower), f4(j.tables[1].rows[1].value), j.scorers[0].signature],
  },
  {
    name: 'meta-eval-pairs',
    args: () => ['meta-eval', '-j', TED, ...TED_RATINGS, '--as-preferences', 'margin=0,ties=keep', '-s', 'chrf', '-s', 'length', '--bootstrap', '50'],
    axes: ['accuracy (higher is better)', 'ece (lower is better)', 'brier (lower is better)', 'mean forecast P(a ≻ b)', 'observed share a ≻ b'],
    charts: 4,
    expected: (j) => {
      const t = (m: string) => j.tables.find((x: any) => x.measure === m);
      const bin = t('ece').rows[0].reliability.find((b: any) => b.count > 0);
      return [f4(t('accuracy').rows[0].value), f4(t('acc23-tc').rows[1].value), f4(t('ece').rows[0].value), f4(t('brier').rows[1].value), f4(bin.meanConfidence), f4(bin.accuracy)];
    },
  },
  {
    name: 'meta-eval-system',
    args: () => ['meta-eval', '-j', TED, ...TED_RATINGS, '--level', 'sys', '-s', 'chrf', '-s', 'bleu', '-m', 'pearson,kendall', '--bootstrap', '50'],
    axes: ['pearson (higher is better)', 'kendall (higher is better)', 'human mqm'],
    charts: 3,
    expected: (j) => [j.systemScores[0].systems[0], f4(j.systemScores[0].goldScores[0]), f4(j.systemScores[0].scores[1].values[2]), f4(j.tables[0].rows[0].value)],
  },
  {
    name: 'probe-length-pairs',
    args: () => ['probe', 'length', '-j', HH, '-s', 'length'],
    axes: ['share of decisive pairs', 'accuracy', 'preferred output'],
    charts: 2,
    expected: (j) => [f4(j.baselines.preferLonger), f4(j.baselines.preferShorter), f4(j.scorer.accuracy), f4(j.scorer.byBucket.shorter.accuracy), f4(j.scorer.lengthBalanced)],
  },
  {
    name: 'probe-length-items',
    args: () => ['probe', 'length', '--data', TED, '--ref-field', 'reference', '--meta-field', 'seg_id', '--group-field', 'seg_id', '-s', 'chrf'],
    axes: ['output length (characters)', 'score (chrf)'],
    charts: 1,
    expected: (j) => [f4(j.spearman), f4(j.kendall), String(j.items), f4(j.points[3].score)],
  },
  {
    name: 'probe-position',
    args: () => ['probe', 'position', '--decisions', path.join(dir, 'decisions.jsonl'), '--resamples', '200'],
    axes: ['share of pairs'],
    charts: 1,
    expected: (j) => [f4(j.consistency), f4(j.firstPositionBias), f4(j.intervals.firstPositionBias.upper), f4(j.accuracyInconsistentWrong)],
  },
  {
    name: 'probe-hack',
    args: () => ['probe', 'hack', '--data', TED, '--ref-field', 'reference', '--prompt-field', 'source', '-s', 'chrf', '-s', 'length', '-p', 'self-praise', '-p', 'truncation', '-p', 'repetition', '-p', 'whitespace', '--resamples', '100'],
    axes: ['perturbation', 'scorer'],
    charts: 2,
    expected: (j) => [f4(j[0].outcomes[0].rate), f4(j[0].outcomes[0].interval.lower), f4(j[1].outcomes[1].interval.upper), j[1].signature],
  },
  {
    name: 'bon',
    args: () => ['bon', '-d', path.join(dir, 'candidates.jsonl'), '--proxy-field', 'rm1', '--proxy-field', 'rm2', '--gold-field', 'gold'],
    axes: ['n (candidates per prompt, log scale)', 'expected score of the pick'],
    charts: 2,
    expected: (j) => [f4(j.goodhart.gold), String(j.goodhart.n), f4(j.fit.alpha), f4(j.fittedGold[5]), f4(j.members[1].gold[3]), f4(j.proxy[15])],
  },
  {
    name: 'prefs-bt',
    args: () => ['prefs', 'bt', '--data', BATTLES, '--bootstrap', '50'],
    axes: ['rating'],
    charts: 1,
    expected: (j) => [j.ratings[0].model, f2(j.ratings[0].rating), f2(j.ratings[0].lower), f2(j.ratings[5].upper), String(j.battles)],
  },
  {
    name: 'prefs-elo',
    args: () => ['prefs', 'elo', '--data', BATTLES, '--bootstrap', '20'],
    axes: ['rating'],
    charts: 1,
    expected: (j) => [j.ratings[1].model, f2(j.ratings[1].rating), f2(j.ratings[1].median), f2(j.ratings[3].lower)],
  },
  {
    name: 'prefs-agreement',
    args: () => ['prefs', 'agreement', '--data', path.join(dir, 'labels.jsonl'), '--bootstrap', '200', '--dawid-skene'],
    axes: ['coefficient', 'estimated accuracy', 'annotator'],
    charts: 2,
    expected: (j) => [f4(j.raw.value), f4(j.alpha[0].value), f4(j.alpha[0].ci.lower), f4(j.fleiss.value), f4(j.dawidSkene.annotatorAccuracy[1].accuracy), f4(j.dawidSkene.classMarginals[2]), 'i59'],
  },
  {
    name: 'meta-eval-task-average',
    args: () => ['meta-eval', '--task-average', 'wmt23', '-j', path.join(ROOT, 'test/fixtures/metaeval-tasks'), '--testset', 'wmt23', '--perm', '50'],
    axes: ['weighted average of rescaled task scores', 'metric', 'task · weight'],
    charts: 2,
    expected: (j) => [j.averages[0].scorer.replace('column:', ''), j.averages[0].score.toFixed(6), j.tasks[1].label, f4(j.tasks[1].weight), f4(Object.values(j.tasks[1].corrs)[0] as number), j.tasks[3].corrs['column:BLEU-refA'].toFixed(3)],
  },
  {
    name: 'probe-lc-weights',
    args: () => ['probe', 'lc', '--weights', LC_WEIGHTS, '--difficulty', path.join(dir, 'difficulty.csv')],
    axes: ['win rate against the baseline (%)', 'model'],
    charts: 1,
    // 200 models: the chart draws the 40 highest and says so; the table keeps the last row too
    expected: (j) => ['Shown: the 40 highest of 200 models', j[0].model, f2(j[0].length_controlled_winrate), j[199].model, f2(j[199].length_controlled_winrate)],
  },
  {
    name: 'probe-lc-fit',
    args: () => ['probe', 'lc', '-a', path.join(ALPACA, 'alpaca-7b.first40.annotations.json.gz'), '-a', path.join(ALPACA, 'gpt4_1106_preview.first5.annotations.json.gz')],
    axes: ['win rate against the baseline (%)', 'model'],
    charts: 1,
    expected: (j) => [j[0].model, f2(j[0].winRate), f2(j[0].lcWinRate), f4(j[0].weights.difficulty), f2(j[1].lcWinRate), String(j[0].n)],
  },
  {
    name: 'probe-self-pref',
    args: () => ['probe', 'self-pref', '-j', path.join(ALPACA, 'alpaca-7b.first40.annotations.json.gz'), '--judge-family', 'gpt-4', '--family', 'gpt4=gpt-4', '--bootstrap', '200'],
    axes: ['share of its pairs the judge gives it', 'generator'],
    charts: 1,
    expected: (j) => [f4(j.ownWinRate), f4(j.ownWinRateInterval.lower), f4(j.ownWinRateInterval.upper), j.generators[1].generator, f4(j.generators[1].judgeWinRate), String(j.ownPairs)],
  },
  {
    name: 'prefs-pairs',
    args: () => ['prefs', 'pairs', '--data', TED, '--item-field', 'seg_id', '--value-field', 'mqm', '--output-field', 'output', '--prompt-field', 'source', '--max-pairs', '3', '--out', path.join(dir, 'pairs.jsonl')],
    axes: [],
    charts: 0,
    expected: (j) => [String(j.written), String(j.candidates), String(j.decided), String(j.capped), 'pairs.jsonl'],
  },
  {
    name: 'prefs-elicit',
    args: () => ['prefs', 'elicit', '--data', path.join(dir, 'unlabelled.jsonl'), '--prob-field', 'judge', '--prob-field', 'rm', '--prob-field', 'bleu', '--top', '10'],
    axes: [],
    charts: 0,
    expected: (j) => [j.picks[0].id, f4(j.picks[0].score), f4(j.picks[9].mean_prob), j.picks[9].id],
  },
];

/** `bon --rewardbench`: the command needs the RewardBench folder (not in the repository); its result is computed here
 * from the fixture the loader's output was saved as, by the function the command calls. */
const REWARDBENCH_CASE = {
  name: 'bon-rewardbench',
  axes: ['average output length (characters)', 'judge win rate (%)', 'judge win rate of its picks (%)', 'n (candidates drawn, log scale)', 'expected gold of the pick'],
  charts: 3,
  expected: (j: any) => [f4(j.lengthProxy.goodhart.gold), String(j.lengthProxy.goodhart.n), j.perIndex[3].win_rate.toFixed(3), j.picks[1].reward_model, j.picks[1].row.win_rate.toFixed(3), j.picks[0].winRateBounds[1].toFixed(2), f4(j.lengthProxy.gold[4])],
};

function assertReadablePage(c: PageCheck, axes: string[], charts: number, expected: string[]): void {
  assert.deepEqual(c.consoleErrors, [], 'console errors');
  assert.deepEqual(c.requests, [], 'network requests');
  assert.equal(c.charts.length, charts, `charts: ${c.charts.map((x) => x.title).join(' | ')}`);
  for (const chart of c.charts) {
    assert.ok(chart.width > 50 && chart.height > 30, `chart "${chart.title}" has a ${chart.width}×${chart.height} box`);
    assert.ok(chart.axisTitles.length > 0, `chart "${chart.title}" has no axis title`);
  }
  const titles = new Set(c.charts.flatMap((x) => x.axisTitles));
  for (const a of axes) assert.ok(titles.has(a), `axis title "${a}" missing; have ${[...titles].join(' | ')}`);
  for (const e of expected) assert.ok(c.text.includes(e), `"${e}" from the --json result is not in the page`);
  assert.deepEqual(c.criticalViolations, [], 'axe-core critical violations');
  for (const word of ['command', 'scorer signatures', 'seed', 'data (sha256)', 'trenchcoat', 'date', 'Reproduce']) assert.ok(c.text.includes(word), `provenance "${word}" missing`);
}

describe('HTML reports in a browser', { skip: browserSkip }, () => {
  let runs: Promise<CliRun>[] = [];
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'trenchcoat-report-'));
    writeInputs();
    runs = limited(
      CASES.map((c) => () => cliAsync([...c.args(), '--json', '--html', path.join(dir, `${c.name}.html`)])),
      2,
    );
    browser = await launchBrowser();
  });
  after(async () => {
    await Promise.allSettled(runs);
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The page `trenchcoat report RESULT.json` writes for `stdout` saved as NAME.json, checked like the --html page. */
  async function checkSavedResult(name: string, stdout: string, axes: string[], charts: number, expected: string[]): Promise<void> {
    const saved = path.join(dir, `${name}.json`);
    writeFileSync(saved, stdout);
    const again = path.join(dir, `${name}.report.html`);
    writeFileSync(again, await renderResultFile(saved, new Date().toISOString()));
    const fromJson = await checkPage(browser!, again, `${name}-from-json`);
    assertReadablePage(fromJson, axes, charts, expected);
    assert.ok(fromJson.text.includes('not recorded in the result file'), 'a saved result says its command is not recorded');
  }

  CASES.forEach((c, k) => {
    test(`${c.name}: --html page and \`report RESULT.json\` page`, async () => {
      const run = await runs[k];
      assert.equal(run.code, 0, `trenchcoat ${c.args().join(' ')} exited ${run.code}: ${run.stderr}`);
      const json = JSON.parse(run.stdout);
      const expected = c.expected(json);
      const page = await checkPage(browser!, path.join(dir, `${c.name}.html`), c.name);
      assertReadablePage(page, c.axes, c.charts, expected);
      assert.ok(page.text.includes(`trenchcoat ${c.args().slice(0, 2).join(' ')}`), 'the command line is in the header');
      await checkSavedResult(c.name, run.stdout, c.axes, c.charts, expected);
    });
  });

  test('bon-rewardbench: the page of its --json result', async () => {
    const data = JSON.parse(gunzipSync(readFileSync(REWARDBENCH)).toString('utf8')) as BonJudgedCandidates;
    const { longest, ...result } = rewardBenchResult(data);
    assert.equal(longest.n.length, 11);
    const stdout = JSON.stringify(result, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2);
    const c = REWARDBENCH_CASE;
    await checkSavedResult(c.name, stdout, c.axes, c.charts, c.expected(JSON.parse(stdout)));
  });

  test('`trenchcoat report RESULT.json -o FILE` writes the page renderResultFile draws', async () => {
    await runs[0];
    const saved = path.join(dir, `${CASES[0].name}.json`);
    const out = path.join(dir, 'cli-report.html');
    const now = /page written (\S+?)</;
    cli(['report', saved, '-o', out]);
    const fromCli = readFileSync(out, 'utf8');
    const written = now.exec(fromCli)?.[1];
    assert.ok(written, 'the page names when it was written');
    assert.equal(fromCli, await renderResultFile(saved, written!));
  });

  test('the demo page (npm start): every section drawn, light and dark', async () => {
    const parts = JSON.parse(readFileSync(DEMO_PARTS, 'utf8')) as ReportPart[];
    const file = path.join(dir, 'trenchcoat-demo.html');
    writeFileSync(file, await renderDemoPage(parts, new Date().toISOString()));
    const size = readFileSync(file).length;
    assert.ok(size < 2_000_000, `demo page is ${size} bytes`);
    const hack = parts[2].result as { signature: string }[];
    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await checkPage(browser!, file, 'demo', { colorScheme, top: colorScheme === 'light' });
      assertReadablePage(page, ['pearson (higher is better)', 'accuracy (higher is better)', 'mean forecast P(a ≻ b)', 'perturbation'], 8, ['bleu:eff=true', 'chrF2|nrefs:1', hack[2].signature]);
    }
  });
});
