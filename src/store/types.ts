// The score cache and run records: the interfaces shared by the store implementation, the scorers' wrappers and the CLI.
import type { Item, Score } from '../scorers/contract.js';

/**
 * Scores keyed by (scorer signature, item content hash). The content hash covers exactly what a scorer can see
 * (output, references, prompt, context — not the id or meta, except for `column:` scorers whose input is meta).
 */
export interface ScoreCache {
  /** Cached scores for the keys present; missing keys are absent from the map. */
  getMany(signature: string, keys: readonly string[]): Map<string, Score>;
  /** Stores scores; writing a key twice keeps one row (idempotent, safe under concurrent writers). */
  putMany(signature: string, entries: readonly (readonly [key: string, score: Score])[]): void;
  stats(): CacheStats;
  close(): void;
}

export interface CacheStats {
  path: string;
  entries: number;
  signatures: number;
  /** Counters for this process's session. */
  hits: number;
  misses: number;
  writes: number;
}

export interface RunRecord {
  id: string;
  command: string;
  argv: string[];
  signatures: string[];
  dataHash: string | null;
  version: string;
  startedAt: string;
  endedAt: string | null;
  status: 'running' | 'ok' | 'failed' | 'interrupted';
  counts: Record<string, number>;
  failures: number;
  error?: string;
  /** The process that ran it and its host: how a run left 'running' by a killed process is recognised as interrupted. */
  pid?: number;
  hostname?: string;
}

export type ItemKeyFn = (item: Item) => string;
