// Parquet writing with hyparquet-writer, one row group at a time.
//
// Rows are buffered `rowGroupSize` at a time (default 10,000); each buffer becomes one row group, so memory holds one
// row group, not the file. Columns come from `columns` or from the first row group (the union of its keys, in
// first-seen order); a later record with another key is a `schema` error, a missing key is null. Column types come
// from `columnTypes` or from the first row group's values: strings → STRING, numbers → DOUBLE (INT32 / INT64 only
// when asked: a later 0.5 in an inferred integer column would fail), booleans → BOOLEAN, bigint → INT64,
// Date → TIMESTAMP, objects and arrays → JSON, a column of nulls only → STRING. Every column is nullable. A later value
// that does not fit its column's type is a `schema` error naming row and column; nothing is converted lossily.

import { writeFileSync } from 'node:fs';
import type { BasicType, ColumnSource, ParquetWriter } from 'hyparquet-writer';

type HyparquetWriter = typeof import('hyparquet-writer');
let writerModule: HyparquetWriter | undefined;
// Loaded at the first write: the CLI's cold start must not pay for a Parquet writer it may never need.
async function loadWriterModule(): Promise<HyparquetWriter> {
  return (writerModule ??= await import('hyparquet-writer'));
}
import { DataError, describeValue } from './errors.js';
import { cannotWriteDetail, openAtomicFile, type AtomicFile } from './output-file.js';

export type ParquetColumnType = 'STRING' | 'DOUBLE' | 'INT32' | 'INT64' | 'BOOLEAN' | 'JSON' | 'TIMESTAMP';

export interface ParquetWriterOptions {
  columns?: string[];
  columnTypes?: Record<string, ParquetColumnType>;
  rowGroupSize?: number;
}

export class ParquetRecordWriter {
  readonly format = 'parquet';
  count = 0;
  private pending: Record<string, unknown>[] = [];
  private writer: ParquetWriter | undefined;
  private columns: { name: string; type: ParquetColumnType }[] | undefined;
  private known: Set<string> | undefined;

  private constructor(
    readonly path: string,
    private readonly opts: ParquetWriterOptions,
    private readonly rowGroupSize: number,
    private readonly file: AtomicFile,
  ) {}

  static open(path: string, opts: ParquetWriterOptions): ParquetRecordWriter {
    const size = opts.rowGroupSize ?? 10_000;
    if (!(Number.isInteger(size) && size > 0)) throw new Error(`rowGroupSize must be a positive integer, got ${size}`);
    const file = openAtomicFile(path);
    try {
      writeFileSync(file.path, '');
    } catch (e) {
      throw new DataError({ file: path, line: 0, kind: 'io', detail: cannotWriteDetail(e, file) });
    }
    return new ParquetRecordWriter(path, opts, size, file);
  }

  async write(record: Record<string, unknown>): Promise<void> {
    if (writerModule === undefined) await loadWriterModule();
    this.pending.push(record);
    if (this.pending.length >= this.rowGroupSize) this.flush();
  }

  async close(): Promise<void> {
    if (writerModule === undefined) await loadWriterModule();
    try {
      if (this.pending.length > 0 || this.writer === undefined) this.flush();
      await (this.writer as ParquetWriter).finish();
    } catch (e) {
      await this.file.abort();
      throw e;
    }
    await this.file.commit();
  }

  async abort(): Promise<void> {
    this.pending = [];
    await this.file.abort();
  }

