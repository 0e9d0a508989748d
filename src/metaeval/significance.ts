// Significance clusters between scorers, as mt-metrics-eval's `CompareMetrics` builds them: order scorers by the
// measure, test every pair with PERM-BOTH (stats/permutation.ts; Deutsch et al. 2021) — "is the lower-ranked scorer
// at least as good?" — optionally Holm-adjust the family of p-values (stats/holm.ts), and assign greedy clusters
// (stats/clusters.ts AssignRanks; 1 = best). Tie-calibrated accuracies use the pairwise permutation test
// (PairwisePermutationSigDiff, WMT23/24), which swaps pair outcomes at each scorer's own calibrated ε.
//
// How each data shape becomes the (gold, metric) matrix the tests take:
//   segment level   the gold × scorer matrix with the measure's grouping; a cell counts when both scorers scored it;
//   system level    one cell per system (grouping none);
//   pairs           each pair an item with two "systems" a and b: gold (g, 1 − g), metric (Δ/2, −Δ/2). The metric
//                   vector has mean 0, so PERM-BOTH's z-scoring only rescales it and the sign of every margin (what
//                   accuracy reads) survives; each pair's measure is a group statistic (NaN for gold ties in the
//                   accuracies, which averaging drops, exactly as they are left out of the accuracy);
//   lists           each list an item, its candidates the "systems" (shorter lists padded with unrated cells).
// Measures that are not an average of per-group statistics (partial correlations, Kendall-like with its micro
// averaging, ECE/Brier with their fitted temperature, the two-order and win-rate summaries) get no clusters.

import { bestOfKCredit, topCandidates, type ListScores } from './candidates.js';
import type { CandidateList } from '../judgments/types.js';
import { pairwiseAgreement } from '../stats/agreement.js';
import { assignRanks, orderByCorrelation, significanceMatrix } from '../stats/clusters.js';
import type { AverageBy, GroupStatistic } from '../stats/grouping.js';
import { holmAdjustMatrix } from '../stats/holm.js';
import { pairwisePermutationSigDiff, permutationSigDiff, type PermutationCorrelation } from '../stats/permutation.js';
import { pearson } from '../stats/correlation.js';
import { williamsSigDiff } from '../stats/williams.js';
import { MeasureError, type Grouping, type MeasureSpec } from './measures.js';
import type { PairScores } from './preferences.js';
import type { MetaEvalTable } from './report.js';

export interface SignificanceSettings {
  /** `perm` (PERM-BOTH / pairwise permutation; default) or `williams` (Pearson only, deterministic). */
  method?: 'perm' | 'williams';
  permutations: number;
  alpha: number;
  correction: 'holm' | 'none';
  seed: number;
}

/** What one scorer contributes to a table, in the shape its significance test needs. */
export type UnitScores =
  | { kind: 'seg'; gold: Float64Array; metric: Float64Array; numSys: number; grouping: Grouping }
  | { kind: 'sys'; gold: Float64Array; metric: Float64Array }
  | { kind: 'pairs'; gold: Float64Array; scores: PairScores; idx: Int32Array }
  | { kind: 'lists'; lists: readonly CandidateList[]; scores: ListScores; idx: Int32Array };

/** A (gold, metric1, metric2) matrix ready for the permutation tests. */
interface TestMatrix {
  gold: (number | null)[];
  m1: Float64Array;
  m2: Float64Array;
  numSys: number;
  averageBy: AverageBy;
}

type Test = { kind: 'perm'; corr: PermutationCorrelation } | { kind: 'pairwise'; variant: 'acc23' | '23' };

const group = (fn: (g: Float64Array, m: Float64Array) => number): PermutationCorrelation => ({ kind: 'custom', fn: (g, m): GroupStatistic => ({ r: fn(g, m), p: 0 }) });

function pairCredit(tieCredit: number) {
  // One pair = two cells (a, b). Gold ties are not part of the accuracy: NaN, dropped by the averaging.
  return group((g, m) => (g[0] === g[1] ? NaN : m[0] === m[1] ? tieCredit : g[0] > g[1] === m[0] > m[1] ? 1 : 0));
}

