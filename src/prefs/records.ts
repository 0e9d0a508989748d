// Record files (JSONL, JSON, CSV/TSV, Parquet) → the prefs inputs, with named fields. Every bad cell is a DataError
// naming file, line and field. Judgment files in the public formats go through importJudgments instead (see
// battlesFromPreferences and ratedOutputsFromRatings).

import { DataError, describeValue, readRecords, type RecordFormat, type SourceRecord } from '../data/index.js';
import { formatFromPath } from '../data/records.js';
import { isTextFormat, MissingValues, parseDecimal, readFiniteNumber, type ValueLocation } from '../data/numbers.js';
import { parsePreferenceLabel } from '../judgments/importers/labels.js';
import { parseNumberText } from '../judgments/importers/_values.js';
import type { Battle } from './battles.js';
import type { ScoredPair } from './elicitation.js';
import type { RatedOutput } from './pairs.js';
import type { LabelObservation } from './dawid-skene.js';
import type { ReliabilityRecord } from './reliability.js';

export interface RecordFileOptions {
  format?: RecordFormat;
}

function fail(src: SourceRecord, field: string, kind: 'missing-field' | 'type', detail: string): never {
  throw new DataError({ file: src.file, line: src.line, unit: src.unit, kind, field, detail });
}

function raw(src: SourceRecord, field: string): unknown {
  if (!(field in src.record)) fail(src, field, 'missing-field', `missing (fields: ${Object.keys(src.record).slice(0, 12).join(', ')})`);
  return src.record[field];
}

function text(src: SourceRecord, field: string): string {
  const v = raw(src, field);
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  return fail(src, field, 'type', `expected a string, got ${describeValue(v)}`);
}

/** A model name: non-empty text (an empty or blank name would enter the leaderboard as a model of its own). */
function modelName(src: SourceRecord, field: string): string {
  const v = text(src, field);
  if (v.trim() === '') fail(src, field, 'type', `expected a model name, got ${describeValue(v)}`);
  return v;
}

function at(src: SourceRecord, field: string): ValueLocation {
  return { file: src.file, line: src.line, unit: src.unit, field };
}

/** Arena-style battles: model A, model B and a winner (model_a / model_b / tie / tie (bothbad), a / b, or P(A)). */
export async function readBattles(file: string, fields: { modelA?: string; modelB?: string; winner?: string } & RecordFileOptions = {}): Promise<Battle[]> {
  const fa = fields.modelA ?? 'model_a';
  const fb = fields.modelB ?? 'model_b';
  const fw = fields.winner ?? 'winner';
  const out: Battle[] = [];
  for await (const src of readRecords(file, { format: fields.format })) {
    const w = raw(src, fw);
    const label = parsePreferenceLabel(w, typeof w === 'number' ? 'prob-a' : 'auto');
    if (label === undefined) fail(src, fw, 'type', `expected model_a, model_b, tie, a, b or a probability of A, got ${describeValue(w)}`);
    out.push({ modelA: modelName(src, fa), modelB: modelName(src, fb), outcome: label });
  }
  return out;
}

/**
 * Long reliability records: unit, rater, value (null or an empty cell = not rated, as the reliability format defines).
 * In JSON and Parquet, numbers are numbers and strings are labels (a string is never read as a number); mixing the
 * two is an error at the first line that breaks the pattern. CSV/TSV cells are text: when every value is a decimal
 * number they are read as numbers, unless `labels` is set. Non-finite numbers (JSON's 1e999, CSV's `nan`/`inf`) are
 * errors, never labels or missing values.
 */
