// Jinja syntax tree for chat templates: the statements and expressions Hub chat templates use (for/if/set/break/
// continue/generation, namespaces, filters, tests, slices, method calls). Operator precedence follows Jinja's parser:
// ternary < or < and < not < comparisons < + - < ~ < * / // % < ** < unary, with filters, `is` tests and calls binding
// tightest (so `'a' + x | trim` trims only x, and `not x is defined` is `not (x is defined)`).
import { lexExpression, lexTemplate, TemplateError, type Tok } from './jinja-lexer.js';

/** A Python float (Jinja keeps int and float apart: `4 / 2` prints `2.0`, `1.0` prints `1.0`). */
export class PyFloat {
  constructor(readonly v: number) {}
}

export type Expr =
  | { k: 'lit'; v: unknown }
  | { k: 'name'; name: string }
  | { k: 'list'; items: Expr[] }
  | { k: 'dict'; entries: [Expr, Expr][] }
  | { k: 'attr'; obj: Expr; name: string }
  | { k: 'item'; obj: Expr; index: Expr }
  | { k: 'slice'; obj: Expr; start?: Expr; stop?: Expr; step?: Expr }
  | { k: 'call'; fn: Expr; args: Expr[]; kwargs: [string, Expr][] }
  | { k: 'filter'; value: Expr; name: string; args: Expr[]; kwargs: [string, Expr][] }
  | { k: 'test'; value: Expr; name: string; args: Expr[]; negated: boolean }
  | { k: 'unary'; op: '-' | '+' | 'not'; value: Expr }
  | { k: 'binary'; op: string; left: Expr; right: Expr }
  | { k: 'compare'; first: Expr; rest: [string, Expr][] }
  | { k: 'cond'; test: Expr; then: Expr; else?: Expr };

export type Node =
  | { k: 'text'; text: string }
  | { k: 'output'; expr: Expr; line: number }
  | { k: 'if'; branches: { test: Expr; body: Node[] }[]; else: Node[] }
  | { k: 'for'; targets: string[]; iter: Expr; filter?: Expr; body: Node[]; else: Node[]; line: number }
  | { k: 'set'; target: string; attr?: string; value: Expr }
  | { k: 'break' }
  | { k: 'continue' };

/** Parses a template into nodes. Unsupported statements are refused by name, never skipped. */
export function parseTemplate(template: string): Node[] {
  const pieces = lexTemplate(template);
  let pos = 0;

  const parseBody = (stopAt: readonly string[]): { nodes: Node[]; stop: string; stopTokens?: ExprParser } => {
    const nodes: Node[] = [];
    while (pos < pieces.length) {
      const piece = pieces[pos++];
      if (piece.kind === 'text') {
        nodes.push({ k: 'text', text: piece.text });
        continue;
      }
      const p = new ExprParser(lexExpression(piece.source, piece.line), piece.line);
      if (piece.kind === 'output') {
        nodes.push({ k: 'output', expr: p.expression(), line: piece.line });
        p.expectEnd();
        continue;
      }
      const keyword = p.name();
      if (stopAt.includes(keyword)) return { nodes, stop: keyword, stopTokens: p };
      switch (keyword) {
        case 'if':
          nodes.push(parseIf(p));
          break;
        case 'for':
          nodes.push(parseFor(p, piece.line));
          break;
        case 'set': {
          const target = p.name();
          let attr: string | undefined;
          if (p.accept('.')) attr = p.name();
          if (!p.accept('=')) throw new TemplateError('block `{% set %}…{% endset %}` is not supported in chat templates', piece.line);
          nodes.push({ k: 'set', target, attr, value: p.expression() });
          p.expectEnd();
          break;
        }
        case 'break':
        case 'continue':
          p.expectEnd();
          nodes.push({ k: keyword });
          break;
        case 'generation': {
          // transformers' AssistantTracker block: it only marks assistant tokens; rendering passes through
          p.expectEnd();
          const inner = parseBody(['endgeneration']);
          if (inner.stop !== 'endgeneration') throw new TemplateError('missing {% endgeneration %}', piece.line);
          nodes.push(...inner.nodes);
          break;
        }
        default:
          throw new TemplateError(
            `unsupported Jinja statement "${keyword}" in chat template (supported: if/elif/else, for/else, set, break, continue, generation)`,
            piece.line,
          );
      }
    }
    if (stopAt.length) throw new TemplateError(`template ended before {% ${stopAt.join(' / ')} %}`);
    return { nodes, stop: '' };
  };

  const parseIf = (p: ExprParser): Node => {
    const branches: { test: Expr; body: Node[] }[] = [];
    let test = p.expression();
    p.expectEnd();
    for (;;) {
      const part = parseBody(['elif', 'else', 'endif']);
      branches.push({ test, body: part.nodes });
      const q = part.stopTokens as ExprParser;
      if (part.stop === 'elif') {
        test = q.expression();
        q.expectEnd();
        continue;
      }
      q.expectEnd();
      if (part.stop === 'endif') return { k: 'if', branches, else: [] };
      const tail = parseBody(['endif']);
      (tail.stopTokens as ExprParser).expectEnd();
      return { k: 'if', branches, else: tail.nodes };
    }
  };

  const parseFor = (p: ExprParser, line: number): Node => {
    const targets = [p.name()];
    while (p.accept(',')) targets.push(p.name());
    if (p.name() !== 'in') throw new TemplateError('expected "in" in {% for %}', line);
    const iter = p.expression(false);
    const filter = p.acceptName('if') ? p.expression(false) : undefined;
    if (p.acceptName('recursive')) throw new TemplateError('recursive loops are not supported in chat templates', line);
    p.expectEnd();
    const body = parseBody(['else', 'endfor']);
    (body.stopTokens as ExprParser).expectEnd();
    let elseNodes: Node[] = [];
    if (body.stop === 'else') {
      const tail = parseBody(['endfor']);
      (tail.stopTokens as ExprParser).expectEnd();
      elseNodes = tail.nodes;
    }
    return { k: 'for', targets, iter, filter, body: body.nodes, else: elseNodes, line };
  };

  const { nodes } = parseBody([]);
  return nodes;
}

