// Extracting the last boxed answer from a response, as the Hendrycks MATH code that verl adapts does it. Two variants
// exist upstream: math_reward.py's (which also takes `\boxed ANSWER` and `\fbox{…}`) and math_dapo.py's (`\boxed{…}`
// only). Braces are ASCII, so UTF-16 indices give the same substrings as Python's code-point indices here.

/** From `start`, the index of the `}` that brings the brace depth back to zero, or -1. Like the reference, the depth
 * is only tested on a `}`: a `}` seen before any `{` drives it negative and a later `{` must first climb back. */
function _closingBraceIndex(s: string, start: number): number {
  let depth = 0;
  for (let i = start; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x7b) depth++;
    else if (c === 0x7d) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/**
 * math_reward.py `last_boxed_only_string`: if `\boxed ` (with a space) occurs anywhere, the text after its last
 * occurrence up to the next `$` wins, even over a later `\boxed{…}`; otherwise the last `\boxed` (or, failing that,
 * the last `\fbox`) up to its balancing brace. `null` when there is none or the braces never balance.
 */
export function lastBoxedMath(s: string): string | null {
  if (s.includes('\\boxed ')) {
    const parts = s.split('\\boxed ');
    return '\\boxed ' + parts[parts.length - 1].split('$')[0];
  }
  let idx = s.lastIndexOf('\\boxed');
  if (idx < 0) {
    idx = s.lastIndexOf('\\fbox');
    if (idx < 0) return null;
  }
  const end = _closingBraceIndex(s, idx);
  return end < 0 ? null : s.slice(idx, end + 1);
}

/**
 * math_reward.py `remove_boxed`: the content of `\boxed ANSWER` or `\boxed{ANSWER}`. `null` where the reference's
 * assertion fails (an `\fbox{…}` or `\boxedx{…}` span), which its `compute_score` turns into a score of 0.
 */
export function unboxMath(boxed: string): string | null {
  if (boxed.includes('\\boxed ')) return boxed.startsWith('\\boxed ') ? boxed.slice('\\boxed '.length) : null;
  return unboxStrict(boxed);
}

/** math_dapo.py `last_boxed_only_string`: the last `\boxed{` up to its balancing brace, else `null`. */
export function lastBoxedStrict(s: string): string | null {
  const idx = s.lastIndexOf('\\boxed{');
  if (idx < 0) return null;
  const end = _closingBraceIndex(s, idx);
  return end < 0 ? null : s.slice(idx, end + 1);
}

/** math_dapo.py `remove_boxed`: the content of `\boxed{…}`; `null` where the reference's assertion would fail. */
export function unboxStrict(boxed: string): string | null {
  if (!boxed.startsWith('\\boxed{') || !boxed.endsWith('}')) return null;
  return boxed.slice('\\boxed{'.length, -1);
}
