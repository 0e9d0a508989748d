// Degrading edits of content that keep the surface almost intact: the edits a faithfulness metric should catch and
// an n-gram overlap metric barely notices (one token changes).

import type { Perturbation } from './types.js';
import { replaceSpan, STOPWORDS, wordSpans } from './_text.js';

interface Span {
  start: number;
  end: number;
  text: string;
}

function spans(text: string, re: RegExp): Span[] {
  return [...text.matchAll(re)].map((m) => ({ start: m.index!, end: m.index! + m[0].length, text: m[0] }));
}

/** Applies span replacements given in any order (they must not overlap). */
function replaceAll(text: string, edits: { start: number; end: number; by: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = replaceSpan(out, e.start, e.end, e.by);
  return out;
}

export const numberSwap: Perturbation = {
  name: 'number-swap',
  kind: 'degrading',
  description: 'swaps two different numbers; with only one number, changes its last digit to another digit',
  apply({ output }, rng) {
    const nums = spans(output, /\d+(?:[.,]\d+)*/g);
    if (nums.length === 0) return null;
    const distinct = [...new Set(nums.map((n) => n.text))];
    if (distinct.length >= 2) {
      const i = rng.int(nums.length);
      const others = nums.filter((n) => n.text !== nums[i].text);
      const j = others[rng.int(others.length)];
      return replaceAll(output, [
        { start: nums[i].start, end: nums[i].end, by: j.text },
        { start: j.start, end: j.end, by: nums[i].text },
      ]);
    }
    const n = nums[rng.int(nums.length)];
    const last = Number(n.text[n.text.length - 1]);
    const digit = (last + 1 + rng.int(9)) % 10; // any of the nine other digits
    return replaceSpan(output, n.end - 1, n.end, String(digit));
  },
};

const AUXILIARY = /\b(is|are|was|were|am|can|could|will|would|should|shall|may|might|must|does|do|did|has|have|had)\b/gi;

export const negation: Perturbation = {
  name: 'negation',
  kind: 'degrading',
  description: 'negates one clause: removes a "not"/"n\'t"/"cannot", or inserts "not" after an auxiliary verb',
  apply({ output }, rng) {
    const sites: { start: number; end: number; by: string }[] = [];
    for (const s of spans(output, /\bcannot\b/gi)) sites.push({ start: s.start, end: s.end, by: s.text.slice(0, 3) });
    for (const s of spans(output, /\b(\w+)n['’]t\b/gi)) {
      const stem = s.text.slice(0, -3);
      // won't → will, can't → can, shan't → shall; otherwise the stem ("isn't" → "is")
      const fixed: Record<string, string> = { wo: 'will', ca: 'can', sha: 'shall' };
      sites.push({ start: s.start, end: s.end, by: fixed[stem.toLowerCase()] ?? stem });
    }
    for (const s of spans(output, / not\b/gi)) sites.push({ start: s.start, end: s.end, by: '' });
    for (const s of spans(output, AUXILIARY)) {
      const after = output.slice(s.end);
      if (/^\s+not\b/i.test(after) || /^['’]t\b/.test(after)) continue; // already negated ("is not", "can't"): covered above
      sites.push({ start: s.end, end: s.end, by: ' not' });
    }
    if (sites.length === 0) return null;
    const site = sites[rng.int(sites.length)];
    return replaceSpan(output, site.start, site.end, site.by);
  },
};

/** Capitalised words that do not start a sentence (a cheap named-entity guess), other than "I". */
function entityCandidates(text: string): Span[] {
  const out: Span[] = [];
  for (const w of wordSpans(text)) {
    if (!/^\p{Lu}/u.test(w.word) || w.word === 'I' || w.word.length < 2) continue;
    const before = text.slice(0, w.start).trimEnd();
    if (before.length === 0 || /[.!?:\n"“]$/.test(before) || /\n\s*[-*\d.]*\s*$/.test(text.slice(0, w.start))) continue;
    out.push({ start: w.start, end: w.end, text: w.word });
  }
  return out;
}

export const entitySwap: Perturbation = {
  name: 'entity-swap',
  kind: 'degrading',
  description: 'swaps two different capitalised mid-sentence words (a cheap stand-in for named entities)',
  apply({ output }, rng) {
    const ents = entityCandidates(output);
    if (new Set(ents.map((e) => e.text)).size < 2) return null;
    const i = ents[rng.int(ents.length)];
    const others = ents.filter((e) => e.text !== i.text);
    const j = others[rng.int(others.length)];
    return replaceAll(output, [
      { start: i.start, end: i.end, by: j.text },
      { start: j.start, end: j.end, by: i.text },
    ]);
  },
};

export const dropContentWord: Perturbation = {
  name: 'drop-content-word',
  kind: 'degrading',
  description: 'deletes one content word (not a stopword, at least 3 letters) with the space before it',
  apply({ output }, rng) {
    const words = wordSpans(output).filter((w) => /^\p{L}{3,}/u.test(w.word) && !STOPWORDS.has(w.word.toLowerCase()));
    if (words.length === 0) return null;
    const w = words[rng.int(words.length)];
    // Take one adjacent space with the word so no double space is left behind.
    if (w.start > 0 && output[w.start - 1] === ' ') return replaceSpan(output, w.start - 1, w.end, '');
    if (output[w.end] === ' ') return replaceSpan(output, w.start, w.end + 1, '');
    return replaceSpan(output, w.start, w.end, '');
  },
};
