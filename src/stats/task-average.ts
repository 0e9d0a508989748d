// The WMT23/WMT24 metrics-task summary (mt-metrics-eval tasks.py: `WMT23`, `WMT24`, `TaskSetResults`):
// a metric's final score is a weighted average over tasks (language pair × level × measure) of its per-task
// score rescaled to [0, 1], and the final clusters come from permutation draws pooled the same way.
//  - WMT23 tasks: one system-level pairwise accuracy over all language pairs together, then per language pair
//    system-level Pearson, segment-level Pearson (no grouping), segment-level tie-calibrated acc23 grouped by
//    item (pairwise permutation test). Weights ∝ [number of lps, 1, 1, …].
//  - WMT24 tasks: per language pair, system-level soft pairwise accuracy ("pce") and segment-level
//    tie-calibrated acc23 by item. Uniform weights.
//  - Rescaling: accuracies (accuracy, pce, KendallWithTiesOpt unless its variant is '23') live in [0, 1],
//    everything else in [−1, 1] and maps to (r + 1)/2. The reference decides this from the task's attributes only,
//    so KendallVariants counts as [−1, 1] even for acc23; we do the same.
//  - Only metrics present in every task get an average. Significance of average differences: for each metric
//    pair, every task's resampled (m1, m2) draws are rescaled, weighted and differenced, shorter draw lists are
//    repeated to the longest, summed over tasks, and p = share of pooled null differences ≥ the observed one.

import { assignRanks, orderByCorrelation } from './clusters.js';
import type { AverageBy } from './grouping.js';

export type TaskCorrelation = 'accuracy' | 'pearson' | 'kendall' | 'spearman' | 'KendallLike' | 'KendallVariants' | 'KendallWithTiesOpt' | 'pce';

/** One task of a task set (the attributes that matter for averaging; tasks.py `Task`). */
export interface MetricsTask {
  testSet: string;
  /** A language pair, or several joined by ',' (pooled accuracy). */
  lang: string;
  level: 'sys' | 'seg';
  /** Whether human translations are scored as systems. */
  human: boolean;
  avgBy: AverageBy;
  corrFcn: TaskCorrelation;
  permTest: 'scores' | 'pairs';
  corrFcnArgs: Readonly<Record<string, string | number>>;
}

export interface TaskSet {
  tasks: MetricsTask[];
  /** Normalised to sum to 1. */
  weights: number[];
}

function task(testSet: string, lang: string, level: 'sys' | 'seg', corrFcn: TaskCorrelation, human: boolean, extra: Partial<MetricsTask> = {}): MetricsTask {
  return { testSet, lang, level, human, avgBy: 'none', corrFcn, permTest: 'scores', corrFcnArgs: {}, ...extra };
}

const TIE_CALIBRATED_ITEM: Partial<MetricsTask> = { avgBy: 'item', permTest: 'pairs', corrFcnArgs: { sample_rate: 1.0 } };

function normalise(weights: number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / total);
}

function sortedLps(lps: readonly string[]): string[] {
  return [...lps].sort();
}

/** tasks.WMT23: the WMT23 metrics-task set and weights. */
export function wmt23Tasks(lps: readonly string[] = ['en-de', 'he-en', 'zh-en']): TaskSet {
  const multiRef = new Set(['en-he', 'he-en']);
  const langs = sortedLps(lps);
  const tasks: MetricsTask[] = [task('wmt23', langs.join(','), 'sys', 'accuracy', langs.some((l) => multiRef.has(l)))];
  for (const lp of langs) {
    const human = multiRef.has(lp);
    tasks.push(task('wmt23', lp, 'sys', 'pearson', human));
    tasks.push(task('wmt23', lp, 'seg', 'pearson', human));
    tasks.push(task('wmt23', lp, 'seg', 'KendallWithTiesOpt', human, TIE_CALIBRATED_ITEM));
  }
  return { tasks, weights: normalise([langs.length, ...new Array(tasks.length - 1).fill(1)]) };
}

