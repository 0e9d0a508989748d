// The spec-string registry: name → factory. `createScorer('bleu:tokenize=intl')` builds a configured scorer.

import type { Scorer } from './contract.js';
import { parseSpec, SpecError, SpecOptions } from './spec.js';

export interface ScorerFactory {
  /** Canonical registry name (lowercase). */
  name: string;
  aliases?: string[];
  /** One line for `trenchcoat scorers`. */
  summary: string;
  /** Option synopsis for help, e.g. `tokenize=13a|intl|zh|char|none, lowercase=false, smooth=exp|floor|add-k|none`. */
  options?: string;
  create(options: SpecOptions): Scorer;
}

const factories = new Map<string, ScorerFactory>();
const byAlias = new Map<string, ScorerFactory>();

export function registerScorer(factory: ScorerFactory): void {
  for (const n of [factory.name, ...(factory.aliases ?? [])]) {
    const key = n.toLowerCase();
    if (byAlias.has(key) && byAlias.get(key) !== factory) throw new Error(`scorer name "${key}" registered twice`);
    byAlias.set(key, factory);
  }
  factories.set(factory.name, factory);
}

export function listScorers(): ScorerFactory[] {
  return [...factories.values()];
}

export function findScorerFactory(name: string): ScorerFactory | undefined {
  return byAlias.get(name.toLowerCase());
}

/** Build a scorer from a spec string. Unknown names and options throw a SpecError naming the spec. */
export function createScorer(spec: string): Scorer {
  const parsed = parseSpec(spec);
  const factory = byAlias.get(parsed.name);
  if (!factory) {
    const known = [...byAlias.keys()].sort().join(', ');
    throw new SpecError(`unknown scorer "${parsed.name}" in spec "${spec}" (known: ${known})`, spec);
  }
  return factory.create(new SpecOptions(parsed, spec));
}