/** The test for a measure on a unit kind, or undefined when the measure is not a mean of group statistics. */
function testFor(m: MeasureSpec, kind: UnitScores['kind']): Test | undefined {
  if (kind === 'seg' || kind === 'sys') {
    switch (m.name) {
      case 'pearson':
        return { kind: 'perm', corr: { kind: 'pearson' } };
      case 'spearman':
        return { kind: 'perm', corr: { kind: 'spearman' } };
      case 'kendall':
        return { kind: 'perm', corr: { kind: 'kendall', variant: 'b' } };
      case 'kendall-c':
        return { kind: 'perm', corr: { kind: 'kendall', variant: 'c' } };
      case 'acc23':
        return { kind: 'perm', corr: { kind: 'kendallVariants', variant: 'acc23' } };
      case 'tau23':
        return { kind: 'perm', corr: { kind: 'kendallVariants', variant: '23' } };
      case 'acc23-tc':
        return { kind: 'pairwise', variant: 'acc23' };
      case 'tau23-tc':
        return { kind: 'pairwise', variant: '23' };
      case 'pairwise-acc':
        return { kind: 'perm', corr: group((g, x) => { const a = pairwiseAgreement(g, x); return a.agree / a.numPairs; }) };
      default:
        return undefined;
    }
  }
  if (kind === 'pairs') {
    if (m.name === 'accuracy') return { kind: 'perm', corr: pairCredit(0) };
    if (m.name === 'accuracy-half') return { kind: 'perm', corr: pairCredit(0.5) };
    if (m.name === 'acc23-tc') return { kind: 'pairwise', variant: 'acc23' };
    return undefined;
  }
  if (m.name === 'bon-acc') return { kind: 'perm', corr: group((g, x) => bestOfKCredit(x, Array.from(g, (v) => v === 1))) };
  if (m.name === 'bon-gold') {
    return {
      kind: 'perm',
      corr: group((g, x) => {
        const top = topCandidates(x);
        let s = 0;
        for (const t of top) s += g[t];
        return top.length ? s / top.length : NaN;
      }),
    };
  }
  return undefined;
}

/** Builds the two-scorer matrix for a unit kind; cells either scorer has no score for are left out (gold null). */
function testMatrix(a: UnitScores, b: UnitScores): TestMatrix {
  if ((a.kind === 'seg' && b.kind === 'seg') || (a.kind === 'sys' && b.kind === 'sys')) {
    const n = a.gold.length;
    const gold = new Array<number | null>(n);
    const m1 = new Float64Array(n);
    const m2 = new Float64Array(n);
    for (let c = 0; c < n; c++) {
      const ok = !Number.isNaN(a.gold[c]) && !Number.isNaN(a.metric[c]) && !Number.isNaN(b.metric[c]);
      gold[c] = ok ? a.gold[c] : null;
      m1[c] = ok ? a.metric[c] : 0;
      m2[c] = ok ? b.metric[c] : 0;
    }
    if (a.kind === 'seg') return { gold, m1, m2, numSys: a.numSys, averageBy: a.grouping };
    return { gold, m1, m2, numSys: n, averageBy: 'none' };
  }
  if (a.kind === 'pairs' && b.kind === 'pairs') {
    const n = a.idx.length;
    const gold = new Array<number | null>(2 * n);
    const m1 = new Float64Array(2 * n);
    const m2 = new Float64Array(2 * n);
    for (let k = 0; k < n; k++) {
      const i = a.idx[k];
      const d1 = a.scores.margin[i];
      const d2 = b.scores.margin[i];
      const ok = !Number.isNaN(d1) && !Number.isNaN(d2);
      gold[k] = ok ? a.gold[i] : null;
      gold[n + k] = ok ? 1 - a.gold[i] : null;
      m1[k] = ok ? d1 / 2 : 0;
      m1[n + k] = ok ? -d1 / 2 : 0;
      m2[k] = ok ? d2 / 2 : 0;
      m2[n + k] = ok ? -d2 / 2 : 0;
    }
    return { gold, m1, m2, numSys: 2, averageBy: 'item' };
  }
  if (a.kind === 'lists' && b.kind === 'lists') {
    const n = a.idx.length;
    let width = 0;
    for (let k = 0; k < n; k++) width = Math.max(width, a.lists[a.idx[k]].candidates.length);
    const gold = new Array<number | null>(width * n).fill(null);
    const m1 = new Float64Array(width * n);
    const m2 = new Float64Array(width * n);
    for (let k = 0; k < n; k++) {
      const list = a.lists[a.idx[k]];
      const s1 = a.scores.scores[a.idx[k]];
      const s2 = b.scores.scores[a.idx[k]];
      for (let j = 0; j < list.candidates.length; j++) {
        const ok = !Number.isNaN(s1[j]) && !Number.isNaN(s2[j]);
        const g = list.correct ? (list.correct[j] ? 1 : 0) : list.gold?.[j];
        gold[j * n + k] = ok && g !== undefined ? g : null;
        m1[j * n + k] = ok ? s1[j] : 0;
        m2[j * n + k] = ok ? s2[j] : 0;
      }
    }
    return { gold, m1, m2, numSys: width, averageBy: 'item' };
  }
  throw new RangeError('cannot compare scores of different shapes');
}

