// Shapes shared by the readers.

/** The record formats `readRecords` knows. `json` is a file holding one JSON array of objects. */
export type RecordFormat = 'jsonl' | 'json' | 'csv' | 'tsv' | 'parquet';

/** One record and where it came from, so later stages (field mapping) can name file and line in their errors. */
export interface SourceRecord {
  file: string;
  /** 1-based line where the record starts (text formats) or 1-based row (parquet; see `unit`). */
  line: number;
  unit: 'line' | 'row';
  record: Record<string, unknown>;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof Uint8Array);
}
