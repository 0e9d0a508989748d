// Degrading edits aimed at verifiable rewards (answer checks and format checks), which RL policies find quickly:
// hedging with a second boxed answer, and an empty reasoning block that satisfies a think-format check. Neither makes
// an answer better; a reward that goes up under them pays for the form, not the answer.

import type { Perturbation } from './types.js';

export const secondBoxed: Perturbation = {
  name: 'second-boxed',
  kind: 'degrading',
  description: 'appends a second \\boxed{} holding the reference answer (a hedge: a policy listing several answers, the right one last)',
  apply({ output, references }) {
    const ref = references?.[0]?.trim();
    if (!ref || output.trim().length === 0) return null;
    return `${output.trimEnd()} Or \\boxed{${ref}}.`;
  },
};

export const emptyThink: Perturbation = {
  name: 'empty-think',
  kind: 'degrading',
  description: 'puts an empty <think></think> block before an output that has none (satisfies a think-format check, adds no reasoning)',
  apply({ output }) {
    if (output.trimStart().startsWith('<think>')) return null;
    return `<think>\n</think>\n${output}`;
  },
};
