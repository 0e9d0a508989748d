// Shapes the importers return beyond the three judgment kinds.

import type { Judgments, Ratings } from '../types.js';

/**
 * Human ratings together with the metric scores published beside them (HANNA, FRANK, WMT20 system scores,
 * mt-metrics-eval metric-scores). Metric matrices are Ratings too (protocol `metric:<name>`), so they act as
 * precomputed scorers; they share system names (and, where the source does, item ids) with the human ones.
 */
export interface RatingsBundle {
  kind: 'ratings-bundle';
  human: Ratings[];
  metrics: Ratings[];
  source?: string;
}

export type JudgmentFormat =
  | 'wmt-mqm'
  | 'wmt-mqm-errors'
  | 'wmt-da-seg'
  | 'wmt-da-sys'
  | 'mt-metrics-eval'
  | 'rewardbench-v1'
  | 'rewardbench-v2'
  | 'judgebench'
  | 'llmbar'
  | 'alpaca-eval'
  | 'hh-rlhf'
  | 'hanna'
  | 'frank'
  | 'ratings'
  | 'preferences'
  | 'candidates';

export const JUDGMENT_FORMATS: readonly JudgmentFormat[] = [
  'wmt-mqm',
  'wmt-mqm-errors',
  'wmt-da-seg',
  'wmt-da-sys',
  'mt-metrics-eval',
  'rewardbench-v1',
  'rewardbench-v2',
  'judgebench',
  'llmbar',
  'alpaca-eval',
  'hh-rlhf',
  'hanna',
  'frank',
  'ratings',
  'preferences',
  'candidates',
];

/** What `importJudgments` returns for every format. */
export interface ImportedJudgments {
  format: JudgmentFormat;
  /** Gold: human (or objective) judgments. */
  judgments: Judgments[];
  /** Precomputed metric / judge scores found in the same source, as Ratings (protocol `metric:<name>`). */
  scores: Ratings[];
}

/** Pick one matrix by protocol (e.g. `da-z`, `mqm`, `metric:BLEU-refA`). */
export function findRatings(list: readonly Ratings[], protocol: string, level?: Ratings['level']): Ratings | undefined {
  return list.find((r) => r.protocol === protocol && (level === undefined || r.level === level));
}
