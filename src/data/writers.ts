// Record writers: JSONL, JSON arrays, CSV, TSV (each optionally .gz) and Parquet, chosen by extension.
//
// Columns (CSV/TSV/Parquet) are fixed by the `columns` option or else by the first record (CSV/TSV) or the first
// row group (Parquet, the union of keys in first-seen order). A later record with a key outside them is a `schema`
// error rather than a silently dropped value; a key that is absent is written as null.
//
// - JSONL: JSON.stringify per record. NaN, ±Infinity and bigint have no JSON form and are `type` errors (plain
//   JSON.stringify would write NaN as null without a word).
// - CSV: RFC 4180 quoting, `\n` line ends. A field is quoted when it holds the delimiter, a quote, \n or \r; '' is
//   written `""` and null as an empty unquoted field, so reading back with `emptyField: 'null'` restores both.
//   Numbers and booleans are written as text, objects and arrays as JSON text: CSV has no types, so only strings
//   (and nulls) round-trip exactly.
// - TSV: no quoting by default (IANA TSV, as the readers expect); a value with a tab or line break is an error.
//   `quoting: 'rfc4180'` writes pandas-style quoted TSV instead.
// - JSON (`.json`): one JSON array, one record per line, written as it goes (`[`, records, `]` at close).
// - Parquet: see parquet-writer.ts (one row group in memory at a time).
//
// Every writer writes to a temporary file beside the target and renames it on `close` (output-file.ts): a run that
// fails calls `abort` and leaves no output file, never a readable partial one.

import { once } from 'node:events';
import { open, type FileHandle } from 'node:fs/promises';
import { finished, pipeline } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { createRequire } from 'node:module';
import type { CsvQuoting } from './csv.js';
import { DataError, describeValue } from './errors.js';
import { ParquetRecordWriter, type ParquetColumnType } from './parquet-writer.js';
import { cannotWriteDetail, openAtomicFile, type AtomicFile } from './output-file.js';
import { formatFromPath } from './records.js';

export type WriteFormat = 'jsonl' | 'json' | 'csv' | 'tsv' | 'parquet';
export type { ParquetColumnType } from './parquet-writer.js';

export interface RecordWriterOptions {
  format?: WriteFormat;
  gzip?: boolean;
  /** CSV/TSV/Parquet column order; default from the first record / row group. */
  columns?: string[];
  /** CSV/TSV quoting; default rfc4180 for CSV, none for TSV. */
  quoting?: CsvQuoting;
  /** Parquet column types by name; others are inferred from the first row group. */
  columnTypes?: Record<string, ParquetColumnType>;
  /** Parquet rows per row group (default 10,000). */
  rowGroupSize?: number;
}

export interface RecordWriter {
  readonly path: string;
  readonly format: WriteFormat;
  /** Records written so far. */
  readonly count: number;
  write(record: Record<string, unknown>): Promise<void>;
  /** Flushes and closes the file and moves it into place; the target exists only after this resolves. */
  close(): Promise<void>;
  /** Discards everything written: the target is left as it was before the writer opened (a failed run). */
  abort(): Promise<void>;
}

export async function openRecordWriter(path: string, opts: RecordWriterOptions = {}): Promise<RecordWriter> {
  const detected = formatFromPath(path);
  const format = opts.format ?? detected?.format;
  if (format === undefined) {
    throw new DataError({ file: path, line: 0, kind: 'format', detail: 'cannot tell the output format from the file name; pass a format' });
  }
  const gzip = opts.gzip ?? detected?.gzip ?? false;
  if (format === 'parquet') {
    if (gzip) throw new DataError({ file: path, line: 0, kind: 'format', detail: 'parquet cannot be gzipped; it compresses its own pages' });
    return ParquetRecordWriter.open(path, opts);
  }
  const sink = await TextSink.open(path, gzip);
  if (format === 'jsonl' || format === 'json') return new JsonRecordWriter(path, format, sink);
  const delimiter = format === 'tsv' ? '\t' : ',';
  return new DelimitedRecordWriter(path, format, sink, delimiter, opts.quoting ?? (format === 'tsv' ? 'none' : 'rfc4180'), opts.columns);
}

/** Buffered text output with backpressure, through gzip when asked. */
class TextSink {
  private buffer: string[] = [];
  private buffered = 0;
  private failure: unknown;

  private constructor(
    private readonly target: Writable,
    private readonly done: Promise<void>,
    private readonly file: AtomicFile,
  ) {
    done.catch((e) => {
      this.failure = e;
    });
  }

  static async open(path: string, gzip: boolean): Promise<TextSink> {
    const atomic = openAtomicFile(path);
    let handle: FileHandle;
    try {
      handle = await open(atomic.path, 'w');
    } catch (e) {
      throw new DataError({ file: path, line: 0, kind: 'io', detail: cannotWriteDetail(e, atomic) });
    }
    const file = handle.createWriteStream();
    if (!gzip) return new TextSink(file, finished(file), atomic);
    // node:zlib is required when a .gz output is opened (outside Node's start-up snapshot; most outputs are plain)
    const { createGzip } = createRequire(import.meta.url)('node:zlib') as typeof import('node:zlib');
    const gz = createGzip();
    return new TextSink(gz, pipeline(gz, file), atomic);
  }

