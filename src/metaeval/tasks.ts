// `meta-eval --task-average wmt23|wmt24`: the WMT metrics-task summary on an mt-metrics-eval folder. Builds the
// year's task set for the language pairs found in the folder (stats/task-average.ts: wmt23Tasks / wmt24Tasks, their
// weights), evaluates every precomputed metric of the layout on each task with `metaEvaluate` (the same numbers
// `meta-eval` prints for that lp, level and measure), then averages the rescaled per-task scores and ranks
// (averageTaskScores / averageTaskRanks). How each task's correlation function maps to a meta-eval measure:
//   sys accuracy (WMT23, all lps pooled)   pairwise-acc counts summed over lps: Σ agreeing pairs / Σ pairs
//   sys pearson                            pearson on the sys-level human and metric files
//   seg pearson, no grouping               pearson on the seg-level files, grouping none
//   seg KendallWithTiesOpt by item         acc23-tc grouped by item
//   sys pce (WMT24)                        spa, from the seg-level files (our SPA reads segment scores)
// Per-task ranks are significance clusters when permutations > 0 and the measure has a test (pearson, acc23-tc);
// otherwise (and always for pooled accuracy and SPA) the rank is 1 + the number of metrics with a higher score.
// The significance of the averages (TaskSetResults.AverageCorrMatrix) needs every task's per-draw permutation
// statistics, which meta-eval's tests do not keep: not computed.

import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { importMtMetricsEval, type MtmeEvalSet } from '../judgments/importers/mt-metrics-eval.js';
import type { Ratings } from '../judgments/types.js';
import { pairwiseAgreement } from '../stats/agreement.js';
import { averageTaskRanks, averageTaskScores, wmt23Tasks, wmt24Tasks, type MetricsTask, type TaskOutcome, type TaskSet } from '../stats/task-average.js';
import { MetaEvalInputError, precomputedName } from './matrices.js';
import type { MetaEvalReport } from './report.js';
import { metaEvaluate, type MetaEvalOptions } from './run.js';

export type TaskYear = 'wmt23' | 'wmt24';

export interface TaskAverageOptions {
  year: TaskYear;
  /** mt-metrics-eval root (with `testset`) or the test set folder itself. */
  root: string;
  testset?: string;
  /** Human score name (`mqm`); default `mqm` when present, else the only one. */
  gold?: string;
  /** Metric names (`BLEU-refA`, or `column:BLEU-refA`); default every metric file of the layout. */
  metrics?: readonly string[];
  permutations?: number;
  alpha?: number;
  correction?: 'holm' | 'none';
  seed?: number;
}

export interface TaskResult {
  task: MetricsTask;
  /** `en-de sys pearson`. */
  label: string;
  weight: number;
  /** Per metric (spec `column:NAME`): its score on this task. */
  corrs: Record<string, number>;
  ranks: Record<string, number>;
  /** `clusters` (significance) or `order` (by score). */
  rankedBy: 'clusters' | 'order';
}

export interface TaskAverageReport {
  year: TaskYear;
  testset: string;
  lps: string[];
  gold: string;
  tasks: TaskResult[];
  /** Metrics present in every task, by decreasing weighted average of rescaled scores. */
  averages: { scorer: string; score: number; rank: number }[];
  notes: string[];
}

const MEASURE_LABEL: Record<string, string> = { accuracy: 'accuracy', pearson: 'pearson', KendallWithTiesOpt: 'acc23-tc', pce: 'spa' };

export function taskLabel(t: MetricsTask): string {
  return `${t.lang} ${t.level} ${MEASURE_LABEL[t.corrFcn] ?? t.corrFcn}${t.level === 'seg' ? ` (${t.avgBy})` : ''}`;
}

async function languagePairs(dir: string): Promise<string[]> {
  let files: string[];
  try {
    files = await readdir(path.join(dir, 'human-scores'));
  } catch {
    throw new MetaEvalInputError(`${dir}: no human-scores/ folder (pass the mt-metrics-eval root with --testset, or the test set folder)`);
  }
  return [...new Set(files.filter((f) => f.endsWith('.score')).map((f) => f.split('.')[0]))].sort();
}

