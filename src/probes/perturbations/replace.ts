// Degrading replacements of the whole output: the prompt (or source) copied back, nothing at all, or fluent text in
// another language. Known exploits: copying the source scores well on overlap metrics for close language pairs and
// on summarisation, empty outputs crash or score 0, and QE/reward models can ignore the output language.

import type { Perturbation } from './types.js';
import { codePointLength } from '../../scorers/lexical/text.js';

export const copyPrompt: Perturbation = {
  name: 'copy-prompt',
  kind: 'degrading',
  description: 'replaces the output with the prompt / source text (or the context documents when there is no prompt)',
  needsPrompt: true,
  apply({ output, prompt, context }) {
    const source = prompt ?? (context && context.length ? context.join('\n') : undefined);
    if (source === undefined || source === output) return null;
    return source;
  },
};

export const emptyOutput: Perturbation = {
  name: 'empty',
  kind: 'degrading',
  description: 'replaces the output with the empty string',
  apply({ output }) {
    return output.length === 0 ? null : '';
  },
};

/**
 * Short generic sentences per language (written for trenchcoat), plus marker words used to avoid picking the
 * language the output or reference is already in.
 */
const LANGUAGES: { code: string; sentences: string[]; markers: RegExp }[] = [
  {
    code: 'de',
    sentences: ['Das ist eine allgemeine Antwort.', 'Sie geht nicht auf die eigentliche Frage ein.', 'Weitere Einzelheiten folgen hier nicht.'],
    markers: /\b(und|der|die|das|nicht|ist|ein|eine)\b/gi,
  },
  {
    code: 'fr',
    sentences: ["C'est une réponse générale.", 'Elle ne répond pas à la vraie question.', "Il n'y a pas d'autres détails ici."],
    markers: /\b(et|le|la|les|est|une|pas|des)\b/gi,
  },
  {
    code: 'es',
    sentences: ['Esta es una respuesta general.', 'No responde a la pregunta real.', 'Aquí no hay más detalles.'],
    markers: /\b(y|el|la|los|es|una|no|que)\b/gi,
  },
  {
    code: 'fi',
    sentences: ['Tämä on yleinen vastaus.', 'Se ei vastaa varsinaiseen kysymykseen.', 'Tässä ei ole muita yksityiskohtia.'],
    markers: /\b(ja|on|ei|se|tämä|että)\b/gi,
  },
  {
    code: 'zh',
    sentences: ['这是一个笼统的回答。', '它没有回答真正的问题。', '这里没有更多细节。'],
    markers: /[的是了不在]/g,
  },
];

function markerCount(text: string, re: RegExp): number {
  return (text.match(re) ?? []).length;
}

export const wrongLanguage: Perturbation = {
  name: 'wrong-language',
  kind: 'degrading',
  description: 'replaces the output with generic text in another language, about as long (de, fr, es, fi or zh; never the one the output or reference looks like)',
  apply({ output, references }, rng) {
    const target = (references && references.length ? references.join(' ') : '') + ' ' + output;
    // Leave out the language whose function words are most frequent in the output/reference, if any appear.
    let likely = -1, most = 0;
    LANGUAGES.forEach((l, k) => {
      const c = markerCount(target, l.markers);
      if (c > most) [likely, most] = [k, c];
    });
    const choices = LANGUAGES.filter((_, k) => k !== likely);
    const lang = choices[rng.int(choices.length)];
    const want = Math.max(1, codePointLength(output));
    const parts: string[] = [];
    let len = 0;
    for (let k = 0; len < want; k++) {
      const s = lang.sentences[k % lang.sentences.length];
      parts.push(s);
      len += codePointLength(s) + (lang.code === 'zh' ? 0 : 1);
    }
    return parts.join(lang.code === 'zh' ? '' : ' ');
  },
};
