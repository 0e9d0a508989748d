// `metaEvaluate(input, options)`: judgments × scorers → MetaEvalReport. Everything `trenchcoat meta-eval` prints is
// this one call. The data shape decides what is computed:
//   ratings (segment-level gold)   segment-level measures × grouping, or system-level measures (level: 'sys');
//   ratings (system-level gold)    system-level measures on precomputed system scores (WMT20-style tables);
//   ratings + asPreferences        pairs built from the ratings (prefs/pairs.ts), scorers used as reward models;
//   preferences                    scorers (or the file's recorded judge) as reward models on the pairs;
//   candidate lists                best-of-k with 1/k tie credit.
// Every number can carry a bootstrap interval (items resampled jointly across systems, or pairs, or lists; the same
// draws for every scorer) and a significance cluster (PERM-BOTH p-values between scorers, AssignRanks).

import path from 'node:path';
import type { CandidateList, Judgments, Preference, Preferences, Ratings } from '../judgments/types.js';
import { preferencePairs, ratedOutputsFromRatings, type PairOptions } from '../prefs/pairs.js';
import type { Scorer } from '../scorers/contract.js';
import { createScorer } from '../scorers/registry.js';
import { ColumnScorer } from '../scorers/simple/column.js';
import '../scorers/builtin.js';
import { listMeasure, scoreListsWith, type ListScores } from './candidates.js';
import type { ItemScoringOptions } from './item-scoring.js';
import {
  alignPrecomputed,
  goldMatrices,
  MetaEvalInputError,
  precomputedName,
  scoreCells,
  type CellFields,
  type GoldMatrix,
  type ScoreMatrix,
} from './matrices.js';
import { checkMeasure, defaultMeasures, MeasureError, parseMeasure, type Grouping, type MeasureSpec, type Shape } from './measures.js';
import { pairScoresFromMatrix, scorePairsWith } from './pair-scoring.js';
import { goldVector, pairForecasts, pairMeasure, type PairScores } from './preferences.js';
import { RECORDED, recordedKind, recordedPairScores } from './recorded.js';
import { emptyReport, sortRows, type MetaEvalReport, type MetaEvalRow, type MetaEvalTable } from './report.js';
import { itemResampledMeasure, segmentMeasure, type MeasureValue } from './segment.js';
import { assignClusters, checkWilliams, type SignificanceSettings, type UnitScores } from './significance.js';
import { softPairwiseMeasure, systemLevelVectors, systemMeasure, systemScores, type SystemScoreOptions } from './system.js';
import { resampleColumns } from '../stats/resample.js';
import { bootstrapInterval, ratedItems, type BootstrapSettings } from './uncertainty.js';

export interface MetaEvalInput {
  judgments: readonly Judgments[];
  /** Precomputed score matrices (protocol `metric:NAME`): an importer bundle's `scores`, score files. */
  scores?: readonly Ratings[];
  /** Fields of the judgment table per cell, for `column:NAME` scorers on generic ratings. */
  cellFields?: CellFields;
}

/** A scorer, a spec string (`bleu`, `column:COMET`, `recorded`), or a precomputed matrix. */
export type ScorerChoice = Scorer | string | Ratings;

