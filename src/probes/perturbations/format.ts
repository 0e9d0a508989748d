// Meaning-preserving rewrites: the same sentences as a markdown bullet list, and extra whitespace. A scorer that moves
// much under these is reading layout, not content.

import type { Perturbation } from './types.js';
import { splitSentences } from './_text.js';

export const markdownBullets: Perturbation = {
  name: 'markdown-bullets',
  kind: 'preserving',
  description: 'the same sentences as a markdown bullet list ("- " per sentence, one per line)',
  apply({ output }) {
    const { sentences } = splitSentences(output);
    if (sentences.length === 0) return null;
    return sentences.map((s) => `- ${s}`).join('\n');
  },
};

export const extraWhitespace: Perturbation = {
  name: 'whitespace',
  kind: 'preserving',
  description: 'doubles about one in four inter-word spaces and adds a trailing newline',
  apply({ output }, rng) {
    if (output.length === 0) return null;
    // Each single space becomes two with probability ¼; at least the first space is doubled so the text always changes.
    let doubled = false;
    const text = output.replace(/ /g, () => {
      if (!doubled || rng.int(4) === 0) {
        doubled = true;
        return '  ';
      }
      return ' ';
    });
    return `${text}\n`;
  },
};
