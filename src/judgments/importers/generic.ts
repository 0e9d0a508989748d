// Any JSONL / JSON / CSV / TSV / Parquet table, with the caller naming the columns (the CLI's column flags):
//   ratings      one row per (system, item) cell:   system, item, value [, output, source, reference]
//   preferences  one row per pair:                  a, b [, label, prompt, id, subset, annotator, modelA, modelB]
//                without a label column, a is the preferred side (chosen/rejected data); label spellings: labels.ts
//   candidates   one row per prompt:                candidates (list) [, correct (list of bools), gold (list of
//                numbers), numCorrect (first k correct), prompt, id, subset]
// Lists may be native (JSON, Parquet) or text holding JSON / a Python repr (CSV).

import type { CandidateList, Candidates, Preference, Preferences, Ratings } from '../types.js';
import { describeValue } from '../../data/errors.js';
import { Fields } from './_fields.js';
import { judgmentError } from './_io.js';
import { RatingsBuilder, type DuplicatePolicy } from './_ratings.js';
import { idValue, listValue, ratingValue } from './_values.js';
import { LABEL_HELP, parsePreferenceLabel, type LabelScale } from './labels.js';
import { readRecordTable, recordFormatOf, type RecordTable } from './records.js';
import { isTextFormat, MissingValues, readFiniteNumber } from '../../data/numbers.js';
import type { RecordFileOptions } from './rewardbench.js';

export interface RatingsColumns extends RecordFileOptions {
  system: string;
  item: string;
  value: string;
  output?: string;
  source?: string;
  reference?: string;
  protocol?: string;
  group?: string;
  level?: Ratings['level'];
  /** Two rows for one cell: an error (default), or their mean (raw DA judgments, several raters). */
  duplicates?: DuplicatePolicy;
  /**
   * Missing values of the value column, under their policy (`--missing`). A generic table has no missing marker but
   * an empty CSV cell: null, an absent field, "nan" or "Infinity" are errors unless the policy is skip.
   */
  missing?: MissingValues;
}

export interface PreferenceColumns extends RecordFileOptions {
  a: string;
  b: string;
  label?: string;
  labelScale?: LabelScale;
  prompt?: string;
  id?: string;
  subset?: string;
  annotator?: string;
  modelA?: string;
  modelB?: string;
}

export interface CandidateColumns extends RecordFileOptions {
  candidates: string;
  correct?: string;
  gold?: string;
  numCorrect?: string;
  prompt?: string;
  id?: string;
  subset?: string;
}

function requireColumns(table: RecordTable, columns: (string | undefined)[]): void {
  const first = table.rows[0];
  for (const c of columns) {
    if (c !== undefined && !(c in first.record)) {
      throw judgmentError({ file: table.file, line: first.line, field: c, unit: table.unit }, 'missing-field', `no column ${JSON.stringify(c)} (columns: ${Object.keys(first.record).join(', ')})`);
    }
  }
}

export async function importRatingsTable(file: string, cols: RatingsColumns): Promise<Ratings> {
  const table = await readRecordTable(file, cols.recordFormat);
  requireColumns(table, [cols.system, cols.item, cols.value, cols.output, cols.source, cols.reference]);
  const builder = new RatingsBuilder(file, { duplicates: cols.duplicates, unit: table.unit, field: cols.item });
  const text = isTextFormat(cols.recordFormat ?? recordFormatOf(file));
  const missing = cols.missing ?? new MissingValues('error');
  const outputs = new Map<string, string>();
  const sources = new Map<string, string>();
  const references = new Map<string, string[]>();
  for (const row of table.rows) {
    const f = new Fields(table, row);
    const system = idValue(f.raw(cols.system), f.at(cols.system));
    const item = idValue(f.raw(cols.item), f.at(cols.item));
    const value = readFiniteNumber(f.raw(cols.value), { file: table.file, line: row.line, unit: table.unit, field: cols.value }, { text, missing });
    builder.add(system, item, value === null ? NaN : value === 0 ? 0 : value, row.line);
    if (cols.output !== undefined) outputs.set(`${system}\t${item}`, f.string(cols.output));
    if (cols.source !== undefined && !sources.has(item)) sources.set(item, f.string(cols.source));
    if (cols.reference !== undefined && !references.has(item)) {
      const raw = f.raw(cols.reference);
      references.set(item, typeof raw === 'string' && !raw.trimStart().startsWith('[') ? [raw] : stringList(listValue(raw, f.at(cols.reference)), f, cols.reference));
    }
  }
  const r = builder.build({ protocol: cols.protocol, group: cols.group, level: cols.level });
  if (cols.output !== undefined) {
    r.outputs = [];
    for (const s of r.systems) for (const i of r.items) r.outputs.push(outputs.get(`${s}\t${i}`) ?? null);
  }
  if (cols.source !== undefined) r.sources = r.items.map((i) => sources.get(i) ?? null);
  if (cols.reference !== undefined) r.references = r.items.map((i) => references.get(i) ?? null);
  return r;
}