export interface MetaEvalOptions {
  /** Default: every precomputed matrix (ratings), or the recorded judge (preferences). */
  scorers?: readonly ScorerChoice[];
  /** For ratings: `seg` (default for segment-level gold) or `sys`. */
  level?: 'seg' | 'sys';
  /** Segment-level grouping for every measure; default each measure's own (measures.ts). */
  grouping?: Grouping;
  /** Measure names or specs (`kendall-like:thresh=25`); default per data shape. */
  measures?: readonly string[];
  /** Gold ratings to evaluate against, by protocol (default all). */
  gold?: readonly string[];
  /** Systems to leave out (`*` wildcards), e.g. `Human*`. */
  excludeSystems?: readonly string[];
  /** Build preference pairs from the ratings (true = prefs/pairs defaults with ties kept). */
  asPreferences?: boolean | PairOptions;
  system?: SystemScoreOptions;
  /** Bootstrap resamples (0 = no intervals). Default 0. */
  bootstrap?: number;
  confidence?: number;
  /** PERM-BOTH permutations per scorer pair (0 = no clusters). Default 0. */
  permutations?: number;
  /** Significance test of the clusters: `perm` (default) or `williams` (Pearson only; clusters even with permutations 0). */
  significance?: 'perm' | 'williams';
  alpha?: number;
  correction?: 'holm' | 'none';
  /** Seed of every random procedure. Default 1. */
  seed?: number;
  /** Per-subset rows for preference pairs and candidate lists (default true). */
  subsets?: boolean;
  /** Wraps the resolved model scorers (e.g. with the score cache). */
  wrapScorers?: (scorers: Scorer[]) => Promise<Scorer[]> | Scorer[];
  onProgress?: (done: number, total: number) => void;
  /** Where the scoring step runs (batch size; worker threads or a queue through an executor): never changes a number. */
  scoring?: ItemScoringOptions;
  /** Called after each bootstrap interval and each permutation test, with how many of that phase are done so far. */
  onResampling?: (phase: 'bootstrap' | 'permutation', done: number) => void;
}

type Resolved = { kind: 'scorer'; scorer: Scorer } | { kind: 'precomputed'; ratings: Ratings; spec: string; direction: 'higher' | 'lower' } | { kind: 'recorded' };

function shapeOf(judgments: readonly Judgments[], options: MetaEvalOptions): Shape {
  const kinds = new Set(judgments.map((j) => j.kind));
  if (kinds.size === 0) throw new MetaEvalInputError('no judgments');
  if (kinds.size > 1) throw new MetaEvalInputError(`judgments of several shapes (${[...kinds].join(', ')}); meta-evaluate one shape at a time`);
  const kind = [...kinds][0];
  if (kind === 'preferences') return 'pairs';
  if (kind === 'candidates') return 'lists';
  if (options.asPreferences) return 'pairs';
  return options.level === 'sys' ? 'sys' : 'seg';
}

function resolveScorers(choices: readonly ScorerChoice[], scores: readonly Ratings[]): Resolved[] {
  const byName = new Map(scores.map((r) => [precomputedName(r), r] as const));
  const out = choices.map((c): Resolved => {
    if (typeof c !== 'string' && 'kind' in c && c.kind === 'ratings') return { kind: 'precomputed', ratings: c, spec: `column:${precomputedName(c)}`, direction: 'higher' };
    if (c === RECORDED) return { kind: 'recorded' };
    const scorer = typeof c === 'string' ? createScorer(c) : (c as Scorer);
    if (scorer instanceof ColumnScorer && byName.has(scorer.column)) {
      return { kind: 'precomputed', ratings: byName.get(scorer.column)!, spec: scorer.spec(), direction: scorer.direction };
    }
    return { kind: 'scorer', scorer };
  });
  // rows, clusters and --json are keyed by spec: one scorer per spec
  const seen = new Set<string>();
  for (const r of out) {
    const spec = r.kind === 'recorded' ? RECORDED : r.kind === 'precomputed' ? r.spec : r.scorer.spec();
    if (seen.has(spec)) throw new MetaEvalInputError(`scorer ${spec} is given twice`);
    seen.add(spec);
  }
  return out;
}

function defaultChoices(shape: Shape, judgments: readonly Judgments[], scores: readonly Ratings[]): ScorerChoice[] {
  if (shape === 'pairs' && judgments[0].kind === 'preferences' && recordedKind((judgments as Preferences[]).flatMap((p) => p.pairs))) return [RECORDED];
  if ((shape === 'seg' || shape === 'sys') && scores.length > 0) return [...scores];
  throw new MetaEvalInputError('no scorer given (pass --scorer SPEC, or judgments that carry precomputed scores or recorded judge decisions)');
}

