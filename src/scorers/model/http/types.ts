// The optional second argument of a remote scorer's `score(items, opts)`: a hook that sees every score as soon as its
// request returns (so a caller can stream results to disk while the rest are in flight), and cancellation.
import type { Score, Scorer } from '../../contract.js';

export interface ScoreCallOptions {
  /** Called once per item, in completion order, as soon as its score is known (`index` is into `items`). */
  onScore?: (index: number, score: Score) => void;
  /** Aborting stops new requests and aborts in-flight ones; affected items come back with `details.error: 'aborted'`. */
  signal?: AbortSignal;
}

/** A scorer whose `score` takes ScoreCallOptions. Other scorers ignore a second argument, so callers may always pass it. */
export interface StreamingScorer extends Scorer {
  score(items: Parameters<Scorer['score']>[0], opts?: ScoreCallOptions): ReturnType<Scorer['score']>;
  readonly streaming: true;
}

export function isStreamingScorer(s: Scorer): s is StreamingScorer {
  return (s as Partial<StreamingScorer>).streaming === true;
}

/**
 * Whether a score records a failure to obtain it (transport error, exhausted retries, spent budget, abort) rather
 * than a result. Such scores carry `details.error` and must not be cached: a rerun should try again. A judge answer
 * that could not be parsed is a result (`value: null` without `details.error`) and may be cached.
 */
export function isFailedScore(s: Score): boolean {
  return s.details !== undefined && typeof s.details.error === 'string';
}
