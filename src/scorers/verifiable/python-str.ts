// The few Python `str` semantics the verl reward functions depend on beyond those in ../lexical/text.ts:
// slicing and indexing count code points (not UTF-16 units), and `str.isdigit()` accepts far more than 0-9.

/** Python `s[-n:]`: the last `n` code points (the whole string when it is shorter). */
export function lastCodePoints(s: string, n: number): string {
  let i = s.length;
  let count = 0;
  while (i > 0 && count < n) {
    const c = s.charCodeAt(i - 1);
    // a low surrogate preceded by a high one is one code point; a lone surrogate counts one, as in Python
    if (c >= 0xdc00 && c <= 0xdfff && i >= 2) {
      const h = s.charCodeAt(i - 2);
      i -= h >= 0xd800 && h <= 0xdbff ? 2 : 1;
    } else {
      i -= 1;
    }
    count++;
  }
  return i === 0 ? s : s.slice(i);
}

/** Python `s[0]`: the first code point as a string (`''` for an empty string, where Python raises IndexError). */
export function firstCodePoint(s: string): string {
  if (s.length === 0) return '';
  const c = s.codePointAt(0) as number;
  return c > 0xffff ? s.slice(0, 2) : s.slice(0, 1);
}

// Code points for which CPython 3.11 (Unicode 14.0) `str.isdigit()` is true: decimal digits (\p{Nd}) plus the
// Numeric_Type=Digit characters such as ², ①, ⒈ and 🄀. Generated from `chr(c).isdigit()` for every code point and
// fixed here, so a newer Unicode in Node cannot change a score.
const PY_DIGITS =
  /^[\u{30}-\u{39}\u{b2}-\u{b3}\u{b9}\u{660}-\u{669}\u{6f0}-\u{6f9}\u{7c0}-\u{7c9}\u{966}-\u{96f}\u{9e6}-\u{9ef}\u{a66}-\u{a6f}\u{ae6}-\u{aef}\u{b66}-\u{b6f}\u{be6}-\u{bef}\u{c66}-\u{c6f}\u{ce6}-\u{cef}\u{d66}-\u{d6f}\u{de6}-\u{def}\u{e50}-\u{e59}\u{ed0}-\u{ed9}\u{f20}-\u{f29}\u{1040}-\u{1049}\u{1090}-\u{1099}\u{1369}-\u{1371}\u{17e0}-\u{17e9}\u{1810}-\u{1819}\u{1946}-\u{194f}\u{19d0}-\u{19da}\u{1a80}-\u{1a89}\u{1a90}-\u{1a99}\u{1b50}-\u{1b59}\u{1bb0}-\u{1bb9}\u{1c40}-\u{1c49}\u{1c50}-\u{1c59}\u{2070}\u{2074}-\u{2079}\u{2080}-\u{2089}\u{2460}-\u{2468}\u{2474}-\u{247c}\u{2488}-\u{2490}\u{24ea}\u{24f5}-\u{24fd}\u{24ff}\u{2776}-\u{277e}\u{2780}-\u{2788}\u{278a}-\u{2792}\u{a620}-\u{a629}\u{a8d0}-\u{a8d9}\u{a900}-\u{a909}\u{a9d0}-\u{a9d9}\u{a9f0}-\u{a9f9}\u{aa50}-\u{aa59}\u{abf0}-\u{abf9}\u{ff10}-\u{ff19}\u{104a0}-\u{104a9}\u{10a40}-\u{10a43}\u{10d30}-\u{10d39}\u{10e60}-\u{10e68}\u{11052}-\u{1105a}\u{11066}-\u{1106f}\u{110f0}-\u{110f9}\u{11136}-\u{1113f}\u{111d0}-\u{111d9}\u{112f0}-\u{112f9}\u{11450}-\u{11459}\u{114d0}-\u{114d9}\u{11650}-\u{11659}\u{116c0}-\u{116c9}\u{11730}-\u{11739}\u{118e0}-\u{118e9}\u{11950}-\u{11959}\u{11c50}-\u{11c59}\u{11d50}-\u{11d59}\u{11da0}-\u{11da9}\u{16a60}-\u{16a69}\u{16ac0}-\u{16ac9}\u{16b50}-\u{16b59}\u{1d7ce}-\u{1d7ff}\u{1e140}-\u{1e149}\u{1e2f0}-\u{1e2f9}\u{1e950}-\u{1e959}\u{1f100}-\u{1f10a}\u{1fbf0}-\u{1fbf9}]+$/u;

/** Python 3.11 `s.isdigit()`: non-empty and every code point a digit in Unicode 14.0's sense. */
export function pyIsDigit(s: string): boolean {
  return PY_DIGITS.test(s);
}
