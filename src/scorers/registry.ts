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
  /** Per-option meaning for `trenchcoat scorers NAME`, keyed by option name (the synopsis gives values and defaults). */
  optionDocs?: Record<string, string>;
  create(options: SpecOptions): Scorer;
}

export interface ScorerOptionLine {
  name: string;
  /** Allowed values or the value's form, e.g. `13a|intl|zh|char|none`, `INTEGER`. */
  values: string;
  /** The default, when the synopsis gives one (the first of `a|b` lists, or `key=value`). */
  default?: string;
  note?: string;
  doc?: string;
}

/** One factory's options, one per line: the synopsis split at its top-level commas, with `optionDocs` attached. */
export function scorerOptionLines(factory: ScorerFactory): ScorerOptionLine[] {
  const text = factory.options ?? '';
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '<') depth++;
    else if (c === ')' || c === '>') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const paren = p.indexOf(' (');
      const head = paren < 0 ? p : p.slice(0, paren);
      const note = paren < 0 ? undefined : p.slice(paren + 2, p.lastIndexOf(')') > paren ? p.lastIndexOf(')') : undefined);
      const eq = head.indexOf('=');
      const name = eq < 0 ? head : head.slice(0, eq);
      const values = eq < 0 ? '' : head.slice(eq + 1);
      const required = note?.startsWith('required') ?? false;
      const plain = /^[^A-Z<]/.test(values) && !required;
      const line: ScorerOptionLine = { name, values };
      if (plain && values) line.default = values.split('|')[0];
      if (note) line.note = note;
      const doc = factory.optionDocs?.[name];
      if (doc) line.doc = doc;
      return line;
    });
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
