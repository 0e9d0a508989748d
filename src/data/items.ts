// From records (JSONL, CSV, Parquet rows) to scorer Items, with field mapping and strict types.
//
// Rule for fields: a field named in the mapping is required; when the mapping leaves a role unset, the canonical
// name (`id`, `references`, `prompt`, `context`, `meta`) is used if the record has it. `output` is always required.
// So a JSONL file written from Items reads back as the same Items with no mapping at all.
//
// Types are checked, never coerced: a number where text is needed is an error, not `String(n)`. The one deliberate
// exception is the id, which may be a JSON integer (ids like 17 are common and have one canonical decimal form).

import type { ChatMessage, Item } from '../scorers/contract.js';
import { DataError, describeValue } from './errors.js';
import { readFiniteNumber, type MissingValues } from './numbers.js';
import { ErrorSink, type ErrorPolicy, type RejectSummary } from './policy.js';
import { readRecords, type ReadRecordsOptions } from './records.js';
import { readAlignedText, type TextFiles } from './text.js';
import { isPlainObject, type SourceRecord } from './types.js';

export interface FieldMapping {
  /** Item id; default: the record's `id` if present, else its line (or row) number. */
  idField?: string;
  /** The hypothesis / response; default `output`. */
  outputField?: string;
  /** Reference fields, in order; each holds a string or an array of strings. Default: `references` if present. */
  refFields?: string[];
  /** A string or a chat (array of {role, content}). Default: `prompt` if present. */
  promptField?: string;
  /** A string or an array of strings. Default: `context` if present. */
  contextField?: string;
  /** Fields copied into `meta`; `'rest'` = every field no other role used. Default: the record's `meta` object if present. */
  metaFields?: string[] | 'rest';
  /**
   * Meta fields that hold numbers (the columns of `column:NAME` scorers): read with `readFiniteNumber`, so a value
   * that is not a finite number is an error at its line, and a missing one is null only under `missing`'s policy.
   */
  numbers?: { fields: string[]; text: boolean; missing: MissingValues };
  /**
   * Every record must have as many references as the first (sacreBLEU's rule, for scorers that read references):
   * `recordsToItems` reports a record that differs at its own line, under the error policy, instead of the scorer
   * finding it later by item id. (Raw-line JSONL shards are mapped line by line; there the scoring loop checks it.)
   */
  sameReferenceCount?: boolean | ReferenceCountRule;
}

/** The reference count every record must have, and the line of the first record, which set it. */
export interface ReferenceCountRule {
  count: number;
  line: number;
}

/**
 * Checks `item` (read from `src`) against the rule of `mapping.sameReferenceCount`, set by the first record when
 * `rule` is undefined; returns the rule in force. Throws the DataError of a record with a different count.
 */
export function checkReferenceCount(rule: ReferenceCountRule | undefined, item: Item, src: Pick<SourceRecord, 'file' | 'line' | 'unit'>, mapping: FieldMapping): ReferenceCountRule {
  const count = item.references?.length ?? 0;
  if (rule === undefined) return { count, line: src.line };
  if (count === rule.count) return rule;
  throw new DataError({
    file: src.file,
    line: src.line,
    unit: src.unit,
    field: (mapping.refFields ?? ['references']).join(', '),
    kind: 'length-mismatch',
    detail: `${count} reference${count === 1 ? '' : 's'}, but ${src.unit ?? 'line'} ${rule.line} has ${rule.count}: every item needs the same number of references`,
  });
}

const MISSING = Symbol('missing');

function getField(rec: Record<string, unknown>, field: string): unknown {
  return Object.prototype.hasOwnProperty.call(rec, field) ? rec[field] : MISSING;
}

/** Builds one Item or throws a DataError naming file, line and field. */
export function recordToItem(src: SourceRecord, mapping: FieldMapping = {}): Item {
  const rec = src.record;
  const fail = (field: string, kind: 'missing-field' | 'type', detail: string) =>
    new DataError({ file: src.file, line: src.line, unit: src.unit, field, kind, detail });
  const used = new Set<string>();

  /** The field's value; MISSING only if the field is optional (a default name the record lacks). */
  const take = (field: string, required: boolean): unknown => {
    const v = getField(rec, field);
    if (v === MISSING) {
      if (required) throw fail(field, 'missing-field', `missing (the record has ${listFields(rec)})`);
      return MISSING;
    }
    used.add(field);
    return v;
  };
  const expectString = (field: string, v: unknown): string => {
    if (typeof v !== 'string') throw fail(field, 'type', `expected a string, got ${describeValue(v)}`);
    return v;
  };
  const expectStrings = (field: string, v: unknown, what: string): string[] => {
    if (typeof v === 'string') return [v];
    if (!Array.isArray(v)) throw fail(field, 'type', `expected ${what}, got ${describeValue(v)}`);
    for (let i = 0; i < v.length; i++) {
      if (typeof v[i] !== 'string') throw fail(`${field}[${i}]`, 'type', `expected a string, got ${describeValue(v[i])}`);
    }
    return v as string[];
  };

  const outputField = mapping.outputField ?? 'output';
  const output = expectString(outputField, take(outputField, true));

  let id: string;
  const idField = mapping.idField ?? 'id';
  const idValue = take(idField, mapping.idField !== undefined);
  if (idValue === MISSING) id = String(src.line);
  else if (typeof idValue === 'string') id = idValue;
  else if (typeof idValue === 'number' && Number.isSafeInteger(idValue)) id = String(idValue);
  else throw fail(idField, 'type', `expected a string or an integer id, got ${describeValue(idValue)}`);

  const item: Item = { id, output };

  const refFields = mapping.refFields ?? ['references'];
  const references: string[] = [];
  let anyRefs = false;
  for (const f of refFields) {
    const v = take(f, mapping.refFields !== undefined);
    if (v === MISSING) continue;
    anyRefs = true;
    for (const r of expectStrings(f, v, 'a string or an array of strings')) references.push(r);
  }
  if (anyRefs) item.references = references;

  const promptField = mapping.promptField ?? 'prompt';
  const prompt = take(promptField, mapping.promptField !== undefined);
  if (prompt !== MISSING) item.prompt = toPrompt(prompt, (d) => fail(promptField, 'type', d));

  const contextField = mapping.contextField ?? 'context';
  const context = take(contextField, mapping.contextField !== undefined);
  if (context !== MISSING) item.context = expectStrings(contextField, context, 'a string or an array of strings');

  const metaFields = mapping.metaFields;
  if (metaFields === 'rest') {
    const meta: Record<string, unknown> = {};
    for (const k of Object.keys(rec)) if (!used.has(k)) meta[k] = rec[k];
    item.meta = meta;
  } else if (metaFields !== undefined) {
    const meta: Record<string, unknown> = {};
    // a number field may be absent: readNumbers below decides whether that is an error
    for (const f of metaFields) meta[f] = take(f, !mapping.numbers?.fields.includes(f));
    item.meta = meta;
  } else {
    const meta = take('meta', false);
    if (meta !== MISSING) {
      if (!isPlainObject(meta)) throw fail('meta', 'type', `expected an object, got ${describeValue(meta)}`);
      item.meta = meta;
    }
  }
  if (mapping.numbers !== undefined) readNumbers(item, src, mapping.numbers);
  return item;
}

