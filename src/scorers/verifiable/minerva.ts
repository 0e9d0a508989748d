// The Minerva-style answer normalisation of verl's math_dapo.py (`normalize_final_answer`, after Lewkowycz et al.
// 2022) and its `Answer: …` extraction. Python's `re` differs from JavaScript's in ways these patterns touch, so the
// patterns below are written out: `.` excludes only '\n' in Python (JavaScript's also excludes '\r', U+2028, U+2029),
// `\s` is Python's whitespace set, `(?i)` folds 'ſ' (U+017F) to 's', and a single `.` or `[^{]` consumes a whole code
// point (the `u` flag).
import { PY_WHITESPACE_CLASS, pyStrip } from '../lexical/text.js';
import { pyIsDigit } from './python-str.js';

const SUBSTITUTIONS: readonly (readonly [string, string])[] = [
  ['an ', ''],
  ['a ', ''],
  ['.$', '$'],
  ['\\$', ''],
  ['\\ ', ''],
  [' ', ''],
  ['mbox', 'text'],
  [',\\text{and}', ','],
  ['\\text{and}', ','],
  ['\\text{m}', '\\text{}'],
];

// Removed in this order; the two `\text{` entries with a line break are as upstream (a real newline, not `\n`).
const REMOVED_EXPRESSIONS: readonly string[] = [
  'square', 'ways', 'integers', 'dollars', 'mph', 'inches', 'hours', 'km', 'units', '\\ldots', 'sue', 'points',
  'feet', 'minutes', 'digits', 'cents', 'degrees', 'cm', 'gm', 'pounds', 'meters', 'meals', 'edges', 'students',
  'childrentickets', 'multiples', '\\text{s}', '\\text{.}', '\\text{\ns}', '\\text{}^2', '\\text{}^3', '\\text{\n}',
  '\\text{}', '\\mathrm{th}', '^\\circ', '^{\\circ}', '\\;', ',\\!', '{,}', '"', '\\dots',
];

const DOLLAR_SPAN = /([^\n]*?)(\$)([^\n]*?)(\$)([^\n]*)/gu;
const TEXT_SPAN = /(\\text\{)([^\n]*?)(\})/gu;
const TEXTBF_SPAN = /(\\textbf\{)([^\n]*?)(\})/gu;
const OVERLINE_SPAN = /(\\overline\{)([^\n]*?)(\})/gu;
const BOXED_SPAN = /(\\boxed\{)([^\n]*)(\})/gu;
const SHORT_FRAC = /(frac)([^{])([^\n])/gu;
const SHORT_SQRT = /(sqrt)([^{])/gu;

/** math_dapo.py `normalize_final_answer`. */
export function normalizeFinalAnswer(answer: string): string {
  const parts = answer.split('=');
  let s = parts[parts.length - 1];
  for (const [before, after] of SUBSTITUTIONS) s = s.replaceAll(before, after);
  for (const expr of REMOVED_EXPRESSIONS) s = s.replaceAll(expr, '');
  s = s.replace(DOLLAR_SPAN, (_m, _a, _d1, inner: string) => '$' + inner + '$');
  s = s.replace(TEXT_SPAN, (_m, _o, inner: string) => inner);
  s = s.replace(TEXTBF_SPAN, (_m, _o, inner: string) => inner);
  s = s.replace(OVERLINE_SPAN, (_m, _o, inner: string) => inner);
  s = s.replace(BOXED_SPAN, (_m, _o, inner: string) => inner);
  s = s.replace(SHORT_FRAC, (_m, _f, a: string, b: string) => 'frac{' + a + '}{' + b + '}');
  s = s.replace(SHORT_SQRT, (_m, _f, a: string) => 'sqrt{' + a + '}');
  s = s.replaceAll('$', '');
  const noCommas = s.replaceAll(',', '');
  if (pyIsDigit(noCommas)) s = noCommas;
  return pyStrip(s);
}

const ANSWER_LINE = new RegExp(`[Aa][Nn][Ss\\u017f][Ww][Ee][Rr]${PY_WHITESPACE_CLASS}*:${PY_WHITESPACE_CLASS}*([^\\n]+)`, 'gu');

/** The text after the last `Answer:` (case-insensitive, as upstream's `(?i)Answer\s*:\s*([^\n]+)`), or
 * `[INVALID]`, the reference's placeholder, which is then normalised and compared like any answer. */
export function lastAnswerLine(text: string): string {
  let last: string | undefined;
  for (const m of text.matchAll(ANSWER_LINE)) last = m[1];
  return last ?? '[INVALID]';
}
