// Precomputed scores from a table (JSONL, CSV, TSV, Parquet; gzip allowed): one row per (system, item) cell, one
// column per scorer. Every numeric column other than the key columns becomes a precomputed matrix `metric:COLUMN`, so
// `-s column:COLUMN` (or no -s at all) meta-evaluates it. An empty cell is "no score"; text that is not a number is an
// error naming file, line and column. A table without an item column holds system-level scores.

import { readRecordTable, type RecordFormat } from '../judgments/importers/records.js';
import { RatingsBuilder } from '../judgments/importers/_ratings.js';
import { ratingValue } from '../judgments/importers/_values.js';
import type { Ratings } from '../judgments/types.js';
import { MetaEvalInputError } from './matrices.js';

export interface ScoreTableOptions {
  system: string;
  /** Item column; absent = system-level scores. */
  item?: string;
  /** Only these columns (default: every column but the keys and `exclude`). */
  columns?: readonly string[];
  exclude?: readonly string[];
  recordFormat?: RecordFormat;
}

function isNumericCell(v: unknown): boolean {
  if (typeof v === 'number' || v === null || v === undefined) return true;
  if (typeof v !== 'string') return false;
  const t = v.trim();
  return t === '' || /^(none|nan|null)$/i.test(t) || /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t);
}

export async function readScoreTable(file: string, options: ScoreTableOptions): Promise<Ratings[]> {
  const table = await readRecordTable(file, options.recordFormat);
  if (table.rows.length === 0) throw new MetaEvalInputError(`${file}: no rows`);
  const first = table.rows[0].record;
  for (const key of [options.system, options.item]) {
    if (key !== undefined && !(key in first)) throw new MetaEvalInputError(`${file}: no column "${key}" (columns: ${Object.keys(first).join(', ')})`);
  }
  const keys = new Set([options.system, options.item, ...(options.exclude ?? [])]);
  let columns = options.columns ? [...options.columns] : Object.keys(first).filter((c) => !keys.has(c));
  for (const c of columns) if (!(c in first)) throw new MetaEvalInputError(`${file}: no column "${c}" (columns: ${Object.keys(first).join(', ')})`);
  // Without an explicit list, text columns (outputs, sources) are not scores: keep the columns whose cells are all numeric.
  if (!options.columns) columns = columns.filter((c) => table.rows.every((r) => isNumericCell(r.record[c])));
  if (columns.length === 0) throw new MetaEvalInputError(`${file}: no numeric score column besides ${[...keys].filter(Boolean).join(', ')}`);
  const builders = columns.map(() => new RatingsBuilder(file, { unit: table.unit, field: options.item ?? options.system }));
  for (const { line, record } of table.rows) {
    const system = String(record[options.system]);
    const item = options.item === undefined ? 'sys' : String(record[options.item]);
    columns.forEach((c, k) => builders[k].add(system, item, ratingValue(record[c], { file, line, field: c, unit: table.unit }), line));
  }
  return builders.map((b, k) => b.build({ protocol: `metric:${columns[k]}`, level: options.item === undefined ? 'sys' : 'seg' }));
}
