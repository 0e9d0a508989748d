// `choice:letters=ABCD`: multiple-choice letter extraction (GPQA / MMLU style); 1 if the extracted letter equals
// references[0], else 0. `details.extracted` is the letter (null when none is found) and `details.rule` which rule
// found it.
//
// The extraction rule, tried in this order; the first rule that matches anywhere decides, and within a rule the LAST
// match in the output wins (a rollout's final answer comes last; earlier mentions are usually options being weighed):
//   1. `answer`  — the word "answer" (any case), optionally "is", an optional colon (ASCII or full-width), optional
//                  `**`, `$` and `(`, then an uppercase letter from `letters` not followed by a letter or digit:
//                  "Answer: C", "The answer is (B)", "**Answer:** D", "answer: $A$".
//   2. `boxed`   — `\boxed{X}`, `\boxed{(X)}`, `\boxed{\text{X}}` with X an uppercase letter from `letters`.
//   3. `bare`    — the whole output is just the letter, optionally with `**`, parentheses and a final period: "B", "(B).".
// Letters are uppercase only: "the answer is a prime" extracts nothing, never "A". references[0] must itself be one of
// `letters` (after trimming), otherwise the item is refused. This differs from openai/simple-evals' GPQA rule
// (`Answer[ \t]*:` then the letter, first match) in taking the last match and in accepting "answer is", \boxed and bare
// letters; choose `regex:` to reproduce a framework's exact pattern instead.
import { BasePointwiseScorer, ScorerInputError, type Item, type Needs, type Score, type SignatureContext } from '../contract.js';
import type { ScorerFactory } from '../registry.js';
import { formatSignature, formatSpec, SpecError } from '../spec.js';
import { pyStrip } from '../lexical/text.js';

type ChoiceRule = 'answer' | 'boxed' | 'bare';

function _rules(letters: string): [ChoiceRule, RegExp][] {
  const L = `[${letters}]`;
  return [
    ['answer', new RegExp(`[Aa][Nn][Ss][Ww][Ee][Rr][ \\t]*(?:[Ii][Ss][ \\t]*)?[:：]?[ \\t]*(?:\\*\\*)?[ \\t]*\\$?\\(?(${L})(?![A-Za-z0-9])`, 'gu')],
    ['boxed', new RegExp(`\\\\boxed\\{\\s*(?:\\\\text\\{\\s*)?\\(?(${L})\\)?\\s*\\}?\\s*\\}`, 'gu')],
    ['bare', new RegExp(`^\\s*(?:\\*\\*)?\\(?(${L})\\)?\\.?(?:\\*\\*)?\\s*$`, 'gu')],
  ];
}

const _compiled = new Map<string, [ChoiceRule, RegExp][]>();

/** The letter the rule above extracts, and which rule found it. */
export function extractChoice(output: string, letters: string): { letter: string; rule: ChoiceRule } | null {
  let rules = _compiled.get(letters);
  if (rules === undefined) _compiled.set(letters, (rules = _rules(letters)));
  for (const [rule, re] of rules) {
    let last: string | null = null;
    for (const m of output.matchAll(re)) last = m[1];
    if (last !== null) return { letter: last, rule };
  }
  return null;
}

export class ChoiceScorer extends BasePointwiseScorer {
  readonly id = 'choice';
  readonly family = 'verifiable' as const;
  readonly needs: Needs = { references: true };
  readonly direction = 'higher' as const;
  readonly range = [0, 1] as const;
  constructor(readonly letters: string = 'ABCD') {
    super();
  }
  spec(): string {
    return formatSpec('choice', [], this.letters === 'ABCD' ? [] : [['letters', this.letters]]);
  }
  signature(ctx?: SignatureContext): string {
    return formatSignature('Choice', [['nrefs', ctx?.nrefs ?? '?'], ['letters', this.letters], ['rule', 'answer>boxed>bare,last']]);
  }
  protected scoreOne(item: Item): Score {
    const gold = pyStrip((item.references as string[])[0]);
    if (gold.length !== 1 || !this.letters.includes(gold)) {
      throw new ScorerInputError(`choice: item ${item.id} has reference ${JSON.stringify(gold)}, not one of the letters ${this.letters}`, item.id, 'references');
    }
    const found = extractChoice(item.output, this.letters);
    if (found === null) return { value: 0, details: { extracted: null } };
    return { value: found.letter === gold ? 1 : 0, details: { extracted: found.letter, rule: found.rule } };
  }
}

export const choiceFactory: ScorerFactory = {
  name: 'choice',
  aliases: ['mcq'],
  summary: 'multiple-choice letter extraction ("Answer: C", \\boxed{C}, bare "C"; last match) against references[0]',
  options: 'letters=ABCD (the allowed uppercase letters)',
  optionDocs: {
    letters: 'the answer letters that count as a choice (uppercase); a letter outside them is no answer',
  },
  create(o) {
    const letters = o.string('letters', 'ABCD');
    if (!/^[A-Z]{2,26}$/.test(letters) || new Set(letters).size !== letters.length) {
      throw new SpecError(`choice: letters=${letters} must be 2–26 distinct uppercase letters A–Z (in "${o.spec}")`, o.spec);
    }
    o.done();
    return new ChoiceScorer(letters);
  },
};
