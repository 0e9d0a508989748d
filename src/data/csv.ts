// CSV and TSV with a header row.
//
// Quoting (`quoting: 'rfc4180'`, the default for CSV): a field that starts with `"` runs to the matching closing
// quote, `""` inside it is one quote, and it may span lines (the record keeps the line where it starts; a CRLF inside
// quotes is data and is kept). A quote in the middle of an unquoted field is taken literally, as Python's csv module
// and pandas do. After a closing quote only the delimiter or the end of the line may follow: anything else is an
// error, since it almost always means an unescaped quote inside a quoted field.
//
// `quoting: 'none'` (the default for TSV): each line is split on the delimiter and quotes are ordinary characters.
// This is the IANA TSV convention and what the WMT / MQM TSV files need (their text fields contain bare `"`).
//
// Every record ends at a line end; a \r right before it is dropped (CRLF files). A blank line is not a record, except
// in a one-column file, where it is a record whose one value is empty. A header is required; its names must be
// unique. A row with a different number of fields than the header is an error naming both counts.
//
// Values are strings. An empty field is '' by default; with `emptyField: 'null'` an empty *unquoted* field is null
// and a quoted `""` stays '' (the PostgreSQL CSV convention, which is how `openRecordWriter` writes null and '').

import { DataError } from './errors.js';
import { emptyFileError } from './jsonl.js';
import { invalidUtf8Error, readLineBatches, type InvalidLine, type LineReadOptions } from './lines.js';
import { ErrorSink } from './policy.js';
import type { SourceRecord } from './types.js';

export type CsvQuoting = 'rfc4180' | 'none';

export interface CsvReadOptions extends LineReadOptions {
  sink?: ErrorSink;
  /** One character; default `,` (`\t` for `.tsv`, chosen by `readRecords`). */
  delimiter?: string;
  /** Default `rfc4180` for a comma delimiter, `none` for a tab. */
  quoting?: CsvQuoting;
  /** How an empty unquoted field reads: '' (default) or null. */
  emptyField?: 'string' | 'null';
  allowEmpty?: boolean;
  /** Longest quoted field, in UTF-16 units, before giving up on a missing closing quote (default 64 Mi). */
  maxFieldChars?: number;
}

/** One parsed record (or the error that ended it) with the raw lines it came from. */
export interface CsvRow {
  line: number;
  fields: (string | null)[];
  raw: string[];
  error?: DataError;
  invalid?: { line: number } & InvalidLine;
  /** A blank line (no record, except in a one-column file). */
  blank?: true;
}

const QUOTE = 0x22;
const CR = 0x0d;

export async function* readCsvRecords(path: string, opts: CsvReadOptions = {}): AsyncGenerator<SourceRecord> {
  const sink = opts.sink ?? ErrorSink.failFast();
  const delimiter = opts.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new Error(`CSV delimiter must be one character other than a quote or a line break, got ${JSON.stringify(delimiter)}`);
  }
  const quoting = opts.quoting ?? (delimiter === '\t' ? 'none' : 'rfc4180');
  const parser = new CsvLineParser(path, delimiter, quoting, opts.emptyField === 'null', opts.maxFieldChars);

  let header: string[] | undefined;
  let rows = 0;

  for await (const batch of readLineBatches(path, opts)) {
    for (let i = 0; i < batch.lines.length; i++) {
      const line = batch.firstLine + i;
      let text = batch.lines[i];
      if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      const row = parser.feed(text, line, batch.invalid?.get(line));
      if (row === undefined) continue;
      if (header === undefined) {
        if (row.blank) continue;
        header = checkHeader(path, row);
        parser.names = header;
        continue;
      }
      if (row.blank) {
        if (header.length !== 1) continue;
        row.fields = [parser.emptyValue];
      }
      rows++;
      const rec = await toRecord(row, header);
      if (rec !== undefined) yield rec;
    }
  }
  const last = parser.finish();
  if (last !== undefined) {
    if (header === undefined) throw last.error ?? new Error('unreachable: unfinished CSV header without an error');
    rows++;
    const rec = await toRecord(last, header);
    if (rec !== undefined) yield rec;
  }
  if (header === undefined) {
    if (opts.allowEmpty) return;
    throw emptyFileError(path, 'the file is empty: a header row is required');
  }
  if (rows === 0 && !opts.allowEmpty) throw emptyFileError(path, 'the file has a header but no records');

  async function toRecord(row: CsvRow, names: string[]): Promise<SourceRecord | undefined> {
    const raw = row.raw.join('\n');
    if (row.invalid !== undefined) {
      await sink.reject(invalidUtf8Error(path, row.invalid.line, row.invalid), raw, row.invalid.bytes);
      return undefined;
    }
    if (row.error !== undefined) {
      await sink.reject(row.error, raw);
      return undefined;
    }
    if (row.fields.length !== names.length) {
      const err = new DataError({
        file: path,
        line: row.line,
        kind: 'csv',
        detail: `expected ${names.length} fields (as in the header), found ${row.fields.length}`,
      });
      await sink.reject(err, raw);
      return undefined;
    }
    const record: Record<string, unknown> = {};
    // defineProperty, not assignment: a column named "__proto__" must become a field, not a prototype
    for (let k = 0; k < names.length; k++) {
      Object.defineProperty(record, names[k], { value: row.fields[k], enumerable: true, writable: true, configurable: true });
    }
    return { file: path, line: row.line, unit: 'line', record };
  }
}

