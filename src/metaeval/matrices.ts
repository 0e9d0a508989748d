// Gold and scorer matrices on the same system × item grid. A gold matrix is a Ratings (NaN = not rated); a scorer
// matrix holds the scorer's segment score for every cell it was asked to score, oriented so that higher is better
// (a `direction: lower` scorer such as TER is negated, as mt-metrics-eval feeds it `-TER`). Three sources:
//   - any Scorer, run on Items built from the ratings' texts (outputs, sources, references);
//   - precomputed Ratings (`metric:NAME` from an importer bundle, or a scores file), aligned by system name and item id;
//   - `column:NAME` on fields of the judgment table's rows (the generic ratings importer keeps only the value).
// A missing score (the scorer abstained, an empty precomputed cell) is NaN here and drops the cell for that scorer.

import { isStatisticsScorer, type Item, type Scorer } from '../scorers/contract.js';
import type { Judgments, Ratings } from '../judgments/types.js';
import { readRecordTable, recordFormatOf, type RecordFormat } from '../judgments/importers/records.js';
import { isTextFormat, readFiniteNumber, type MissingValues } from '../data/numbers.js';
import { scoreItems, type ItemScoringOptions } from './item-scoring.js';

/** Bad input found while lining judgments and scores up; the CLI prints its message (exit 1). */
export class MetaEvalInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetaEvalInputError';
  }
}

export interface GoldMatrix {
  /** Protocol of the ratings (`mqm`, `da-z`, `likert:Coherence`) or `gold`. */
  name: string;
  /** Language pair / subset the matrix belongs to, when the importer knows it. */
  group?: string;
  /** `sys` when every system has a single item (system-level scores). */
  level: 'seg' | 'sys';
  ratings: Ratings;
}

export interface StatisticsMatrix {
  width: number;
  /** One row of `width` numbers per cell (system-major), zeros where the cell was not scored. */
  rows: Float64Array;
  /** Oriented score (higher is better) of summed rows; NaN when the scorer has none. */
  scoreOf(sum: Float64Array): number;
}

export interface ScoreMatrix {
  spec: string;
  signature: string;
  direction: 'higher' | 'lower';
  /** Oriented segment scores, system-major on the gold grid; NaN = not scored. Null for system-level-only scores. */
  values: Float64Array | null;
  /** Sufficient statistics of corpus metrics (BLEU, chrF, TER), so system scores are corpus scores. */
  statistics?: StatisticsMatrix;
  /** Precomputed oriented system scores, one per gold system (NaN = none). */
  system?: Float64Array;
  /** Cells whose score was missing although the gold rated them. */
  missing: number;
}

/** `Human*`-style patterns: `*` matches any run of characters, everything else literally. */
export function systemMatcher(patterns: readonly string[]): (system: string) => boolean {
  const res = patterns.map((p) => new RegExp(`^${p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`));
  return (s) => res.some((re) => re.test(s));
}

/** The ratings without the systems matching `patterns` (texts and counts kept aligned). */
export function withoutSystems(r: Ratings, patterns: readonly string[]): Ratings {
  if (patterns.length === 0) return r;
  const drop = systemMatcher(patterns);
  const keep = r.systems.map((s, k) => [s, k] as const).filter(([s]) => !drop(s));
  if (keep.length === r.systems.length) return r;
  const n = r.items.length;
  const values = new Float64Array(keep.length * n);
  const outputs = r.outputs ? new Array<string | null>(keep.length * n) : undefined;
  const counts = r.counts ? new Uint32Array(keep.length * n) : undefined;
  keep.forEach(([, s], t) => {
    values.set(r.values.subarray(s * n, (s + 1) * n), t * n);
    if (outputs) for (let i = 0; i < n; i++) outputs[t * n + i] = r.outputs![s * n + i];
    if (counts) counts.set(r.counts!.subarray(s * n, (s + 1) * n), t * n);
  });
  const out: Ratings = { ...r, systems: keep.map(([s]) => s), values };
  if (outputs) out.outputs = outputs;
  if (counts) out.counts = counts;
  return out;
}

/** The gold matrices to evaluate against: every Ratings among the judgments (or those whose protocol is in `select`). */
export function goldMatrices(judgments: readonly Judgments[], options: { select?: readonly string[]; excludeSystems?: readonly string[] } = {}): GoldMatrix[] {
  const all = judgments.filter((j): j is Ratings => j.kind === 'ratings');
  const chosen = options.select?.length ? all.filter((r) => options.select!.includes(r.protocol ?? 'gold')) : all;
  if (options.select?.length && chosen.length === 0) {
    throw new MetaEvalInputError(`no gold ratings with protocol ${options.select.join(' or ')} (available: ${[...new Set(all.map((r) => r.protocol ?? 'gold'))].join(', ') || 'none'})`);
  }
  return chosen.map((r0) => {
    const r = withoutSystems(r0, options.excludeSystems ?? []);
    if (r.systems.length === 0) throw new MetaEvalInputError(`every system of ${r0.protocol ?? 'the ratings'} is excluded`);
    const level = r.level === 'sys' || (r.items.length === 1 && r.level !== 'seg') ? 'sys' : 'seg';
    const g: GoldMatrix = { name: r.protocol ?? 'gold', level, ratings: r };
    if (r.group !== undefined) g.group = r.group;
    return g;
  });
}

