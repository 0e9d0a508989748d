// JSON Lines: one JSON object per line.
//
// Conventions (each one a choice a user may ask about):
// - A byte-order mark at the start of line 1 is dropped (editors on Windows add one; JSON.parse rejects it).
// - Lines holding only JSON whitespace are not records and are passed over (a trailing blank line is common).
// - Every other line must be a JSON object; an array or a scalar is a `type` error, bad JSON a `json` error.

import { DataError, describeValue } from './errors.js';
import { readLineBatches, invalidUtf8Error, type InvalidLine, type LineBatch, type LineReadOptions } from './lines.js';
import { ErrorSink } from './policy.js';
import { isPlainObject, type SourceRecord } from './types.js';

export interface JsonlReadOptions extends LineReadOptions {
  sink?: ErrorSink;
  /** Accept a file with no records (default: a `empty` DataError). */
  allowEmpty?: boolean;
}

const JSON_BLANK = /^[ \t\r\n]*$/;

export async function* readJsonlRecords(path: string, opts: JsonlReadOptions = {}): AsyncGenerator<SourceRecord> {
  yield* jsonlFromBatches(path, readLineBatches(path, opts), opts);
}

/** The JSONL parser over already-read line batches (the `.json` reader hands over here when the file is not an array). */
export async function* jsonlFromBatches(
  path: string,
  batches: AsyncIterable<LineBatch>,
  opts: JsonlReadOptions = {},
): AsyncGenerator<SourceRecord> {
  const sink = opts.sink ?? ErrorSink.failFast();
  let rows = 0;
  for await (const batch of batches) {
    for (let i = 0; i < batch.lines.length; i++) {
      const line = batch.firstLine + i;
      const invalid = batch.invalid?.get(line);
      const read = readJsonlLine(path, line, batch.lines[i], invalid);
      if (read === null) continue;
      rows++;
      if (read instanceof DataError) {
        await sink.reject(read, withoutLeadingBom(line, batch.lines[i]), invalid?.bytes);
        continue;
      }
      yield read;
    }
  }
  if (rows === 0 && !opts.allowEmpty) throw emptyFileError(path);
}

/**
 * One JSONL line: its record, the DataError that rejects it, or null for a line that is not a record (blank). The one
 * rule for a line, shared by the streaming reader above and the shard reader (jsonl-shards.ts) that parses on threads.
 */
export function readJsonlLine(path: string, line: number, raw: string, invalid: InvalidLine | undefined): SourceRecord | DataError | null {
  if (invalid !== undefined) return invalidUtf8Error(path, line, invalid);
  const text = withoutLeadingBom(line, raw);
  if (JSON_BLANK.test(text)) return null;
  const parsed = parseJsonObject(text, path, line);
  if (parsed instanceof DataError) return parsed;
  return { file: path, line, unit: 'line', record: parsed };
}

function withoutLeadingBom(line: number, text: string): string {
  return line === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Parse `text` as one JSON object, returning (not throwing) a DataError located at `line`, the line where `text`
 * starts. When V8 reports a position (not all its messages do), the detail adds the line and column where it stopped.
 */
export function parseJsonObject(text: string, file: string, line: number): Record<string, unknown> | DataError {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /at position (\d+)/.exec(msg);
    let at = '';
    if (pos) {
      const before = text.slice(0, Number(pos[1]));
      const column = before.length - before.lastIndexOf('\n');
      const extra = countNewlines(before);
      at = extra === 0 ? ` (column ${column})` : ` (line ${line + extra}, column ${column})`;
    }
    return new DataError({ file, line, kind: 'json', detail: `invalid JSON${at}: ${msg}` });
  }
  if (!isPlainObject(value)) {
    return new DataError({ file, line, kind: 'type', detail: `expected a JSON object, got ${describeValue(value)}` });
  }
  return value;
}

export function emptyFileError(file: string, detail = 'the file holds no records'): DataError {
  return new DataError({ file, line: 0, kind: 'empty', detail });
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}
