// Renders a parsed chat template with Python/Jinja value semantics where chat templates can see the difference:
// `None`/`True` print as in Python, ints and floats stay apart (`4 / 2` prints `2.0`), strings index and measure by
// code points, negative indices and slices work, `%` and `//` follow Python's signs, a missing dict key is undefined
// (falsy, prints as ''), attribute access on an undefined value is an error, each loop iteration has its own scope
// (use namespace() to carry values out), and `tojson` writes Python's `json.dumps(ensure_ascii=False)` spacing.
//
// The supported subset (what Hub chat templates use), checked against jinja2 3.1.6 in transformers' environment:
//   statements  if/elif/else, for (tuple targets, `if` filter, else, loop.index/index0/revindex/revindex0/first/last/
//               length/previtem/nextitem), set (name or namespace attribute), break, continue, generation (no-op)
//   operators   + - * / // % ** ~, == != < > <= >= (chained), in, not in, and, or, not, `a if c else b`, is [not]
//   filters     trim length count upper lower capitalize title string safe first last list reverse join default|d int
//               float abs round replace tojson items map select reject selectattr rejectattr unique
//   tests       defined undefined none string number integer float boolean true false mapping sequence iterable
//               callable odd even divisibleby equalto/eq/==/sameas ne/!= in lower upper
//   methods     str: strip lstrip rstrip upper lower title capitalize startswith endswith replace split find count
//               join isdigit isspace; dict: get items keys values
//   globals     raise_exception (throws TemplateError with the template's message), range, namespace, dict
// Anything else (macros, call blocks, block set, includes, other filters) is refused with a TemplateError naming it.
// `strftime_now` is deliberately absent, so templates that test `strftime_now is defined` take their fixed-date
// branch: renderings (and so rewards) stay reproducible from day to day.
import { TemplateError } from './jinja-lexer.js';
import { parseTemplate, type Expr, type Node } from './jinja-parser.js';
import { FILTERS, GLOBALS, getAttr, getItem, runTest, slice } from './jinja-builtins.js';
import {
  Callable,
  Namespace,
  PyFloat,
  Undefined,
  contains,
  isUndef,
  iterate,
  num,
  pyEquals,
  pyStr,
  truthy,
} from './jinja-values.js';

export { TemplateError, truthy, pyStr };

/** Loop control travels as exceptions out of the body to the enclosing for. */
class BreakSignal {}
class ContinueSignal {}

export interface CompiledTemplate {
  render(context: Record<string, unknown>): string;
}

/** Parses once; `render` may run many times. */
export function compileTemplate(source: string): CompiledTemplate {
  const nodes = parseTemplate(source);
  return {
    render(context: Record<string, unknown>): string {
      const out: string[] = [];
      const globals: Record<string, unknown> = { ...GLOBALS, ...context };
      runNodes(nodes, new Scope(globals), out);
      return out.join('');
    },
  };
}

class Scope {
  private readonly vars = new Map<string, unknown>();
  constructor(
    private readonly globals: Record<string, unknown>,
    private readonly parent?: Scope,
  ) {}
  get(name: string): unknown {
    for (let s: Scope | undefined = this; s; s = s.parent) if (s.vars.has(name)) return s.vars.get(name);
    return Object.prototype.hasOwnProperty.call(this.globals, name) ? this.globals[name] : new Undefined(name);
  }
  set(name: string, v: unknown): void {
    this.vars.set(name, v);
  }
  child(): Scope {
    return new Scope(this.globals, this);
  }
}

function runNodes(nodes: readonly Node[], scope: Scope, out: string[]): void {
  for (const node of nodes) {
    switch (node.k) {
      case 'text':
        out.push(node.text);
        break;
      case 'output':
        out.push(pyStr(evaluate(node.expr, scope)));
        break;
      case 'if': {
        const branch = node.branches.find((b) => truthy(evaluate(b.test, scope)));
        runNodes(branch ? branch.body : node.else, scope, out);
        break;
      }
      case 'for':
        runFor(node, scope, out);
        break;
      case 'set': {
        const value = evaluate(node.value, scope);
        if (node.attr === undefined) scope.set(node.target, value);
        else {
          const ns = scope.get(node.target);
          if (!(ns instanceof Namespace)) throw new TemplateError(`can only set attributes of a namespace(), not of "${node.target}"`);
          ns.attrs[node.attr] = value;
        }
        break;
      }
      case 'break':
        throw new BreakSignal();
      case 'continue':
        throw new ContinueSignal();
    }
  }
}

function runFor(node: Extract<Node, { k: 'for' }>, scope: Scope, out: string[]): void {
  let items = iterate(evaluate(node.iter, scope));
  const bind = (s: Scope, item: unknown) => {
    if (node.targets.length === 1) s.set(node.targets[0], item);
    else {
      const parts = iterate(item);
      if (parts.length !== node.targets.length) throw new TemplateError(`cannot unpack ${parts.length} values into ${node.targets.length} names`, node.line);
      node.targets.forEach((t, j) => s.set(t, parts[j]));
    }
  };
  if (node.filter) {
    // `for x in xs if cond`: the loop (and loop.length) runs over the filtered items
    const filter = node.filter;
    items = items.filter((item) => {
      const s = scope.child();
      bind(s, item);
      return truthy(evaluate(filter, s));
    });
  }
  if (items.length === 0) {
    runNodes(node.else, scope, out);
    return;
  }
  const n = items.length;
  for (let i = 0; i < n; i++) {
    const s = scope.child();
    bind(s, items[i]);
    s.set('loop', {
      index: i + 1,
      index0: i,
      revindex: n - i,
      revindex0: n - i - 1,
      first: i === 0,
      last: i === n - 1,
      length: n,
      previtem: i > 0 ? items[i - 1] : new Undefined('previtem'),
      nextitem: i < n - 1 ? items[i + 1] : new Undefined('nextitem'),
    });
    try {
      runNodes(node.body, s, out);
    } catch (e) {
      if (e instanceof BreakSignal) break;
      if (e instanceof ContinueSignal) continue;
      throw e;
    }
  }
}

