// One entry point for record files: the format comes from the extension (or `format`), `.gz` is gunzipped.

import { statSync } from 'node:fs';
import { readCsvRecords, type CsvQuoting } from './csv.js';
import { DataError } from './errors.js';
import { readJsonRecords } from './json-array.js';
import { readJsonlRecords } from './jsonl.js';
import { readJsonlShards, type JsonlShard } from './jsonl-shards.js';
import type { FieldMapping } from './items.js';
import { isGzipPath } from './lines.js';
import { readParquetRecords } from './parquet.js';
import { ErrorSink } from './policy.js';
import type { RecordFormat, SourceRecord } from './types.js';

export interface ReadRecordsOptions {
  /** Bytes per read for the text formats (default 64 KiB). */
  chunkSize?: number;
  /** Overrides the extension. */
  format?: RecordFormat;
  /** Overrides the `.gz` extension rule. */
  gzip?: boolean;
  /** Where row errors go; default: throw the first. */
  sink?: ErrorSink;
  /** Accept a file with no records (default: an `empty` DataError, since an empty evaluation is nearly always a mistake). */
  allowEmpty?: boolean;
  /** CSV/TSV: delimiter (default by format), quoting (default rfc4180 for CSV, none for TSV), empty-field reading. */
  delimiter?: string;
  quoting?: CsvQuoting;
  emptyField?: 'string' | 'null';
  /** CSV: longest quoted field before a missing closing quote is assumed (default 64 Mi UTF-16 units). */
  maxFieldChars?: number;
  /** Parquet: read only these columns. */
  columns?: string[];
}

const EXTENSIONS: Record<string, RecordFormat> = {
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.jsonlines': 'jsonl',
  '.json': 'json',
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.tab': 'tsv',
  '.parquet': 'parquet',
  '.pq': 'parquet',
};

/** The format and compression a path's name implies, or undefined for an unknown extension. */
export function formatFromPath(path: string): { format: RecordFormat; gzip: boolean } | undefined {
  const gzip = isGzipPath(path);
  const base = (gzip ? path.slice(0, -3) : path).toLowerCase();
  const dot = base.lastIndexOf('.');
  const format = dot < 0 ? undefined : EXTENSIONS[base.slice(dot)];
  return format === undefined ? undefined : { format, gzip };
}

/** Records of `path`, streamed. Whole-file problems throw DataError; row problems go to `opts.sink`. */
export function readRecords(path: string, opts: ReadRecordsOptions = {}): AsyncIterable<SourceRecord> {
  assertNotFolder(path);
  const detected = formatFromPath(path);
  const format = opts.format ?? detected?.format;
  if (format === undefined) {
    throw new DataError({
      file: path,
      line: 0,
      kind: 'format',
      detail: `cannot tell the format from the file name; use .jsonl, .json, .csv, .tsv or .parquet (optionally .gz), or name the format with --format`,
    });
  }
  const gzip = opts.gzip ?? detected?.gzip ?? isGzipPath(path);
  const sink = opts.sink ?? ErrorSink.failFast();
  const common = { sink, allowEmpty: opts.allowEmpty, gzip, chunkSize: opts.chunkSize };
  switch (format) {
    case 'jsonl':
      return readJsonlRecords(path, common);
    case 'json':
      return readJsonRecords(path, common);
    case 'csv':
    case 'tsv':
      return readCsvRecords(path, {
        ...common,
        delimiter: opts.delimiter ?? (format === 'tsv' ? '\t' : ','),
        quoting: opts.quoting,
        emptyField: opts.emptyField,
        maxFieldChars: opts.maxFieldChars,
      });
    case 'parquet':
      if (gzip) {
        throw new DataError({
          file: path,
          line: 0,
          kind: 'format',
          detail: 'gzipped parquet cannot be read: parquet needs random access and compresses its own pages',
        });
      }
      return readParquetRecords(path, { sink, allowEmpty: opts.allowEmpty, columns: opts.columns });
  }
}

/**
 * A JSONL input as shards of whole lines, `rowsPerShard` records each, to be read into items where they are scored
 * (`readJsonlShards`; fail-fast only); undefined for every other format (read those with `readRecords`).
 */
export function readJsonlShardsOf(path: string, mapping: FieldMapping, opts: Pick<ReadRecordsOptions, 'format' | 'gzip' | 'allowEmpty'> & { rowsPerShard: number }): AsyncIterable<JsonlShard> | undefined {
  const detected = formatFromPath(path);
  if ((opts.format ?? detected?.format) !== 'jsonl') return undefined;
  assertNotFolder(path);
  return readJsonlShards(path, mapping, { rowsPerShard: opts.rowsPerShard, gzip: opts.gzip ?? detected?.gzip ?? isGzipPath(path), allowEmpty: opts.allowEmpty });
}

function assertNotFolder(path: string): void {
  if (path !== '-' && statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
    throw new DataError({ file: path, line: 0, kind: 'io', detail: 'is a folder, not a record file: give a .jsonl, .json, .csv, .tsv or .parquet file' });
  }
}