export async function metaEvaluate(input: MetaEvalInput, options: MetaEvalOptions = {}): Promise<MetaEvalReport> {
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new MetaEvalInputError(`seed must be a non-negative integer, got ${seed}`);
  const shape = shapeOf(input.judgments, options);
  const scores = input.scores ?? [];
  const resolved = resolveScorers(options.scorers?.length ? options.scorers : defaultChoices(shape, input.judgments, scores), scores);
  const models = resolved.filter((r): r is Extract<Resolved, { kind: 'scorer' }> => r.kind === 'scorer');
  if (options.wrapScorers && models.length) {
    const wrapped = await options.wrapScorers(models.map((m) => m.scorer));
    models.forEach((m, k) => (m.scorer = wrapped[k]));
  }
  const measures = (options.measures?.length ? options.measures : undefined)?.map(parseMeasure);
  // a Williams request with a non-Pearson measure fails before any scoring
  if (options.significance === 'williams') for (const m of measures ?? []) if (m.name !== 'pearson') checkWilliams(m, 'sys');
  const ctx: RunContext = {
    shape,
    seed,
    grouping: options.grouping,
    report: emptyReport(seed),
    boot: { resamples: options.bootstrap ?? 0, confidence: options.confidence ?? 0.95, seed },
    sig: { method: options.significance ?? 'perm', permutations: options.permutations ?? 0, alpha: options.alpha ?? 0.05, correction: options.correction ?? 'holm', seed },
    resamplingDone: resamplingCounter(options.onResampling),
  };
  if (!(ctx.boot.confidence > 0 && ctx.boot.confidence < 1)) throw new MetaEvalInputError(`confidence must be in (0, 1), got ${ctx.boot.confidence}`);
  if (!Number.isInteger(ctx.boot.resamples) || ctx.boot.resamples < 0) throw new MetaEvalInputError(`bootstrap must be a non-negative integer, got ${ctx.boot.resamples}`);
  if (!Number.isInteger(ctx.sig.permutations) || ctx.sig.permutations < 0) throw new MetaEvalInputError(`permutations must be a non-negative integer, got ${ctx.sig.permutations}`);
  const kind = input.judgments[0]?.kind;
  if (ctx.grouping !== undefined && (shape === 'pairs' || shape === 'lists' || shape === 'sys')) {
    throw new MeasureError(`grouping (--group ${ctx.grouping}) applies to segment-level measures, not to ${shape === 'sys' ? 'system level' : shape === 'pairs' ? 'preference pairs' : 'candidate lists'}`);
  }
  if (kind === 'ratings') await evaluateRatings(ctx, input, options, resolved, measures);
  else if (kind === 'preferences') await evaluatePreferences(ctx, input.judgments as Preferences[], resolved, measures, options);
  else await evaluateLists(ctx, input.judgments as { kind: 'candidates'; lists: CandidateList[]; source?: string }[], resolved, measures, options);
  if (ctx.boot.resamples > 0 && ctx.resampled) ctx.report.bootstrap = { resamples: ctx.boot.resamples, confidence: ctx.boot.confidence, unit: shape === 'pairs' ? 'pairs' : shape === 'lists' ? 'lists' : 'items' };
  if (ctx.sig.method === 'williams') ctx.report.significance = { method: 'Williams', resamples: 0, alpha: ctx.sig.alpha, correction: ctx.sig.correction };
  else if (ctx.sig.permutations > 0) ctx.report.significance = { method: 'PERM-BOTH', resamples: ctx.sig.permutations, alpha: ctx.sig.alpha, correction: ctx.sig.correction };
  for (const t of ctx.report.tables) sortRows(t);
  return ctx.report;
}

function resamplingCounter(on: MetaEvalOptions['onResampling']): (phase: 'bootstrap' | 'permutation') => void {
  const done = { bootstrap: 0, permutation: 0 };
  return (phase) => on?.(phase, ++done[phase]);
}

interface RunContext {
  resamplingDone: (phase: 'bootstrap' | 'permutation') => void;
  shape: Shape;
  seed: number;
  grouping?: Grouping;
  report: MetaEvalReport;
  boot: BootstrapSettings;
  sig: SignificanceSettings;
  /** Whether any table had units to resample (system-level gold has none). */
  resampled?: boolean;
}

