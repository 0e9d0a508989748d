// A perturbation rewrites one output. It is declared meaning-preserving (a good scorer should not move) or degrading
// (a good scorer should not go up), and it is a pure function of the output, the item's prompt/references and a
// seeded random source, so the same seed gives the same perturbed text on every run and machine.

import type { Rng } from '../../stats/rng.js';

export type PerturbationKind = 'preserving' | 'degrading';

export interface PerturbationInput {
  output: string;
  /** The item's prompt as plain text (chat prompts: the last user message), when it has one. */
  prompt?: string;
  references?: readonly string[];
  /** Source documents, for attribution-style items. */
  context?: readonly string[];
}

export interface Perturbation {
  /** Registry name, e.g. `number-swap`. */
  readonly name: string;
  readonly kind: PerturbationKind;
  /** One line for help output. */
  readonly description: string;
  /** It rewrites the output from the item's prompt (or context), so items without one cannot be perturbed. */
  readonly needsPrompt?: boolean;
  /** The perturbed output, or null when the perturbation does not apply (no number to swap, no prompt to copy…). */
  apply(input: PerturbationInput, rng: Rng): string | null;
}
