// Reading a judge's answer: an integer score (with its expected value from token logprobs, G-Eval style), a pairwise
// verdict (A / B / tie) or a ranking. Every reader returns null rather than guess when the answer does not say.
import type { TokenLogprob } from './chat.js';

export interface Scale {
  min: number;
  max: number;
}

const DIGITS = /^\d+$/;

function inScale(k: number, s: Scale): boolean {
  return Number.isInteger(k) && k >= s.min && k <= s.max;
}

/**
 * The first number in the answer, if it is an integer on the scale ("7", "Score: 7", "7/10", "7.0"); otherwise null
 * ("7.5", "11" on 1–10, or no number at all). The first number, because the templates ask for the number alone and
 * anything after it is commentary.
 */
export function parseScoreText(content: string, scale: Scale): number | null {
  const m = /\d+(?:\.\d+)?/.exec(content);
  if (!m) return null;
  const k = Number(m[0]);
  return inScale(k, scale) ? k : null;
}

export type ExpectedScore =
  | {
      value: number;
      /** P(k) over the valid scores, renormalised to sum to 1 (keys are the scores). */
      probs: Record<string, number>;
      /** Probability mass the valid score tokens had before renormalising (how much of the distribution was a score). */
      mass: number;
      /** True when a multi-digit score was split over two tokens and its probability read from both positions. */
      split: boolean;
    }
  | { value: null; reason: string };

function alternatives(t: TokenLogprob): { token: string; logprob: number }[] {
  // the sampled token is normally among the top alternatives; when a server omits it, it still carries its own mass
  if (t.top.length === 0) return [{ token: t.token, logprob: t.logprob }];
  return t.top.some((a) => a.token === t.token) ? t.top : [...t.top, { token: t.token, logprob: t.logprob }];
}

/**
 * The expected score Σ p(k)·k over the valid scores at the position of the first digit token, with p renormalised
 * over the valid scores (G-Eval, Liu et al. 2023, §2.3). Alternatives whose text (trimmed) is not a whole integer on
 * the scale carry no score and are left out of the renormalisation; tokens differing only in whitespace (`7`, ` 7`)
 * add up.
 *
 * Multi-digit scales (1–10) meet tokenizers that split numbers into digits (Qwen, Mistral, Gemma): there the
 * alternative `1` means "1 or the start of 10". The distribution after `1` is known only when `1` is the sampled
 * token and a next position exists (its alternatives give P(0 | 1)): then P(10) = P(1)·P(0 | 1) and
 * P(1 alone) = P(1)·(1 − P(any digit | 1)). When the tokenizer is seen to have multi-digit tokens (some alternative
 * is `10`), `1` is just 1. In every other case the answer is ambiguous and this returns null with the reason, and the
 * scorer falls back to the parsed integer — it never assigns the mass of `1` to a guess.
 */
export function expectedScoreFromLogprobs(tokens: readonly TokenLogprob[], scale: Scale): ExpectedScore {
  const pos = tokens.findIndex((t) => /\d/.test(t.token));
  if (pos < 0) return { value: null, reason: 'no digit token in the answer' };
  const at = tokens[pos];
  const sampled = at.token.trim();
  if (!DIGITS.test(sampled)) return { value: null, reason: `score token "${at.token}" mixes digits with other text` };

  const digitMass = new Map<string, number>();
  for (const a of alternatives(at)) {
    const d = a.token.trim();
    if (DIGITS.test(d)) digitMass.set(d, (digitMass.get(d) ?? 0) + Math.exp(a.logprob));
  }
  const wholeNumberTokens = [...digitMass.keys()].some((d) => d.length >= 2);
  const validStrings: string[] = [];
  for (let k = scale.min; k <= scale.max; k++) validStrings.push(String(k));
  const startsLonger = (d: string) => validStrings.some((v) => v.length > d.length && v.startsWith(d));

  const probs = new Map<number, number>();
  const add = (k: number, p: number) => {
    if (inScale(k, scale) && p > 0) probs.set(k, (probs.get(k) ?? 0) + p);
  };
  let split = false;
  for (const [d, p] of digitMass) {
    if (wholeNumberTokens || !startsLonger(d)) {
      add(Number(d), p);
      continue;
    }
    const next = tokens[pos + 1];
    if (d !== sampled || next === undefined) {
      return { value: null, reason: `ambiguous: "${d}" may be a whole score or the first digit of a longer one` };
    }
    let pContinue = 0;
    for (const a of alternatives(next)) {
      const c = a.token.trim();
      if (!DIGITS.test(c)) continue;
      const q = Math.exp(a.logprob);
      pContinue += q;
      add(Number(d + c), p * q);
    }
    add(Number(d), p * Math.max(0, 1 - pContinue));
    split = true;
  }

  let mass = 0;
  let weighted = 0;
  const keys = [...probs.keys()].sort((a, b) => a - b);
  for (const k of keys) {
    mass += probs.get(k) as number;
    weighted += (probs.get(k) as number) * k;
  }
  if (!(mass > 0)) return { value: null, reason: 'no alternative at the score position is a score on the scale' };
  const normalised: Record<string, number> = {};
  for (const k of keys) normalised[String(k)] = (probs.get(k) as number) / mass;
  return { value: weighted / mass, probs: normalised, mass, split };
}

