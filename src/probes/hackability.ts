// Perturbation hackability of a scorer: score every item as given and after each perturbation, then report
//  - for degrading perturbations, the HACK RATE: the share of items whose score got better (in the scorer's own
//    direction) by more than `hackMargin` (default 0: any improvement counts);
//  - for meaning-preserving perturbations, the INSTABILITY: the share of items whose score moved by more than ε
//    either way (default ε = 1% of the standard deviation of the unperturbed scores, so the threshold follows the
//    scorer's scale: BLEU in points, a reward model in logits).
// Rates are over the items where the perturbation applies and both scores are non-null, with percentile-bootstrap
// intervals over those items. A rate above the user's threshold marks the report failed (the CLI exits 1), so
// the probe can gate a scorer in CI.

import type { Item, Scorer } from '../scorers/contract.js';
import { meanAt, percentileBootstrap, type BootstrapInterval, type BootstrapOptions } from '../stats/bootstrap.js';
import { getPerturbation, listPerturbations, perturbationRng } from './perturbations/registry.js';
import type { Perturbation, PerturbationKind } from './perturbations/types.js';
import { promptText } from './perturbations/_text.js';

export interface HackabilityThresholds {
  /** Fail when a degrading perturbation's hack rate exceeds this (in [0, 1]). */
  maxHackRate?: number;
  /** Fail when a preserving perturbation's instability exceeds this (in [0, 1]). */
  maxInstability?: number;
}

export interface HackabilityOptions {
  /** Perturbation names; default every registered one. */
  perturbations?: readonly string[];
  /** Seed of the perturbations and (unless bootstrap.seed is set) of the bootstrap. Default 12345. */
  seed?: number;
  /** Instability threshold on |Δscore|; default 0.01 × standard deviation of the unperturbed scores. */
  epsilon?: number;
  /** A degrading perturbation hacks when the score improves by more than this. Default 0. */
  hackMargin?: number;
  bootstrap?: BootstrapOptions;
  thresholds?: HackabilityThresholds;
}

export interface PerturbationOutcome {
  perturbation: string;
  kind: PerturbationKind;
  /** Items the perturbation applied to. */
  applicable: number;
  /** Of those, items with both scores non-null: the denominator of `rate`. */
  scored: number;
  /** Hack rate (degrading) or instability (preserving). */
  rate: number;
  interval: BootstrapInterval;
  /** Mean score change in the scorer's direction (positive = the perturbed output scored better). */
  meanImprovement: number;
  /** Whether `rate` exceeds the threshold for its kind. */
  exceeded: boolean;
  /** Why there is no rate (rate NaN): the perturbation applied to no item, or no item was scored both ways. */
  skipped?: string;
}

export interface HackabilityReport {
  spec: string;
  signature: string;
  seed: number;
  epsilon: number;
  hackMargin: number;
  items: number;
  outcomes: PerturbationOutcome[];
  /** One line per exceeded threshold; empty when the scorer passes. */
  violations: string[];
  failed: boolean;
}

export const DEFAULT_PROBE_SEED = 12345;

/** The perturbed copies of the items a perturbation applies to, with their indices in `items`. */
export function perturbItems(items: readonly Item[], perturbation: Perturbation, seed: number): { indices: number[]; items: Item[] } {
  const indices: number[] = [];
  const out: Item[] = [];
  items.forEach((item, i) => {
    const text = perturbation.apply(
      { output: item.output, prompt: promptText(item.prompt), references: item.references, context: item.context },
      perturbationRng(seed, perturbation.name, item.id),
    );
    if (text === null) return;
    indices.push(i);
    out.push({ ...item, id: `${item.id}~${perturbation.name}`, output: text });
  });
  return { indices, items: out };
}

function sampleStd(values: readonly number[]): number {
  if (values.length < 2) return 0;
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  return Math.sqrt(ss / (values.length - 1));
}

export async function hackabilityProbe(scorer: Scorer, items: readonly Item[], options: HackabilityOptions = {}): Promise<HackabilityReport> {
  const seed = options.seed ?? DEFAULT_PROBE_SEED;
  const perturbations = options.perturbations ? options.perturbations.map(getPerturbation) : listPerturbations();
  const hackMargin = options.hackMargin ?? 0;
  const sign = scorer.direction === 'higher' ? 1 : -1;
  const base = (await scorer.score(items)).map((s) => s.value);
  const epsilon = options.epsilon ?? 0.01 * sampleStd(base.filter((v): v is number => v !== null && !Number.isNaN(v)));
  const outcomes: PerturbationOutcome[] = [];
  const violations: string[] = [];
  for (const p of perturbations) {
    const { indices, items: perturbed } = perturbItems(items, p, seed);
    const after = perturbed.length ? (await scorer.score(perturbed)).map((s) => s.value) : [];
    const flags: number[] = [];
    const improvements: number[] = [];
    indices.forEach((i, k) => {
      const s0 = base[i], s1 = after[k];
      if (s0 === null || s1 === null || Number.isNaN(s0) || Number.isNaN(s1)) return;
      const improvement = sign * (s1 - s0);
      improvements.push(improvement);
      flags.push(p.kind === 'degrading' ? (improvement > hackMargin ? 1 : 0) : Math.abs(s1 - s0) > epsilon ? 1 : 0);
    });
    const rate = flags.length ? mean(flags) : NaN;
    const interval = flags.length
      ? percentileBootstrap(flags.length, meanAt(flags), { seed, ...options.bootstrap })
      : { estimate: NaN, lower: NaN, upper: NaN, level: options.bootstrap?.level ?? 0.95, resamples: 0, seed, undefinedReplicates: 0 };
    const limit = p.kind === 'degrading' ? options.thresholds?.maxHackRate : options.thresholds?.maxInstability;
    const exceeded = limit !== undefined && rate > limit;
    if (exceeded) {
      const what = p.kind === 'degrading' ? 'hack rate' : 'instability';
      violations.push(`${p.name}: ${what} ${rate.toFixed(4)} > ${limit}`);
    }
    const outcome: PerturbationOutcome = {
      perturbation: p.name,
      kind: p.kind,
      applicable: indices.length,
      scored: flags.length,
      rate,
      interval,
      meanImprovement: improvements.length ? mean(improvements) : NaN,
      exceeded,
    };
    // A rate over no item is not a number to report: say why instead (e.g. copy-prompt on items without prompts)
    if (indices.length === 0) {
      const promptless = p.needsPrompt && !items.some((it) => it.prompt !== undefined || it.context?.length);
      outcome.skipped = promptless ? 'needs a prompt or context, and the items have none (--prompt-field)' : `applies to none of the ${items.length} items`;
    }
    else if (flags.length === 0) outcome.skipped = 'no item has a score both before and after';
    outcomes.push(outcome);
  }
  return { spec: scorer.spec(), signature: scorer.signature({ nrefs: items[0]?.references?.length ?? 0 }), seed, epsilon, hackMargin, items: items.length, outcomes, violations, failed: violations.length > 0 };
}

function mean(v: readonly number[]): number {
  let s = 0;
  for (const x of v) s += x;
  return s / v.length;
}
