// The scoring step of meta-evaluation: the items behind every shape (the rated cells of a ratings matrix, both sides
// of preference pairs, the candidates of best-of-k lists) go through `scoreStream`, the streaming merge of
// `trenchcoat score`. So `--threads` and `--queue` score meta-eval's items with the same executors (src/parallel/,
// src/queue/) and the same in-order merge: every value and statistics row is the one a single-process run computes.
//
// Precomputed scorers (`column:NAME`, family `precomputed`) are read on this thread whatever the executor: their
// numbers are already in the data, so shipping them to threads or workers would only copy rows. Pairwise judges compare
// pairs, not items, and stay on this thread too (pair-scoring.ts).
import { ScorerInputError, type Item, type Scorer } from '../scorers/contract.js';
import { scoreBatchParts, scoreStream, type BatchExecutor, type BatchPart } from '../scoring.js';
import { MetaEvalInputError } from './matrices.js';

export interface ItemScoringOptions {
  /** Items per batch (per shard on threads or the queue); default 1000. */
  batchSize?: number;
  /**
   * Where the scorers' batches are scored: an executor for exactly these scorers (worker threads, a BullMQ queue), or
   * undefined for this thread. Called once per scoring step; the caller owns (and closes) what it returns.
   */
  executorFor?: (scorers: readonly Scorer[]) => Promise<BatchExecutor | undefined>;
}

export interface ItemScores {
  /** Per scorer, one value per item in item order, not oriented; an abstention (null) is NaN. */
  values: Float64Array[];
  /** Per scorer, the items' statistics rows (`statisticsWidth` numbers each) for statistics scorers, else undefined. */
  statistics: (Float64Array | undefined)[];
}

/** Whether a scorer's numbers are already in the data (nothing to distribute). */
export const isPrecomputedScorer = (s: Scorer): boolean => s.family === 'precomputed';

function labelled(err: unknown, scorer: Scorer): unknown {
  if (!(err instanceof ScorerInputError)) return err;
  const label = scorer.spec();
  return new MetaEvalInputError(err.message.startsWith(`${label}:`) ? err.message : `${label}: ${err.message}`);
}

/** An error from a thread or worker does not say which scorer raised it; its message's `id:` or `spec:` prefix does. */
function labelledRemote(err: unknown, scorers: readonly Scorer[]): unknown {
  if (!(err instanceof ScorerInputError)) return err;
  const by = scorers.find((s) => err.message.startsWith(`${s.spec()}:`)) ?? scorers.find((s) => err.message.startsWith(`${s.id}:`));
  return by ? labelled(err, by) : new MetaEvalInputError(err.message);
}

/** Scores a batch with each scorer in turn on this thread; bad input names the scorer that found it. */
async function scoreHere(batch: readonly Item[], scorers: readonly Scorer[]): Promise<BatchPart[]> {
  const parts: BatchPart[] = [];
  for (const s of scorers) {
    try {
      parts.push(...(await scoreBatchParts(batch, [s])));
    } catch (err) {
      throw labelled(err, s);
    }
  }
  return parts;
}

/**
 * Scores `items` with every scorer: values (and statistics rows) in item order. `onProgress` gets the number of
 * items scored by every scorer so far.
 */
export async function scoreItems(items: readonly Item[], scorers: readonly Scorer[], options: ItemScoringOptions = {}, onProgress?: (done: number) => void): Promise<ItemScores> {
  const values = scorers.map(() => new Float64Array(items.length));
  const statistics: (Float64Array | undefined)[] = scorers.map(() => undefined);
  if (scorers.length === 0) return { values, statistics };
  const remoteIdx: number[] = [];
  const localIdx: number[] = [];
  scorers.forEach((s, k) => (isPrecomputedScorer(s) ? localIdx : remoteIdx).push(k));
  const remote = remoteIdx.length && options.executorFor ? await options.executorFor(remoteIdx.map((k) => scorers[k])) : undefined;
  const executor: BatchExecutor = remote
    ? {
        inFlight: remote.inFlight,
        score: async (batch, index) => {
          const [r, l] = await Promise.all([remote.score(batch, index).catch((err: unknown) => Promise.reject(labelledRemote(err, remoteIdx.map((k) => scorers[k])))), scoreHere(batch, localIdx.map((k) => scorers[k]))]);
          const parts: BatchPart[] = new Array(scorers.length);
          remoteIdx.forEach((k, j) => (parts[k] = r[j]));
          localIdx.forEach((k, j) => (parts[k] = l[j]));
          return parts;
        },
      }
    : { inFlight: 1, score: (batch) => scoreHere(batch, scorers) };
  const size = options.batchSize ?? 1000;
  const batches: Item[][] = [];
  for (let k = 0; k < items.length; k += size) batches.push(items.slice(k, k + size));
  let offset = 0;
  // the one check the merge makes itself (every item has the same number of references) is bad input too
  await scoreStream(batches, scorers, {
    executor,
    onSegments: (batch, scores, parts) => {
      scorers.forEach((_, k) => {
        const v = values[k];
        const s = scores[k];
        for (let j = 0; j < batch.length; j++) v[offset + j] = s[j].value ?? NaN;
        const stats = parts[k].stats;
        if (stats) (statistics[k] ??= new Float64Array(items.length * (stats.length / batch.length))).set(stats, offset * (stats.length / batch.length));
      });
      offset += batch.length;
    },
    onProgress,
  }).catch((err: unknown) => Promise.reject(err instanceof ScorerInputError ? new MetaEvalInputError(err.message) : err));
  return { values, statistics };
}
