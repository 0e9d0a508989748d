// `regex:pattern=…,flags=…,match=search|full|start`: 1 if the output matches, else 0.
//
// The pattern is a JavaScript regular expression (ECMAScript 2023, V8), always compiled with the `u` flag so `.` and
// classes see code points as Python's `str` does. Flags are Python's letters mapped to JS: i → i (IGNORECASE),
// m → m (MULTILINE), s → s (DOTALL); nothing else. `match` chooses Python's function: `search` = re.search (anywhere),
// `start` = re.match (at position 0), `full` = re.fullmatch (the whole output; with backtracking, so `a|ab` fully
// matches "ab"). Python-only constructs that JS would reject or, worse, read differently are refused with a message:
// `(?P<name>…)`/`(?P=name)` (write `(?<name>…)`/`\k<name>`), global inline flags like `(?i)` (use flags=),
// `\A` `\Z` (use match=start/full or ^ $), and the x (VERBOSE), a (ASCII), L (LOCALE) flags.
// Character classes are JavaScript's, not Python's: `\d`, `\w` and `\b` are ASCII here but Unicode in Python's str
// patterns (Python's `\d` matches "٣", `\w` matches "é"), and `\s` lacks U+001C–U+001F and U+0085, which Python counts
// as whitespace. Write the class out (`[0-9]`, `\p{Nd}`, `[\p{L}\p{N}_]`) where outputs may hold such characters.
import { BasePointwiseScorer, type Item, type Needs, type Score, type SignatureContext } from '../contract.js';
import type { ScorerFactory } from '../registry.js';
import { formatSignature, formatSpec, SpecError } from '../spec.js';

export type RegexMatchMode = 'search' | 'full' | 'start';
const MODES: readonly RegexMatchMode[] = ['search', 'full', 'start'];
const PY_TO_JS_FLAG: Record<string, string> = { i: 'i', m: 'm', s: 's' };

// Each construct counts only after an even number of backslashes (an escaped `\(` is a literal parenthesis).
const PYTHON_ONLY: readonly [RegExp, string][] = [
  [/(^|[^\\])(\\\\)*\(\?P</, '(?P<name>…) is Python syntax; JavaScript writes (?<name>…)'],
  [/(^|[^\\])(\\\\)*\(\?P=/, '(?P=name) is Python syntax; JavaScript writes \\k<name>'],
  [/(^|[^\\])(\\\\)*\(\?[aiLmsux]+\)/, 'inline flags like (?i) are Python syntax; give them as flags=i'],
  [/(^|[^\\])(\\\\)*\\[AZ]/, '\\A and \\Z are Python anchors; use match=start / match=full, or ^ and $'],
];

/** Compiles a pattern for `mode`, refusing Python-only syntax and unknown flags with a SpecError naming the spec. */
export function compileVerifierRegex(pattern: string, flags: string, mode: RegexMatchMode, spec: string): RegExp {
  for (const [re, msg] of PYTHON_ONLY) if (re.test(pattern)) throw new SpecError(`regex: ${msg} (in "${spec}")`, spec);
  let js = 'u';
  for (const f of flags) {
    const m = PY_TO_JS_FLAG[f];
    if (m === undefined) throw new SpecError(`regex: flag "${f}" is not supported (use i, m, s) in "${spec}"`, spec);
    if (!js.includes(m)) js += m;
  }
  // `(?![\s\S])` is an end anchor that ignores the m flag, which is what re.fullmatch means; `y` pins the start.
  const source = mode === 'full' ? `(?:${pattern})(?![\\s\\S])` : pattern;
  try {
    return new RegExp(source, mode === 'search' ? js : js + 'y');
  } catch (e) {
    throw new SpecError(`regex: invalid JavaScript regular expression /${pattern}/: ${(e as Error).message} (in "${spec}")`, spec);
  }
}

export class RegexScorer extends BasePointwiseScorer {
  readonly id = 'regex';
  readonly family = 'verifiable' as const;
  readonly needs: Needs = {};
  readonly direction = 'higher' as const;
  readonly range = [0, 1] as const;
  private readonly re: RegExp;
  constructor(
    readonly pattern: string,
    readonly flags: string = '',
    readonly match: RegexMatchMode = 'search',
  ) {
    super();
    this.re = compileVerifierRegex(pattern, flags, match, this.spec());
  }
  spec(): string {
    const opts: [string, string][] = [['pattern', this.pattern]];
    if (this.flags) opts.push(['flags', this.flags]);
    if (this.match !== 'search') opts.push(['match', this.match]);
    return formatSpec('regex', [], opts);
  }
  signature(_ctx?: SignatureContext): string {
    return formatSignature('Regex', [['pattern', JSON.stringify(this.pattern)], ['flags', this.flags || 'none'], ['match', this.match], ['flavour', 'js-u']]);
  }
  protected scoreOne(item: Item): Score {
    this.re.lastIndex = 0;
    const m = this.re.exec(item.output);
    return m === null ? { value: 0 } : { value: 1, details: { match: m[0], index: m.index } };
  }
}

export const regexFactory: ScorerFactory = {
  name: 'regex',
  summary: '1 if the output matches a JavaScript regex (Python-style flags i/m/s; search, start or full match)',
  options: 'pattern=REGEX (required), flags=[ims], match=search|full|start',
  optionDocs: {
    pattern: 'the regular expression (JavaScript syntax; quote it in the spec when it holds , = or ")',
    flags: 'any of i (ignore case), m (^ and $ at line ends), s (. matches newlines), as Python re flags',
    match: 'search: anywhere in the output (re.search); start: at the start (re.match); full: the whole output (re.fullmatch)',
  },
  create(o) {
    const pattern = o.optionalString('pattern');
    if (pattern === undefined || pattern === '') throw new SpecError(`regex needs pattern=… in "${o.spec}"`, o.spec);
    const flags = o.string('flags', '');
    const match = o.string('match', 'search', MODES);
    o.done();
    return new RegexScorer(pattern, flags, match);
  },
};
