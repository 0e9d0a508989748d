// `trenchcoat worker`: takes shard jobs from the queue, scores them with exactly the scorers the submitter named (their
// signatures must match, or the shard fails at once: a worker on another version or with other defaults never
// contributes numbers) and returns the shard's `BatchPart`s. A worker killed mid-shard stops renewing its lock; BullMQ's
// stalled-job check (run by the other workers) puts the shard back for another worker, and since results are keyed by
// shard and merged once by the submitter, no row is lost or counted twice.
import '../scorers/builtin.js';
import { createScorer } from '../scorers/registry.js';
import { ScorerInputError, type Scorer } from '../scorers/contract.js';
import { scoreBatchParts, scoreJsonlShard } from '../scoring.js';
import { serializeError } from '../parallel/shard-errors.js';
import { loadBullmq, redisConnection } from './connection.js';
import { encodeJsonlShardResult, encodeShardResult, ERROR_MARK, jsonlShardOfJob, QUEUE_NAME, SHARD_FORMAT, type ShardJob, type ShardResult } from './shard.js';

export interface ScoringWorkerOptions {
  /** Shards scored at once by this worker (default 1: lexical scorers are CPU-bound; raise it for model scorers). */
  concurrency?: number;
  /** BullMQ's lock duration and stalled-check interval in ms (BullMQ's defaults: 30000 each): how fast a killed worker's
   * shard goes back to the queue. */
  lockDuration?: number;
  stalledInterval?: number;
  /** Called after each shard with its index and item count. */
  onShard?: (index: number, items: number) => void;
  onError?: (message: string) => void;
}

export interface ScoringWorker {
  close(): Promise<void>;
}

export async function startScoringWorker(url: string, opts: ScoringWorkerOptions = {}): Promise<ScoringWorker> {
  const { Worker, UnrecoverableError } = await loadBullmq();
  const scorerCache = new Map<string, Scorer>();
  const scorerFor = (spec: string): Scorer => {
    let s = scorerCache.get(spec);
    if (!s) scorerCache.set(spec, (s = createScorer(spec)));
    return s;
  };
  const workerOptions: Record<string, unknown> = { connection: redisConnection(url), concurrency: opts.concurrency ?? 1, maxStalledCount: 3 };
  // only the options given: BullMQ rejects an explicit undefined ("stalledInterval must be greater than 0")
  if (opts.lockDuration !== undefined) workerOptions.lockDuration = opts.lockDuration;
  if (opts.stalledInterval !== undefined) workerOptions.stalledInterval = opts.stalledInterval;
  const worker = new Worker<ShardJob, ShardResult>(
    QUEUE_NAME,
    async (job) => {
      const data = job.data;
      if (data.format !== SHARD_FORMAT) throw new UnrecoverableError(`shard format ${data.format}, this worker reads ${SHARD_FORMAT}: run the same trenchcoat version everywhere`);
      const scorers = data.specs.map(scorerFor);
      // a JSONL shard's rows are not read yet: the submitter signed it with one reference, as here
      const nrefs = data.jsonl ? 1 : (data.items[0]?.references?.length ?? 0);
      scorers.forEach((s, k) => {
        const mine = s.signature({ nrefs });
        if (mine !== data.signatures[k]) throw new UnrecoverableError(`this worker's scorer is ${mine} but the submitter asked for ${data.signatures[k]} (another trenchcoat version or option default)`);
      });
      if (data.jsonl) {
        const outcome = await scoreJsonlShard(jsonlShardOfJob(data.jsonl), scorers, data.jsonl.scoring);
        const f = outcome.failed;
        // bad rows and bad input fail the same way on every attempt: the submitter reports them at the shard's turn;
        // anything else (a scorer's own failure) is thrown, so BullMQ retries it
        if (f && f.stage === 'score' && !(f.error instanceof ScorerInputError)) throw f.error;
        opts.onShard?.(data.index, data.jsonl.rows);
        return encodeJsonlShardResult(outcome, f && { stage: f.stage, error: serializeError(f.error) });
      }
      let parts;
      try {
        parts = await scoreBatchParts(data.items, scorers);
      } catch (err) {
        // bad input fails the same way on every attempt: no retries, and the submitter rebuilds the typed error
        if (err instanceof ScorerInputError) throw new UnrecoverableError(ERROR_MARK + JSON.stringify(serializeError(err)));
        throw err;
      }
      opts.onShard?.(data.index, data.items.length);
      return encodeShardResult(parts);
    },
    workerOptions as ConstructorParameters<typeof Worker>[2],
  );
  worker.on('error', (e) => opts.onError?.(e.message));
  await worker.waitUntilReady();
  return {
    close: async () => {
      await worker.close();
    },
  };
}