/** Replaces the number fields of `item.meta` by finite numbers (or null for an allowed missing value). */
function readNumbers(item: Item, src: SourceRecord, numbers: NonNullable<FieldMapping['numbers']>): void {
  const meta = (item.meta ??= {});
  const values = numbers.fields.map((field) => {
    const raw = getField(src.record, field);
    return readFiniteNumber(raw === MISSING ? undefined : raw, { file: src.file, line: src.line, unit: src.unit, field }, numbers);
  });
  numbers.fields.forEach((field, k) => (meta[field] = values[k]));
}

function toPrompt(v: unknown, fail: (detail: string) => DataError): string | ChatMessage[] {
  if (typeof v === 'string') return v;
  if (!Array.isArray(v)) throw fail(`expected a string or a chat (array of {role, content}), got ${describeValue(v)}`);
  return v.map((m, i) => {
    if (!isPlainObject(m) || typeof m.role !== 'string' || typeof m.content !== 'string') {
      throw fail(`message ${i}: expected {role: string, content: string}, got ${describeValue(m)}`);
    }
    return { role: m.role, content: m.content };
  });
}

function listFields(rec: Record<string, unknown>): string {
  const keys = Object.keys(rec);
  if (keys.length === 0) return 'no fields';
  const shown = keys.slice(0, 12).map((k) => JSON.stringify(k)).join(', ');
  return `fields ${shown}${keys.length > 12 ? `, … (${keys.length} in all)` : ''}`;
}

/** Items from records; a record that does not map goes to the sink (thrown in fail mode, counted in skip mode). */
export async function* recordsToItems(
  records: AsyncIterable<SourceRecord>,
  mapping: FieldMapping = {},
  sink: ErrorSink = ErrorSink.failFast(),
): AsyncGenerator<Item> {
  const same = mapping.sameReferenceCount;
  let rule = typeof same === 'object' ? same : undefined;
  for await (const src of records) {
    let item: Item;
    try {
      item = recordToItem(src, mapping);
      if (same) rule = checkReferenceCount(rule, item, src, mapping);
    } catch (e) {
      if (!(e instanceof DataError)) throw e;
      await sink.reject(e, src.record);
      continue;
    }
    yield item;
  }
}

export interface ReadItemsOptions extends Omit<ReadRecordsOptions, 'sink'> {
  mapping?: FieldMapping;
  policy?: ErrorPolicy;
}

export interface ReadItemsResult extends RejectSummary {
  items: Item[];
}

/** Reads a whole record file into Items under an error policy; the result says how many rows were skipped. */
export async function readItems(path: string, opts: ReadItemsOptions = {}): Promise<ReadItemsResult> {
  const sink = await ErrorSink.open(opts.policy);
  const items: Item[] = [];
  try {
    for await (const item of recordsToItems(readRecords(path, { ...opts, sink }), opts.mapping, sink)) items.push(item);
  } finally {
    await sink.close();
  }
  return { items, ...sink.summary() };
}

/** Items from an aligned hypothesis / references (/ source) text triple; in skip mode, see `readAlignedText`. */
export async function* textItems(files: TextFiles, sink: ErrorSink = ErrorSink.failFast()): AsyncGenerator<Item> {
  for await (const seg of readAlignedText(files, sink)) {
    const item: Item = { id: String(seg.line), output: seg.hyp, references: seg.refs, meta: { seg: seg.line } };
    if (seg.src !== undefined) item.prompt = seg.src;
    yield item;
  }
}

/**
 * sacreBLEU-style plain-text mode: item i is line i of the hypothesis with line i of each reference file;
 * ids are line numbers and `meta.seg` holds the line number.
 */
export async function readTextItems(files: TextFiles, opts: { policy?: ErrorPolicy } = {}): Promise<ReadItemsResult> {
  const sink = await ErrorSink.open(opts.policy);
  const items: Item[] = [];
  try {
    for await (const item of textItems(files, sink)) items.push(item);
  } finally {
    await sink.close();
  }
  return { items, ...sink.summary() };
}
