// Jinja lexing for chat templates, in two steps: the template text is cut into text / `{{ }}` / `{% %}` pieces with
// whitespace control applied, then each tag's inside is cut into expression tokens.
//
// Whitespace rules are those of the environment transformers renders chat templates with (`trim_blocks=True`,
// `lstrip_blocks=True`): `{%-` / `-%}` (also on `{{ }}` and `{# #}`) strip all whitespace on that side; a block or comment
// tag removes the single newline right after it; and spaces/tabs between a line start and a block or comment tag are
// dropped (`{%+` keeps them).

export class TemplateError extends Error {
  constructor(message: string, readonly line?: number) {
    super(line === undefined ? message : `${message} (template line ${line})`);
    this.name = 'TemplateError';
  }
}

export type Piece =
  | { kind: 'text'; text: string }
  | { kind: 'output'; source: string; line: number }
  | { kind: 'statement'; source: string; line: number };

interface RawTag {
  kind: 'output' | 'statement' | 'comment';
  source: string;
  line: number;
  trimBefore: boolean;
  keepBefore: boolean;
  trimAfter: boolean;
  keepAfter: boolean;
}

const CLOSERS = { '{{': '}}', '{%': '%}', '{#': '#}' } as const;

/** Cuts a template into pieces; whitespace control is already applied to the text pieces. */
export function lexTemplate(template: string): Piece[] {
  const texts: string[] = [];
  const tags: RawTag[] = [];
  let pos = 0;
  let line = 1;
  for (;;) {
    const open = _nextOpening(template, pos);
    if (open < 0) {
      texts.push(template.slice(pos));
      break;
    }
    texts.push(template.slice(pos, open));
    line += _count(template, pos, open, '\n');
    const opener = template.slice(open, open + 2) as keyof typeof CLOSERS;
    const closer = CLOSERS[opener];
    let inner = open + 2;
    const marker = template[inner];
    const trimBefore = marker === '-';
    const keepBefore = marker === '+';
    if (trimBefore || keepBefore) inner++;
    const close = _findCloser(template, inner, closer, opener !== '{#');
    if (close < 0) throw new TemplateError(`unclosed "${opener}"`, line);
    let end = close;
    const endMarker = template[close - 1];
    const trimAfter = endMarker === '-' && close - 1 >= inner;
    const keepAfter = endMarker === '+' && close - 1 >= inner;
    if (trimAfter || keepAfter) end--;
    const kind = opener === '{{' ? 'output' : opener === '{%' ? 'statement' : 'comment';
    tags.push({ kind, source: template.slice(inner, end).trim(), line, trimBefore, keepBefore, trimAfter, keepAfter });
    line += _count(template, open, close + 2, '\n');
    pos = close + 2;
  }
  // texts[i] precedes tags[i]; texts[tags.length] is the tail. Decide lstrip on the untouched source first: a tag
  // sits at a line start in the source even when trimming after the previous tag removes that line's newline.
  const lstrip = tags.map((tag, i) => tag.kind !== 'output' && !tag.keepBefore && !tag.trimBefore && _indentOnly(texts[i], i === 0));
  for (let i = 0; i < tags.length; i++) {
    const tag = tags[i];
    const block = tag.kind !== 'output';
    if (tag.trimAfter) texts[i + 1] = texts[i + 1].replace(/^\s+/u, '');
    else if (block && !tag.keepAfter) texts[i + 1] = texts[i + 1].replace(/^\r?\n/, '');
  }
  for (let i = 0; i < tags.length; i++) {
    if (tags[i].trimBefore) texts[i] = texts[i].replace(/\s+$/u, '');
    else if (lstrip[i]) texts[i] = texts[i].replace(/[ \t]+$/, '');
  }
  // keep_trailing_newline=False: Jinja drops one newline at the very end of the source
  const last = texts.length - 1;
  texts[last] = texts[last].replace(/\r?\n$/, '');
  const pieces: Piece[] = [];
  for (let i = 0; i <= tags.length; i++) {
    if (texts[i]) pieces.push({ kind: 'text', text: texts[i] });
    if (i === tags.length) break;
    const tag = tags[i];
    if (tag.kind !== 'comment') pieces.push({ kind: tag.kind, source: tag.source, line: tag.line });
  }
  return pieces;
}

