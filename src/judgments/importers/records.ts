// Records (one object per row) from JSONL, JSON arrays, CSV/TSV with a header, or Parquet, each with its position, so
// every importer built on them can name file, line (row for Parquet) and field in its errors. Reading is the data
// layer's (`src/data` readRecords); this adds what the public judgment files need on top: gzip recognised by its
// magic bytes whatever the name (several upstream `.json` files are shipped gzipped), and a content sniff for files
// whose name does not say the format.

import type { PositionUnit } from '../../data/errors.js';
import { readRecords } from '../../data/records.js';
import type { SourceRecord } from '../../data/types.js';
import { isGzip, readFirstBytes, readText, withoutGz } from './_io.js';

export type RecordFormat = 'jsonl' | 'json' | 'csv' | 'tsv' | 'parquet';

export interface RecordRow {
  /** 1-based line (text formats) or row (parquet). */
  line: number;
  record: Record<string, unknown>;
}

export interface RecordTable {
  file: string;
  unit: PositionUnit;
  rows: RecordRow[];
}

/** The record format a file name implies (`.gz` ignored), or undefined. */
export function recordFormatOf(file: string): RecordFormat | undefined {
  const name = withoutGz(file).toLowerCase();
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'jsonl';
  if (name.endsWith('.json')) return 'json';
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.tsv')) return 'tsv';
  if (name.endsWith('.parquet')) return 'parquet';
  return undefined;
}

export async function readRecordTable(file: string, format?: RecordFormat): Promise<RecordTable> {
  const head = await readFirstBytes(file, 4);
  const gzip = isGzip(head);
  const fmt = format ?? recordFormatOf(file) ?? (await sniffFormat(file, head));
  const rows: RecordRow[] = [];
  let unit: PositionUnit = fmt === 'parquet' ? 'row' : 'line';
  for await (const r of readRecords(file, { format: fmt, gzip })) {
    rows.push({ line: r.line, record: plainValues(r.record) });
    unit = r.unit;
  }
  return { file, unit, rows };
}


/** Files without a known extension: Parquet by its magic bytes, a JSON array by its `[`, otherwise JSON Lines. */
async function sniffFormat(file: string, head: Buffer): Promise<RecordFormat> {
  if (head.toString('latin1') === 'PAR1') return 'parquet';
  return (await readText(file)).trimStart().startsWith('[') ? 'json' : 'jsonl';
}

/** Parquet INT64 columns may arrive as BigInt; ids and counts are far below 2^53, so plain numbers are what users expect. */
function plainValues(record: SourceRecord['record']): Record<string, unknown> {
  for (const k of Object.keys(record)) record[k] = plainValue(record[k]);
  return record;
}

function plainValue(v: unknown): unknown {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v;
  if (Array.isArray(v)) return v.map(plainValue);
  return v;
}
