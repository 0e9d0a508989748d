// Jinja values with Python semantics: undefined, namespaces, callables and floats as classes; Python's str()/repr(),
// json.dumps spacing, equality, truthiness, containment and iteration. Used by jinja-builtins.ts and jinja-render.ts.
import { PyFloat } from './jinja-parser.js';
import { TemplateError } from './jinja-lexer.js';

export { PyFloat };

export class Undefined {
  constructor(readonly name: string) {}
}
export class Namespace {
  constructor(readonly attrs: Record<string, unknown>) {}
}
export type Fn = (args: unknown[], kwargs: Record<string, unknown>) => unknown;
export class Callable {
  constructor(
    readonly name: string,
    readonly fn: Fn,
  ) {}
}

export const isUndef = (v: unknown): v is Undefined => v instanceof Undefined;
export const isDict = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Namespace) && !(v instanceof Undefined) && !(v instanceof Callable) && !(v instanceof PyFloat);


export function num(v: unknown, op: string): number {
  if (typeof v === 'number') return v;
  if (v instanceof PyFloat) return v.v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  throw new TemplateError(`operator ${op} needs numbers, got ${typeName(v)}`);
}

/** Python float repr: shortest round-trip digits, `.0` on integral values, exponent form outside [1e-4, 1e16). */
export function floatRepr(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : x < 0 ? '-inf' : 'nan';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const ax = Math.abs(x);
  if (ax >= 1e16 || ax < 1e-4) {
    const [m, e] = x.toExponential().split('e');
    const exp = Number(e);
    return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  const s = String(x);
  return s.includes('.') ? s : `${s}.0`;
}

export function pyEquals(a: unknown, b: unknown): boolean {
  if (isUndef(a) || isUndef(b)) return isUndef(a) && isUndef(b);
  if (a instanceof PyFloat || b instanceof PyFloat) return (typeof a === 'number' || a instanceof PyFloat) && (typeof b === 'number' || b instanceof PyFloat) && num(a, '==') === num(b, '==');
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => pyEquals(x, b[i]));
  if (isDict(a) && isDict(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && pyEquals(a[k], b[k]));
  }
  return a === b;
}

export function contains(container: unknown, x: unknown): boolean {
  if (typeof container === 'string') {
    if (typeof x !== 'string') throw new TemplateError(`"in <string>" needs a string on the left, got ${typeName(x)}`);
    return container.includes(x);
  }
  if (Array.isArray(container)) return container.some((y) => pyEquals(x, y));
  if (isDict(container)) return typeof x === 'string' && Object.prototype.hasOwnProperty.call(container, x);
  if (container instanceof Namespace) return typeof x === 'string' && x in container.attrs;
  if (isUndef(container)) return false;
  throw new TemplateError(`"in" needs a string, list or mapping, got ${typeName(container)}`);
}

export function truthy(v: unknown): boolean {
  if (v === null || v === false || v === 0 || v === '' || isUndef(v)) return false;
  if (v instanceof PyFloat) return v.v !== 0;
  if (Array.isArray(v)) return v.length > 0;
  if (isDict(v)) return Object.keys(v).length > 0;
  return true;
}

export function iterate(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return Array.from(v);
  if (isDict(v)) return Object.keys(v);
  if (isUndef(v)) return [];
  throw new TemplateError(`${typeName(v)} is not iterable`);
}

export function typeName(v: unknown): string {
  if (v === null) return 'None';
  if (v instanceof PyFloat) return 'float';
  if (isUndef(v)) return `undefined "${v.name}"`;
  if (Array.isArray(v)) return 'list';
  if (isDict(v)) return 'dict';
  return typeof v;
}

export function codePoints(s: string): string[] {
  return Array.from(s);
}

// ------------------------------------------------------------------------------------------------ printing

/** Python's str() of a value, as Jinja prints it. */
export function pyStr(v: unknown): string {
  if (typeof v === 'string') return v;
  if (isUndef(v)) return '';
  return pyRepr(v);
}

export function pyRepr(v: unknown): string {
  if (v === null) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return String(v);
  if (v instanceof PyFloat) return floatRepr(v.v);
  if (typeof v === 'string') return _pyStringRepr(v);
  if (isUndef(v)) return '';
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (v instanceof Namespace) return `<Namespace ${pyRepr(v.attrs)}>`;
  if (v instanceof Callable) return `<function ${v.name}>`;
  if (isDict(v)) return `{${Object.entries(v).map(([k, x]) => `${_pyStringRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
  return String(v);
}

function _pyStringRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let body = '';
  for (const ch of s) {
    if (ch === '\\') body += '\\\\';
    else if (ch === quote) body += '\\' + quote;
    else if (ch === '\n') body += '\\n';
    else if (ch === '\r') body += '\\r';
    else if (ch === '\t') body += '\\t';
    else if (ch.codePointAt(0)! < 0x20 || ch.codePointAt(0) === 0x7f) body += '\\x' + ch.codePointAt(0)!.toString(16).padStart(2, '0');
    else body += ch;
  }
  return quote + body + quote;
}

/** json.dumps(v, ensure_ascii=False, indent=indent): `", "` and `": "` separators unless indented. */
export function pyJson(v: unknown, indent: number | null, depth = 0): string {
  if (v === null || isUndef(v)) return 'null';
  if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
  if (typeof v === 'number') return String(v);
  if (v instanceof PyFloat) return Number.isFinite(v.v) ? floatRepr(v.v) : v.v > 0 ? 'Infinity' : v.v < 0 ? '-Infinity' : 'NaN';
  const entries: [string | null, unknown][] = Array.isArray(v)
    ? v.map((x) => [null, x])
    : v instanceof Namespace
      ? Object.entries(v.attrs)
      : Object.entries(v as Record<string, unknown>);
  const open = Array.isArray(v) ? '[' : '{';
  const close = Array.isArray(v) ? ']' : '}';
  if (entries.length === 0) return open + close;
  const parts = entries.map(([k, x]) => (k === null ? '' : JSON.stringify(k) + ': ') + pyJson(x, indent, depth + 1));
  if (indent === null) return open + parts.join(', ') + close;
  const pad = ' '.repeat(indent * (depth + 1));
  return `${open}\n${pad}${parts.join(`,\n${pad}`)}\n${' '.repeat(indent * depth)}${close}`;
}
