// Every report type opened in a real browser (headless Chromium, network blocked): no console errors, no request,
// every chart drawn with a non-zero box and its axis titles, the --json result's key numbers in the page text,
// no critical axe-core violation, and a full-page screenshot under test-output/ for a person to look at.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BrowserContext } from 'playwright-core';
import { browserSkip, checkPage, launchBrowser, type PageCheck } from './_browser.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = path.join(ROOT, 'src/cli/main.ts');
// tsx by path: the demo runs in a temporary folder, where a bare `--import tsx` would not resolve
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const TED = path.join(ROOT, 'examples/mqm-ted-ende/ted-ende.jsonl');
const TED_RATINGS = ['--value-field', 'mqm', '--item-field', 'seg_id', '--output-field', 'output', '--ref-field', 'reference', '--source-field', 'source'];
const HH = path.join(ROOT, 'test/fixtures/probes/hh-rlhf-harmless-base-test.slice600.jsonl.gz');
const BATTLES = path.join(ROOT, 'test/fixtures/prefs/alpaca-battles.jsonl.gz');

let dir: string;
let browser: BrowserContext | undefined;

function cli(args: string[], cwd = ROOT): { stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', TSX, MAIN, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, `trenchcoat ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { stdout: r.stdout, stderr: r.stderr };
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
}

const f4 = (x: number) => x.toFixed(4);
const f2 = (x: number) => x.toFixed(2);

interface Case {
  name: string;
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
    args: () => ['prefs', 'agreement', '--data', path.join(dir, 'labels.jsonl'), '--bootstrap', '200'],
    axes: ['coefficient'],
    charts: 1,
    expected: (j) => [f4(j.raw.value), f4(j.alpha[0].value), f4(j.alpha[0].ci.lower), f4(j.fleiss.value)],
  },
];

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
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'trenchcoat-report-'));
    writeInputs();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const c of CASES) {
    test(`${c.name}: --html page and \`report RESULT.json\` page`, async () => {
      const html = path.join(dir, `${c.name}.html`);
      const { stdout } = cli([...c.args(), '--json', '--html', html]);
      const json = JSON.parse(stdout);
      const expected = c.expected(json);
      const page = await checkPage(browser!, html, c.name);
      assertReadablePage(page, c.axes, c.charts, expected);
      assert.ok(page.text.includes(`trenchcoat ${c.args()[0]}`), 'the command line is in the header');
      // the same page from the saved --json result alone
      const saved = path.join(dir, `${c.name}.json`);
      writeFileSync(saved, stdout);
      const again = path.join(dir, `${c.name}.report.html`);
      cli(['report', saved, '-o', again]);
      const fromJson = await checkPage(browser!, again, `${c.name}-from-json`);
      assertReadablePage(fromJson, c.axes, c.charts, expected);
      assert.ok(fromJson.text.includes('not recorded in the result file'), 'a saved result says its command is not recorded');
    });
  }

  test('the demo page (npm start): every section drawn, light and dark', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'trenchcoat-demo-'));
    try {
      const { stdout } = cli(['demo'], cwd);
      const file = path.join(cwd, 'trenchcoat-demo.html');
      assert.match(stdout, new RegExp(`report: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      const size = readFileSync(file).length;
      assert.ok(size < 2_000_000, `demo page is ${size} bytes`);
      for (const scheme of ['light', 'dark'] as const) {
        const page = await checkPage(browser!, file, 'demo', scheme);
        assertReadablePage(page, ['pearson (higher is better)', 'accuracy (higher is better)', 'mean forecast P(a ≻ b)', 'perturbation'], 8, ['bleu:eff=true', 'chrF2|nrefs:1']);
      }
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