/** p-value that `worse` is at least as good as `better` on this measure. */
function pValue(test: Test, better: UnitScores, worse: UnitScores, settings: SignificanceSettings): number {
  const t = testMatrix(worse, better);
  const opts = { numSys: t.numSys, averageBy: t.averageBy, k: settings.permutations, seed: settings.seed };
  if (test.kind === 'pairwise') return pairwisePermutationSigDiff(t.gold, t.m1, t.m2, { ...opts, variant: test.variant }).pValue;
  return permutationSigDiff(t.gold, t.m1, t.m2, test.corr, opts).pValue;
}

/**
 * One-sided Williams p-value between two scorers' Pearson correlations with the shared gold vector (Graham &
 * Baldwin 2014). Cells either scorer left unscored are dropped first, so n counts the complete cells only (the
 * reference would keep them as zeros in corr(metric1, metric2)); on complete data the two agree.
 */
export function williamsPValue(better: UnitScores, worse: UnitScores): number {
  const t = testMatrix(worse, better);
  const gold: number[] = [];
  const m1: number[] = [];
  const m2: number[] = [];
  t.gold.forEach((g, c) => {
    if (g === null) return;
    gold.push(g);
    m1.push(t.m1[c]);
    m2.push(t.m2[c]);
  });
  return williamsSigDiff(gold, m1, m2, (x, y) => pearson(x as number[], y).r).pValue;
}

/** Williams applies to Pearson on system-level vectors or ungrouped segment cells; anything else is a usage error. */
export function checkWilliams(m: MeasureSpec, kind: UnitScores['kind'], grouping?: Grouping | null): void {
  if (m.name !== 'pearson') throw new MeasureError(`--sig williams compares Pearson correlations; ${m.label} has no Williams test (use --sig perm)`);
  if (kind !== 'sys' && !(kind === 'seg' && (grouping ?? 'none') === 'none')) {
    throw new MeasureError(`--sig williams needs system-level or ungrouped segment-level Pearson (not ${kind === 'seg' ? `grouping ${grouping}` : kind})`);
  }
}

/**
 * Sets `cluster` on the rows of `table` (scorers in `units` order = the order the rows were created in). Returns
 * false when the measure has no significance test here.
 */
export function assignClusters(table: MetaEvalTable, m: MeasureSpec, units: (UnitScores | undefined)[], settings: SignificanceSettings): boolean {
  if (units.some((u) => u === undefined)) return false;
  const williams = settings.method === 'williams';
  const first = units[0]!;
  if (williams) checkWilliams(m, first.kind, first.kind === 'seg' ? first.grouping : null);
  const test = testFor(m, first.kind);
  if (!test) return false;
  const specs = table.rows.map((r) => r.scorer);
  const sign = m.info.better === 'lower' ? -1 : 1;
  const values: Record<string, number> = {};
  table.rows.forEach((r) => (values[r.scorer] = sign * r.value));
  const order = orderByCorrelation(values);
  const unitOf = new Map(specs.map((s, k) => [s, units[k]!] as const));
  const p = (i: number, j: number): number =>
    williams ? williamsPValue(unitOf.get(order[i])!, unitOf.get(order[j])!) : pValue(test, unitOf.get(order[i])!, unitOf.get(order[j])!, settings);
  let sig = significanceMatrix(order.length, p);
  if (williams) table.pValues = order.flatMap((better, i) => order.slice(i + 1).map((worse, d) => ({ better, worse, p: sig[i][i + 1 + d] })));
  if (settings.correction === 'holm') sig = holmAdjustMatrix(sig);
  const ranks = assignRanks(sig, settings.alpha);
  const rankOf = new Map(order.map((s, i) => [s, ranks[i]] as const));
  for (const r of table.rows) r.cluster = rankOf.get(r.scorer);
  return true;
}
