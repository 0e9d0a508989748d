// Jinja builtins for chat templates: attribute and item access (Python str/dict methods first, as the sandbox's
// getattr), slices, and the filters, tests and globals listed in jinja-render.ts.
import { isPyWhitespace, pySplit, pyStrip } from '../../lexical/text.js';
import { TemplateError } from './jinja-lexer.js';
import {
  Callable,
  Namespace,
  PyFloat,
  Undefined,
  codePoints,
  contains,
  isDict,
  isUndef,
  iterate,
  num,
  pyEquals,
  pyJson,
  pyStr,
  truthy,
  typeName,
} from './jinja-values.js';


export function getItem(obj: unknown, key: unknown): unknown {
  if (isUndef(obj)) throw new TemplateError(`"${obj.name}" is undefined (subscript [${pyStr(key)}])`);
  if (Array.isArray(obj) || typeof obj === 'string') {
    if (typeof key !== 'number' || !Number.isInteger(key)) return typeof key === 'string' ? getAttr(obj, key) : new Undefined(String(key));
    const seq = typeof obj === 'string' ? codePoints(obj) : obj;
    const i = key < 0 ? seq.length + key : key;
    return i >= 0 && i < seq.length ? seq[i] : new Undefined(`[${key}]`);
  }
  if (isDict(obj)) {
    const k = pyStr(key);
    return Object.prototype.hasOwnProperty.call(obj, k) ? obj[k] : attributeOf(obj, k);
  }
  if (obj instanceof Namespace) return pyStr(key) in obj.attrs ? obj.attrs[pyStr(key)] : new Undefined(pyStr(key));
  return new Undefined(pyStr(key));
}

/** `a.b`: an attribute (a method of str/dict) first, then the item, as Jinja's sandbox getattr does. */
export function getAttr(obj: unknown, name: string): unknown {
  if (isUndef(obj)) throw new TemplateError(`"${obj.name}" is undefined (attribute .${name})`);
  const method = attributeOf(obj, name);
  if (!isUndef(method)) return method;
  if (isDict(obj)) return Object.prototype.hasOwnProperty.call(obj, name) ? obj[name] : new Undefined(name);
  if (obj instanceof Namespace) return name in obj.attrs ? obj.attrs[name] : new Undefined(name);
  return new Undefined(name);
}

function attributeOf(obj: unknown, name: string): unknown {
  if (typeof obj === 'string') {
    const m = STRING_METHODS[name];
    return m ? new Callable(name, (args) => m(obj, args)) : new Undefined(name);
  }
  if (isDict(obj)) {
    if (name === 'get') return new Callable('get', (args) => (Object.prototype.hasOwnProperty.call(obj, pyStr(args[0])) ? obj[pyStr(args[0])] : args.length > 1 ? args[1] : null));
    if (name === 'items') return new Callable('items', () => Object.entries(obj));
    if (name === 'keys') return new Callable('keys', () => Object.keys(obj));
    if (name === 'values') return new Callable('values', () => Object.values(obj));
  }
  return new Undefined(name);
}

export function slice(obj: unknown, start: unknown, stop: unknown, step: unknown): unknown {
  if (isUndef(obj)) throw new TemplateError(`"${obj.name}" is undefined (slice)`);
  const isStr = typeof obj === 'string';
  const seq: unknown[] = isStr ? codePoints(obj as string) : Array.isArray(obj) ? obj : iterate(obj);
  const n = seq.length;
  const st = step === undefined || step === null ? 1 : num(step, 'slice');
  if (st === 0) throw new TemplateError('slice step cannot be zero');
  const norm = (v: unknown, def: number, lo: number, hi: number) => {
    if (v === undefined || v === null) return def;
    let x = num(v, 'slice');
    if (x < 0) x += n;
    return Math.min(Math.max(x, lo), hi);
  };
  const out: unknown[] = [];
  if (st > 0) {
    const a = norm(start, 0, 0, n);
    const b = norm(stop, n, 0, n);
    for (let i = a; i < b; i += st) out.push(seq[i]);
  } else {
    const a = norm(start, n - 1, -1, n - 1);
    const b = norm(stop, -1, -1, n - 1);
    for (let i = a; i > b; i += st) out.push(seq[i]);
  }
  return isStr ? out.join('') : out;
}


