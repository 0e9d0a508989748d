// Reliability data (Krippendorff's term): raters × units, one value per cell or none. The agreement coefficients
// (raw agreement, Cohen's κ, Fleiss' κ, Krippendorff's α) all read this one shape; long records (unit, rater, value)
// and nested arrays are turned into it here.

import { DataError } from '../data/errors.js';
import type { ValueLocation } from '../data/numbers.js';

/** Raters × units; `values[r * units.length + u]`, NaN where rater r did not rate unit u. */
export interface ReliabilityData {
  raters: string[];
  units: string[];
  values: Float64Array;
  /** Present when the raw values were labels: `values` then hold codes 0…k−1 into this list. */
  categories?: string[];
}

export interface ReliabilityRecord {
  unit: string;
  rater: string;
  /** A number, a label, or null / undefined / NaN for "not rated". */
  value: number | string | null | undefined;
  /** Where the value was read (file, line, field), so data errors name it; library callers may leave it out. */
  at?: ValueLocation;
}

export interface ReliabilityOptions {
  /**
   * The order of string labels, lowest first. Needed for ordinal/interval/ratio analyses of labels (the code of a
   * label is its position); without it labels are coded in code-point order, which only nominal analyses may use.
   */
  order?: readonly string[];
}

/**
 * From nested arrays, one row per rater (the `krippendorff` package's `reliability_data` layout). `null`,
 * `undefined` and NaN mark missing values; string labels are coded as in `reliabilityFromRecords`.
 */
export function reliabilityMatrix(rows: ReadonlyArray<ReadonlyArray<number | string | null | undefined>>, options: ReliabilityOptions = {}): ReliabilityData {
  const nUnits = rows.length ? rows[0].length : 0;
  rows.forEach((r, i) => {
    if (r.length !== nUnits) throw new RangeError(`rater row ${i} has ${r.length} values, row 0 has ${nUnits}`);
  });
  const records: ReliabilityRecord[] = [];
  rows.forEach((r, i) => r.forEach((v, u) => records.push({ unit: String(u), rater: String(i), value: v })));
  // every cell is a record, so every rater and unit is kept, in order, even one without any value
  return reliabilityFromRecords(records, options);
}

/** From long records. Raters and units keep first-seen order; a second value for the same (unit, rater) is an error. */
export function reliabilityFromRecords(records: Iterable<ReliabilityRecord>, options: ReliabilityOptions = {}): ReliabilityData {
  const raterIndex = new Map<string, number>();
  const unitIndex = new Map<string, number>();
  const cells: { r: number; u: number; value: number | string; rec: ReliabilityRecord }[] = [];
  let firstNumber: ReliabilityRecord | undefined;
  let firstString: ReliabilityRecord | undefined;
  for (const rec of records) {
    let r = raterIndex.get(rec.rater);
    if (r === undefined) raterIndex.set(rec.rater, (r = raterIndex.size));
    let u = unitIndex.get(rec.unit);
    if (u === undefined) unitIndex.set(rec.unit, (u = unitIndex.size));
    const v = rec.value;
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) continue;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw valueError(rec, `value ${v} is not a finite number`, RangeError);
      firstNumber ??= rec;
      if (firstString) throw mixedError(rec, firstString);
    } else {
      firstString ??= rec;
      if (firstNumber) throw mixedError(rec, firstNumber);
    }
    cells.push({ r, u, value: v, rec });
  }
  const raters = [...raterIndex.keys()];
  const units = [...unitIndex.keys()];
  const values = new Float64Array(raters.length * units.length).fill(NaN);
  const setBy: (ReliabilityRecord | undefined)[] = new Array(values.length);
  let categories: string[] | undefined;
  let code: Map<string, number> | undefined;
  if (firstString) {
    if (options.order) {
      categories = [...options.order];
      const known = new Set(categories);
      const outside = cells.find((c) => !known.has(c.value as string));
      if (outside) {
        const missing = [...new Set(cells.map((c) => c.value as string).filter((l) => !known.has(l)))];
        throw valueError(outside.rec, `labels not in the given order: ${missing.map((m) => JSON.stringify(m)).join(', ')} (order: ${categories.map((c) => JSON.stringify(c)).join(', ')})`, RangeError);
      }
    } else {
      categories = [...new Set(cells.map((c) => c.value as string))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    }
    code = new Map(categories.map((c, i) => [c, i]));
  }
  for (const c of cells) {
    const at = c.r * units.length + c.u;
    if (!Number.isNaN(values[at])) {
      const first = setBy[at]?.at;
      const where = first ? ` (first at ${first.unit === 'row' ? `row ${first.line}` : `line ${first.line}`})` : '';
      throw valueError(c.rec, `unit ${units[c.u]} has two values from rater ${raters[c.r]}${where}: give one value per (unit, rater)`, RangeError);
    }
    values[at] = code ? (code.get(c.value as string) as number) : (c.value as number);
    setBy[at] = c.rec;
  }
  return categories ? { raters, units, values, categories } : { raters, units, values };
}

/** A DataError at the record's location when it has one (file input), else the library error `fallback` naming the cell. */
function valueError(rec: ReliabilityRecord, detail: string, fallback: new (message: string) => Error): Error {
  if (rec.at) return new DataError({ file: rec.at.file, line: rec.at.line, unit: rec.at.unit, field: rec.at.field, kind: 'type', detail });
  return new fallback(`unit ${rec.unit}, rater ${rec.rater}: ${detail}`);
}

function mixedError(rec: ReliabilityRecord, other: ReliabilityRecord): Error {
  const shown = (v: ReliabilityRecord['value']) => (typeof v === 'string' ? `label ${JSON.stringify(v)}` : `number ${v}`);
  const where = other.at ? (other.at.unit === 'row' ? `row ${other.at.line}` : `line ${other.at.line}`) : `unit ${other.unit}, rater ${other.rater}`;
  const detail = `${shown(rec.value)} mixes numbers and labels (${shown(other.value)} at ${where}); code every value one way`;
  return rec.at ? valueError(rec, detail, TypeError) : new TypeError(`reliability values mix numbers and labels: ${detail}`);
}

/** The values of unit u that are present, in rater order. */
export function unitValues(data: ReliabilityData, u: number): number[] {
  const out: number[] = [];
  const nUnits = data.units.length;
  for (let r = 0; r < data.raters.length; r++) {
    const v = data.values[r * nUnits + u];
    if (!Number.isNaN(v)) out.push(v);
  }
  return out;
}

/** The same raters with the units picked (with repeats) by `unitIds`: one bootstrap resample. */
export function selectUnits(data: ReliabilityData, picks: ArrayLike<number>): ReliabilityData {
  const nOld = data.units.length;
  const n = picks.length;
  const values = new Float64Array(data.raters.length * n);
  const units = new Array<string>(n);
  for (let j = 0; j < n; j++) units[j] = data.units[picks[j]];
  for (let r = 0; r < data.raters.length; r++) {
    for (let j = 0; j < n; j++) values[r * n + j] = data.values[r * nOld + picks[j]];
  }
  return { ...data, units, values };
}
