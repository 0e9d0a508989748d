// `.json` files: one JSON array of objects (LLMBar, AlpacaEval annotations, reward-bench outputs ship this way),
// read element by element so a large array streams in the memory of its largest element. A `.json` file whose first
// non-blank character is not `[` is read as JSON Lines instead.
//
// The splitter only finds element boundaries (depth and strings); each element is then parsed by JSON.parse, so a
// malformed element is an ordinary, skippable row error located at the element's first line. A broken array
// structure (no `[`, a trailing comma, no closing `]`, text after it) cannot be resynchronised and is always thrown.

import { DataError } from './errors.js';
import { emptyFileError, jsonlFromBatches, parseJsonObject } from './jsonl.js';
import { invalidUtf8Error, readLineBatches, type LineBatch, type LineReadOptions } from './lines.js';
import { ErrorSink } from './policy.js';
import type { SourceRecord } from './types.js';

export interface JsonReadOptions extends LineReadOptions {
  sink?: ErrorSink;
  allowEmpty?: boolean;
}

const enum State {
  BeforeArray,
  BeforeFirstElement,
  BeforeElement,
  InElement,
  AfterArray,
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

function isJsonSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

/** Reads a `.json` file: a JSON array of objects, or JSON Lines if it does not start with `[`. */
export async function* readJsonRecords(path: string, opts: JsonReadOptions = {}): AsyncGenerator<SourceRecord> {
  const batches = readLineBatches(path, opts);
  // Peek until the first non-blank character decides between an array and JSON Lines. (Manual next(): leaving a
  // for-await loop early would close the generator.)
  const seen: LineBatch[] = [];
  let first: number | undefined;
  while (first === undefined) {
    const r = await batches.next();
    if (r.done) break;
    seen.push(r.value);
    first = firstSignificantChar(r.value);
  }
  const all = replay(seen, batches);
  if (first === OPEN_BRACKET) yield* jsonArrayFromBatches(path, all, opts);
  else yield* jsonlFromBatches(path, all, opts);
}

function firstSignificantChar(batch: LineBatch): number | undefined {
  for (let i = 0; i < batch.lines.length; i++) {
    const text = batch.lines[i];
    for (let k = 0; k < text.length; k++) {
      const c = text.charCodeAt(k);
      if (isJsonSpace(c) || (c === 0xfeff && k === 0 && batch.firstLine + i === 1)) continue;
      return c;
    }
  }
  return undefined;
}

async function* replay<T>(seen: T[], rest: AsyncIterable<T>): AsyncGenerator<T> {
  yield* seen;
  yield* rest;
}

export async function* jsonArrayFromBatches(
  path: string,
  batches: AsyncIterable<LineBatch>,
  opts: JsonReadOptions = {},
): AsyncGenerator<SourceRecord> {
  const sink = opts.sink ?? ErrorSink.failFast();
  const structural = (line: number, detail: string) => new DataError({ file: path, line, kind: 'json', detail });

  let state = State.BeforeArray as State;
  let depth = 0;
  let inString = false;
  let rows = 0;
  // the element being scanned: its first line and its text so far (a list, joined once at the end)
  let elementLine = 0;
  let parts: string[] = [];
  let elementInvalid: { line: number; bytes: Uint8Array; byteOffset: number } | undefined;
  let lastLine = 0;

  for await (const batch of batches) {
    for (let li = 0; li < batch.lines.length; li++) {
      const line = batch.firstLine + li;
      lastLine = line;
      const text = batch.lines[li];
      const invalid = batch.invalid?.get(line);
      let k = line === 1 && text.charCodeAt(0) === 0xfeff ? 1 : 0;
      // start offset of the element's text on this line (when the element continues from an earlier line: 0)
      let from = state === State.InElement ? 0 : -1;
      if (invalid !== undefined && state === State.InElement && elementInvalid === undefined) {
        elementInvalid = { line, ...invalid };
      }
      for (; k < text.length; k++) {
        const c = text.charCodeAt(k);
        if (state === State.InElement) {
          if (inString) {
            if (c === BACKSLASH) k++;
            else if (c === QUOTE) inString = false;
            continue;
          }
          if (c === QUOTE) inString = true;
          else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
          else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && depth > 0) depth--;
          else if (depth === 0 && (c === COMMA || c === CLOSE_BRACKET)) {
            parts.push(text.slice(from, k));
            rows++;
            const record = await finishElement(parts.join('\n'));
            if (record !== undefined) yield record;
            parts = [];
            elementInvalid = undefined;
            state = c === COMMA ? State.BeforeElement : State.AfterArray;
          }
          continue;
        }
        if (isJsonSpace(c)) continue;
        if (state === State.BeforeArray) {
          if (c !== OPEN_BRACKET) throw structural(line, `expected "[" to open the JSON array, found ${charName(c)}`);
          state = State.BeforeFirstElement;
        } else if (state === State.BeforeFirstElement && c === CLOSE_BRACKET) {
          state = State.AfterArray;
        } else if (state === State.BeforeFirstElement || state === State.BeforeElement) {
          if (c === CLOSE_BRACKET) throw structural(line, 'trailing comma before "]"');
          if (c === COMMA) throw structural(line, 'empty array element (two commas)');
          state = State.InElement;
          elementLine = line;
          from = k;
          depth = 0;
          inString = false;
          if (invalid !== undefined) elementInvalid = { line, ...invalid };
          k--; // rescan this character as part of the element
        } else {
          throw structural(line, `unexpected ${charName(c)} after the closing "]" of the JSON array`);
        }
      }
      if (state === State.InElement) parts.push(from < 0 ? '' : text.slice(from));
    }
  }
  if (state === State.BeforeArray) {
    if (opts.allowEmpty) return;
    throw emptyFileError(path);
  }
  if (state !== State.AfterArray) {
    const line = state === State.InElement ? elementLine : lastLine;
    throw structural(line, 'unexpected end of file: the JSON array is not closed');
  }
  if (rows === 0 && !opts.allowEmpty) throw emptyFileError(path, 'the JSON array is empty');

  async function finishElement(elementText: string): Promise<SourceRecord | undefined> {
    if (elementInvalid !== undefined) {
      await sink.reject(invalidUtf8Error(path, elementInvalid.line, elementInvalid), elementText, elementInvalid.bytes);
      return undefined;
    }
    const parsed = parseJsonObject(elementText, path, elementLine);
    if (parsed instanceof DataError) {
      await sink.reject(parsed, elementText);
      return undefined;
    }
    return { file: path, line: elementLine, unit: 'line', record: parsed };
  }
}

function charName(c: number): string {
  return JSON.stringify(String.fromCharCode(c));
}