function _nextOpening(s: string, from: number): number {
  for (let i = s.indexOf('{', from); i >= 0; i = s.indexOf('{', i + 1)) {
    const c = s[i + 1];
    if (c === '{' || c === '%' || c === '#') return i;
  }
  return -1;
}

/** The closing delimiter, skipping string literals inside expressions (a `'%}'` string must not end the tag). */
function _findCloser(s: string, from: number, closer: string, skipStrings: boolean): number {
  let i = from;
  while (i < s.length) {
    const c = s[i];
    if (skipStrings && (c === '"' || c === "'")) {
      i++;
      while (i < s.length && s[i] !== c) i += s[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (c === closer[0] && s[i + 1] === closer[1]) return i;
    i++;
  }
  return -1;
}

/** lstrip_blocks applies when only spaces and tabs stand between the last line start and the tag. */
function _indentOnly(text: string, atTemplateStart: boolean): boolean {
  const nl = text.lastIndexOf('\n');
  if (nl < 0 && !atTemplateStart) return false;
  return /^[ \t]*$/.test(text.slice(nl + 1));
}

function _count(s: string, from: number, to: number, ch: string): number {
  let n = 0;
  for (let i = s.indexOf(ch, from); i >= 0 && i < to; i = s.indexOf(ch, i + 1)) n++;
  return n;
}

// ------------------------------------------------------------------------------------------ expression tokens

export type Tok =
  | { t: 'name'; v: string }
  | { t: 'str'; v: string }
  | { t: 'num'; v: number; float: boolean }
  | { t: 'op'; v: string }
  | { t: 'end' };

const OPERATORS = ['//', '**', '==', '!=', '<=', '>=', '+', '-', '*', '/', '%', '~', '<', '>', '=', '(', ')', '[', ']', '{', '}', ',', '.', ':', '|'];

/** Tokens of one tag's inside (an expression, or a statement keyword followed by expressions). */
export function lexExpression(src: string, line: number): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const [value, next] = _readString(src, i, line);
      out.push({ t: 'str', v: value });
      i = next;
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^[0-9][0-9_]*(\.[0-9][0-9_]*)?([eE][+-]?[0-9]+)?/.exec(src.slice(i)) as RegExpExecArray;
      out.push({ t: 'num', v: Number(m[0].replace(/_/g, '')), float: m[1] !== undefined || m[2] !== undefined });
      i += m[0].length;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i)) as RegExpExecArray;
      out.push({ t: 'name', v: m[0] });
      i += m[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (!op) throw new TemplateError(`unexpected character "${c}" in "${src}"`, line);
    out.push({ t: 'op', v: op });
    i += op.length;
  }
  out.push({ t: 'end' });
  return out;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v' };

/** A Python string literal (Jinja's string syntax): the usual backslash escapes, \xHH, \uHHHH, \UHHHHHHHH. */
function _readString(src: string, start: number, line: number): [string, number] {
  const quote = src[start];
  let i = start + 1;
  let s = '';
  while (i < src.length && src[i] !== quote) {
    if (src[i] !== '\\') {
      s += src[i++];
      continue;
    }
    const e = src[i + 1];
    const hexLen = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (hexLen) {
      s += String.fromCodePoint(parseInt(src.slice(i + 2, i + 2 + hexLen), 16));
      i += 2 + hexLen;
    } else if (e in ESCAPES) {
      s += ESCAPES[e];
      i += 2;
    } else if (e === '\n') {
      i += 2; // a backslash-newline continues the literal
    } else {
      s += '\\' + e; // Python keeps unknown escapes verbatim
      i += 2;
    }
  }
  if (i >= src.length) throw new TemplateError(`unterminated string in "${src}"`, line);
  return [s, i + 1];
}