export async function readReliabilityRecords(
  file: string,
  fields: { unit?: string; rater?: string; value?: string; labels?: boolean } & RecordFileOptions = {},
): Promise<ReliabilityRecord[]> {
  const fu = fields.unit ?? 'item';
  const fr = fields.rater ?? 'annotator';
  const fv = fields.value ?? 'label';
  const textCells = isTextFormat(fields.format ?? formatFromPath(file)?.format);
  const out: ReliabilityRecord[] = [];
  for await (const src of readRecords(file, { format: fields.format })) {
    const v = raw(src, fv);
    const at = { file: src.file, line: src.line, unit: src.unit, field: fv };
    let value: number | string | null;
    if (v === null || v === undefined || v === '') value = null;
    else if (typeof v === 'number' || typeof v === 'bigint') value = readFiniteNumber(v, at);
    else if (typeof v === 'boolean') value = String(v);
    else if (typeof v === 'string') {
      if (textCells && !fields.labels && parseDecimal(v) === undefined && parseNumberText(v) !== undefined) {
        fail(src, fv, 'type', `${describeValue(v)} is not a finite number (leave the cell empty for "not rated", or pass --labels to read every value as a label)`);
      }
      value = v;
    } else fail(src, fv, 'type', `expected a number or a label, got ${describeValue(v)}`);
    out.push({ unit: text(src, fu), rater: text(src, fr), value, at });
  }
  if (textCells && !fields.labels && out.some((r) => typeof r.value === 'string') && out.every((r) => typeof r.value !== 'string' || parseDecimal(r.value) !== undefined)) {
    for (const r of out) if (typeof r.value === 'string') r.value = parseDecimal(r.value) as number;
  }
  return out;
}

/** The same records as label observations for Dawid–Skene (missing values left out). */
export function observationsOf(records: readonly ReliabilityRecord[]): LabelObservation[] {
  return records.filter((r) => r.value !== null && r.value !== undefined).map((r) => ({ item: r.unit, annotator: r.rater, label: r.value as string | number }));
}

/**
 * Ratings of outputs: item, system, value, and optionally annotator, output text and prompt. Values follow the
 * finite-number rule (src/data/numbers.ts); a null, absent or empty value is an error unless `missing` has the skip
 * policy (an empty CSV cell is always a missing value), and then the record is left out and counted there.
 */
export async function readRatedOutputs(
  file: string,
  fields: { item?: string; system?: string; value?: string; annotator?: string; output?: string; prompt?: string; missing?: MissingValues } & RecordFileOptions = {},
): Promise<RatedOutput[]> {
  const text_ = isTextFormat(fields.format ?? formatFromPath(file)?.format);
  const fv = fields.value ?? 'score';
  const missing = fields.missing ?? new MissingValues('error');
  const out: RatedOutput[] = [];
  for await (const src of readRecords(file, { format: fields.format })) {
    const value = readFiniteNumber(src.record[fv], at(src, fv), { text: text_, missing });
    if (value === null) continue;
    const r: RatedOutput = { item: text(src, fields.item ?? 'item'), system: text(src, fields.system ?? 'system'), value };
    if (fields.annotator) r.annotator = text(src, fields.annotator);
    if (fields.output) r.output = text(src, fields.output);
    if (fields.prompt) {
      const p = raw(src, fields.prompt);
      if (typeof p === 'string') r.prompt = p;
      else if (Array.isArray(p) && p.every((m) => m && typeof m.role === 'string' && typeof m.content === 'string')) r.prompt = p.map((m) => ({ role: m.role, content: m.content }));
      else fail(src, fields.prompt, 'type', `expected a string or a list of {role, content} messages, got ${describeValue(p)}`);
    }
    out.push(r);
  }
  return out;
}

/**
 * Pairs with P(a ≻ b) from several scorers, one field each. null (or an empty CSV cell) is the scorer abstaining, as
 * this format defines; any other value must be a finite number in [0, 1] (strings are not numbers in JSON).
 */
export async function readScoredPairs(file: string, fields: { id?: string; probs: string[] } & RecordFileOptions): Promise<ScoredPair[]> {
  if (fields.probs.length === 0) throw new RangeError('give at least one probability field');
  const text_ = isTextFormat(fields.format ?? formatFromPath(file)?.format);
  const out: ScoredPair[] = [];
  let line = 0;
  for await (const src of readRecords(file, { format: fields.format })) {
    line++;
    const id = fields.id ? text(src, fields.id) : 'id' in src.record ? text(src, 'id') : String(line);
    const probs = fields.probs.map((f) => {
      const v = raw(src, f);
      if (v === null || (text_ && typeof v === 'string' && v.trim() === '')) return NaN;
      const p = readFiniteNumber(v, at(src, f), { text: text_ }) as number;
      if (!(p >= 0 && p <= 1)) fail(src, f, 'type', `probability ${p} is outside [0, 1]`);
      return p;
    });
    out.push({ id, probs: Float64Array.from(probs) });
  }
  return out;
}