const COMPARE_OPS = new Set(['==', '!=', '<', '>', '<=', '>=']);
/** Names that end a bare test argument (`x is divisibleby 3` takes one; `x is defined and y` does not). */
const STOP_WORDS = new Set(['and', 'or', 'else', 'if', 'in', 'is', 'not', 'recursive']);

class ExprParser {
  private i = 0;
  constructor(
    private readonly toks: Tok[],
    private readonly line: number,
  ) {}

  private peek(offset = 0): Tok {
    return this.toks[Math.min(this.i + offset, this.toks.length - 1)];
  }
  private isOp(v: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.t === 'op' && t.v === v;
  }
  private isName(v: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.t === 'name' && t.v === v;
  }
  accept(op: string): boolean {
    if (!this.isOp(op)) return false;
    this.i++;
    return true;
  }
  acceptName(v: string): boolean {
    if (!this.isName(v)) return false;
    this.i++;
    return true;
  }
  private expect(op: string): void {
    if (!this.accept(op)) throw this.error(`expected "${op}"`);
  }
  name(): string {
    const t = this.peek();
    if (t.t !== 'name') throw this.error('expected a name');
    this.i++;
    return t.v;
  }
  expectEnd(): void {
    if (this.peek().t !== 'end') throw this.error('unexpected trailing tokens');
  }
  private error(msg: string): TemplateError {
    const t = this.peek();
    const at = t.t === 'end' ? 'end of tag' : `"${'v' in t ? String(t.v) : ''}"`;
    return new TemplateError(`${msg} at ${at}`, this.line);
  }

