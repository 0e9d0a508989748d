// Preference labels as the public formats spell them, mapped onto `a | b | tie | P(a)`.
//
//   a wins   a, A, 1, A>B, A>>B, model_a, first, true
//   b wins   b, B, 2, B>A, B>>A, model_b, second, false
//   tie      tie, draw, A=B, B=A, =, tie (bothbad)  and the numbers 0.5 and 1.5
//   soft     scale `prob-a`:   a number in [0, 1] is P(a)                     (judge probabilities)
//            scale `pref-1-2`: a number in [1, 2], 1 = a, 2 = b, P(a) = 2 - x (AlpacaEval's `preference`)
//            scale `auto`:     1 → a, 2 → b, 0.5 and 1.5 → tie, (0, 1) → P(a), (1, 2) → 2 - x;
//                              0 is refused: it reads as "b" on a probability scale but as "first" on a 0-based one.
// A probability of exactly 1, 0 or 0.5 becomes `a`, `b` or `tie`, so hard and soft labels compare without rounding.

import type { PreferenceLabel } from '../types.js';

export type LabelScale = 'auto' | 'prob-a' | 'pref-1-2';

const A_WORDS = new Set(['a', '1', 'a>b', 'a>>b', 'model_a', 'first']);
const B_WORDS = new Set(['b', '2', 'b>a', 'b>>a', 'model_b', 'second']);
const TIE_WORDS = new Set(['tie', 'draw', 'a=b', 'b=a', '=', 'tie (bothbad)']);

/** A probability that `a` is preferred, with the exact endpoints and the midpoint as hard labels. */
export function labelFromProbabilityA(p: number): PreferenceLabel {
  if (p === 1) return 'a';
  if (p === 0) return 'b';
  if (p === 0.5) return 'tie';
  return p;
}

/** The label for a raw cell, or undefined when it is not one (the caller reports file, line and field). */
export function parsePreferenceLabel(raw: unknown, scale: LabelScale = 'auto'): PreferenceLabel | undefined {
  if (typeof raw === 'boolean') return raw ? 'a' : 'b';
  if (typeof raw === 'bigint') raw = Number(raw);
  if (typeof raw === 'number') return numericLabel(raw, scale);
  if (typeof raw !== 'string') return undefined;
  const t = raw.trim().toLowerCase();
  if (TIE_WORDS.has(t)) return 'tie';
  if (scale === 'auto') {
    if (A_WORDS.has(t)) return 'a';
    if (B_WORDS.has(t)) return 'b';
  } else if (t === 'a' || t === 'b') {
    return t;
  }
  if (t === 'true') return 'a';
  if (t === 'false') return 'b';
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return numericLabel(Number(t), scale);
  return undefined;
}

function numericLabel(x: number, scale: LabelScale): PreferenceLabel | undefined {
  if (!Number.isFinite(x)) return undefined;
  if (scale === 'prob-a') return x >= 0 && x <= 1 ? labelFromProbabilityA(x) : undefined;
  if (scale === 'pref-1-2') return x >= 1 && x <= 2 ? labelFromProbabilityA(2 - x) : undefined;
  if (x === 1) return 'a';
  if (x === 2) return 'b';
  if (x === 0.5 || x === 1.5) return 'tie';
  if (x > 0 && x < 1) return x;
  if (x > 1 && x < 2) return 2 - x;
  return undefined;
}

export const LABEL_HELP =
  'expected a, b, tie (or A>B, B>A, A=B, model_a, model_b, 1, 2, 0.5) or a probability that a is preferred';
