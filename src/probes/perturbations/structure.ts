// Degrading changes to the shape of the answer: cut it short, or put its sentences in another order.

import type { Perturbation } from './types.js';
import { joinSentences, splitSentences, wordSpans } from './_text.js';

export const truncation: Perturbation = {
  name: 'truncation',
  kind: 'degrading',
  description: 'keeps the first half of the words (rounded down, at least one), cut right after a word',
  apply({ output }) {
    const words = wordSpans(output);
    if (words.length < 2) return null;
    const keep = Math.max(1, Math.floor(words.length / 2));
    return output.slice(0, words[keep - 1].end);
  },
};

export const sentenceShuffle: Perturbation = {
  name: 'sentence-shuffle',
  kind: 'degrading',
  description: 'puts the sentences in a random different order (whitespace between them stays in place)',
  apply({ output }, rng) {
    const { sentences, separators } = splitSentences(output);
    if (sentences.length < 2 || new Set(sentences).size < 2) return null;
    // Redraw until the order differs; with two or more distinct sentences each draw differs with probability ≥ ½.
    for (;;) {
      const order = rng.shuffle(sentences.map((_, i) => i));
      const shuffled = order.map((i) => sentences[i]);
      if (shuffled.some((s, i) => s !== sentences[i])) return joinSentences(shuffled, separators);
    }
  },
};