  /** `withCondition=false` inside `for … in X if C`, where `if` starts the loop filter, not a ternary. */
  expression(withCondition = true): Expr {
    const value = this.or();
    if (withCondition && this.acceptName('if')) {
      const test = this.or();
      const otherwise = this.acceptName('else') ? this.expression() : undefined;
      return { k: 'cond', test, then: value, else: otherwise };
    }
    return value;
  }
  private or(): Expr {
    let left = this.and();
    while (this.acceptName('or')) left = { k: 'binary', op: 'or', left, right: this.and() };
    return left;
  }
  private and(): Expr {
    let left = this.not();
    while (this.acceptName('and')) left = { k: 'binary', op: 'and', left, right: this.not() };
    return left;
  }
  private not(): Expr {
    if (this.acceptName('not')) return { k: 'unary', op: 'not', value: this.not() };
    return this.compare();
  }
  private compare(): Expr {
    const first = this.add();
    const rest: [string, Expr][] = [];
    for (;;) {
      const t = this.peek();
      if (t.t === 'op' && COMPARE_OPS.has(t.v)) {
        this.i++;
        rest.push([t.v, this.add()]);
      } else if (this.isName('in')) {
        this.i++;
        rest.push(['in', this.add()]);
      } else if (this.isName('not') && this.isName('in', 1)) {
        this.i += 2;
        rest.push(['not in', this.add()]);
      } else break;
    }
    return rest.length ? { k: 'compare', first, rest } : first;
  }
  private add(): Expr {
    let left = this.concat();
    while (this.isOp('+') || this.isOp('-')) {
      const op = (this.toks[this.i++] as { v: string }).v;
      left = { k: 'binary', op, left, right: this.concat() };
    }
    return left;
  }
  private concat(): Expr {
    let left = this.mul();
    while (this.accept('~')) left = { k: 'binary', op: '~', left, right: this.mul() };
    return left;
  }
  private mul(): Expr {
    let left = this.pow();
    while (this.isOp('*') || this.isOp('/') || this.isOp('//') || this.isOp('%')) {
      const op = (this.toks[this.i++] as { v: string }).v;
      left = { k: 'binary', op, left, right: this.pow() };
    }
    return left;
  }
  private pow(): Expr {
    let left = this.unary(true);
    while (this.accept('**')) left = { k: 'binary', op: '**', left, right: this.unary(true) };
    return left;
  }
  private unary(withFilters: boolean): Expr {
    let node: Expr;
    if (this.accept('-')) node = { k: 'unary', op: '-', value: this.unary(false) };
    else if (this.accept('+')) node = { k: 'unary', op: '+', value: this.unary(false) };
    else node = this.postfix(this.primary());
    return withFilters ? this.filters(node) : node;
  }
  private filters(node: Expr): Expr {
    for (;;) {
      if (this.accept('|')) {
        const name = this.dottedName();
        const { args, kwargs } = this.isOp('(') ? this.callArgs() : { args: [], kwargs: [] };
        node = { k: 'filter', value: node, name, args, kwargs };
      } else if (this.acceptName('is')) {
        const negated = this.acceptName('not');
        const name = this.dottedName();
        let args: Expr[] = [];
        if (this.isOp('(')) args = this.callArgs().args;
        else if (this.startsBareArgument()) args = [this.postfix(this.primary())];
        node = { k: 'test', value: node, name, args, negated };
      } else if (this.isOp('(')) {
        const { args, kwargs } = this.callArgs();
        node = { k: 'call', fn: node, args, kwargs };
      } else return node;
    }
  }
  private startsBareArgument(): boolean {
    const t = this.peek();
    if (t.t === 'str' || t.t === 'num') return true;
    return t.t === 'name' && !STOP_WORDS.has(t.v);
  }
  private dottedName(): string {
    let name = this.name();
    while (this.isOp('.') && this.peek(1).t === 'name') {
      this.i++;
      name += '.' + this.name();
    }
    return name;
  }
  private postfix(node: Expr): Expr {
    for (;;) {
      if (this.accept('.')) {
        const t = this.peek();
        if (t.t === 'num') {
          this.i++;
          node = { k: 'item', obj: node, index: { k: 'lit', v: Math.trunc(t.v) } };
        } else node = { k: 'attr', obj: node, name: this.name() };
      } else if (this.accept('[')) {
        node = this.subscript(node);
      } else if (this.isOp('(')) {
        const { args, kwargs } = this.callArgs();
        node = { k: 'call', fn: node, args, kwargs };
      } else return node;
    }
  }
  private subscript(obj: Expr): Expr {
    let start: Expr | undefined;
    if (!this.isOp(':')) {
      start = this.expression();
      if (this.accept(']')) return { k: 'item', obj, index: start };
    }
    this.expect(':');
    const stop = this.isOp(']') || this.isOp(':') ? undefined : this.expression();
    let step: Expr | undefined;
    if (this.accept(':') && !this.isOp(']')) step = this.expression();
    this.expect(']');
    return { k: 'slice', obj, start, stop, step };
  }
  private callArgs(): { args: Expr[]; kwargs: [string, Expr][] } {
    this.expect('(');
    const args: Expr[] = [];
    const kwargs: [string, Expr][] = [];
    while (!this.accept(')')) {
      if (this.peek().t === 'name' && this.isOp('=', 1)) {
        const key = this.name();
        this.i++;
        kwargs.push([key, this.expression()]);
      } else args.push(this.expression());
      if (!this.isOp(')')) this.expect(',');
    }
    return { args, kwargs };
  }
  private primary(): Expr {
    const t = this.peek();
    this.i++;
    if (t.t === 'str') {
      let v = t.v;
      while (this.peek().t === 'str') v += (this.toks[this.i++] as { v: string }).v; // adjacent literals join, as in Python
      return { k: 'lit', v };
    }
    if (t.t === 'num') return { k: 'lit', v: t.float ? new PyFloat(t.v) : t.v };
    if (t.t === 'name') {
      if (t.v === 'true' || t.v === 'True') return { k: 'lit', v: true };
      if (t.v === 'false' || t.v === 'False') return { k: 'lit', v: false };
      if (t.v === 'none' || t.v === 'None') return { k: 'lit', v: null };
      return { k: 'name', name: t.v };
    }
    if (t.t === 'op' && t.v === '(') {
      const first = this.expression();
      if (this.accept(')')) return first;
      const items = [first];
      while (this.accept(',') && !this.isOp(')')) items.push(this.expression());
      this.expect(')');
      return { k: 'list', items }; // a tuple behaves like a list here
    }
    if (t.t === 'op' && t.v === '[') {
      const items: Expr[] = [];
      while (!this.accept(']')) {
        items.push(this.expression());
        if (!this.isOp(']')) this.expect(',');
      }
      return { k: 'list', items };
    }
    if (t.t === 'op' && t.v === '{') {
      const entries: [Expr, Expr][] = [];
      while (!this.accept('}')) {
        const key = this.expression();
        this.expect(':');
        entries.push([key, this.expression()]);
        if (!this.isOp('}')) this.expect(',');
      }
      return { k: 'dict', entries };
    }
    this.i--;
    throw this.error('expected a value');
  }
}
