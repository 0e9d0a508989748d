// Cell values as the public formats write them: numbers as JSON numbers or text (`-0.000000`, `None`, `nan`),
// lists as JSON arrays, JSON text or Python reprs (HANNA's `[3.66, 5.0, …]`, pandas' `['a', 'b']`).

import type { Where } from './_io.js';
import { judgmentError } from './_io.js';
import { describeValue } from '../../data/errors.js';

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Text that Python's `float()` reads as a number (decimal, `nan`, `inf`), or undefined. */
export function parseNumberText(s: string): number | undefined {
  const t = s.trim();
  if (DECIMAL.test(t)) return Number(t);
  const lower = t.toLowerCase().replace(/^\+/, '');
  if (lower === 'nan' || lower === '-nan') return NaN;
  if (lower === 'inf' || lower === 'infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  return undefined;
}

/** Spellings of "no value" in the formats we read: mt-metrics-eval / MQM `None`, pandas `NaN`, empty CSV cells. */
const MISSING_TEXT = new Set(['', 'none', 'null', 'nan', 'na', 'n/a']);

export function isMissingText(s: string): boolean {
  return MISSING_TEXT.has(s.trim().toLowerCase());
}

/**
 * A rating cell as a number; NaN = not rated. `-0` becomes `0` (MQM writes perfect segments as `-0.000000`, and a
 * signed zero would otherwise leak into `Object.is` comparisons and printed output).
 */
export function ratingValue(raw: unknown, at: Where): number {
  let v: number | undefined;
  if (typeof raw === 'number') v = raw;
  else if (typeof raw === 'bigint') v = Number(raw);
  else if (typeof raw === 'boolean') v = raw ? 1 : 0;
  else if (raw === null || raw === undefined) v = NaN;
  else if (typeof raw === 'string') v = isMissingText(raw) ? NaN : parseNumberText(raw);
  if (v === undefined) throw judgmentError(at, 'type', `expected a number or a missing-value marker, got ${describeValue(raw)}`);
  // NaN is these formats' missing marker; ±Infinity (JSON's 1e999, text "inf") is no rating and no marker
  if (v === Infinity || v === -Infinity) throw judgmentError(at, 'type', `${describeValue(raw)} is not a finite number`);
  return v === 0 ? 0 : v;
}

/** An id: strings as they are, integers as decimal text. */
export function idValue(raw: unknown, at: Where): string {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  if (typeof raw === 'bigint') return raw.toString();
  if (raw === undefined) throw judgmentError(at, 'missing-field', 'field is missing');
  throw judgmentError(at, 'type', `expected a string or integer id, got ${describeValue(raw)}`);
}

/** A list cell: an array, or text holding a JSON array or a Python list repr. */
export function listValue(raw: unknown, at: Where): unknown[] {
  if (Array.isArray(raw)) return raw;
  if (typeof raw === 'string') {
    const t = raw.trim();
    if (t.startsWith('[')) {
      try {
        const v: unknown = JSON.parse(t);
        if (Array.isArray(v)) return v;
      } catch {
        // not JSON: fall through to the Python repr reader
      }
      const py = parsePythonList(t);
      if (py !== undefined) return py;
    }
  }
  if (raw === undefined) throw judgmentError(at, 'missing-field', 'field is missing');
  throw judgmentError(at, 'type', `expected a list, got ${describeValue(raw)}`);
}

/**
 * A Python list literal of numbers (incl. `nan`, `inf`), `None`, `True`/`False` and quoted strings; undefined when the
 * text is not one. Nested lists are not needed by any format we read.
 */
export function parsePythonList(text: string): unknown[] | undefined {
  let i = 0;
  const n = text.length;
  const skipWs = (): void => {
    while (i < n && /\s/.test(text[i])) i++;
  };
  skipWs();
  if (text[i] !== '[') return undefined;
  i++;
  const out: unknown[] = [];
  skipWs();
  if (text[i] === ']') return i + 1 === text.trimEnd().length ? out : undefined;
  for (;;) {
    skipWs();
    const c = text[i];
    if (c === "'" || c === '"') {
      const s = readPythonString(text, i);
      if (s === undefined) return undefined;
      out.push(s.value);
      i = s.end;
    } else {
      let j = i;
      while (j < n && text[j] !== ',' && text[j] !== ']') j++;
      const tok = text.slice(i, j).trim();
      if (tok === 'None') out.push(null);
      else if (tok === 'True') out.push(true);
      else if (tok === 'False') out.push(false);
      else {
        const v = parseNumberText(tok);
        if (v === undefined || tok === '') return undefined;
        out.push(v);
      }
      i = j;
    }
    skipWs();
    if (text[i] === ',') {
      i++;
      skipWs();
      if (text[i] === ']') break; // trailing comma
      continue;
    }
    if (text[i] === ']') break;
    return undefined;
  }
  return i + 1 === text.trimEnd().length ? out : undefined;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v' };

function readPythonString(text: string, start: number): { value: string; end: number } | undefined {
  const quote = text[start];
  const parts: string[] = [];
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === quote) return { value: parts.join(''), end: i + 1 };
    if (c !== '\\') {
      parts.push(c);
      i++;
      continue;
    }
    const e = text[i + 1];
    if (e in SIMPLE_ESCAPES) {
      parts.push(SIMPLE_ESCAPES[e]);
      i += 2;
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = text.slice(i + 2, i + 2 + len);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) return undefined;
      parts.push(String.fromCodePoint(parseInt(hex, 16)));
      i += 2 + len;
    } else {
      parts.push('\\');
      i++;
    }
  }
  return undefined;
}