// --------------------------------------------------------------------------------------------------- expressions

function evaluate(e: Expr, scope: Scope): unknown {
  switch (e.k) {
    case 'lit':
      return e.v;
    case 'name':
      return scope.get(e.name);
    case 'list':
      return e.items.map((x) => evaluate(x, scope));
    case 'dict': {
      const d: Record<string, unknown> = {};
      for (const [k, v] of e.entries) d[pyStr(evaluate(k, scope))] = evaluate(v, scope);
      return d;
    }
    case 'attr':
      return getAttr(evaluate(e.obj, scope), e.name);
    case 'item':
      return getItem(evaluate(e.obj, scope), evaluate(e.index, scope));
    case 'slice':
      return slice(evaluate(e.obj, scope), e.start && evaluate(e.start, scope), e.stop && evaluate(e.stop, scope), e.step && evaluate(e.step, scope));
    case 'call': {
      const fn = evaluate(e.fn, scope);
      if (!(fn instanceof Callable)) throw new TemplateError(`${describe(e.fn)} is not callable`);
      return fn.fn(e.args.map((a) => evaluate(a, scope)), Object.fromEntries(e.kwargs.map(([k, v]) => [k, evaluate(v, scope)])));
    }
    case 'filter': {
      const f = FILTERS[e.name];
      if (!f) throw new TemplateError(`unsupported Jinja filter "${e.name}" in chat template`);
      return f(evaluate(e.value, scope), e.args.map((a) => evaluate(a, scope)), Object.fromEntries(e.kwargs.map(([k, v]) => [k, evaluate(v, scope)])));
    }
    case 'test': {
      const result = runTest(e.name, evaluate(e.value, scope), e.args.map((a) => evaluate(a, scope)));
      return e.negated ? !result : result;
    }
    case 'unary': {
      const v = evaluate(e.value, scope);
      if (e.op === 'not') return !truthy(v);
      const x = num(v, e.op);
      const r = e.op === '-' ? -x : x;
      return v instanceof PyFloat ? new PyFloat(r) : r;
    }
    case 'binary':
      if (e.op === 'and') {
        const l = evaluate(e.left, scope);
        return truthy(l) ? evaluate(e.right, scope) : l;
      }
      if (e.op === 'or') {
        const l = evaluate(e.left, scope);
        return truthy(l) ? l : evaluate(e.right, scope);
      }
      return binary(e.op, evaluate(e.left, scope), evaluate(e.right, scope));
    case 'compare': {
      let left = evaluate(e.first, scope);
      for (const [op, rightExpr] of e.rest) {
        const right = evaluate(rightExpr, scope);
        if (!compare(op, left, right)) return false;
        left = right;
      }
      return true;
    }
    case 'cond':
      return truthy(evaluate(e.test, scope)) ? evaluate(e.then, scope) : e.else ? evaluate(e.else, scope) : new Undefined('else');
  }
}

function describe(e: Expr): string {
  if (e.k === 'name') return `"${e.name}"`;
  if (e.k === 'attr') return `".${e.name}"`;
  return 'value';
}

function binary(op: string, a: unknown, b: unknown): unknown {
  if (op === '~') return pyStr(a) + pyStr(b);
  if (isUndef(a) || isUndef(b)) throw new TemplateError(`"${isUndef(a) ? a.name : (b as Undefined).name}" is undefined (operator ${op})`);
  if (op === '+') {
    if (typeof a === 'string' && typeof b === 'string') return a + b;
    if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  }
  if (op === '*') {
    if (typeof a === 'string' && typeof b === 'number') return a.repeat(Math.max(0, b));
    if (Array.isArray(a) && typeof b === 'number') return Array.from({ length: Math.max(0, b) }, () => a).flat();
  }
  const x = num(a, op);
  const y = num(b, op);
  if ((op === '/' || op === '//' || op === '%') && y === 0) throw new TemplateError('division by zero');
  let r: number;
  if (op === '+') r = x + y;
  else if (op === '-') r = x - y;
  else if (op === '*') r = x * y;
  else if (op === '/') return new PyFloat(x / y); // true division is always a float in Python
  else if (op === '//') r = Math.floor(x / y);
  else if (op === '%') r = x - y * Math.floor(x / y); // Python: the result takes the divisor's sign
  else if (op === '**') r = x ** y;
  else throw new TemplateError(`unknown operator ${op}`);
  return a instanceof PyFloat || b instanceof PyFloat ? new PyFloat(r) : r;
}


function compare(op: string, a: unknown, b: unknown): boolean {
  switch (op) {
    case '==':
      return pyEquals(a, b);
    case '!=':
      return !pyEquals(a, b);
    case 'in':
      return contains(b, a);
    case 'not in':
      return !contains(b, a);
  }
  if (typeof a === 'string' && typeof b === 'string') {
    const c = a < b ? -1 : a > b ? 1 : 0; // UTF-16 order equals code point order except across surrogates; fine here
    return op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0;
  }
  const x = num(a, op);
  const y = num(b, op);
  return op === '<' ? x < y : op === '>' ? x > y : op === '<=' ? x <= y : x >= y;
}