function pceAndAccT(testSet: string, lps: readonly string[], multiRef: Set<string>): TaskSet {
  const tasks: MetricsTask[] = [];
  for (const lp of sortedLps(lps)) {
    const human = multiRef.has(lp);
    tasks.push(task(testSet, lp, 'sys', 'pce', human));
    tasks.push(task(testSet, lp, 'seg', 'KendallWithTiesOpt', human, TIE_CALIBRATED_ITEM));
  }
  return { tasks, weights: normalise(new Array(tasks.length).fill(1)) };
}

/** tasks.WMT24: the WMT24 metrics-task set (SPA + acc-t per language pair), uniform weights. */
export function wmt24Tasks(lps: readonly string[] = ['en-de', 'en-es', 'ja-zh']): TaskSet {
  return pceAndAccT('wmt24', lps, new Set(['en-de']));
}

/** tasks.WMT24OnWMT23: the WMT24 recipe applied to the WMT23 test sets. */
export function wmt24OnWmt23Tasks(lps: readonly string[] = ['en-de', 'he-en', 'zh-en']): TaskSet {
  return pceAndAccT('wmt23', lps, new Set(['en-he', 'he-en']));
}

/** The score range used to rescale a task's scores to [0, 1] (TaskResults.range). */
export function taskScoreRange(t: MetricsTask): [number, number] {
  const accuracyLike = t.corrFcn === 'accuracy' || t.corrFcn === 'pce' || (t.corrFcn === 'KendallWithTiesOpt' && t.corrFcnArgs.variant !== '23');
  return accuracyLike ? [0, 1] : [-1, 1];
}

/** Resampling draws of one metric pair in one task: per draw, the first and the second metric's value. */
export interface PairDraws {
  first: string;
  second: string;
  firstValues: ArrayLike<number>;
  secondValues: ArrayLike<number>;
}

/** What running one task produced. */
export interface TaskOutcome {
  task: MetricsTask;
  /** Per metric: its correlation / accuracy in this task. */
  corrs: Readonly<Record<string, number>>;
  /** Per metric: its significance cluster in this task (for averageTaskRanks). */
  ranks?: Readonly<Record<string, number>>;
  /** Per metric pair (either order), the permutation draws (for averageScoreSignificance). */
  draws?: readonly PairDraws[];
}

/** Keeps the metrics present in all `n` tasks, in first-seen order, then stable-sorts by `compare`. */
function finish(acc: Map<string, number[]>, n: number, descending: boolean): [string, number][] {
  const out: [string, number][] = [];
  for (const [m, parts] of acc) {
    if (parts.length !== n) continue;
    let sum = 0; // Python's sum(): left to right from 0
    for (const p of parts) sum += p;
    out.push([m, sum]);
  }
  return out.sort((a, b) => (descending ? b[1] - a[1] : a[1] - b[1]));
}

function checkWeights(outcomes: readonly TaskOutcome[], weights?: readonly number[]): readonly number[] {
  const w = weights ?? outcomes.map(() => 1 / outcomes.length);
  if (w.length !== outcomes.length) throw new RangeError(`${outcomes.length} tasks but ${w.length} weights`);
  return w;
}

/**
 * TaskSetResults.AverageCorrs: per metric, Σ_t w_t·(corr_t − b_t)/(e_t − b_t) over tasks, for metrics present in
 * every task; sorted by decreasing average (ties keep first-seen order: task order, then each task's ranking).
 */
export function averageTaskScores(outcomes: readonly TaskOutcome[], weights?: readonly number[]): [string, number][] {
  const w = checkWeights(outcomes, weights);
  const acc = new Map<string, number[]>();
  outcomes.forEach((o, t) => {
    const [b, e] = taskScoreRange(o.task);
    for (const m of orderByCorrelation(o.corrs)) {
      const score = (o.corrs[m] - b) / (e - b);
      if (!acc.has(m)) acc.set(m, []);
      acc.get(m)!.push(score * w[t]);
    }
  });
  return finish(acc, outcomes.length, true);
}

