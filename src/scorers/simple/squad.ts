// SQuAD answer normalisation, exact match and token-level F1 (the official SQuAD v1.1/v2.0 evaluation conventions):
// lowercase, drop ASCII punctuation, drop the articles a/an/the, collapse whitespace.
import { pySplit } from '../lexical/text.js';

const PUNCT = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');
const ARTICLES = /\b(a|an|the)\b/g;

export type Normalization = 'squad' | 'lower' | 'strip' | 'none';

export function normalizeAnswer(text: string, how: Normalization = 'squad'): string {
  switch (how) {
    case 'none':
      return text;
    case 'strip':
      return pySplit(text).join(' ');
    case 'lower':
      return pySplit(text.toLowerCase()).join(' ');
    case 'squad': {
      let s = '';
      for (const ch of text.toLowerCase()) if (!PUNCT.has(ch)) s += ch;
      // Python's \b is Unicode-aware while JS's is ASCII-only; articles are ASCII words, so the only difference would
      // be an article glued to a non-ASCII letter ("theé"), which Python keeps. Guard it by checking the neighbours.
      s = s.replace(ARTICLES, (m, _a, off: number) => {
        const before = off > 0 ? s[off - 1] : '';
        const after = s[off + m.length] ?? '';
        return /[\p{L}\p{N}_]/u.test(before) || /[\p{L}\p{N}_]/u.test(after) ? m : ' ';
      });
      return pySplit(s).join(' ');
    }
  }
}

/** Token F1 between normalised strings; when either side has no tokens, F1 is 1 if both are empty else 0 (SQuAD v2). */
export function tokenF1(prediction: string, reference: string, how: Normalization = 'squad'): { f1: number; precision: number; recall: number } {
  const p = pySplit(normalizeAnswer(prediction, how));
  const r = pySplit(normalizeAnswer(reference, how));
  if (p.length === 0 || r.length === 0) {
    const v = p.length === r.length ? 1 : 0;
    return { f1: v, precision: v, recall: v };
  }
  const counts = new Map<string, number>();
  for (const t of r) counts.set(t, (counts.get(t) ?? 0) + 1);
  let same = 0;
  for (const t of p) {
    const c = counts.get(t);
    if (c) {
      same++;
      counts.set(t, c - 1);
    }
  }
  if (same === 0) return { f1: 0, precision: 0, recall: 0 };
  const precision = same / p.length;
  const recall = same / r.length;
  return { f1: (2 * precision * recall) / (precision + recall), precision, recall };
}
