// Record files (JSONL, JSON, CSV/TSV, Parquet) → the prefs inputs, with named fields. Every bad cell is a DataError
// naming file, line and field. Judgment files in the public formats go through importJudgments instead (see
// battlesFromPreferences and ratedOutputsFromRatings).

import { DataError, describeValue, readRecords, type RecordFormat, type SourceRecord } from '../data/index.js';
import { parsePreferenceLabel } from '../judgments/importers/labels.js';
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

function number(src: SourceRecord, field: string, allowMissing = false): number {
  const v = raw(src, field);
  if (allowMissing && (v === null || v === '' || (typeof v === 'number' && Number.isNaN(v)))) return NaN;
  let x = NaN;
  if (typeof v === 'number') x = v;
  else if (typeof v === 'bigint') x = Number(v);
  else if (typeof v === 'string' && v.trim() !== '') x = Number(v);
  if (Number.isNaN(x)) fail(src, field, 'type', `expected a number, got ${describeValue(v)}`);
  return x;
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
 * Long reliability records: unit, rater, value (null or empty = missing). Numbers stay numbers and other values are
 * labels, except that when every value is numeric text (CSV/TSV have no types) they are read as numbers, unless
 * `labels` is set.
 */
export async function readReliabilityRecords(
  file: string,
  fields: { unit?: string; rater?: string; value?: string; labels?: boolean } & RecordFileOptions = {},
): Promise<ReliabilityRecord[]> {
  const fu = fields.unit ?? 'item';
  const fr = fields.rater ?? 'annotator';
  const fv = fields.value ?? 'label';
  const out: ReliabilityRecord[] = [];
  for await (const src of readRecords(file, { format: fields.format })) {
    const v = raw(src, fv);
    let value: number | string | null;
    if (v === null || v === undefined || v === '') value = null;
    else if (typeof v === 'number') value = v;
    else if (typeof v === 'bigint') value = Number(v);
    else if (typeof v === 'string' || typeof v === 'boolean') value = String(v);
    else fail(src, fv, 'type', `expected a number or a label, got ${describeValue(v)}`);
    out.push({ unit: text(src, fu), rater: text(src, fr), value });
  }
  const numericText = (v: ReliabilityRecord['value']) => typeof v !== 'string' || (v.trim() !== '' && Number.isFinite(Number(v)));
  if (!fields.labels && out.some((r) => typeof r.value === 'string') && out.every((r) => numericText(r.value))) {
    for (const r of out) if (typeof r.value === 'string') r.value = Number(r.value);
  }
  return out;
}

/** The same records as label observations for Dawid–Skene (missing values left out). */
export function observationsOf(records: readonly ReliabilityRecord[]): LabelObservation[] {
  return records.filter((r) => r.value !== null && r.value !== undefined).map((r) => ({ item: r.unit, annotator: r.rater, label: r.value as string | number }));
}

/** Ratings of outputs: item, system, value, and optionally annotator, output text and prompt. */
export async function readRatedOutputs(
  file: string,
  fields: { item?: string; system?: string; value?: string; annotator?: string; output?: string; prompt?: string } & RecordFileOptions = {},
): Promise<RatedOutput[]> {
  const out: RatedOutput[] = [];
  for await (const src of readRecords(file, { format: fields.format })) {
    const r: RatedOutput = { item: text(src, fields.item ?? 'item'), system: text(src, fields.system ?? 'system'), value: number(src, fields.value ?? 'score') };
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

/** Pairs with P(a ≻ b) from several scorers, one field each (null / empty = the scorer abstained). */
export async function readScoredPairs(file: string, fields: { id?: string; probs: string[] } & RecordFileOptions): Promise<ScoredPair[]> {
  if (fields.probs.length === 0) throw new RangeError('give at least one probability field');
  const out: ScoredPair[] = [];
  let line = 0;
  for await (const src of readRecords(file, { format: fields.format })) {
    line++;
    const id = fields.id ? text(src, fields.id) : 'id' in src.record ? text(src, 'id') : String(line);
    out.push({ id, probs: Float64Array.from(fields.probs.map((f) => number(src, f, true))) });
  }
  return out;
}