/** TaskSetResults.AverageRanks: weighted mean cluster rank over tasks, ascending. */
export function averageTaskRanks(outcomes: readonly TaskOutcome[], weights?: readonly number[]): [string, number][] {
  const w = checkWeights(outcomes, weights);
  const acc = new Map<string, number[]>();
  outcomes.forEach((o, t) => {
    if (!o.ranks) throw new RangeError(`task ${t} has no ranks`);
    for (const m of orderByCorrelation(o.corrs)) {
      if (!acc.has(m)) acc.set(m, []);
      acc.get(m)!.push(o.ranks[m] * w[t]);
    }
  });
  return finish(acc, outcomes.length, false);
}

type TaskAttribute = keyof MetricsTask;

function attributeValue(t: MetricsTask, attr: TaskAttribute): string {
  const v = t[attr];
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/**
 * TaskSetResults.AssignWeights: split `total` evenly over the values of attrs[0], then recurse within each part;
 * with no attribute left, split evenly over the tasks. (The reference keys tasks by name, so two identical tasks
 * would share one weight; we key by position.)
 */
export function assignTaskWeights(tasks: readonly MetricsTask[], attrs: readonly TaskAttribute[], total = 1): number[] {
  if (attrs.length === 0) return tasks.map(() => total / tasks.length);
  const parts = new Map<string, number[]>();
  tasks.forEach((t, i) => {
    const key = attributeValue(t, attrs[0]);
    if (!parts.has(key)) parts.set(key, []);
    parts.get(key)!.push(i);
  });
  const out = new Array<number>(tasks.length).fill(0);
  for (const members of parts.values()) {
    const sub = assignTaskWeights(members.map((i) => tasks[i]), attrs.slice(1), total / parts.size);
    members.forEach((i, k) => (out[i] = sub[k]));
  }
  return out;
}

function findDraws(o: TaskOutcome, m1: string, m2: string): { a: ArrayLike<number>; b: ArrayLike<number> } {
  for (const d of o.draws ?? []) {
    if (d.first === m1 && d.second === m2) return { a: d.firstValues, b: d.secondValues };
    if (d.first === m2 && d.second === m1) return { a: d.secondValues, b: d.firstValues };
  }
  throw new RangeError(`no draws for ${m1} vs ${m2} in task ${o.task.lang}/${o.task.level}/${o.task.corrFcn}`);
}

export interface AverageSignificance {
  /** Metrics by decreasing average score, with their cluster. */
  ranked: { name: string; score: number; rank: number }[];
  /** sig[i][j], i < j: p-value that metric j's average is at least metric i's. */
  sig: Float64Array[];
}

/** TaskSetResults.AverageCorrMatrix: clusters of the averaged scores from the per-task permutation draws. */
export function averageScoreSignificance(outcomes: readonly TaskOutcome[], weights?: readonly number[], pval = 0.05): AverageSignificance {
  const w = checkWeights(outcomes, weights);
  const averages = averageTaskScores(outcomes, w);
  const n = averages.length;
  const sig = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const [m1, s1] = averages[i];
      const [m2, s2] = averages[j];
      const observed = s1 - s2;
      const perTask = outcomes.map((o) => findDraws(o, m1, m2));
      const longest = Math.max(...perTask.map((d) => d.a.length));
      if (!(longest > 0)) throw new RangeError(`no draws for ${m1} vs ${m2}`);
      const pooled = new Float64Array(longest);
      perTask.forEach(({ a, b }, t) => {
        const [lo, hi] = taskScoreRange(outcomes[t].task);
        // Early-stopped tasks have fewer draws: repeat them cyclically (np.tile) up to the longest.
        for (let k = 0; k < longest; k++) {
          const q = k % a.length;
          pooled[k] += (w[t] * (a[q] - lo)) / (hi - lo) - (w[t] * (b[q] - lo)) / (hi - lo);
        }
      });
      let count = 0;
      for (let k = 0; k < longest; k++) if (pooled[k] >= observed) count++;
      sig[i][j] = count / longest;
    }
  }
  const ranks = assignRanks(sig, pval);
  return { ranked: averages.map(([name, score], i) => ({ name, score, rank: ranks[i] })), sig };
}
