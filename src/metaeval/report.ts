// The result of a meta-evaluation as data: one table per measure (and per gold group, e.g. language pair or HANNA
// criterion, and per preference subset), each row a scorer with its value, confidence interval, significance cluster
// and n. `formatReport` prints it for humans; `reportJson` is the --json form. Both are deterministic: same report,
// same bytes (NaN is written `null` in JSON, ±Infinity as the strings "Infinity" / "-Infinity").

import type { ReliabilityBin } from '../stats/calibration.js';
import { VERSION } from '../version.js';
import { defaultDotKernel, type DotKernel } from '../stats/blas-dot.js';
import type { Grouping, Shape } from './measures.js';

export interface MetaEvalRow {
  scorer: string;
  signature: string;
  measure: string;
  level: Shape;
  /** Segment-level grouping; null for the other shapes. */
  grouping: Grouping | null;
  /** Gold group (language pair, criterion) and/or preference subset; absent for the whole data. */
  group?: string;
  value: number;
  /** `method: 'bca'` for bias-corrected and accelerated intervals (ece, brier); absent = percentile. */
  ci?: { lower: number; upper: number; method?: 'bca' };
  /** 1 = the best significance cluster (AssignRanks); absent without a permutation test. */
  cluster?: number;
  /** Cells (grouping none) or groups averaged; systems at system level; pairs or lists. */
  n: number;
  extra?: Record<string, number>;
  /**
   * ece rows: the reliability diagram of the reported value (bins [lower, upper], their pair count, mean forecast
   * P(a ≻ b) and observed frequency; empty bins have NaN means, `null` in JSON).
   */
  reliability?: ReliabilityBin[];
}

export interface MetaEvalTable {
  measure: string;
  level: Shape;
  grouping: Grouping | null;
  group?: string;
  better: 'higher' | 'lower';
  rows: MetaEvalRow[];
  /** --sig williams: the raw one-sided p-value of every scorer pair (better by the measure first), before Holm. */
  pValues?: { better: string; worse: string; p: number }[];
}

export interface DataSummary {
  shape: Shape;
  /** Gold name: ratings protocol, or the preference / candidate source. */
  gold: string;
  group?: string;
  systems?: number;
  items?: number;
  rated?: number;
  pairs?: number;
  lists?: number;
  /** How pairs were built from ratings, when they were. */
  pairsFrom?: string;
}

/** System-level data: the gold and every scorer's score per system (what the system-level measures correlate). */
export interface SystemScoresTable {
  gold: string;
  group?: string;
  systems: string[];
  goldScores: number[];
  scores: { scorer: string; values: number[] }[];
}

export interface MetaEvalReport {
  version: string;
  seed: number;
  data: DataSummary[];
  scorers: { spec: string; signature: string; direction: 'higher' | 'lower' }[];
  bootstrap: { resamples: number; confidence: number; unit: 'items' | 'pairs' | 'lists' } | null;
  significance: { method: string; resamples: number; alpha: number; correction: 'holm' | 'none' } | null;
  /** The OpenBLAS ddot kernel whose last bits Pearson's r reproduces (src/stats/blas-dot.ts). */
  dotKernel?: DotKernel;
  tables: MetaEvalTable[];
  /** Present for system-level evaluations. */
  systemScores?: SystemScoresTable[];
  notes: string[];
}

export function emptyReport(seed: number): MetaEvalReport {
  return { version: VERSION, seed, data: [], scorers: [], bootstrap: null, significance: null, dotKernel: defaultDotKernel(), tables: [], notes: [] };
}

/** Sorts rows best first (by the measure's direction); NaN last; equal values keep scorer order. */
export function sortRows(table: MetaEvalTable): void {
  const sign = table.better === 'lower' ? 1 : -1;
  const order = new Map(table.rows.map((r, k) => [r, k] as const));
  table.rows.sort((x, y) => {
    const nx = Number.isNaN(x.value);
    const ny = Number.isNaN(y.value);
    if (nx !== ny) return nx ? 1 : -1;
    if (!nx && x.value !== y.value) return sign * (x.value - y.value);
    return order.get(x)! - order.get(y)!;
  });
}