  private flush(): void {
    const rows = this.pending;
    this.pending = [];
    const firstRow = this.count + 1;
    if (this.columns === undefined) this.columns = this.inferColumns(rows, firstRow);
    const columnData: ColumnSource[] = this.columns.map(({ name, type }) => ({
      name,
      type: type as BasicType,
      nullable: true,
      data: this.columnValues(rows, name, type, firstRow),
    }));
    for (let r = 0; r < rows.length; r++) {
      for (const k of Object.keys(rows[r])) {
        if (!(this.known as Set<string>).has(k)) {
          throw new DataError({
            file: this.path,
            line: firstRow + r,
            unit: 'row',
            field: k,
            kind: 'schema',
            detail: `not one of the columns fixed by the first row group (${[...(this.known as Set<string>)].join(', ')}); pass \`columns\``,
          });
        }
      }
    }
    if (this.writer === undefined) {
      const { fileWriter, ParquetWriter, schemaFromColumnData } = writerModule as HyparquetWriter;
      this.writer = new ParquetWriter({ writer: fileWriter(this.file.path), schema: schemaFromColumnData({ columnData }) });
    }
    if (rows.length > 0) this.writer.write({ columnData, rowGroupSize: rows.length });
    this.count += rows.length;
  }

  private inferColumns(rows: Record<string, unknown>[], firstRow: number): { name: string; type: ParquetColumnType }[] {
    let names = this.opts.columns;
    if (names === undefined) {
      const seen = new Set<string>();
      for (const r of rows) for (const k of Object.keys(r)) seen.add(k);
      names = [...seen];
    }
    this.known = new Set(names);
    return names.map((name) => ({ name, type: this.opts.columnTypes?.[name] ?? inferType(rows, name, this.path, firstRow) }));
  }

  private columnValues(rows: Record<string, unknown>[], name: string, type: ParquetColumnType, firstRow: number): unknown[] {
    const out = new Array<unknown>(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const v = rows[r][name];
      if (v === null || v === undefined) {
        out[r] = null;
        continue;
      }
      const converted = fitValue(v, type);
      if (converted === undefined) {
        throw new DataError({
          file: this.path,
          line: firstRow + r,
          unit: 'row',
          field: name,
          kind: 'schema',
          detail: `${describeValue(v)} does not fit the column type ${type}${this.opts.columnTypes?.[name] ? '' : ' (inferred from the first row group; pass columnTypes)'}`,
        });
      }
      out[r] = converted;
    }
    return out;
  }
}

function typeOfValue(v: unknown): ParquetColumnType {
  if (typeof v === 'string') return 'STRING';
  if (typeof v === 'number') return 'DOUBLE';
  if (typeof v === 'boolean') return 'BOOLEAN';
  if (typeof v === 'bigint') return 'INT64';
  if (v instanceof Date) return 'TIMESTAMP';
  return 'JSON';
}

function inferType(rows: Record<string, unknown>[], name: string, path: string, firstRow: number): ParquetColumnType {
  let type: ParquetColumnType | undefined;
  for (let r = 0; r < rows.length; r++) {
    const v = rows[r][name];
    if (v === null || v === undefined) continue;
    const t = typeOfValue(v);
    if (type === undefined) type = t;
    else if (t !== type) {
      throw new DataError({
        file: path,
        line: firstRow + r,
        unit: 'row',
        field: name,
        kind: 'schema',
        detail: `${describeValue(v)} in a column whose earlier values are ${type}; pass columnTypes (e.g. JSON)`,
      });
    }
  }
  return type ?? 'STRING';
}

/** The value as the parquet writer wants it for `type`, or undefined if it does not fit (no lossy conversion). */
function fitValue(v: unknown, type: ParquetColumnType): unknown {
  switch (type) {
    case 'STRING':
      return typeof v === 'string' ? v : undefined;
    case 'DOUBLE':
      return typeof v === 'number' ? v : undefined;
    case 'BOOLEAN':
      return typeof v === 'boolean' ? v : undefined;
    case 'INT32':
      return typeof v === 'number' && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647 ? v : undefined;
    case 'INT64':
      if (typeof v === 'bigint') return v;
      return typeof v === 'number' && Number.isSafeInteger(v) ? BigInt(v) : undefined;
    case 'TIMESTAMP':
      return v instanceof Date ? v : undefined;
    case 'JSON':
      return v;
  }
}