function stringList(list: unknown[], f: Fields, field: string): string[] {
  return list.map((x, i) => {
    if (typeof x !== 'string') throw judgmentError(f.at(`${field}[${i}]`), 'type', `expected a string, got ${describeValue(x)}`);
    return x;
  });
}

export async function importPreferencesTable(file: string, cols: PreferenceColumns): Promise<Preferences> {
  const table = await readRecordTable(file, cols.recordFormat);
  requireColumns(table, [cols.a, cols.b, cols.label, cols.prompt, cols.id, cols.subset, cols.annotator, cols.modelA, cols.modelB]);
  const pairs = table.rows.map((row, index) => {
    const f = new Fields(table, row);
    let label: Preference['label'] = 'a';
    if (cols.label !== undefined) {
      const parsed = parsePreferenceLabel(f.raw(cols.label), cols.labelScale);
      if (parsed === undefined) throw judgmentError(f.at(cols.label), 'type', `${LABEL_HELP}; got ${describeValue(f.raw(cols.label))}`);
      label = parsed;
    }
    const p: Preference = {
      id: cols.id !== undefined ? idValue(f.raw(cols.id), f.at(cols.id)) : String(index),
      a: f.string(cols.a),
      b: f.string(cols.b),
      label,
    };
    if (cols.prompt !== undefined) p.prompt = f.prompt(cols.prompt);
    const optional = { subset: cols.subset, annotator: cols.annotator, modelA: cols.modelA, modelB: cols.modelB } as const;
    for (const [key, column] of Object.entries(optional) as [keyof typeof optional, string | undefined][]) {
      if (column === undefined) continue;
      const v = f.optionalString(column);
      if (v !== undefined) p[key] = v;
    }
    return p;
  });
  return { kind: 'preferences', pairs, source: file };
}

export async function importCandidatesTable(file: string, cols: CandidateColumns): Promise<Candidates> {
  const table = await readRecordTable(file, cols.recordFormat);
  requireColumns(table, [cols.candidates, cols.correct, cols.gold, cols.numCorrect, cols.prompt, cols.id, cols.subset]);
  const lists = table.rows.map((row, index) => {
    const f = new Fields(table, row);
    const candidates = stringList(listValue(f.raw(cols.candidates), f.at(cols.candidates)), f, cols.candidates);
    const list: CandidateList = { id: cols.id !== undefined ? idValue(f.raw(cols.id), f.at(cols.id)) : String(index), candidates };
    if (cols.prompt !== undefined) list.prompt = f.prompt(cols.prompt);
    if (cols.subset !== undefined) {
      const s = f.optionalString(cols.subset);
      if (s !== undefined) list.subset = s;
    }
    if (cols.correct !== undefined) {
      const raw = listValue(f.raw(cols.correct), f.at(cols.correct));
      alignedLength(raw, candidates, f, cols.correct);
      list.correct = raw.map((x, i) => {
        if (x === true || x === 1 || x === 'true' || x === 'True' || x === '1') return true;
        if (x === false || x === 0 || x === 'false' || x === 'False' || x === '0') return false;
        throw judgmentError(f.at(`${cols.correct}[${i}]`), 'type', `expected true/false or 1/0, got ${describeValue(x)}`);
      });
    } else if (cols.numCorrect !== undefined) {
      const k = f.integer(cols.numCorrect);
      if (k < 0 || k > candidates.length) throw judgmentError(f.at(cols.numCorrect), 'type', `${k} correct of ${candidates.length} candidates`);
      list.correct = candidates.map((_, i) => i < k);
    }
    if (cols.gold !== undefined) {
      const raw = listValue(f.raw(cols.gold), f.at(cols.gold));
      alignedLength(raw, candidates, f, cols.gold);
      list.gold = raw.map((x, i) => ratingValue(x, f.at(`${cols.gold}[${i}]`)));
    }
    return list;
  });
  return { kind: 'candidates', lists, source: file };
}

function alignedLength(list: unknown[], candidates: string[], f: Fields, field: string): void {
  if (list.length !== candidates.length) {
    throw judgmentError(f.at(field), 'length-mismatch', `${list.length} entries for ${candidates.length} candidates`);
  }
}
