// Reliability data (Krippendorff's term): raters × units, one value per cell or none. The agreement coefficients
// (raw agreement, Cohen's κ, Fleiss' κ, Krippendorff's α) all read this one shape; long records (unit, rater, value)
// and nested arrays are turned into it here.

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
  const cells: { r: number; u: number; value: number | string }[] = [];
  let sawNumber = false;
  let sawString = false;
  for (const rec of records) {
    let r = raterIndex.get(rec.rater);
    if (r === undefined) raterIndex.set(rec.rater, (r = raterIndex.size));
    let u = unitIndex.get(rec.unit);
    if (u === undefined) unitIndex.set(rec.unit, (u = unitIndex.size));
    const v = rec.value;
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) continue;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new RangeError(`unit ${rec.unit}, rater ${rec.rater}: value ${v} is not finite`);
      sawNumber = true;
    } else {
      sawString = true;
    }
    cells.push({ r, u, value: v });
  }
  if (sawNumber && sawString) throw new TypeError('reliability values mix numbers and labels; code them one way');
  const raters = [...raterIndex.keys()];
  const units = [...unitIndex.keys()];
  const values = new Float64Array(raters.length * units.length).fill(NaN);
  let categories: string[] | undefined;
  let code: Map<string, number> | undefined;
  if (sawString) {
    const seen = new Set(cells.map((c) => c.value as string));
    if (options.order) {
      categories = [...options.order];
      const missing = [...seen].filter((l) => !options.order!.includes(l));
      if (missing.length) throw new RangeError(`labels not in the given order: ${missing.map((m) => JSON.stringify(m)).join(', ')}`);
    } else {
      categories = [...seen].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    }
    code = new Map(categories.map((c, i) => [c, i]));
  }
  for (const c of cells) {
    const at = c.r * units.length + c.u;
    if (!Number.isNaN(values[at])) throw new RangeError(`unit ${units[c.u]} has two values from rater ${raters[c.r]}`);
    values[at] = code ? (code.get(c.value as string) as number) : (c.value as number);
  }
  return categories ? { raters, units, values, categories } : { raters, units, values };
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