// ------------------------------------------------------------------------------------------- filters, tests

type Filter = (value: unknown, args: unknown[], kwargs: Record<string, unknown>) => unknown;

function strip(s: string, chars: unknown, left: boolean, right: boolean): string {
  if (chars === undefined || chars === null) {
    if (left && right) return pyStrip(s);
    const cps = codePoints(s);
    let a = 0;
    let b = cps.length;
    if (left) while (a < b && isPyWhitespace(cps[a].codePointAt(0)!)) a++;
    if (right) while (b > a && isPyWhitespace(cps[b - 1].codePointAt(0)!)) b--;
    return cps.slice(a, b).join('');
  }
  const set = new Set(codePoints(pyStr(chars)));
  const cps = codePoints(s);
  let a = 0;
  let b = cps.length;
  if (left) while (a < b && set.has(cps[a])) a++;
  if (right) while (b > a && set.has(cps[b - 1])) b--;
  return cps.slice(a, b).join('');
}

function capitalize(s: string): string {
  const cps = codePoints(s);
  return cps.length ? cps[0].toUpperCase() + cps.slice(1).join('').toLowerCase() : '';
}

/** Jinja's `title` filter: capitalise every piece after a run of `-`, whitespace or an opening bracket. */
function titleFilter(s: string): string {
  return s
    .split(/([-\s({[<]+)/u)
    .map((part) => (part ? capitalize(part) : part))
    .join('');
}

/** Python's str.title(): upper-case a cased letter after an uncased character, lower-case the others. */
function pyTitle(s: string): string {
  let out = '';
  let prevCased = false;
  for (const ch of s) {
    const cased = ch.toLowerCase() !== ch.toUpperCase();
    out += cased ? (prevCased ? ch.toLowerCase() : ch.toUpperCase()) : ch;
    prevCased = cased;
  }
  return out;
}

function replaceAll(s: string, old: string, repl: string, count?: number): string {
  if (count === undefined || count < 0) return old === '' ? codePoints(s).join(repl).replace(/^/, repl) + repl : s.split(old).join(repl);
  let out = s;
  let from = 0;
  for (let n = 0; n < count; n++) {
    const i = out.indexOf(old, from);
    if (i < 0) break;
    out = out.slice(0, i) + repl + out.slice(i + old.length);
    from = i + repl.length;
  }
  return out;
}

const STRING_METHODS: Record<string, (s: string, args: unknown[]) => unknown> = {
  strip: (s, a) => strip(s, a[0], true, true),
  lstrip: (s, a) => strip(s, a[0], true, false),
  rstrip: (s, a) => strip(s, a[0], false, true),
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  title: (s) => pyTitle(s),
  capitalize: (s) => capitalize(s),
  startswith: (s, a) => (Array.isArray(a[0]) ? a[0].some((p) => s.startsWith(pyStr(p))) : s.startsWith(pyStr(a[0]))),
  endswith: (s, a) => (Array.isArray(a[0]) ? a[0].some((p) => s.endsWith(pyStr(p))) : s.endsWith(pyStr(a[0]))),
  replace: (s, a) => replaceAll(s, pyStr(a[0]), pyStr(a[1]), a[2] === undefined ? undefined : num(a[2], 'replace')),
  split: (s, a) => {
    if (a[0] === undefined || a[0] === null) return pySplit(s);
    const parts = s.split(pyStr(a[0]));
    const max = a[1] === undefined ? -1 : num(a[1], 'split');
    return max < 0 || parts.length <= max + 1 ? parts : [...parts.slice(0, max), parts.slice(max).join(pyStr(a[0]))];
  },
  find: (s, a) => {
    const i = s.indexOf(pyStr(a[0]));
    return i < 0 ? -1 : codePoints(s.slice(0, i)).length;
  },
  count: (s, a) => (pyStr(a[0]) === '' ? codePoints(s).length + 1 : s.split(pyStr(a[0])).length - 1),
  join: (s, a) => iterate(a[0]).map(pyStr).join(s),
  isdigit: (s) => s.length > 0 && /^\p{Nd}+$/u.test(s),
  isspace: (s) => s.length > 0 && codePoints(s).every((c) => isPyWhitespace(c.codePointAt(0)!)),
};

function lengthOf(v: unknown): number {
  if (typeof v === 'string') return codePoints(v).length;
  if (Array.isArray(v)) return v.length;
  if (isDict(v)) return Object.keys(v).length;
  if (isUndef(v)) return 0;
  throw new TemplateError(`object of type ${typeName(v)} has no length`);
}

function attrPath(item: unknown, path: string): unknown {
  let v = item;
  for (const part of path.split('.')) v = /^\d+$/.test(part) ? getItem(v, Number(part)) : getItem(v, part);
  return v;
}

function selectBy(value: unknown, args: unknown[], byAttr: boolean, keep: boolean): unknown[] {
  const items = iterate(value);
  const [first, ...rest] = args;
  return items.filter((item) => {
    const subject = byAttr ? attrPath(item, pyStr(first)) : item;
    const testArgs = byAttr ? rest : args;
    const passed = testArgs.length === 0 ? truthy(subject) : runTest(pyStr(testArgs[0]), subject, testArgs.slice(1));
    return passed === keep;
  });
}

export const FILTERS: Record<string, Filter> = {
  trim: (v, a) => strip(pyStr(v), a[0], true, true),
  length: (v) => lengthOf(v),
  count: (v) => lengthOf(v),
  upper: (v) => pyStr(v).toUpperCase(),
  lower: (v) => pyStr(v).toLowerCase(),
  capitalize: (v) => capitalize(pyStr(v)),
  title: (v) => titleFilter(pyStr(v)),
  string: (v) => pyStr(v),
  safe: (v) => v,
  first: (v) => {
    const items = iterate(v);
    return items.length ? items[0] : new Undefined('first');
  },
  last: (v) => {
    const items = iterate(v);
    return items.length ? items[items.length - 1] : new Undefined('last');
  },
  list: (v) => [...iterate(v)],
  reverse: (v) => (typeof v === 'string' ? codePoints(v).reverse().join('') : [...iterate(v)].reverse()),
  join: (v, a, kw) => {
    const attribute = kw.attribute ?? a[1];
    return iterate(v)
      .map((x) => pyStr(attribute === undefined ? x : attrPath(x, pyStr(attribute))))
      .join(a[0] === undefined ? '' : pyStr(a[0]));
  },
  default: (v, a, kw) => {
    const onFalsy = truthy(a[1] ?? kw.boolean ?? false);
    return isUndef(v) || (onFalsy && !truthy(v)) ? (a[0] ?? kw.default_value ?? '') : v;
  },
  int: (v, a) => {
    if (typeof v === 'number' || v instanceof PyFloat) return Math.trunc(num(v, 'int'));
    const x = Number.parseInt(pyStr(v), 10);
    return Number.isNaN(x) ? (a[0] ?? 0) : x;
  },
  float: (v, a) => {
    const x = typeof v === 'number' || v instanceof PyFloat ? num(v, 'float') : Number.parseFloat(pyStr(v));
    return Number.isNaN(x) ? (a[0] ?? new PyFloat(0)) : new PyFloat(x);
  },
  abs: (v) => (v instanceof PyFloat ? new PyFloat(Math.abs(v.v)) : Math.abs(num(v, 'abs'))),
  round: (v, a) => {
    const p = 10 ** (a[0] === undefined ? 0 : num(a[0], 'round'));
    // Jinja's round filter is Python's round(): a float, halves to even
    const x = num(v, 'round') * p;
    const f = Math.floor(x);
    const r = x - f === 0.5 ? (f % 2 === 0 ? f : f + 1) : Math.round(x);
    return new PyFloat(r / p);
  },
  replace: (v, a) => replaceAll(pyStr(v), pyStr(a[0]), pyStr(a[1]), a[2] === undefined ? undefined : num(a[2], 'replace')),
  tojson: (v, a, kw) => pyJson(v, (kw.indent ?? a[0] ?? null) as number | null),
  items: (v) => (isDict(v) ? Object.entries(v) : []),
  map: (v, a, kw) => {
    if (kw.attribute !== undefined) return iterate(v).map((x) => attrPath(x, pyStr(kw.attribute)));
    const f = FILTERS[pyStr(a[0])];
    if (!f) throw new TemplateError(`unsupported filter "${pyStr(a[0])}" in map()`);
    return iterate(v).map((x) => f(x, a.slice(1), {}));
  },
  select: (v, a) => selectBy(v, a, false, true),
  reject: (v, a) => selectBy(v, a, false, false),
  selectattr: (v, a) => selectBy(v, a, true, true),
  rejectattr: (v, a) => selectBy(v, a, true, false),
  unique: (v) => iterate(v).filter((x, i, all) => all.findIndex((y) => pyEquals(x, y)) === i),
};
FILTERS.d = FILTERS.default;
FILTERS.e = FILTERS.safe;

export const TESTS: Record<string, (v: unknown, args: unknown[]) => boolean> = {
  defined: (v) => !isUndef(v),
  undefined: (v) => isUndef(v),
  none: (v) => v === null,
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number' || v instanceof PyFloat,
  integer: (v) => typeof v === 'number',
  float: (v) => v instanceof PyFloat,
  boolean: (v) => typeof v === 'boolean',
  true: (v) => v === true,
  false: (v) => v === false,
  mapping: (v) => isDict(v),
  sequence: (v) => typeof v === 'string' || Array.isArray(v) || isDict(v),
  iterable: (v) => typeof v === 'string' || Array.isArray(v) || isDict(v),
  callable: (v) => v instanceof Callable,
  odd: (v) => num(v, 'odd') % 2 !== 0,
  even: (v) => num(v, 'even') % 2 === 0,
  divisibleby: (v, a) => num(v, 'divisibleby') % num(a[0], 'divisibleby') === 0,
  equalto: (v, a) => pyEquals(v, a[0]),
  in: (v, a) => contains(a[0], v),
  lower: (v) => typeof v === 'string' && v === v.toLowerCase(),
  upper: (v) => typeof v === 'string' && v === v.toUpperCase(),
};
for (const [alias, name] of [['eq', 'equalto'], ['==', 'equalto'], ['sameas', 'equalto']] as const) TESTS[alias] = TESTS[name];
TESTS.ne = (v, a) => !pyEquals(v, a[0]);
TESTS['!='] = TESTS.ne;

export function runTest(name: string, v: unknown, args: unknown[]): boolean {
  const t = TESTS[name];
  if (!t) throw new TemplateError(`unsupported Jinja test "${name}" in chat template`);
  return t(v, args);
}

export const GLOBALS: Record<string, unknown> = {
  raise_exception: new Callable('raise_exception', (args) => {
    throw new TemplateError(pyStr(args[0]));
  }),
  range: new Callable('range', (args) => {
    const [a, b, c] = args.map((x) => num(x, 'range'));
    const [start, stop, step] = args.length === 1 ? [0, a, 1] : [a, b, c ?? 1];
    if (step === 0) throw new TemplateError('range() step must not be zero');
    const out: number[] = [];
    for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
    return out;
  }),
  namespace: new Callable('namespace', (args, kwargs) => new Namespace({ ...(isDict(args[0]) ? args[0] : {}), ...kwargs })),
  dict: new Callable('dict', (args, kwargs) => ({ ...(isDict(args[0]) ? args[0] : {}), ...kwargs })),
};
