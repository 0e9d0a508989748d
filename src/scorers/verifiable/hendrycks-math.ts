// The Hendrycks MATH answer normalisation (`strip_string`) and equivalence test (`is_equiv`) as verl's
// math_reward.py has them (adapted there from lm-evaluation-harness). Every quirk is kept: the reference's numbers
// are the point, not a better normaliser.
import { codePointLength } from '../lexical/text.js';
import { firstCodePoint } from './python-str.js';

/** Where the Python code raises (IndexError, AssertionError); `isEquivMath` then falls back to raw equality. */
class _ReferenceRaised extends Error {}

/** `\text{ ` marks units; with more than one the reference's assertion fails. */
function _removeRightUnits(s: string): string {
  if (!s.includes('\\text{ ')) return s;
  const parts = s.split('\\text{ ');
  if (parts.length !== 2) throw new _ReferenceRaised('remove_right_units');
  return parts[0];
}

/** `\sqrt3` → `\sqrt{3}` (one code point); a trailing `\sqrt` makes the reference index an empty string. */
function _fixSqrt(s: string): string {
  if (!s.includes('\\sqrt')) return s;
  const parts = s.split('\\sqrt');
  let out = parts[0];
  for (const part of parts.slice(1)) {
    const a = firstCodePoint(part);
    if (a === '') throw new _ReferenceRaised('fix_sqrt');
    out += a !== '{' ? '\\sqrt{' + a + '}' + part.slice(a.length) : '\\sqrt' + part;
  }
  return out;
}

/** `\frac12` → `\frac{1}{2}`, `\frac1{2}` → `\frac{1}{2}`; a `\frac` followed by fewer than two code points leaves
 * the whole string as it was, and one followed by nothing (`\frac\frac`, trailing `\frac`) raises upstream. */
function _fixFracs(s: string): string {
  const parts = s.split('\\frac');
  let out = parts[0];
  for (const part of parts.slice(1)) {
    out += '\\frac';
    const a = firstCodePoint(part);
    if (a === '') throw new _ReferenceRaised('fix_fracs');
    if (a === '{') {
      out += part;
      continue;
    }
    const b = firstCodePoint(part.slice(a.length));
    if (b === '') return s;
    const rest = part.slice(a.length + b.length);
    out += b !== '{' ? '{' + a + '}{' + b + '}' + rest : '{' + a + '}' + b + rest;
  }
  return out;
}

// What `str(int(x))` gives back unchanged: Python's `int()` also takes '+5', '05', '1_0', ' 5' and other scripts'
// digits, but the reference then requires `string == f"{a}/{b}"`, which only canonical decimal integers pass.
const _CANONICAL_INT = /^(?:0|-?[1-9][0-9]*)$/;
// CPython 3.11 refuses int() of more than 4300 digits (sys.int_info.default_max_str_digits): the reference's
// try/except then keeps the string as it is.
const _MAX_INT_DIGITS = 4300;

function _isCanonicalInt(s: string): boolean {
  return _CANONICAL_INT.test(s) && s.replace('-', '').length <= _MAX_INT_DIGITS;
}

/** `3/4` → `\frac{3}{4}` for canonical integers only. */
function _fixSlash(s: string): string {
  const parts = s.split('/');
  if (parts.length !== 2) return s;
  const [a, b] = parts;
  return _isCanonicalInt(a) && _isCanonicalInt(b) ? '\\frac{' + a + '}{' + b + '}' : s;
}

/** math_reward.py `strip_string`. Throws where the reference raises. */
export function stripStringMath(input: string): string {
  let s = input.replaceAll('\n', '');
  s = s.replaceAll('\\!', '');
  s = s.replaceAll('\\\\', '\\');
  s = s.replaceAll('tfrac', 'frac').replaceAll('dfrac', 'frac');
  s = s.replaceAll('\\left', '').replaceAll('\\right', '');
  s = s.replaceAll('^{\\circ}', '').replaceAll('^\\circ', '');
  s = s.replaceAll('\\$', '');
  s = _removeRightUnits(s);
  s = s.replaceAll('\\\\%', '').replaceAll('\\%', '');
  s = s.replaceAll(' .', ' 0.').replaceAll('{.', '{0.');
  if (s.length === 0) return s;
  if (s[0] === '.') s = '0' + s;
  // "k = 7" → "7": only when exactly one '=' and at most two code points before it
  const eq = s.split('=');
  if (eq.length === 2 && codePointLength(eq[0]) <= 2) s = eq[1];
  s = _fixSqrt(s);
  s = s.replaceAll(' ', '');
  s = _fixFracs(s);
  if (s === '0.5') s = '\\frac{1}{2}';
  return _fixSlash(s);
}

/** math_reward.py `is_equiv`: normalised strings equal; if normalising either side raises, the raw strings equal. */
export function isEquivMath(answer: string, groundTruth: string): boolean {
  try {
    return stripStringMath(answer) === stripStringMath(groundTruth);
  } catch (e) {
    if (e instanceof _ReferenceRaised) return answer === groundTruth;
    throw e;
  }
}
