// The score cache and run records: the interfaces shared by the store implementation, the scorers' wrappers and the CLI.
import type { Item, Score } from '../scorers/contract.js';

/**
 * Scores keyed by (scorer signature, item content hash). The content hash covers exactly what a scorer can see
 * (output, references, prompt, context — not the id or meta, except for `column:` scorers whose input is meta).
 */
export interface ScoreCache {
  /** Cached scores for the keys present; missing keys are absent from the map. (SQLite answers at once, Redis with a promise.) */
  getMany(signature: string, keys: readonly string[]): Map<string, Score> | Promise<Map<string, Score>>;
  /** Stores scores; writing a key twice keeps one row (idempotent, safe under concurrent writers). */
  putMany(signature: string, entries: readonly (readonly [key: string, score: Score])[]): void | Promise<void>;
  stats(): CacheStats | Promise<CacheStats>;
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
  /** The seed of the run's random procedures (bootstrap, permutation, sampling), when it has one. */
  seed: number | null;
  /** sha256 of each input file, by the path given on the command line. */
  inputHashes: Record<string, string>;
  /** Wall time from start to finish; null while running (and for runs recorded before version 2). */
  durationMs: number | null;
  /** The command's exit code (0 ok, 1 bad input or failed check, 2 usage error); null while running. */
  exitCode: number | null;
  /**
   * The result the command printed, as the JSON object `--json` prints (recorded also without --json); undefined when
   * the command printed none. `RunStore.getResultText` gives its exact text, so showing it again gives the same bytes.
   */
  result?: unknown;
}

export type ItemKeyFn = (item: Item) => string;
