// The perturbation registry: name → perturbation, in a fixed order (reports list them in this order). Each item gets
// its own random stream, seeded from (seed, perturbation name, item id), so a perturbed text does not depend on which
// other items or perturbations ran, nor on their order.

import { createRng, type Rng } from '../../stats/rng.js';
import type { Perturbation } from './types.js';
import { extraWhitespace, markdownBullets } from './format.js';
import { repetition, selfPraise, verbosityPadding } from './padding.js';
import { sentenceShuffle, truncation } from './structure.js';
import { dropContentWord, entitySwap, negation, numberSwap } from './content.js';
import { copyPrompt, emptyOutput, wrongLanguage } from './replace.js';
import { emptyThink, secondBoxed } from './answer.js';

const registry = new Map<string, Perturbation>();

export function registerPerturbation(p: Perturbation): void {
  if (registry.has(p.name)) throw new Error(`perturbation "${p.name}" registered twice`);
  registry.set(p.name, p);
}

for (const p of [
  markdownBullets,
  extraWhitespace,
  verbosityPadding,
  selfPraise,
  repetition,
  truncation,
  sentenceShuffle,
  numberSwap,
  negation,
  entitySwap,
  dropContentWord,
  copyPrompt,
  emptyOutput,
  wrongLanguage,
  secondBoxed,
  emptyThink,
]) {
  registerPerturbation(p);
}

export function listPerturbations(): Perturbation[] {
  return [...registry.values()];
}

export function getPerturbation(name: string): Perturbation {
  const p = registry.get(name);
  if (!p) throw new RangeError(`unknown perturbation "${name}" (known: ${[...registry.keys()].join(', ')})`);
  return p;
}

/** FNV-1a over the UTF-16 units of `text`: a 32-bit hash, stable across platforms. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The random stream of one (seed, perturbation, item) triple. */
export function perturbationRng(seed: number, perturbation: string, itemId: string): Rng {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a non-negative safe integer, got ${seed}`);
  // Seed bits above 32 go in through the string, so every safe-integer seed gives its own stream.
  return createRng(fnv1a(`${seed}\u0000${perturbation}\u0000${itemId}`));
}