function goldName(sets: readonly MtmeEvalSet[], wanted: string | undefined): string {
  const names = [...new Set(sets.flatMap((s) => s.human.map((h) => h.protocol ?? '')))].filter(Boolean).sort();
  if (wanted !== undefined) {
    if (!names.includes(wanted)) throw new MetaEvalInputError(`no human scores named ${wanted} (have ${names.join(', ')})`);
    return wanted;
  }
  if (names.includes('mqm')) return 'mqm';
  if (names.length === 1) return names[0];
  throw new MetaEvalInputError(`several human scores (${names.join(', ')}): pass --gold NAME`);
}

function pick(list: readonly Ratings[], level: 'seg' | 'sys'): Ratings[] {
  return list.filter((r) => r.level === level);
}

/** Rank = 1 + number of metrics scoring strictly higher (NaN ranks last). */
function orderRanks(corrs: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  const vals = Object.entries(corrs);
  for (const [m, v] of vals) out[m] = 1 + vals.filter(([, w]) => (Number.isNaN(v) ? !Number.isNaN(w) : w > v)).length;
  return out;
}

export async function evaluateTaskSet(options: TaskAverageOptions): Promise<TaskAverageReport> {
  const dir = options.testset !== undefined ? path.join(options.root, options.testset) : options.root;
  const lps = await languagePairs(dir);
  if (lps.length === 0) throw new MetaEvalInputError(`${dir}: no language pairs in human-scores/`);
  const sets = new Map<string, MtmeEvalSet>();
  for (const lp of lps) sets.set(lp, await importMtMetricsEval(dir, { lp, texts: false, levels: ['seg', 'sys'] }));
  const gold = goldName([...sets.values()], options.gold);
  const taskSet: TaskSet = options.year === 'wmt23' ? wmt23Tasks(lps) : wmt24Tasks(lps);
  const wanted = options.metrics?.map((m) => m.replace(/^column:/, ''));
  const notes: string[] = [];
  const base: MetaEvalOptions = {
    permutations: options.permutations ?? 0,
    alpha: options.alpha,
    correction: options.correction,
    seed: options.seed,
  };

  /** One lp × level × measure through metaEvaluate; goldLevel says which human / metric files it reads. */
  const run = async (lp: string, human: boolean, goldLevel: 'seg' | 'sys', measure: string, extra: MetaEvalOptions): Promise<MetaEvalReport | undefined> => {
    const set = sets.get(lp)!;
    const golds = pick(set.human, goldLevel).filter((h) => h.protocol === gold);
    if (golds.length === 0) {
      notes.push(`${lp}: no ${goldLevel}-level ${gold} scores`);
      return undefined;
    }
    const scores = pick(set.metrics, goldLevel);
    const available = scores.map((r) => precomputedName(r));
    const chosen = wanted ? wanted.filter((m) => available.includes(m)) : available;
    if (chosen.length === 0) return undefined;
    return metaEvaluate(
      { judgments: golds, scores },
      { ...base, ...extra, scorers: chosen.map((m) => `column:${m}`), measures: [measure], excludeSystems: human ? [] : set.humanSystems },
    );
  };
  const fromTable = (report: MetaEvalReport | undefined): { corrs: Record<string, number>; ranks?: Record<string, number> } => {
    const corrs: Record<string, number> = {};
    const ranks: Record<string, number> = {};
    let clustered = report !== undefined && report.tables.length > 0;
    for (const row of report?.tables[0]?.rows ?? []) {
      corrs[row.scorer] = row.value;
      if (row.cluster === undefined) clustered = false;
      else ranks[row.scorer] = row.cluster;
    }
    return clustered ? { corrs, ranks } : { corrs };
  };

  const results: TaskResult[] = [];
  for (const [t, task] of taskSet.tasks.entries()) {
    let out: { corrs: Record<string, number>; ranks?: Record<string, number> };
    if (task.corrFcn === 'accuracy') {
      // pooled over lps: agreeing system pairs and all system pairs summed before dividing
      const agree = new Map<string, number>();
      const pairs = new Map<string, number>();
      for (const lp of task.lang.split(',')) {
        const report = await run(lp, task.human, 'sys', 'pairwise-acc', { level: 'sys' });
        for (const sys of report?.systemScores ?? []) {
          for (const s of sys.scores) {
            const c = pairwiseAgreement(sys.goldScores, s.values);
            agree.set(s.scorer, (agree.get(s.scorer) ?? 0) + c.agree);
            pairs.set(s.scorer, (pairs.get(s.scorer) ?? 0) + c.numPairs);
          }
        }
      }
      const corrs: Record<string, number> = {};
      for (const [m, a] of agree) corrs[m] = a / pairs.get(m)!;
      out = { corrs };
    } else if (task.corrFcn === 'pearson') {
      out = fromTable(await run(task.lang, task.human, task.level, 'pearson', task.level === 'sys' ? { level: 'sys' } : { level: 'seg', grouping: 'none' }));
    } else if (task.corrFcn === 'KendallWithTiesOpt') {
      out = fromTable(await run(task.lang, task.human, 'seg', 'acc23-tc', { level: 'seg', grouping: 'item' }));
    } else if (task.corrFcn === 'pce') {
      out = fromTable(await run(task.lang, task.human, 'seg', 'spa', { level: 'sys' }));
    } else {
      throw new MetaEvalInputError(`task correlation ${task.corrFcn} is not supported`);
    }
    results.push({
      task,
      label: taskLabel(task),
      weight: taskSet.weights[t],
      corrs: out.corrs,
      ranks: out.ranks ?? orderRanks(out.corrs),
      rankedBy: out.ranks ? 'clusters' : 'order',
    });
  }
  const outcomes: TaskOutcome[] = results.map((r) => ({ task: r.task, corrs: r.corrs, ranks: r.ranks }));
  const scores = averageTaskScores(outcomes, taskSet.weights);
  const ranks = new Map(averageTaskRanks(outcomes, taskSet.weights));
  const all = new Set(results.flatMap((r) => Object.keys(r.corrs)));
  for (const m of all) if (!scores.some(([s]) => s === m)) notes.push(`${m}: not scored in every task, no average`);
  return {
    year: options.year,
    testset: path.basename(path.resolve(dir)),
    lps,
    gold,
    tasks: results,
    averages: scores.map(([scorer, score]) => ({ scorer, score, rank: ranks.get(scorer)! })),
    notes,
  };
}

