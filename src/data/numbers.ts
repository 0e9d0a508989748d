// One rule for every value the CLI reads as a number (score columns, ratings, rewards, proxy and gold scores):
//
// - A JSON/Parquet number must be finite: NaN and ±Infinity (JSON's 1e999 parses as Infinity) are errors.
// - Strings are not numbers in typed input (JSON, Parquet): "0.7" is an error, not 0.7.
// - CSV/TSV cells are text by nature: a cell must parse fully as a decimal number; an empty cell is the format's own
//   "no value" marker, so it is a missing value (counted and reported), never an error and never a zero.
// - null or an absent field is an error unless the caller chose `--missing skip`; then it is counted, and the count
//   and the first few FILE:LINE locations are printed beside the result.
//
// Errors are DataErrors naming file, line (or row) and field.

import { DataError, describeValue, formatDataErrorMessage, type PositionUnit } from './errors.js';

/** What to do with a null or absent value: stop with an error (default), or leave it out and say so. */
export type MissingPolicy = 'error' | 'skip';

export const MISSING_POLICIES: readonly MissingPolicy[] = ['error', 'skip'];

/** Where a value sits, for messages. */
export interface ValueLocation {
  file: string;
  /** 1-based line (text formats) or row (parquet). */
  line: number;
  unit?: PositionUnit;
  field: string;
}

export interface NumberReadOptions {
  /** The value comes from a CSV/TSV cell (text by nature): parse it as a decimal number; '' is missing. */
  text?: boolean;
  /** Where missing values are counted, under its policy; without one, a missing value is an error. */
  missing?: MissingValues;
}

/** Decimal numbers only: `Number()` would also accept hex, binary, `Infinity` and blank text. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A CSV cell as a number, or undefined when it is not fully a decimal number (`Number()` accepts `0x1A`, ` `, `Infinity`). */
export function parseDecimal(text: string): number | undefined {
  const t = text.trim();
  if (!DECIMAL.test(t)) return undefined;
  const x = Number(t);
  return Number.isFinite(x) ? x : undefined;
}

const FIRST_KEPT = 5;

/** Missing values met during a read, under the chosen policy: how many, and where the first few were. */
export class MissingValues {
  private n = 0;
  private readonly firstAt: string[] = [];

  constructor(readonly policy: MissingPolicy = 'error') {}

  get count(): number {
    return this.n;
  }

  /** Records one missing value (the caller has checked it is allowed). */
  note(at: ValueLocation): void {
    this.n++;
    if (this.firstAt.length < FIRST_KEPT) this.firstAt.push(formatLocation(at));
  }

  summary(): MissingSummary {
    return { count: this.n, policy: this.policy, first: [...this.firstAt] };
  }
}

/** The `missing` block of every output (table header line and `--json`). */
export interface MissingSummary {
  count: number;
  policy: MissingPolicy;
  /** `FILE:LINE field "x"` of the first few. */
  first: string[];
}

/** One line for a table header: `missing values: 2 left out (a.jsonl:4 field "r", a.jsonl:9 field "r")`. */
export function formatMissingNote(s: MissingSummary): string {
  const more = s.count > s.first.length ? ', …' : '';
  return `missing values: ${s.count} left out (${s.first.join(', ')}${more})`;
}

function formatLocation(at: ValueLocation): string {
  const where = at.line > 0 ? (at.unit === 'row' ? `${at.file}: row ${at.line}` : `${at.file}:${at.line}`) : at.file;
  return `${where} field ${JSON.stringify(at.field)}`;
}

function valueError(at: ValueLocation, kind: 'type' | 'missing-field', detail: string): DataError {
  return new DataError({ file: at.file, line: at.line, unit: at.unit, field: at.field, kind, detail });
}

/** A message for a value error without throwing (for callers that collect errors). */
export function describeNumberProblem(at: ValueLocation, detail: string): string {
  return formatDataErrorMessage({ file: at.file, line: at.line, unit: at.unit, field: at.field, kind: 'type', detail });
}

/**
 * `raw` as a finite number; null when it is missing and the policy (or the format's own marker) allows that, after
 * counting it. Anything else throws a DataError at `at`. `raw === undefined` means the field is absent.
 */
export function readFiniteNumber(raw: unknown, at: ValueLocation, opts: NumberReadOptions = {}): number | null {
  if (typeof raw === 'number') {
    if (Number.isFinite(raw)) return raw;
    throw valueError(at, 'type', `${describeValue(raw)} is not a finite number${raw === Infinity || raw === -Infinity ? ' (a literal beyond ±1.8e308, such as 1e999, overflows to Infinity)' : ''}`);
  }
  if (typeof raw === 'bigint') {
    const x = Number(raw);
    if (Number.isSafeInteger(x)) return x;
    throw valueError(at, 'type', `integer ${raw} cannot be held exactly by a double`);
  }
  if (typeof raw === 'string' && opts.text) {
    if (raw.trim() === '') return missing(at, opts, true);
    // Python's csv module writes None as `None` (mt-metrics-eval, pandas exports): a null, so missing only under a policy
    if (raw.trim() === 'None') return missing(at, opts, false);
    const x = parseDecimal(raw);
    if (x === undefined) throw valueError(at, 'type', `${describeValue(raw)} is not a finite decimal number`);
    return x;
  }
  if (typeof raw === 'string') {
    throw valueError(at, 'type', `expected a number, got ${describeValue(raw)}: strings are not numbers in JSON (write the number without quotes)`);
  }
  if (raw === null || raw === undefined) return missing(at, opts, opts.text === true && raw === null, raw === undefined);
  throw valueError(at, 'type', `expected a number, got ${describeValue(raw)}`);
}

function missing(at: ValueLocation, opts: NumberReadOptions, formatMarker: boolean, absent = false): null {
  if (opts.missing !== undefined && (formatMarker || opts.missing.policy === 'skip')) {
    opts.missing.note(at);
    return null;
  }
  const what = absent ? 'missing' : 'null';
  throw valueError(at, absent ? 'missing-field' : 'type', `${what}: expected a finite number (pass --missing skip to leave out values that are missing)`);
}

/** Whether a record format holds text cells (CSV/TSV) rather than typed values (JSON, Parquet). */
export function isTextFormat(format: string | undefined): boolean {
  return format === 'csv' || format === 'tsv';
}
