// Precomputed scores from a table (JSONL, CSV, TSV, Parquet; gzip allowed): one row per (system, item) cell, one
// column per scorer. Every numeric column other than the key columns becomes a precomputed matrix `metric:COLUMN`, so
// `-s column:COLUMN` (or no -s at all) meta-evaluates it. Cells follow the finite-number rule (src/data/numbers.ts):
// an empty CSV cell is a missing score (counted), null or absent is an error unless the missing policy is skip, and
// `"0.7"` in JSON, `nan`, `inf` or 1e999 are errors naming file, line and column. A table without an item column holds
// system-level scores.

import { isTextFormat, MissingValues, readFiniteNumber } from '../data/numbers.js';
import { readRecordTable, recordFormatOf, type RecordFormat } from '../judgments/importers/records.js';
import { RatingsBuilder } from '../judgments/importers/_ratings.js';
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
  /** Where missing cells are counted, under their policy (default: null or absent is an error). */
  missing?: MissingValues;
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
  const text = isTextFormat(options.recordFormat ?? recordFormatOf(file));
  const missing = options.missing ?? new MissingValues('error');
  const builders = columns.map(() => new RatingsBuilder(file, { unit: table.unit, field: options.item ?? options.system }));
  for (const { line, record } of table.rows) {
    const system = String(record[options.system]);
    const item = options.item === undefined ? 'sys' : String(record[options.item]);
    columns.forEach((c, k) => {
      const value = readFiniteNumber(record[c], { file, line, field: c, unit: table.unit }, { text, missing });
      builders[k].add(system, item, value === null ? NaN : value === 0 ? 0 : value, line);
    });
  }
  return builders.map((b, k) => b.build({ protocol: `metric:${columns[k]}`, level: options.item === undefined ? 'sys' : 'seg' }));
}