/** Name of a precomputed matrix: `metric:NAME` → NAME. */
export function precomputedName(r: Ratings): string {
  const p = r.protocol ?? 'scores';
  return p.startsWith('metric:') ? p.slice('metric:'.length) : p;
}

/**
 * A precomputed score matrix (protocol `metric:NAME`) aligned to the gold grid by system name and item id. A gold
 * system with rated cells that the scores do not list at all is an error (misaligned system names are the usual
 * cause); absent items and empty cells are "not scored".
 */
export function alignPrecomputed(gold: GoldMatrix, scores: Ratings, direction: 'higher' | 'lower' = 'higher', spec?: string): ScoreMatrix {
  const name = precomputedName(scores);
  const label = spec ?? `column:${name}`;
  const r = gold.ratings;
  const sysIndex = new Map(scores.systems.map((s, k) => [s, k] as const));
  const sign = direction === 'lower' ? -1 : 1;
  const nI = r.items.length;
  const out: ScoreMatrix = { spec: label, signature: `${label}|precomputed`, direction, values: null, missing: 0 };
  const lost: string[] = [];
  r.systems.forEach((s) => {
    if (!sysIndex.has(s) && hasRated(r, r.systems.indexOf(s))) lost.push(s);
  });
  if (lost.length) {
    throw new MetaEvalInputError(
      `misaligned systems: ${label} has no scores for ${lost.map((s) => JSON.stringify(s)).join(', ')} (its systems: ${scores.systems.slice(0, 12).join(', ')}${scores.systems.length > 12 ? ', …' : ''})`,
    );
  }
  const scoresAreSys = scores.level === 'sys' || (scores.items.length === 1 && scores.items[0] === 'sys');
  if (scoresAreSys) {
    const sys = new Float64Array(r.systems.length).fill(NaN);
    r.systems.forEach((s, k) => {
      const t = sysIndex.get(s);
      if (t !== undefined) sys[k] = sign * scores.values[t * scores.items.length];
    });
    out.system = sys;
    if (gold.level === 'sys') out.missing = countMissing(r, (k) => sys[k]);
    return out;
  }
  if (gold.level === 'sys') throw new MetaEvalInputError(`${label} holds segment scores but the gold is system-level; give system-level scores`);
  const itemIndex = new Map(scores.items.map((id, k) => [id, k] as const));
  const values = new Float64Array(r.systems.length * nI).fill(NaN);
  let matched = 0;
  const cols = r.items.map((id) => itemIndex.get(id) ?? -1);
  for (const c of cols) if (c >= 0) matched++;
  if (matched === 0) throw new MetaEvalInputError(`misaligned items: no item id of ${label} occurs in the gold (gold ids like ${r.items.slice(0, 3).join(', ')}; score ids like ${scores.items.slice(0, 3).join(', ')})`);
  r.systems.forEach((s, k) => {
    const t = sysIndex.get(s);
    if (t === undefined) return;
    for (let i = 0; i < nI; i++) if (cols[i] >= 0) values[k * nI + i] = sign * scores.values[t * scores.items.length + cols[i]];
  });
  out.values = values;
  out.missing = countMissingCells(r, values);
  return out;
}

function hasRated(r: Ratings, s: number): boolean {
  const n = r.items.length;
  for (let i = 0; i < n; i++) if (!Number.isNaN(r.values[s * n + i])) return true;
  return false;
}

function countMissing(r: Ratings, scoreOf: (s: number) => number): number {
  let m = 0;
  for (let s = 0; s < r.systems.length; s++) if (hasRated(r, s) && Number.isNaN(scoreOf(s))) m++;
  return m;
}

function countMissingCells(r: Ratings, values: Float64Array): number {
  let m = 0;
  for (let c = 0; c < values.length; c++) if (!Number.isNaN(r.values[c]) && Number.isNaN(values[c])) m++;
  return m;
}

/** Extra fields of a generic ratings table, per cell (`system\titem`), for `column:NAME` scorers. */
export type CellFields = Map<string, Record<string, unknown>>;

export const cellKey = (system: string, item: string): string => `${system}\t${item}`;

/** Reads the rows of a ratings table once more to keep every field per (system, item) cell. */
export async function readCellFields(
  file: string,
  columns: { system: string; item: string; recordFormat?: RecordFormat; numbers?: { fields: readonly string[]; missing?: MissingValues } },
): Promise<CellFields> {
  const table = await readRecordTable(file, columns.recordFormat);
  const out: CellFields = new Map();
  const text = isTextFormat(columns.recordFormat ?? recordFormatOf(file));
  // a `column:NAME` whose field no row has names a --scores column instead (metric:NAME): nothing to read here
  const numbers = columns.numbers && { ...columns.numbers, fields: columns.numbers.fields.filter((f) => table.rows.some((r) => f in r.record)) };
  for (const { record, line } of table.rows) {
    const s = record[columns.system];
    const i = record[columns.item];
    if (s === undefined || i === undefined) continue;
    // `column:NAME` fields are scores: read here, where the line is known, by the one finite-number rule
    if (numbers) {
      for (const f of numbers.fields) record[f] = readFiniteNumber(record[f], { file, line, unit: table.unit, field: f }, { text, missing: numbers.missing });
    }
    out.set(cellKey(String(s), String(i)), record);
  }
  return out;
}

