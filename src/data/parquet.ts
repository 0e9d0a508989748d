// Parquet reading with hyparquet, one row group at a time: memory holds one row group, not the file.
//
// Positions are 1-based row numbers (parquet has no lines). Value conversions, each deliberate:
// - INT64 arrives as bigint; it becomes a number when it is a safe integer (|x| < 2^53), so JSON-like records look the
//   same whatever wrote them; larger values stay bigint rather than silently losing digits.
// - Strings are decoded as strict UTF-8 (hyparquet's default decoder would substitute U+FFFD): invalid bytes make that
//   row an `encoding` error naming the column. JSON columns that do not parse are a `json` error likewise.
// - Only the codecs hyparquet supports without plugins can be read (uncompressed, snappy); others are a `format`
//   error saying so.

import type { AsyncBuffer, FileMetaData } from 'hyparquet';
import { DataError } from './errors.js';
import { emptyFileError } from './jsonl.js';
import { firstInvalidUtf8Offset } from './lines.js';
import { ErrorSink } from './policy.js';
import { isPlainObject, type SourceRecord } from './types.js';

export interface ParquetReadOptions {
  sink?: ErrorSink;
  allowEmpty?: boolean;
  /** Read only these columns (all by default). */
  columns?: string[];
}

/** A value hyparquet could not decode; turned into a row error once we know its row and column. */
class UndecodableValue {
  constructor(
    readonly kind: 'encoding' | 'json',
    readonly bytes: Uint8Array,
    readonly detail: string,
  ) {}
}

const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeString(bytes: Uint8Array | undefined): string | UndecodableValue | undefined {
  if (!bytes) return bytes;
  try {
    return strictDecoder.decode(bytes);
  } catch {
    const at = firstInvalidUtf8Offset(bytes);
    const b = bytes[at];
    return new UndecodableValue(
      'encoding',
      Uint8Array.from(bytes),
      `invalid UTF-8: byte 0x${b.toString(16).toUpperCase().padStart(2, '0')} at byte offset ${at} of the value`,
    );
  }
}

function decodeJson(bytes: Uint8Array | undefined): unknown {
  const text = decodeString(bytes);
  if (typeof text !== 'string') return text;
  try {
    return JSON.parse(text);
  } catch (e) {
    return new UndecodableValue('json', Uint8Array.from(bytes as Uint8Array), `invalid JSON: ${(e as Error).message}`);
  }
}

const PARSERS = { stringFromBytes: decodeString, jsonFromBytes: decodeJson };

export async function* readParquetRecords(path: string, opts: ParquetReadOptions = {}): AsyncGenerator<SourceRecord> {
  const sink = opts.sink ?? ErrorSink.failFast();
  // Loaded at the point of use: the CLI's cold start must not pay for a Parquet reader it may never need.
  const { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } = await import('hyparquet');
  let file: AsyncBuffer;
  try {
    file = await asyncBufferFromFile(path);
  } catch (e) {
    throw new DataError({ file: path, line: 0, kind: 'io', detail: `cannot read: ${(e as Error).message}` });
  }
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(file, { parsers: PARSERS });
  } catch (e) {
    throw new DataError({ file: path, line: 0, kind: 'format', detail: `not a readable parquet file: ${(e as Error).message}` });
  }
  if (metadata.num_rows === 0n) {
    if (opts.allowEmpty) return;
    throw emptyFileError(path, 'the parquet file has no rows');
  }
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    let rows: Record<string, unknown>[];
    try {
      rows = await parquetReadObjects({ file, metadata, rowStart, rowEnd, columns: opts.columns, parsers: PARSERS });
    } catch (e) {
      const msg = (e as Error).message;
      const compression = /compress|codec/i.test(msg);
      const hint = compression ? ' (only uncompressed and snappy parquet can be read)' : '; the file is damaged (truncated or overwritten): write it again';
      // hyparquet's message ("Offset is outside the bounds of the DataView") names no column: find the one that fails
      const field = await failingColumn(file, metadata, rowStart, rowEnd, opts.columns);
      const where = `row group ${metadata.row_groups.indexOf(group) + 1} (rows ${rowStart + 1}–${rowEnd})`;
      throw new DataError({ file: path, line: rowStart + 1, unit: 'row', kind: 'format', field, detail: `cannot decode ${where}: ${msg}${hint}` });
    }
    for (let i = 0; i < rows.length; i++) {
      const row = rowStart + i + 1;
      const bad = normalizeRow(rows[i]);
      if (bad !== undefined) {
        const err = new DataError({ file: path, line: row, unit: 'row', kind: bad.value.kind, field: bad.field, detail: bad.value.detail });
        await sink.reject(err, rows[i], bad.value.bytes);
        continue;
      }
      yield { file: path, line: row, unit: 'row', record: rows[i] };
    }
    rowStart = rowEnd;
  }
}

/** Names of the root's children (a list or struct column is one name, its leaves below it are skipped). */
function topLevelColumns(metadata: FileMetaData): string[] {
  const schema = metadata.schema;
  const names: string[] = [];
  let i = 1;
  const skip = (): void => {
    const n = schema[i].num_children ?? 0;
    i++;
    for (let k = 0; k < n; k++) skip();
  };
  for (let k = 0; k < (schema[0].num_children ?? 0) && i < schema.length; k++) {
    names.push(schema[i].name);
    skip();
  }
  return names;
}

/** The first column of a row group that cannot be decoded on its own, or undefined when each decodes alone. */
async function failingColumn(file: AsyncBuffer, metadata: FileMetaData, rowStart: number, rowEnd: number, columns?: string[]): Promise<string | undefined> {
  const { parquetReadObjects } = await import('hyparquet');
  const names = columns ?? topLevelColumns(metadata);
  for (const name of names) {
    try {
      await parquetReadObjects({ file, metadata, rowStart, rowEnd, columns: [name], parsers: PARSERS });
    } catch {
      return name;
    }
  }
  return undefined;
}

/**
 * In place: bigint → number where exact; returns the first undecodable value (and its column) if any. Undecodable
 * values are replaced by their bytes so the rejects file can hold them.
 */
function normalizeRow(row: Record<string, unknown>): { field: string; value: UndecodableValue } | undefined {
  let bad: { field: string; value: UndecodableValue } | undefined;
  for (const key of Object.keys(row)) {
    const found: UndecodableValue[] = [];
    row[key] = normalizeValue(row[key], found);
    if (found.length > 0 && bad === undefined) bad = { field: key, value: found[0] };
  }
  return bad;
}

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function normalizeValue(v: unknown, found: UndecodableValue[]): unknown {
  if (typeof v === 'bigint') return v >= MIN_SAFE && v <= MAX_SAFE ? Number(v) : v;
  if (v instanceof UndecodableValue) {
    found.push(v);
    return v.bytes;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = normalizeValue(v[i], found);
    return v;
  }
  if (isPlainObject(v)) {
    for (const k of Object.keys(v)) v[k] = normalizeValue(v[k], found);
  }
  return v;
}
