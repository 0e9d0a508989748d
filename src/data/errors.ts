// Typed errors for the data layer: every problem names the file, the line (or parquet row) and, where there is one,
// the field, so the CLI can print one message a user can act on without opening a debugger.

/** What went wrong, for programs that branch on it (the rejects file records it too). */
export type DataErrorKind =
  /** the file could not be opened or read (missing, permission, corrupt gzip) */
  | 'io'
  /** bytes that are not valid UTF-8 */
  | 'encoding'
  /** a line or array element that is not valid JSON, or a JSON array file with broken structure */
  | 'json'
  /** CSV/TSV structure: ragged row, unterminated quote, stray character after a closing quote, bad header */
  | 'csv'
  /** a record lacks a field the mapping asks for */
  | 'missing-field'
  /** a field holds the wrong type (number where a string is needed, null output, non-object JSON line) */
  | 'type'
  /** the file holds no records at all */
  | 'empty'
  /** hypothesis and reference files have different numbers of lines, or a record has a different number of references than the first */
  | 'length-mismatch'
  /** a written record does not fit the columns fixed by the first records (CSV header, parquet schema) */
  | 'schema'
  /** the file is not in the format its name or the caller says (e.g. a .parquet file without the PAR1 footer) */
  | 'format'
  /** valid records, but too few of them for the computation asked for (a best-of-n prompt with too few candidates) */
  | 'insufficient';

/** Where a position is counted: text formats count lines, parquet counts rows. Both are 1-based. */
export type PositionUnit = 'line' | 'row';

export interface DataErrorInit {
  file: string;
  /** 1-based line (text formats) or row (parquet); 0 when the problem concerns the whole file. */
  line: number;
  kind: DataErrorKind;
  /** What is wrong, without the location prefix. */
  detail: string;
  field?: string;
  unit?: PositionUnit;
}

/**
 * A problem with input data. The message reads `FILE:LINE: field "x": what is wrong` (the `file:line:` prefix is the
 * form editors and terminals turn into a link); parquet positions read `FILE: row N: ...`; whole-file problems
 * `FILE: ...`.
 */
export class DataError extends Error {
  readonly file: string;
  readonly line: number;
  readonly kind: DataErrorKind;
  readonly detail: string;
  readonly field?: string;
  readonly unit: PositionUnit;

  constructor(init: DataErrorInit) {
    super(formatDataErrorMessage(init));
    this.name = 'DataError';
    this.file = init.file;
    this.line = init.line;
    this.kind = init.kind;
    this.detail = init.detail;
    this.field = init.field;
    this.unit = init.unit ?? 'line';
  }
}

export function formatDataErrorMessage(init: DataErrorInit): string {
  let where = init.file === '-' ? '<stdin>' : init.file;
  if (init.line > 0) where += init.unit === 'row' ? `: row ${init.line}` : `:${init.line}`;
  const field = init.field === undefined ? '' : ` field ${JSON.stringify(init.field)}:`;
  return `${where}:${field} ${init.detail}`;
}

export function isDataError(e: unknown): e is DataError {
  return e instanceof DataError;
}

/** A short, single-line description of a value for error messages (`number 3`, `null`, `array of 2`). */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (Array.isArray(v)) return `array of ${v.length}`;
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return `${typeof v} ${String(v)}`;
  if (v instanceof Date) return 'date';
  return typeof v;
}

/** An output flag that names an input (or another output). The CLI reports it as a usage error (exit 2). */
export class OutputPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputPathError';
  }
}
