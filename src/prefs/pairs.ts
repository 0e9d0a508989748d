// Ratings → preference pairs for reward-model and DPO training. Within each item, every two systems whose mean
// ratings differ by more than `margin` become a pair, the better one chosen. Policies, all explicit:
//   ties        pairs with |Δ| ≤ margin: drop (default) | tie (kept with label `tie`) | soft (kept with the annotators'
//               vote share as the label, see below)
//   softLabels  label every kept pair with P(a ≻ b) from annotator disagreement: over annotators who rated both
//               systems, (#prefer a + ½·#equal) / #annotators. With one value per cell it is 1, 0 or ½.
//   maxPairs    at most k pairs per item: the k largest |Δ| (ties in |Δ| by system order), or k drawn at random
//   balance     which side is `a` is randomised with the seed so that the preferred side is `a` in exactly
//               ⌈n/2⌉ of the n decided pairs (position bias in pairwise judges and RMs is then not confounded).
// The exporters write the shapes TRL and OpenRLHF read (see exportPairs).

import type { ChatMessage } from '../scorers/contract.js';
import type { Preference, PreferenceLabel, Ratings } from '../judgments/types.js';
import { labelFromProbabilityA } from '../judgments/importers/labels.js';
import { createRng } from '../stats/rng.js';

/** One rating of one system's output for one item, optionally by a named annotator. */
export interface RatedOutput {
  item: string;
  system: string;
  value: number;
  annotator?: string;
  output?: string;
  prompt?: string | ChatMessage[];
}

export type TiePolicy = 'drop' | 'tie' | 'soft';

export interface PairOptions {
  /** Minimum |Δ mean rating| for a decided pair (default 0: any difference). */
  margin?: number;
  ties?: TiePolicy;
  softLabels?: boolean;
  maxPairsPerItem?: number;
  selection?: 'margin' | 'random';
  balance?: boolean;
  seed?: number;
  /** `lower` when smaller ratings are better (error counts, ranks). */
  direction?: 'higher' | 'lower';
}

export interface PairStats {
  items: number;
  candidates: number;
  decided: number;
  ties: number;
  dropped: number;
  capped: number;
  /** Decided pairs whose preferred side ended up as `a`. */
  preferredFirst: number;
}

interface Cell {
  system: string;
  mean: number;
  byAnnotator: Map<string, number>;
  output?: string;
}

/** Ratings matrices (systems × items) to rated outputs, with outputs and prompts when the matrix has them. */
export function ratedOutputsFromRatings(r: Ratings, annotator?: string): RatedOutput[] {
  const out: RatedOutput[] = [];
  r.systems.forEach((system, s) => {
    r.items.forEach((item, i) => {
      const value = r.values[s * r.items.length + i];
      if (Number.isNaN(value)) return;
      const rec: RatedOutput = { item, system, value };
      if (annotator !== undefined) rec.annotator = annotator;
      const text = r.outputs?.[s * r.items.length + i];
      if (text !== undefined && text !== null) rec.output = text;
      const src = r.sources?.[i];
      if (src !== undefined && src !== null) rec.prompt = src;
      out.push(rec);
    });
  });
  return out;
}