/** A verdict in shown-position terms. */
export type PositionVerdict = 'A' | 'B' | 'tie';

function verdictWord(w: string): PositionVerdict | null {
  const l = w.toLowerCase();
  if (l === 'a') return 'A';
  if (l === 'b') return 'B';
  if (l === 'tie') return 'tie';
  return null;
}

/**
 * The verdict of a pairwise answer: the whole answer is one of A / B / tie (case-insensitive), optionally wrapped
 * in brackets, quotes, markdown emphasis or prefixed by "Response"/"Output"; or it contains MT-Bench-style
 * `[[A]]` / `[[B]]` / `[[tie]]` markers that all agree. Anything else — prose, both letters, "equally good" — is null.
 */
export function parsePairVerdict(content: string): PositionVerdict | null {
  const s = content.replace(/[*_`"'“”]/g, '').trim();
  const whole = /^(?:(?:response|output|answer|assistant)\s*)?[([]{0,2}\s*(a|b|tie)\s*[)\]]{0,2}\s*[.!]?$/i.exec(s);
  if (whole) return verdictWord(whole[1]);
  const marked = new Set<PositionVerdict>();
  for (const m of s.matchAll(/\[\[\s*(a|b|tie)\s*\]\]/gi)) marked.add(verdictWord(m[1]) as PositionVerdict);
  return marked.size === 1 ? [...marked][0] : null;
}

/**
 * P(A), P(B), P(tie) at the verdict position, renormalised over the three, when logprobs were returned: the first
 * token that is not whitespace or bracket/quote punctuation. Alternatives count when their trimmed text is a, b or
 * tie (any case). Null when that position has no such alternative.
 */
export function verdictProbabilities(tokens: readonly TokenLogprob[]): Record<PositionVerdict, number> | null {
  const pos = tokens.findIndex((t) => t.token.replace(/[\s"'`*[\]()]/g, '') !== '');
  if (pos < 0) return null;
  const mass: Record<PositionVerdict, number> = { A: 0, B: 0, tie: 0 };
  for (const a of alternatives(tokens[pos])) {
    const v = verdictWord(a.token.replace(/[\s"'`*[\]()]/g, ''));
    if (v) mass[v] += Math.exp(a.logprob);
  }
  const total = mass.A + mass.B + mass.tie;
  if (!(total > 0)) return null;
  return { A: mass.A / total, B: mass.B / total, tie: mass.tie / total };
}

/**
 * A listwise answer as 0-based candidate indices, best first: the `[n]` markers in order of appearance (or, with no
 * brackets at all, numbers separated by `>`), which must name each of the k candidates exactly once. A partial or
 * repeated ranking is null — completing it would be a guess.
 */
export function parseRanking(content: string, k: number): number[] | null {
  let nums = [...content.matchAll(/\[\s*(\d+)\s*\]/g)].map((m) => Number(m[1]));
  if (nums.length === 0) {
    const parts = content.trim().split('>').map((p) => p.trim());
    if (parts.length < 2 || !parts.every((p) => DIGITS.test(p))) return null;
    nums = parts.map(Number);
  }
  if (nums.length !== k) return null;
  const seen = new Uint8Array(k);
  const out: number[] = [];
  for (const n of nums) {
    if (n < 1 || n > k || seen[n - 1]) return null;
    seen[n - 1] = 1;
    out.push(n - 1);
  }
  return out;
}
