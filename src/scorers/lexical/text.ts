// Text helpers that reproduce Python's string semantics, which the reference implementations rely on.

/** Code points for which Python's `str.isspace()` is true (and so `str.split()` / `str.strip()` split or strip). */
const PY_WHITESPACE = new Set<number>([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004,
  0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

export function isPyWhitespace(codePoint: number): boolean {
  // Fast path for the ASCII letters and digits that make up most text.
  if (codePoint > 0x20 && codePoint < 0x85) return false;
  return PY_WHITESPACE.has(codePoint);
}

/**
 * `isPyWhitespace` for UTF-16 units from 0x85 on, written out so that the common non-ASCII letters (ä, é, CJK) are
 * rejected by comparisons instead of a Set lookup. A test checks it against `isPyWhitespace` for every unit.
 */
export function isPyWhitespaceAbove0x84(c: number): boolean {
  if (c < 0x1680) return c === 0x85 || c === 0xa0;
  if (c < 0x2000) return c === 0x1680;
  if (c <= 0x200a) return true;
  return c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** A regex character class matching exactly Python's whitespace (for use in `new RegExp`). */
export const PY_WHITESPACE_CLASS =
  '[\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';

const SPLIT_RE = new RegExp(`${PY_WHITESPACE_CLASS}+`, 'u');
const STRIP_RE = new RegExp(`^${PY_WHITESPACE_CLASS}+|${PY_WHITESPACE_CLASS}+$`, 'gu');
const ALL_WS_RE = new RegExp(`${PY_WHITESPACE_CLASS}+`, 'gu');

/** Python `s.split()` with no argument: split on runs of whitespace, no empty strings. */
export function pySplit(s: string): string[] {
  const parts = s.split(SPLIT_RE);
  // leading/trailing whitespace produce empty first/last entries
  if (parts.length > 0 && parts[0] === '') parts.shift();
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** Python `s.strip()` with no argument. */
export function pyStrip(s: string): string {
  return s.replace(STRIP_RE, '');
}

/** Python `s.rstrip()` with no argument (a scan from the end: no regex on the hot path of reading text files). */
export function pyRstrip(s: string): string {
  let end = s.length;
  // every Python whitespace character is in the BMP, so UTF-16 units suffice here
  while (end > 0 && isPyWhitespace(s.charCodeAt(end - 1))) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** Remove every Python-whitespace character (what `''.join(s.split())` does). */
export function removePyWhitespace(s: string): string {
  return s.replace(ALL_WS_RE, '');
}

/** Number of Unicode code points (Python `len(str)`), not UTF-16 units. */
export function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // a high surrogate followed by a low one is one code point; a lone surrogate counts one, as in Python
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

// Characters whose lowercase form is new since Unicode 14.0, the version of CPython 3.11's `str.lower()` that the
// goldens were made with: Python leaves them as they are, so we do too (Node 20 knows Unicode 17). Found by comparing
// `chr(c).lower()` with `toLowerCase()` for every code point; no other code point differs.
const LOWERCASE_NEWER_THAN_UNICODE_14 = /[\u1c89\ua7cb\ua7cc\ua7ce\ua7d2\ua7d4\ua7da\ua7dc\u{10d50}-\u{10d65}\u{16ea0}-\u{16eb8}]/u;

/** Python 3.11 `str.lower()`, including the final-sigma rule (ΟΔΟΣ → οδος), which both languages apply. */
export function pythonLower(s: string): string {
  if (!LOWERCASE_NEWER_THAN_UNICODE_14.test(s)) return s.toLowerCase();
  let out = '';
  let start = 0;
  const re = new RegExp(LOWERCASE_NEWER_THAN_UNICODE_14.source, 'gu');
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    out += s.slice(start, m.index).toLowerCase() + m[0];
    start = m.index + m[0].length;
  }
  return out + s.slice(start).toLowerCase();
}
