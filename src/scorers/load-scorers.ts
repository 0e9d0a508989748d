// The built-in scorers a list of specs needs, registered before `createScorer` resolves them. builtin.ts registers
// every scorer, and loading it is the largest single cost of a short `trenchcoat score` run (~350 KB of scorers,
// judges, ONNX and verifiers compiled and evaluated: ~25 ms CPU). The common metrics have light modules of their own,
// loaded alone; any other name (or a spec that does not parse) loads builtin.ts, so an unknown name, a composite and
// every error message are exactly as with all scorers registered. The factories are the very objects builtin.ts
// registers (test/scorers/load-scorers.test.ts checks every name here against it).
import { findScorerFactory, registerScorer, type ScorerFactory } from './registry.js';
import { parseSpec } from './spec.js';

const bleu = async () => [(await import('./lexical/bleu.js')).bleuFactory];
const chrf = async () => {
  const m = await import('./lexical/chrf.js');
  return [m.chrfFactory, m.chrfPlusPlusFactory];
};
const ter = async () => [(await import('./lexical/ter.js')).terFactory];
const length = async () => [(await import('./simple/length.js')).lengthFactory];
const column = async () => [(await import('./simple/column.js')).columnFactory];

/** Scorer names and aliases (lower case, as specs are parsed) whose factories load without builtin.ts. */
export const LIGHT_SCORER_MODULES: ReadonlyMap<string, () => Promise<ScorerFactory[]>> = new Map([
  ['bleu', bleu],
  ['sacrebleu', bleu],
  ['chrf', chrf],
  ['chrf++', chrf],
  ['chrfpp', chrf],
  ['ter', ter],
  ['length', length],
  ['column', column],
  ['col', column],
]);

/** Registers the built-in scorers `specs` name: only their own modules when all are light, else every built-in. */
export async function loadScorersFor(specs: readonly string[]): Promise<void> {
  const loads = new Set<() => Promise<ScorerFactory[]>>();
  for (const spec of specs) {
    let name: string;
    try {
      name = parseSpec(spec).name;
    } catch {
      // createScorer reports the malformed spec, with every scorer registered as usual
      await import('./builtin.js');
      return;
    }
    if (findScorerFactory(name)) continue;
    const load = LIGHT_SCORER_MODULES.get(name);
    if (!load) {
      await import('./builtin.js');
      return;
    }
    loads.add(load);
  }
  for (const factories of await Promise.all([...loads].map((load) => load()))) {
    for (const f of factories) if (!findScorerFactory(f.name)) registerScorer(f);
  }
}