function checkHeader(path: string, row: CsvRow): string[] {
  if (row.invalid !== undefined) throw invalidUtf8Error(path, row.invalid.line, row.invalid);
  if (row.error !== undefined) throw row.error;
  const names = row.fields.map((f) => f ?? '');
  const seen = new Map<string, number>();
  for (let k = 0; k < names.length; k++) {
    const prev = seen.get(names[k]);
    if (prev !== undefined) {
      throw new DataError({
        file: path,
        line: row.line,
        kind: 'csv',
        field: names[k],
        detail: `header names this column twice (columns ${prev + 1} and ${k + 1})`,
      });
    }
    seen.set(names[k], k);
  }
  return names;
}

/**
 * Turns lines into records. Each line completes at most one record, since records end at line ends; a quoted field
 * that is still open at the end of a line continues on the next.
 */
export class CsvLineParser {
  private fields: (string | null)[] = [];
  private parts: string[] = [];
  private partChars = 0;
  private inRecord = false;
  private inQuoted = false;
  private quoteLine = 0;
  private startLine = 0;
  private raw: string[] = [];
  private invalid: CsvRow['invalid'];
  readonly emptyValue: string | null;
  /** Column names, once the header is read: errors inside a field then name its column. */
  names: string[] | undefined;

  constructor(
    private readonly file: string,
    private readonly delimiter: string,
    private readonly quoting: CsvQuoting,
    emptyAsNull: boolean,
    private readonly maxFieldChars = 64 * 1024 * 1024,
  ) {
    this.emptyValue = emptyAsNull ? null : '';
  }

  /** Feed the next line; returns a finished (or blank) row, or undefined while a quoted field is open. */
  feed(text: string, line: number, invalid?: InvalidLine): CsvRow | undefined {
    if (!this.inRecord) {
      if (text.length === 0 || (text.length === 1 && text.charCodeAt(0) === CR)) {
        return { line, fields: [], raw: [text], blank: true };
      }
      this.inRecord = true;
      this.startLine = line;
      this.fields = [];
      this.raw = [];
      this.invalid = undefined;
    }
    this.raw.push(text);
    if (invalid !== undefined && this.invalid === undefined) this.invalid = { line, ...invalid };
    if (this.quoting === 'none') return this.splitUnquoted(text);

    const n = text.length;
    let pos = 0;
    if (this.inQuoted) {
      this.parts.push('\n');
      this.partChars++;
    }
    for (;;) {
      if (!this.inQuoted) {
        if (pos < n && text.charCodeAt(pos) === QUOTE) {
          this.inQuoted = true;
          this.quoteLine = line;
          this.parts = [];
          this.partChars = 0;
          pos++;
        } else {
          const d = text.indexOf(this.delimiter, pos);
          if (d < 0) {
            const end = n > pos && text.charCodeAt(n - 1) === CR ? n - 1 : n;
            this.pushUnquoted(text.slice(pos, end));
            return this.complete();
          }
          this.pushUnquoted(text.slice(pos, d));
          pos = d + 1;
          continue;
        }
      }
      // inside a quoted field
      const q = text.indexOf('"', pos);
      if (q < 0) {
        this.parts.push(text.slice(pos));
        this.partChars += n - pos;
        if (this.partChars > this.maxFieldChars) {
          throw new DataError({
            file: this.file,
            line: this.quoteLine,
            kind: 'csv',
            detail: `quoted field is longer than ${this.maxFieldChars} characters: is its closing quote missing?`,
          });
        }
        return undefined;
      }
      this.parts.push(text.slice(pos, q));
      this.partChars += q - pos;
      if (q + 1 < n && text.charCodeAt(q + 1) === QUOTE) {
        this.parts.push('"');
        pos = q + 2;
        continue;
      }
      // the closing quote
      this.inQuoted = false;
      this.fields.push(this.parts.join(''));
      this.parts = [];
      pos = q + 1;
      if (pos === n || (pos === n - 1 && text.charCodeAt(pos) === CR)) return this.complete();
      if (text.startsWith(this.delimiter, pos)) {
        pos++;
        continue;
      }
      const index = this.fields.length - 1;
      const err = new DataError({
        file: this.file,
        line,
        kind: 'csv',
        field: this.names?.[index],
        detail:
          `unexpected ${JSON.stringify(text[pos])} after the closing quote of field ${index + 1} ` +
          `(a quote inside a quoted field must be doubled: "")`,
      });
      return this.complete(err);
    }
  }

  /** At end of input: the unfinished record, if a quoted field was never closed. */
  finish(): CsvRow | undefined {
    if (!this.inQuoted) return undefined;
    this.inQuoted = false;
    const err = new DataError({
      file: this.file,
      line: this.quoteLine,
      kind: 'csv',
      field: this.names?.[this.fields.length],
      detail: 'unterminated quoted field: the quote opened here is never closed before the end of the file',
    });
    return this.complete(err);
  }

  private pushUnquoted(value: string): void {
    this.fields.push(value.length === 0 ? this.emptyValue : value);
  }

  private splitUnquoted(text: string): CsvRow {
    const body = text.charCodeAt(text.length - 1) === CR ? text.slice(0, -1) : text;
    for (const v of body.split(this.delimiter)) this.pushUnquoted(v);
    return this.complete();
  }

  private complete(error?: DataError): CsvRow {
    this.inRecord = false;
    const row: CsvRow = { line: this.startLine, fields: this.fields, raw: this.raw, error, invalid: this.invalid };
    this.fields = [];
    this.raw = [];
    this.invalid = undefined;
    return row;
  }
}