/** One table: every scorer's value, interval and cluster for one measure on one unit set. */
/** Measures whose bootstrap intervals are BCa (biased under resampling); the rest are percentile intervals. */
export const BCA_MEASURES: ReadonlySet<string> = new Set(['ece', 'brier']);

function addTable(
  ctx: RunContext,
  m: MeasureSpec,
  meta: { level: Shape; grouping: Grouping | null; group?: string },
  scorers: { spec: string; signature: string }[],
  compute: (scorer: number, sample?: Int32Array) => MeasureValue,
  units: Int32Array | undefined,
  unitScores?: (scorer: number) => UnitScores | undefined,
): void {
  if (units) ctx.resampled = true;
  const rows: MetaEvalRow[] = scorers.map((s, k) => {
    const v = compute(k);
    const row: MetaEvalRow = { scorer: s.spec, signature: s.signature, measure: m.label, level: meta.level, grouping: meta.grouping, value: v.value, n: v.n };
    if (meta.group !== undefined) row.group = meta.group;
    if (v.extra) row.extra = v.extra;
    if (v.reliability) row.reliability = v.reliability;
    if (units && ctx.boot.resamples > 0 && !Number.isNaN(v.value)) {
      // ECE and Brier grow under resampling, so percentile intervals can exclude their own estimate: read them BCa
      const method = BCA_MEASURES.has(m.name) ? 'bca' : 'percentile';
      const ci = bootstrapInterval(units, (sample) => compute(k, sample).value, ctx.boot, method);
      if (ci) {
        const { edge, ...bounds } = ci;
        row.ci = bounds;
        const note = `${m.label} ${s.spec}${meta.group !== undefined ? ` (${meta.group})` : ''}: the estimate lies outside its bootstrap distribution, so the BCa interval collapses onto the extreme replicate`;
        if (edge && !ctx.report.notes.includes(note)) ctx.report.notes.push(note);
      }
      ctx.resamplingDone('bootstrap');
    }
    return row;
  });
  const table: MetaEvalTable = { measure: m.label, level: meta.level, grouping: meta.grouping, better: m.info.better, rows };
  if (meta.group !== undefined) table.group = meta.group;
  if (ctx.sig.method === 'williams' && (m.name !== 'pearson' || meta.level === 'pairs' || meta.level === 'lists')) checkWilliams(m, meta.level === 'seg' ? 'seg' : meta.level, meta.grouping);
  if ((ctx.sig.permutations > 0 || ctx.sig.method === 'williams') && scorers.length > 1) {
    const done = unitScores !== undefined && assignClusters(table, m, scorers.map((_, k) => unitScores(k)), ctx.sig);
    if (done) ctx.resamplingDone('permutation');
    const note = `no permutation test for ${m.name}: its table has no clusters`;
    if (!done && !ctx.report.notes.includes(note)) ctx.report.notes.push(note);
  }
  ctx.report.tables.push(table);
}

// ------------------------------------------------------------------------------------------------ ratings

async function scoreMatrices(gold: GoldMatrix, resolved: readonly Resolved[], input: MetaEvalInput, options: MetaEvalOptions): Promise<ScoreMatrix[]> {
  const out: (ScoreMatrix | undefined)[] = resolved.map((r) => (r.kind === 'precomputed' ? alignPrecomputed(gold, r.ratings, r.direction, r.spec) : undefined));
  const live = resolved.map((r, k) => [r, k] as const).filter(([r]) => r.kind === 'scorer') as [Extract<Resolved, { kind: 'scorer' }>, number][];
  if (resolved.some((r) => r.kind === 'recorded')) throw new MetaEvalInputError('scorer "recorded" applies to preference files with judge decisions, not to ratings');
  if (live.length) {
    const cells = options.level === 'sys' && options.system?.items === 'all' ? 'all' : 'rated';
    const ms = await scoreCells(gold, live.map(([r]) => r.scorer), { ...options.scoring, cells, cellFields: input.cellFields, onProgress: options.onProgress });
    live.forEach(([, k], j) => (out[k] = ms[j]));
  }
  return out as ScoreMatrix[];
}