export function preferencePairs(ratings: Iterable<RatedOutput>, options: PairOptions = {}): { pairs: Preference[]; stats: PairStats } {
  const margin = options.margin ?? 0;
  const ties = options.ties ?? 'drop';
  const balance = options.balance ?? true;
  const selection = options.selection ?? 'margin';
  const sign = (options.direction ?? 'higher') === 'lower' ? -1 : 1;
  const maxPairs = options.maxPairsPerItem ?? Infinity;
  if (!(margin >= 0)) throw new RangeError(`margin must be ≥ 0, got ${margin}`);
  if (!['drop', 'tie', 'soft'].includes(ties)) throw new RangeError(`ties must be drop, tie or soft, not "${ties}"`);
  if (!(maxPairs >= 1)) throw new RangeError(`maxPairsPerItem must be ≥ 1, got ${maxPairs}`);
  const rng = createRng(options.seed ?? 0);

  const items = groupByItem(ratings);
  const stats: PairStats = { items: items.size, candidates: 0, decided: 0, ties: 0, dropped: 0, capped: 0, preferredFirst: 0 };
  type Draft = { item: string; prompt?: string | ChatMessage[]; hi: Cell; lo: Cell; delta: number; label: PreferenceLabel };
  const drafts: Draft[] = [];
  for (const [item, { cells, prompt }] of items) {
    const kept: Draft[] = [];
    for (let x = 0; x < cells.length; x++) {
      for (let y = x + 1; y < cells.length; y++) {
        stats.candidates++;
        const d = sign * (cells[x].mean - cells[y].mean);
        // orient so that `hi` is preferred (or, for a tie, keep system order)
        const [hi, lo] = d >= 0 ? [cells[x], cells[y]] : [cells[y], cells[x]];
        const delta = Math.abs(d);
        const isTie = !(delta > margin);
        if (isTie && ties === 'drop') {
          stats.dropped++;
          continue;
        }
        let label: PreferenceLabel;
        if (options.softLabels || (isTie && ties === 'soft')) label = labelFromProbabilityA(voteShare(hi, lo, sign));
        else label = isTie ? 'tie' : 'a';
        kept.push({ item, prompt, hi, lo, delta, label });
      }
    }
    let chosen = kept;
    if (kept.length > maxPairs) {
      stats.capped += kept.length - maxPairs;
      if (selection === 'random') chosen = rng.shuffle(kept.slice()).slice(0, maxPairs);
      else chosen = kept.map((d, i) => [d, i] as const).sort((p, q) => q[0].delta - p[0].delta || p[1] - q[1]).slice(0, maxPairs).map(([d]) => d);
    }
    drafts.push(...chosen);
  }

  // Decided pairs (label says hi is preferred, or a soft label above ½) get balanced positions.
  const decided = drafts.map((d, i) => (preferredIsHi(d.label) ? i : -1)).filter((i) => i >= 0);
  const hiFirst = new Uint8Array(drafts.length).fill(1);
  if (balance) {
    const flags = new Uint8Array(decided.length);
    flags.fill(1, 0, Math.ceil(decided.length / 2));
    rng.shuffle(flags);
    decided.forEach((i, k) => (hiFirst[i] = flags[k]));
  }
  const pairs = drafts.map((d, i): Preference => {
    const first = hiFirst[i] === 1;
    const [a, b] = first ? [d.hi, d.lo] : [d.lo, d.hi];
    const label = first ? d.label : flip(d.label);
    if (label === 'tie' || label === 0.5) stats.ties++;
    else stats.decided++;
    if (preferredIsHi(d.label) && first) stats.preferredFirst++;
    const p: Preference = {
      id: `${d.item}:${a.system}:${b.system}`,
      a: a.output ?? '',
      b: b.output ?? '',
      label,
      modelA: a.system,
      modelB: b.system,
      meta: { item: d.item, margin: d.delta, valueA: a.mean, valueB: b.mean },
    };
    if (d.prompt !== undefined) p.prompt = d.prompt;
    return p;
  });
  return { pairs, stats };
}

function groupByItem(ratings: Iterable<RatedOutput>): Map<string, { cells: Cell[]; prompt?: string | ChatMessage[] }> {
  const acc = new Map<string, { systems: Map<string, { sum: number; n: number; byAnnotator: Map<string, number>; output?: string }>; prompt?: string | ChatMessage[] }>();
  for (const r of ratings) {
    if (!Number.isFinite(r.value)) throw new RangeError(`item ${r.item}, system ${r.system}: rating ${r.value} is not finite`);
    let it = acc.get(r.item);
    if (!it) acc.set(r.item, (it = { systems: new Map() }));
    if (it.prompt === undefined && r.prompt !== undefined) it.prompt = r.prompt;
    let c = it.systems.get(r.system);
    if (!c) it.systems.set(r.system, (c = { sum: 0, n: 0, byAnnotator: new Map() }));
    c.sum += r.value;
    c.n += 1;
    const who = r.annotator ?? '';
    if (c.byAnnotator.has(who)) throw new RangeError(`item ${r.item}, system ${r.system}: two ratings from annotator "${who}"`);
    c.byAnnotator.set(who, r.value);
    if (c.output === undefined && r.output !== undefined) c.output = r.output;
  }
  const out = new Map<string, { cells: Cell[]; prompt?: string | ChatMessage[] }>();
  for (const [item, it] of acc) {
    const cells = [...it.systems].map(([system, c]) => ({ system, mean: c.sum / c.n, byAnnotator: c.byAnnotator, output: c.output }));
    out.set(item, it.prompt === undefined ? { cells } : { cells, prompt: it.prompt });
  }
  return out;
}

/** P(hi ≻ lo) from annotators who rated both; the mean comparison when none did. */
function voteShare(hi: Cell, lo: Cell, sign: number): number {
  let votes = 0;
  let n = 0;
  for (const [who, v] of hi.byAnnotator) {
    const w = lo.byAnnotator.get(who);
    if (w === undefined) continue;
    const d = sign * (v - w);
    votes += d > 0 ? 1 : d === 0 ? 0.5 : 0;
    n++;
  }
  if (n === 0) {
    const d = sign * (hi.mean - lo.mean);
    return d > 0 ? 1 : d === 0 ? 0.5 : 0;
  }
  return votes / n;
}

function preferredIsHi(label: PreferenceLabel): boolean {
  return label === 'a' || (typeof label === 'number' && label > 0.5);
}

function flip(label: PreferenceLabel): PreferenceLabel {
  if (label === 'a') return 'b';
  if (label === 'b') return 'a';
  if (label === 'tie') return 'tie';
  return 1 - label;
}