  async write(s: string): Promise<void> {
    this.buffer.push(s);
    this.buffered += s.length;
    if (this.buffered >= 1 << 16) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    if (this.buffered === 0) return;
    const chunk = this.buffer.join('');
    this.buffer = [];
    this.buffered = 0;
    if (!this.target.write(chunk)) await Promise.race([once(this.target, 'drain'), this.done]);
  }

  async close(): Promise<void> {
    try {
      await this.flush();
      this.target.end();
      await this.done;
    } catch (e) {
      await this.abort();
      throw e;
    }
    await this.file.commit();
  }

  async abort(): Promise<void> {
    this.buffer = [];
    this.buffered = 0;
    this.target.destroy();
    await this.done.catch(() => undefined);
    await this.file.abort();
  }
}

class JsonRecordWriter implements RecordWriter {
  count = 0;

  constructor(
    readonly path: string,
    readonly format: 'jsonl' | 'json',
    private readonly sink: TextSink,
  ) {}

  async write(record: Record<string, unknown>): Promise<void> {
    const row = this.count + 1;
    const text = JSON.stringify(record, (key, value) => {
      if (typeof value === 'bigint' || (typeof value === 'number' && !Number.isFinite(value))) {
        throw new DataError({
          file: this.path,
          line: row,
          unit: 'row',
          field: key === '' ? undefined : key,
          kind: 'type',
          detail: `${describeValue(value)} has no JSON representation`,
        });
      }
      return value;
    });
    if (this.format === 'jsonl') await this.sink.write(`${text}\n`);
    else await this.sink.write(`${this.count === 0 ? '[\n' : ',\n'}${text}`);
    this.count++;
  }

  async close(): Promise<void> {
    if (this.format === 'json') await this.sink.write(this.count === 0 ? '[]\n' : '\n]\n');
    await this.sink.close();
  }

  abort(): Promise<void> {
    return this.sink.abort();
  }
}

class DelimitedRecordWriter implements RecordWriter {
  count = 0;
  private columns: string[] | undefined;
  private known: Set<string> | undefined;
  private headerWritten = false;

  constructor(
    readonly path: string,
    readonly format: 'csv' | 'tsv',
    private readonly sink: TextSink,
    private readonly delimiter: string,
    private readonly quoting: CsvQuoting,
    columns: string[] | undefined,
  ) {
    if (columns !== undefined) this.setColumns(columns);
  }

  private setColumns(columns: string[]): void {
    this.columns = columns;
    this.known = new Set(columns);
  }

  async write(record: Record<string, unknown>): Promise<void> {
    const row = this.count + 1;
    if (this.columns === undefined) this.setColumns(Object.keys(record));
    const columns = this.columns as string[];
    await this.writeHeader(columns);
    for (const k of Object.keys(record)) {
      if (!(this.known as Set<string>).has(k)) {
        throw new DataError({
          file: this.path,
          line: row,
          unit: 'row',
          field: k,
          kind: 'schema',
          detail: `not one of the columns fixed by the first record (${columns.join(', ')}); pass \`columns\` to the writer`,
        });
      }
    }
    await this.sink.write(this.line(columns.map((c) => record[c]), row));
    this.count++;
  }

  async close(): Promise<void> {
    if (this.columns !== undefined) await this.writeHeader(this.columns);
    await this.sink.close();
  }

  abort(): Promise<void> {
    return this.sink.abort();
  }

  private async writeHeader(columns: string[]): Promise<void> {
    if (this.headerWritten) return;
    this.headerWritten = true;
    await this.sink.write(this.line(columns, 0));
  }

  private line(values: unknown[], row: number): string {
    const cells = new Array<string>(values.length);
    for (let i = 0; i < values.length; i++) cells[i] = this.cell(values[i], row, i);
    return `${cells.join(this.delimiter)}\n`;
  }

  private cell(v: unknown, row: number, col: number): string {
    if (v === null || v === undefined) return '';
    let s: string;
    if (typeof v === 'string') s = v;
    else if (v instanceof Date) s = v.toISOString();
    else if (typeof v === 'object') s = JSON.stringify(v);
    else s = String(v);
    if (this.quoting === 'none') {
      if (/[\t\n\r]/.test(s) || s.includes(this.delimiter)) {
        throw new DataError({
          file: this.path,
          line: row,
          unit: 'row',
          field: this.columns?.[col],
          kind: 'format',
          detail: 'holds a tab or line break, which unquoted TSV cannot represent; write .csv or pass quoting: "rfc4180"',
        });
      }
      return s;
    }
    if (s.length === 0) return '""';
    if (s.includes('"')) return `"${s.replace(/"/g, '""')}"`;
    if (s.includes(this.delimiter) || s.includes('\n') || s.includes('\r')) return `"${s}"`;
    return s;
  }
}