async function evaluateRatings(ctx: RunContext, input: MetaEvalInput, options: MetaEvalOptions, resolved: readonly Resolved[], measures: MeasureSpec[] | undefined): Promise<void> {
  const golds = goldMatrices(input.judgments, { select: options.gold, excludeSystems: options.excludeSystems });
  const multi = golds.length > 1;
  for (const gold of golds) {
    const r = gold.ratings;
    const groupName = multi ? [gold.group, golds.filter((g) => g.group === gold.group).length > 1 ? gold.name : undefined].filter(Boolean).join(' · ') || gold.name : gold.group;
    let rated = 0;
    for (const v of r.values) if (!Number.isNaN(v)) rated++;
    ctx.report.data.push({ shape: ctx.shape === 'pairs' ? 'pairs' : gold.level === 'sys' ? 'sys' : ctx.shape, gold: gold.name, ...(gold.group !== undefined ? { group: gold.group } : {}), systems: r.systems.length, items: r.items.length, rated });
    if (gold.level === 'sys' && ctx.shape === 'seg' && options.level === 'seg') throw new MetaEvalInputError(`gold ${gold.name} is system-level; use --level sys`);
    const matrices = await scoreMatrices(gold, resolved, input, options);
    addScorers(ctx, matrices);
    for (const m of matrices) if (m.missing > 0) ctx.report.notes.push(`${m.spec}: ${m.missing} rated ${gold.level === 'sys' ? 'systems' : 'cells'} without a score${groupName ? ` (${groupName})` : ''}, left out`);
    if (ctx.shape === 'pairs') {
      evaluateRatingPairs(ctx, gold, matrices, options, measures, groupName);
      continue;
    }
    const shape: Shape = gold.level === 'sys' || ctx.shape === 'sys' ? 'sys' : 'seg';
    if (shape === 'sys' && ctx.grouping !== undefined) throw new MeasureError(`grouping (--group ${ctx.grouping}) applies to segment-level measures; gold ${gold.name} is system-level`);
    const ms = measures ?? defaultMeasures(shape).map(parseMeasure);
    const scorers = matrices.map((m) => ({ spec: m.spec, signature: m.signature }));
    if (shape === 'seg') {
      const units = ratedItems(r.values, r.systems.length);
      for (const m of ms) {
        const grouping = ctx.grouping ?? m.info.defaultGrouping ?? 'none';
        checkMeasure(m, 'seg', grouping);
        for (const mat of matrices) if (!mat.values) throw new MetaEvalInputError(`${mat.spec} has only system-level scores; use --level sys`);
        const nS = r.systems.length;
        const resamplers: (((items: ArrayLike<number>) => MeasureValue) | undefined)[] = [];
        addTable(
          ctx,
          m,
          { level: 'seg', grouping, group: groupName },
          scorers,
          (k, sample) => {
            if (!sample) return segmentMeasure(m, r.values, matrices[k].values!, nS, grouping);
            resamplers[k] ??= itemResampledMeasure(m, r.values, matrices[k].values!, nS, grouping);
            if (resamplers[k]) return resamplers[k]!(sample);
            // items drawn jointly across systems (stats/resample.ts); unrated gold stays NaN
            const re = resampleColumns(r.values, [matrices[k].values!], nS, sample);
            return segmentMeasure(m, re.gold as number[], re.metrics[0], nS, grouping);
          },
          units,
          (k) => ({ kind: 'seg', gold: r.values, metric: matrices[k].values!, numSys: nS, grouping }),
        );
      }
    } else {
      const sysOnly = gold.level === 'sys';
      const units = sysOnly ? undefined : ratedItems(r.values, r.systems.length);
      if (sysOnly && ctx.boot.resamples > 0) ctx.report.notes.push(`gold ${gold.name}${groupName ? ` (${groupName})` : ''} is system-level: no items to resample, no intervals`);
      const vectors = (k: number, sample?: Int32Array) => (sysOnly ? systemLevelVectors(gold, matrices[k]) : systemScores(gold, matrices[k], options.system, sample));
      const full = matrices.map((_, k) => vectors(k));
      (ctx.report.systemScores ??= []).push({
        gold: gold.name,
        ...(groupName !== undefined ? { group: groupName } : {}),
        systems: r.systems.slice(),
        goldScores: Array.from(full[0]?.gold ?? []),
        scores: matrices.map((m, k) => ({ scorer: m.spec, values: Array.from(full[k].metric) })),
      });
      for (const m of ms) {
        checkMeasure(m, 'sys');
        if (m.name === 'spa') {
          // SPA is itself a permutation statistic: no bootstrap interval and no clusters on top of it.
          addTable(ctx, m, { level: 'sys', grouping: null, group: groupName }, scorers, (k) => softPairwiseMeasure(m, gold, matrices[k], ctx.seed), undefined);
          continue;
        }
        addTable(ctx, m, { level: 'sys', grouping: null, group: groupName }, scorers, (k, sample) => systemMeasure(m, sample ? vectors(k, sample) : full[k]), units, (k) => ({
          kind: 'sys',
          gold: full[k].gold,
          metric: full[k].metric,
        }));
      }
    }
  }
}

