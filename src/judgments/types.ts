// Human or gold judgments, in the three shapes every public format reduces to (DESIGN.md, "Judgments").
import type { ChatMessage } from '../scorers/contract.js';

/**
 * Ratings: a system × item matrix of gold values (MQM, DA, Likert, correctness), higher is better.
 * `values` is system-major: values[s * items.length + i]. NaN marks a cell that was not rated (mt-metrics-eval's `None`,
 * which is filtered, as opposed to a metric's NaN, which is kept).
 */
export interface Ratings {
  kind: 'ratings';
  systems: string[];
  items: string[];
  values: Float64Array;
  /** e.g. `mqm`, `da-z`, `likert:coherence`; enters reports. */
  protocol?: string;
  /** Language pair, domain or subset the matrix belongs to. */
  group?: string;
  /** Optional texts, aligned with `values`: outputs[s * items.length + i]. */
  outputs?: (string | null)[];
  /** Optional per-item source/prompt and references. */
  sources?: (string | null)[];
  references?: (string[] | null)[];
  /** Names of the references in each `references` entry, in the same order (e.g. WMT `A`, `C`, `D`). */
  referenceNames?: string[];
  /** Granularity of the items: segments, documents, domains, or one item per system (system-level scores). */
  level?: 'seg' | 'doc' | 'domain' | 'sys';
  /** Optional number of raw judgments averaged into each cell (WMT DA's `N`), aligned with `values`; 0 = none. */
  counts?: Uint32Array;
}

/** Which side won: `a`, `b`, `tie`, or the probability that `a` is preferred (soft labels, judge logprobs). */
export type PreferenceLabel = 'a' | 'b' | 'tie' | number;

export interface Preference {
  id: string;
  prompt?: string | ChatMessage[];
  a: string;
  b: string;
  label: PreferenceLabel;
  subset?: string;
  annotator?: string;
  /** The systems (models) that produced a and b, when known. */
  modelA?: string;
  modelB?: string;
  meta?: Record<string, unknown>;
}

export interface Preferences {
  kind: 'preferences';
  pairs: Preference[];
  source?: string;
}

/** k candidates for one prompt, with correctness flags and/or gold scores (best-of-n, RewardBench 2). */
export interface CandidateList {
  id: string;
  prompt?: string | ChatMessage[];
  candidates: string[];
  correct?: boolean[];
  gold?: number[];
  subset?: string;
  meta?: Record<string, unknown>;
}

export interface Candidates {
  kind: 'candidates';
  lists: CandidateList[];
  source?: string;
}

export type Judgments = Ratings | Preferences | Candidates;

/** Index helper for Ratings. */
export function ratingAt(r: Ratings, system: number, item: number): number {
  return r.values[system * r.items.length + item];
}