export interface ScoreCellsOptions extends ItemScoringOptions {
  /** Which cells to score: the rated ones (default) or every cell that has an output. */
  cells?: 'rated' | 'all';
  cellFields?: CellFields;
  onProgress?: (done: number, total: number) => void;
}

/** Builds the Items of the cells to score; checks up front what each scorer needs, with messages naming the cell. */
export function cellItems(gold: GoldMatrix, scorers: readonly Scorer[], options: ScoreCellsOptions = {}): { cells: Int32Array; items: Item[] } {
  const r = gold.ratings;
  const nI = r.items.length;
  const wantAll = options.cells === 'all';
  const needsText = scorers.some((s) => s.family !== 'precomputed');
  const cells: number[] = [];
  for (let c = 0; c < r.values.length; c++) {
    const rated = !Number.isNaN(r.values[c]);
    const text = r.outputs?.[c];
    if (rated || (wantAll && text !== null && text !== undefined)) cells.push(c);
  }
  for (const s of scorers) {
    const label = s.spec();
    if (s.needs.references && !r.references) throw new MetaEvalInputError(`${label} needs references, but the ratings have none (give --ref-field or --texts)`);
    if (s.needs.prompt && !r.sources) throw new MetaEvalInputError(`${label} needs sources/prompts, but the ratings have none (give --source-field or --texts)`);
  }
  const items: Item[] = cells.map((c) => {
    const s = Math.floor(c / nI);
    const i = c % nI;
    const system = r.systems[s];
    const itemId = r.items[i];
    const text = r.outputs?.[c];
    if (needsText && (text === null || text === undefined)) {
      throw new MetaEvalInputError(
        `no output text for system "${system}", item "${itemId}" (a rated cell)${r.outputs ? '' : ': the ratings carry no outputs (give --output-field or --texts)'}; exclude such systems with --exclude-systems`,
      );
    }
    const item: Item = { id: `${system}:${itemId}`, output: text ?? '', meta: { system, item: itemId } };
    const src = r.sources?.[i];
    if (src !== null && src !== undefined) item.prompt = src;
    const refs = r.references?.[i];
    if (refs) item.references = refs;
    const fields = options.cellFields?.get(cellKey(system, itemId));
    if (fields) item.meta = { ...fields, system, item: itemId };
    return item;
  });
  for (const s of scorers) {
    if (!s.needs.references) continue;
    const bad = items.find((it) => !it.references || it.references.length === 0);
    if (bad) throw new MetaEvalInputError(`${s.spec()} needs references, but item "${(bad.meta as { item: string }).item}" has none`);
  }
  return { cells: Int32Array.from(cells), items };
}

/** Runs scorers on the cells of a gold matrix; one oriented ScoreMatrix per scorer, in scorer order. */
export async function scoreCells(gold: GoldMatrix, scorers: readonly Scorer[], options: ScoreCellsOptions = {}): Promise<ScoreMatrix[]> {
  if (gold.level === 'sys') throw new MetaEvalInputError('system-level gold has no segments to score: give precomputed system scores (column:NAME or --scores)');
  const { cells, items } = cellItems(gold, scorers, options);
  const nCells = gold.ratings.values.length;
  const nrefs = items[0]?.references?.length ?? 0;
  const total = items.length * scorers.length;
  const scored = await scoreItems(items, scorers, options, (done) => options.onProgress?.(done * scorers.length, total));
  const out: ScoreMatrix[] = [];
  scorers.forEach((scorer, k) => {
    const sign = scorer.direction === 'lower' ? -1 : 1;
    const values = new Float64Array(nCells).fill(NaN);
    const m: ScoreMatrix = { spec: scorer.spec(), signature: scorer.signature({ nrefs }), direction: scorer.direction, values, missing: 0 };
    const got = scored.values[k];
    if (isStatisticsScorer(scorer)) {
      const stats = scored.statistics[k] ?? new Float64Array(0);
      const w = scorer.statisticsWidth;
      const rows = new Float64Array(nCells * w);
      for (let j = 0; j < items.length; j++) {
        const c = cells[j];
        rows.set(stats.subarray(j * w, (j + 1) * w), c * w);
        values[c] = sign * got[j];
      }
      m.statistics = {
        width: w,
        rows,
        scoreOf: (sum) => {
          const v = scorer.scoreFromStatistics(sum).value;
          return v === null ? NaN : sign * v;
        },
      };
    } else {
      for (let j = 0; j < items.length; j++) values[cells[j]] = Number.isFinite(got[j]) ? sign * got[j] : NaN;
    }
    m.missing = countMissingCells(gold.ratings, values);
    out.push(m);
  });
  return out;
}