function addScorers(ctx: RunContext, list: readonly { spec: string; signature: string; direction: 'higher' | 'lower' }[]): void {
  for (const s of list) {
    if (!ctx.report.scorers.some((x) => x.spec === s.spec && x.signature === s.signature)) ctx.report.scorers.push({ spec: s.spec, signature: s.signature, direction: s.direction });
  }
}

function pairOptionsOf(options: MetaEvalOptions, seed: number): PairOptions {
  const given = typeof options.asPreferences === 'object' ? options.asPreferences : {};
  return { ties: 'tie', ...given, seed: given.seed ?? seed };
}

function evaluateRatingPairs(ctx: RunContext, gold: GoldMatrix, matrices: ScoreMatrix[], options: MetaEvalOptions, measures: MeasureSpec[] | undefined, group: string | undefined): void {
  const po = pairOptionsOf(options, ctx.seed);
  const { pairs, stats } = preferencePairs(ratedOutputsFromRatings(gold.ratings), po);
  if (pairs.length === 0) throw new MetaEvalInputError(`no preference pairs could be built from ${gold.name} (${stats.dropped} ties dropped)`);
  const d = ctx.report.data[ctx.report.data.length - 1];
  d.pairs = pairs.length;
  d.pairsFrom = `ratings ${gold.name}: margin ${po.margin ?? 0}, ties ${po.ties === 'tie' ? 'keep' : po.ties}; ${stats.decided} decided, ${stats.ties} tied${stats.dropped ? `, ${stats.dropped} dropped` : ''}`;
  const scores = matrices.map((m) => pairScoresFromMatrix(gold, pairs, m));
  evaluatePairSets(ctx, pairs, scores, measures, [{ group, idx: Int32Array.from(pairs, (_, k) => k) }]);
}

// ------------------------------------------------------------------------------------------------ preferences

function subsetsOf<T extends { subset?: string }>(units: readonly T[], wanted: boolean, group?: string): { group?: string; idx: Int32Array }[] {
  const all = { group, idx: Int32Array.from(units, (_, k) => k) };
  if (!wanted) return [all];
  const names = [...new Set(units.map((u) => u.subset).filter((s): s is string => s !== undefined))].sort();
  if (names.length < 2) return [all];
  return [all, ...names.map((name) => ({ group: group ? `${group} · ${name}` : name, idx: Int32Array.from(units.flatMap((u, k) => (u.subset === name ? [k] : []))) }))];
}