function fmt(v: number): string {
  return Number.isNaN(v) ? 'nan' : v.toFixed(4);
}

/** Per-task table (one column per task, weight in the header), then the averages. */
export function formatTaskAverage(r: TaskAverageReport): string {
  const scorers = [...new Set(r.tasks.flatMap((t) => Object.keys(t.corrs)))];
  const out: string[] = [`${r.year} task average on ${r.testset} (${r.lps.join(', ')}), gold ${r.gold}: ${r.tasks.length} tasks`, ''];
  const header = ['task', 'weight', 'ranked by', ...scorers];
  const rows = r.tasks.map((t) => [t.label, t.weight.toFixed(4), t.rankedBy, ...scorers.map((s) => (s in t.corrs ? `${fmt(t.corrs[s])} (${t.ranks[s]})` : '—'))]);
  out.push(...grid(header, rows));
  out.push('', 'average (rescaled to [0, 1], weighted):');
  out.push(...grid(['scorer', 'average', 'avg rank'], r.averages.map((a) => [a.scorer, a.score.toFixed(6), a.rank.toFixed(4)])));
  for (const n of r.notes) out.push(`note: ${n}`);
  return out.join('\n');
}

function grid(header: string[], rows: string[][]): string[] {
  const width = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (cells: string[]) => cells.map((c, j) => (j === 0 ? c.padEnd(width[j]) : c.padStart(width[j]))).join('  ').trimEnd();
  return [line(header), line(width.map((w) => '-'.repeat(w))), ...rows.map(line)];
}
