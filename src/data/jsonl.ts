// JSON Lines: one JSON object per line.
//
// Conventions (each one a choice a user may ask about):
// - A byte-order mark at the start of line 1 is dropped (editors on Windows add one; JSON.parse rejects it).
// - Lines holding only JSON whitespace are not records and are passed over (a trailing blank line is common).
// - Every other line must be a JSON object; an array or a scalar is a `type` error, bad JSON a `json` error.

import { DataError, describeValue } from './errors.js';
import { readLineBatches, invalidUtf8Error, type LineBatch, type LineReadOptions } from './lines.js';
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
      let text = batch.lines[i];
      if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      const invalid = batch.invalid?.get(line);
      if (invalid !== undefined) {
        rows++;
        await sink.reject(invalidUtf8Error(path, line, invalid), text, invalid.bytes);
        continue;
      }
      if (JSON_BLANK.test(text)) continue;
      rows++;
      const parsed = parseJsonObject(text, path, line);
      if (parsed instanceof DataError) {
        await sink.reject(parsed, text);
        continue;
      }
      yield { file: path, line, unit: 'line', record: parsed };
    }
  }
  if (rows === 0 && !opts.allowEmpty) throw emptyFileError(path);
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