async function evaluatePreferences(ctx: RunContext, prefs: readonly Preferences[], resolved: readonly Resolved[], measures: MeasureSpec[] | undefined, options: MetaEvalOptions): Promise<void> {
  const pairs: Preference[] = prefs.flatMap((p) => p.pairs);
  if (pairs.length === 0) throw new MetaEvalInputError('no preference pairs');
  ctx.report.data.push({ shape: 'pairs', gold: prefs.map((p) => (p.source ? path.basename(p.source) : 'preferences')).join(', '), pairs: pairs.length });
  for (const r of resolved) if (r.kind === 'precomputed') throw new MetaEvalInputError(`${r.spec}: precomputed matrices apply to ratings, not to preference pairs`);
  const live = resolved.flatMap((r) => (r.kind === 'scorer' ? [r.scorer] : []));
  const scored = await scorePairsWith(pairs, live, options.scoring);
  let next = 0;
  const scores: PairScores[] = resolved.map((r) => (r.kind === 'recorded' ? recordedPairScores(pairs) : scored[next++]));
  addScorers(ctx, scores);
  const kind = recordedKind(pairs);
  const defaults = defaultMeasures('pairs', {
    judgebench: kind === 'judgebench',
    twoOrders: scores.some((s) => s.orders),
    alpacaEval: kind === 'alpaca-eval',
  });
  evaluatePairSets(ctx, pairs, scores, measures ?? defaults.map(parseMeasure), subsetsOf(pairs, options.subsets ?? true));
}

function evaluatePairSets(ctx: RunContext, pairs: readonly Preference[], scores: PairScores[], measures: MeasureSpec[] | undefined, sets: { group?: string; idx: Int32Array }[]): void {
  const gold = goldVector(pairs);
  const ms = measures ?? defaultMeasures('pairs').map(parseMeasure);
  for (const m of ms) checkMeasure(m, 'pairs');
  const scorers = scores.map((s) => ({ spec: s.spec, signature: s.signature }));
  for (const set of sets) {
    // ece and brier share one cross-fitted probability per pair, which their bootstrap replicates reuse
    const forecasts = new Map<number, Float64Array>();
    const forecastsOf = (k: number): Float64Array => {
      if (!forecasts.has(k)) forecasts.set(k, pairForecasts(gold, scores[k], set.idx, ctx.seed));
      return forecasts.get(k)!;
    };
    for (const m of ms) {
      const calibration = m.name === 'ece' || m.name === 'brier';
      addTable(
        ctx,
        m,
        { level: 'pairs', grouping: null, group: set.group },
        scorers,
        (k, sample) =>
          sample && calibration
            ? pairMeasure(m, gold, scores[k], sample, { seed: ctx.seed, forecasts: forecastsOf(k) })
            : pairMeasure(m, gold, scores[k], sample ?? set.idx, { seed: ctx.seed }),
        set.idx,
        (k) => ({ kind: 'pairs', gold, scores: scores[k], idx: set.idx }),
      );
    }
  }
}

// ------------------------------------------------------------------------------------------------ candidate lists

async function evaluateLists(
  ctx: RunContext,
  sets: readonly { lists: CandidateList[]; source?: string }[],
  resolved: readonly Resolved[],
  measures: MeasureSpec[] | undefined,
  options: MetaEvalOptions,
): Promise<void> {
  const lists = sets.flatMap((s) => s.lists);
  if (lists.length === 0) throw new MetaEvalInputError('no candidate lists');
  ctx.report.data.push({ shape: 'lists', gold: sets.map((s) => (s.source ? path.basename(s.source) : 'candidates')).join(', '), lists: lists.length });
  const live = resolved.map((r) => {
    if (r.kind !== 'scorer') throw new MetaEvalInputError('candidate lists need scorers (not precomputed matrices or recorded decisions)');
    return r.scorer;
  });
  const scores: ListScores[] = await scoreListsWith(lists, live, options.scoring);
  addScorers(ctx, scores);
  const hasGold = lists.some((l) => l.gold);
  const ms = measures ?? (lists.some((l) => l.correct) ? ['bon-acc', ...(hasGold ? ['bon-gold'] : [])] : ['bon-gold']).map(parseMeasure);
  for (const m of ms) checkMeasure(m, 'lists');
  const scorers = scores.map((s) => ({ spec: s.spec, signature: s.signature }));
  for (const set of subsetsOf(lists, options.subsets ?? true)) {
    for (const m of ms) {
      addTable(
        ctx,
        m,
        { level: 'lists', grouping: null, group: set.group },
        scorers,
        (k, sample) => listMeasure(m, lists, scores[k], sample ?? set.idx),
        set.idx,
        (k) => ({ kind: 'lists', lists, scores: scores[k], idx: set.idx }),
      );
    }
  }
}
