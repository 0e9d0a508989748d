// `meta-eval --task-average wmt23|wmt24` on a hand-made mt-metrics-eval folder (test/fixtures/metaeval-tasks/wmt23:
// en-de and zh-en, 4 segments, systems sysA-C plus the human refB, MQM and two metrics at seg and sys level).
// Every per-task value is recomputed here from the score files read by hand, with the stats/ functions called
// directly, and the printed average must be the weighted mean of those values rescaled as task-average.ts defines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pairwiseAgreement } from '../../src/stats/agreement.js';
import { pearson } from '../../src/stats/correlation.js';
import { softPairwiseAccuracyFromScores } from '../../src/stats/soft-pairwise.js';
import { taskScoreRange, wmt23Tasks, wmt24Tasks, type MetricsTask } from '../../src/stats/task-average.js';
import { tieCalibratedKendall } from '../../src/stats/tie-calibration.js';
import type { TaskAverageReport } from '../../src/metaeval/tasks.js';
import { REPO, metaEvalCli } from './_helpers.js';

const ROOT = path.join(REPO, 'test/fixtures/metaeval-tasks');
const DIR = path.join(ROOT, 'wmt23');
const LPS = ['en-de', 'zh-en'];
const METRICS = ['BLEU-refA', 'COMET-QE-src'];
const MT_SYSTEMS = ['sysA', 'sysB', 'sysC'];
const ALL_SYSTEMS = ['refB', ...MT_SYSTEMS];

/** `system score` lines → per system, its scores in file order. */
function scoreFile(file: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const line of readFileSync(path.join(DIR, file), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const [sys, v] = line.trim().split(/\s+/);
    if (!out.has(sys)) out.set(sys, []);
    out.get(sys)!.push(Number(v));
  }
  return out;
}

const human = (lp: string, level: string) => scoreFile(`human-scores/${lp}.mqm.${level}.score`);
const metric = (lp: string, m: string, level: string) => scoreFile(`metric-scores/${lp}/${m}.${level}.score`);
/** System-major vector over `systems`. */
const flat = (scores: Map<string, number[]>, systems: string[]) => systems.flatMap((s) => scores.get(s)!);

function expected(t: MetricsTask, m: string): number {
  const systems = t.human ? ALL_SYSTEMS : MT_SYSTEMS;
  if (t.corrFcn === 'accuracy') {
    let agree = 0;
    let pairs = 0;
    for (const lp of t.lang.split(',')) {
      const c = pairwiseAgreement(flat(human(lp, 'sys'), systems), flat(metric(lp, m, 'sys'), systems));
      agree += c.agree;
      pairs += c.numPairs;
    }
    return agree / pairs;
  }
  const level = t.corrFcn === 'pce' ? 'seg' : t.level;
  const g = flat(human(t.lang, level), systems);
  const x = flat(metric(t.lang, m, level), systems);
  if (t.corrFcn === 'pearson') return pearson(g, x).r;
  if (t.corrFcn === 'KendallWithTiesOpt') return tieCalibratedKendall(g, x, { variant: 'acc23', numSys: systems.length, averageBy: 'item' }).tau;
  if (t.corrFcn === 'pce') return softPairwiseAccuracyFromScores(g, x, systems.length, { numPermutations: 1000, seed: 1 }).accuracy;
  throw new Error(t.corrFcn);
}

function check(year: 'wmt23' | 'wmt24'): void {
  const set = year === 'wmt23' ? wmt23Tasks(LPS) : wmt24Tasks(LPS);
  const r = metaEvalCli(['-j', ROOT, '--testset', 'wmt23', '--task-average', year, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as TaskAverageReport;
  assert.deepEqual(report.lps, LPS);
  assert.equal(report.tasks.length, set.tasks.length);
  for (const m of METRICS) {
    let avg = 0;
    let rank = 0;
    set.tasks.forEach((t, k) => {
      const got = report.tasks[k];
      assert.equal(got.label.split(' ')[0], t.lang);
      assert.equal(got.weight, set.weights[k]);
      const want = expected(t, m);
      assert.ok(Math.abs(got.corrs[`column:${m}`] - want) <= 1e-12, `${year} ${got.label} ${m}: ${got.corrs[`column:${m}`]} vs ${want}`);
      const [lo, hi] = taskScoreRange(t);
      avg += (set.weights[k] * (want - lo)) / (hi - lo);
      // without --perm a task ranks by score: 1 + the number of metrics strictly above
      const others = METRICS.filter((o) => o !== m).map((o) => expected(t, o));
      rank += set.weights[k] * (1 + others.filter((v) => v > want).length);
    });
    const row = report.averages.find((a) => a.scorer === `column:${m}`)!;
    assert.ok(Math.abs(row.score - avg) <= 1e-12, `${year} ${m} average ${row.score} vs ${avg}`);
    assert.ok(Math.abs(row.rank - rank) <= 1e-12, `${year} ${m} rank ${row.rank} vs ${rank}`);
    // the human-readable table prints the same average (6 decimals)
    const text = metaEvalCli(['-j', ROOT, '--testset', 'wmt23', '--task-average', year]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, new RegExp(`^column:${m.replace(/[-.]/g, '\\$&')}\\s+${avg.toFixed(6)}\\s+${rank.toFixed(4)}$`, 'm'));
  }
}

test('--task-average wmt23: pooled sys accuracy, sys/seg Pearson, seg acc23-tc; weights [2,1,…]/8; averages', () => {
  // the pooled accuracy task carries the weight of the number of language pairs
  assert.deepEqual(wmt23Tasks(LPS).weights, [2, 1, 1, 1, 1, 1, 1].map((w) => w / 8));
  check('wmt23');
});

test('--task-average wmt24: SPA and seg acc23-tc per lp, uniform weights; en-de counts refB as a system', () => {
  check('wmt24');
});

test('--task-average with --perm: pearson / acc23-tc tasks rank by clusters; bad inputs are usage errors', () => {
  const r = metaEvalCli(['-j', ROOT, '--testset', 'wmt23', '--task-average', 'wmt23', '--perm', '50', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as TaskAverageReport;
  assert.deepEqual(report.tasks.map((t) => t.rankedBy), ['order', 'clusters', 'clusters', 'clusters', 'clusters', 'clusters', 'clusters']);
  for (const code of [
    metaEvalCli(['-j', ROOT, '--testset', 'wmt23', '--task-average', 'wmt22']),
    metaEvalCli(['-j', ROOT, '--testset', 'wmt23', '--task-average', 'wmt23', '-s', 'bleu']),
    metaEvalCli(['-j', ROOT, '--testset', 'wmt23', '--task-average', 'wmt23', '--sig', 'williams']),
  ]) {
    assert.equal(code.code, 2, code.stderr);
  }
});
