// Small text helpers for the perturbations: sentence and word spans that keep the original characters between them,
// so a perturbation changes only what it means to change.

/**
 * Sentences with the exact whitespace between them: a boundary is terminal punctuation (. ! ? and any closing quotes
 * or brackets) followed by whitespace, or any whitespace run containing a newline (list items, paragraphs). "3.5" and
 * "v1.2" do not split. separators[k] precedes sentences[k]; separators[sentences.length] is the trailing whitespace.
 */
export function splitSentences(text: string): { sentences: string[]; separators: string[] } {
  const lead = /^\s*/u.exec(text)![0];
  const rest = text.slice(lead.length);
  const trail = /\s*$/u.exec(rest)![0];
  const body = rest.slice(0, rest.length - trail.length);
  if (body.length === 0) return { sentences: [], separators: [text] };
  const sentences: string[] = [];
  const separators: string[] = [lead];
  let start = 0;
  for (const m of body.matchAll(/[.!?]+["'”’)\]]*(\s+)|(\s*\n\s*)/gu)) {
    const sep = m[1] ?? m[2];
    const endOfSentence = m.index! + m[0].length - sep.length;
    if (endOfSentence <= start) continue; // whitespace right after a boundary already taken
    sentences.push(body.slice(start, endOfSentence));
    separators.push(sep);
    start = m.index! + m[0].length;
  }
  sentences.push(body.slice(start));
  separators.push(trail);
  return { sentences, separators };
}

export function joinSentences(sentences: readonly string[], separators: readonly string[]): string {
  let out = '';
  for (let k = 0; k < sentences.length; k++) out += (separators[k] ?? ' ') + sentences[k];
  return out + (separators[sentences.length] ?? '');
}

export interface WordSpan {
  start: number;
  end: number;
  word: string;
}

/** Maximal runs of letters, digits, apostrophes and hyphens (Unicode-aware), with their UTF-16 offsets. */
export function wordSpans(text: string): WordSpan[] {
  const out: WordSpan[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)) out.push({ start: m.index!, end: m.index! + m[0].length, word: m[0] });
  return out;
}

export function replaceSpan(text: string, start: number, end: number, by: string): string {
  return text.slice(0, start) + by + text.slice(end);
}

/** Function words that carry little content (dropping them is not the "drop a content word" perturbation). */
export const STOPWORDS = new Set(
  (
    'a an the and or but if then else of to in on at by for with from as is are was were be been being am do does did ' +
    'have has had it its this that these those there here he she they we you i me my your our their his her them us ' +
    'not no so than too very can could will would shall should may might must just also only about into over under ' +
    'up down out off again further once all any both each few more most other some such own same what which who whom ' +
    'when where why how'
  ).split(' '),
);

/** The prompt of an item as plain text: a string prompt, or the content of the last user message. */
export function promptText(prompt: unknown): string | undefined {
  if (typeof prompt === 'string') return prompt;
  if (Array.isArray(prompt)) {
    for (let i = prompt.length - 1; i >= 0; i--) {
      const m = prompt[i] as { role?: unknown; content?: unknown };
      if (m && m.role === 'user' && typeof m.content === 'string') return m.content;
    }
  }
  return undefined;
}