function jsonNumber(_key: string, v: unknown): unknown {
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return null;
    if (v === Infinity) return 'Infinity';
    if (v === -Infinity) return '-Infinity';
  }
  return v;
}

/** The --json text (2-space indented). */
export function reportJson(report: MetaEvalReport): string {
  return JSON.stringify(report, jsonNumber, 2);
}

const fmt = (v: number | undefined, digits = 4): string => {
  if (v === undefined) return '';
  if (Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '-∞';
  return v.toFixed(digits);
};

function table(header: string[], rows: string[][], right: boolean[]): string {
  const widths = header.map((h, j) => Math.max([...h].length, ...rows.map((r) => [...r[j]].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, j) => {
        const pad = ' '.repeat(widths[j] - [...c].length);
        return right[j] ? pad + c : c + pad;
      })
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function tableTitle(t: MetaEvalTable): string {
  const parts = [t.measure, { seg: 'segment level', sys: 'system level', pairs: 'preference pairs', lists: 'candidate lists' }[t.level]];
  if (t.grouping) parts.push(`grouped by ${t.grouping}`);
  if (t.group !== undefined) parts.push(t.group);
  return parts.join(' · ');
}

/** One table per measure, then the calibration summary (pairs), the signatures and the seed. */
export function formatReport(report: MetaEvalReport): string {
  const out: string[] = [];
  for (const d of report.data) {
    const what =
      d.shape === 'pairs'
        ? `${d.pairs} preference pairs${d.pairsFrom ? ` (${d.pairsFrom})` : ''}`
        : d.shape === 'lists'
          ? `${d.lists} candidate lists`
          : `${d.systems} systems × ${d.items} items, ${d.rated} rated`;
    out.push(`gold ${d.gold}${d.group !== undefined ? ` [${d.group}]` : ''}: ${what}`);
  }
  const conf = report.bootstrap ? `${Math.round(report.bootstrap.confidence * 100)}% CI` : undefined;
  for (const t of report.tables) {
    out.push('', tableTitle(t));
    const extras = [...new Set(t.rows.flatMap((r) => Object.keys(r.extra ?? {})))].filter((k) => EXTRA_COLUMNS.has(k));
    const bca = t.rows.some((r) => r.ci?.method === 'bca');
    const header = ['scorer', t.measure, ...(conf ? [bca ? `${conf} (BCa)` : conf] : []), ...(report.significance ? ['cluster'] : []), ...extras, 'n'];
    const rows = t.rows.map((r) => [
      r.scorer,
      fmt(r.value),
      ...(conf ? [r.ci ? `[${fmt(r.ci.lower)}, ${fmt(r.ci.upper)}]` : '—'] : []),
      ...(report.significance ? [r.cluster === undefined ? '—' : String(r.cluster)] : []),
      ...extras.map((k) => fmt(r.extra?.[k], k === 'epsilon' || k === 'temperature' ? 4 : 0)),
      String(r.n),
    ]);
    out.push(table(header, rows, header.map((_, j) => j > 0)));
  }
  for (const t of report.systemScores ?? []) {
    out.push('', `system scores · gold ${t.gold}${t.group !== undefined ? ` · ${t.group}` : ''}`);
    const order = t.systems.map((_, k) => k).sort((a, b) => (Number.isNaN(t.goldScores[a]) ? 1 : Number.isNaN(t.goldScores[b]) ? -1 : t.goldScores[b] - t.goldScores[a] || a - b));
    const header = ['system', t.gold, ...t.scores.map((s) => s.scorer)];
    const rows = order.map((k) => [t.systems[k], fmt(t.goldScores[k]), ...t.scores.map((s) => fmt(s.values[k]))]);
    out.push(table(header, rows, header.map((_, j) => j > 0)));
  }
  const summary = calibrationSummary(report);
  if (summary) out.push('', summary);
  out.push('', 'signatures:');
  for (const s of report.scorers) out.push(`  ${s.spec}  ${s.signature}`);
  const sigTest = report.significance?.method === 'Williams' ? 'Williams one-sided' : `${report.significance?.method} ${report.significance?.resamples} permutations`;
  const sig = report.significance ? `; ${sigTest}, α ${report.significance.alpha}, ${report.significance.correction === 'holm' ? 'Holm-adjusted' : 'unadjusted'}` : '';
  const boot = report.bootstrap ? `; bootstrap ${report.bootstrap.resamples} resamples of ${report.bootstrap.unit}` : '';
  const usesPearson = report.significance?.method === 'Williams' || report.tables.some((t) => t.measure.includes('pearson'));
  const dot = usesPearson && report.dotKernel !== undefined ? `; Pearson with the ${report.dotKernel} ddot` : '';
  out.push(`seed: ${report.seed}${boot}${sig}${dot}`);
  for (const n of report.notes) out.push(`note: ${n}`);
  return out.join('\n');
}

const EXTRA_COLUMNS = new Set(['epsilon', 'temperature', 'correct', 'ties', 'correctOriginal', 'correctSwapped', 'correctBoth', 'equal', 'wins', 'agree', 'pairs']);

const SUMMARY_MEASURES = ['accuracy', 'accuracy-half', 'acc23-tc', 'ece', 'brier'] as const;

/** Preference pairs: accuracy, accuracy with ½ tie credit, tie-calibrated accuracy with ε, ECE, Brier and T side by side. */
export function calibrationSummary(report: MetaEvalReport): string | undefined {
  const pairTables = report.tables.filter((t) => t.level === 'pairs' && (SUMMARY_MEASURES as readonly string[]).includes(t.measure));
  if (new Set(pairTables.map((t) => t.measure)).size < 2) return undefined;
  const groups = [...new Set(pairTables.map((t) => t.group ?? ''))];
  const blocks: string[] = ['calibration summary (preference pairs):'];
  for (const g of groups) {
    const ts = pairTables.filter((t) => (t.group ?? '') === g);
    const measures = SUMMARY_MEASURES.filter((m) => ts.some((t) => t.measure === m));
    const scorers = report.scorers.map((s) => s.spec);
    const cell = (spec: string, m: string) => ts.find((t) => t.measure === m)?.rows.find((r) => r.scorer === spec);
    // ECE and Brier carry their interval here, with its method: BCa, since both are biased under resampling
    const withCi = (m: string) => (m === 'ece' || m === 'brier') && ts.some((t) => t.measure === m && t.rows.some((r) => r.ci));
    const ciHeader = (m: string) => {
      const rows = ts.find((t) => t.measure === m)?.rows ?? [];
      const level = report.bootstrap ? `${Math.round(report.bootstrap.confidence * 100)}% ` : '';
      return `${level}CI (${rows.some((r) => r.ci?.method === 'bca') ? 'BCa' : 'percentile'})`;
    };
    const ciCell = (r: MetaEvalRow | undefined) => (r?.ci ? `[${fmt(r.ci.lower)}, ${fmt(r.ci.upper)}]` : '—');
    const header = ['scorer', ...measures.flatMap((m) => [...(m === 'acc23-tc' ? [m, 'ε'] : [m]), ...(withCi(m) ? [ciHeader(m)] : []), ...(m === 'brier' ? ['T'] : [])])];
    const rows = scorers.map((spec) => [
      spec,
      ...measures.flatMap((m) => {
        const r = cell(spec, m);
        const ci = withCi(m) ? [ciCell(r)] : [];
        if (m === 'acc23-tc') return [fmt(r?.value), fmt(r?.extra?.epsilon)];
        if (m === 'brier') return [fmt(r?.value), ...ci, fmt(r?.extra?.temperature)];
        return [fmt(r?.value), ...ci];
      }),
    ]);
    if (g) blocks.push(`[${g}]`);
    blocks.push(table(header, rows, header.map((_, j) => j > 0)));
  }
  return blocks.join('\n');
}
