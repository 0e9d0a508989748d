// Submitting a scoring run to the queue: each batch becomes a shard job with a content-derived id (shard.ts), any number
// of `trenchcoat worker`s score the shards, and `scoreStream` merges the results in shard order — the merge of a local
// run, in the same order — so corpus scores (BLEU, chrF, TER from summed statistics) and segment order are bit-identical.
//
// Completion is seen through one QueueEvents stream for all shards, and a poll of the outstanding shards backs it up: a
// shard whose job vanished (Redis restarted without persistence, or flushed) is submitted again — this submitter still
// holds its rows — so the run resumes; a Redis that stays unreachable fails the run with a clear error. Never a silent
// partial result: the merge needs every shard, in order.
import type { Job, Queue, QueueEvents } from 'bullmq';
import type { Item, Scorer } from '../scorers/contract.js';
import type { BatchExecutor, BatchPart, JsonlShardOutcome, JsonlShardScoring } from '../scoring.js';
import type { JsonlShard } from '../data/jsonl-shards.js';
import { deserializeError, type SerializedError } from '../parallel/shard-errors.js';
import { loadBullmq, probeRedis, redactedUrl, redisConnection } from './connection.js';
import { decodeJsonlShardResult, decodeShardResult, ERROR_MARK, jsonlShardJob, QUEUE_NAME, SHARD_FORMAT, shardJobId, type ShardJob, type ShardResult } from './shard.js';

export interface QueueSubmitOptions {
  /** Attempts per shard before it fails the run (default 3). */
  attempts?: number;
  /** Shards outstanding at once (default 64): enough to keep many workers busy, few enough to bound memory. */
  inFlight?: number;
  /** How often outstanding shards are checked in Redis, in ms (default 1000). */
  pollMs?: number;
  /** How long finished shards stay in Redis, for idempotent resubmits, in seconds (default 86400). */
  keepSeconds?: number;
}

interface Outstanding {
  jobId: string;
  data: ShardJob;
  since: number;
  /** Decodes the worker's result and resolves the caller's promise; throws when the result cannot be read. */
  complete: (returnvalue: unknown) => void;
  reject: (err: unknown) => void;
}

/** Redis could not be reached, or lost the run's jobs more often than a restart explains. */
export class QueueConnectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueueConnectionError';
  }
}

/** A shard failed on every attempt: names its position and rows. */
export class ShardFailedError extends Error {
  constructor(
    message: string,
    readonly shard: number,
    /** First and last item ids of an item shard ('' for a JSONL shard, named by its lines in the message). */
    readonly firstId: string,
    readonly lastId: string,
  ) {
    super(message);
    this.name = 'ShardFailedError';
  }
}

function describeRows(data: ShardJob): string {
  const j = data.jsonl;
  if (j) return `${j.file === '-' ? '<stdin>' : j.file} from line ${j.firstLine}, ${j.rows} rows`;
  const items = data.items;
  return items.length === 1 ? `item ${items[0].id}` : `items ${items[0].id} … ${items[items.length - 1].id} (${items.length} rows)`;
}

// a shard that vanishes this often is not a restart but something deleting the run's keys
const MAX_RESUBMITS_PER_SHARD = 3;

export class QueueSubmitter implements BatchExecutor {
  readonly inFlight: number;
  private readonly outstanding = new Map<string, Outstanding>();
  private readonly resubmits = new Map<string, number>();
  private readonly attempts: number;
  private readonly keepSeconds: number;
  private submitted = 0;
  private reused = 0;
  private resumed = 0;
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private readonly trims = new Set<Promise<void>>();

  private constructor(
    private readonly url: string,
    private readonly scorers: readonly Scorer[],
    private readonly queue: Queue<ShardJob, ShardResult>,
    private readonly events: QueueEvents,
    private readonly JobClass: typeof Job,
    opts: QueueSubmitOptions,
  ) {
    this.inFlight = opts.inFlight ?? 64;
    this.attempts = opts.attempts ?? 3;
    this.keepSeconds = opts.keepSeconds ?? 86400;
    events.on('completed', ({ jobId, returnvalue }) => this.settle(jobId, returnvalue, undefined));
    events.on('failed', ({ jobId, failedReason }) => this.settle(jobId, undefined, failedReason));
    this.timer = setInterval(() => void this.poll(), opts.pollMs ?? 1000);
  }

  static async open(url: string, scorers: readonly Scorer[], opts: QueueSubmitOptions = {}): Promise<QueueSubmitter> {
    try {
      await probeRedis(url);
    } catch (err) {
      throw new QueueConnectionError(`cannot reach Redis at ${redactedUrl(url)} (is redis-server running there?): ${(err as Error).message}`);
    }
    const { Queue, QueueEvents, Job } = await loadBullmq();
    const connection = redisConnection(url);
    const queue = new Queue<ShardJob, ShardResult>(QUEUE_NAME, { connection });
    const events = new QueueEvents(QUEUE_NAME, { connection });
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    return new QueueSubmitter(url, scorers, queue, events, Job as typeof Job, opts);
  }

  async score(batch: readonly Item[], index: number): Promise<BatchPart[]> {
    const nrefs = batch[0]?.references?.length ?? 0;
    const data: ShardJob = {
      format: SHARD_FORMAT,
      index,
      specs: this.scorers.map((s) => s.spec()),
      signatures: this.scorers.map((s) => s.signature({ nrefs })),
      items: [...batch],
    };
    return this.submit(data, (raw) => decodeShardResult(raw, this.scorers.length, batch.length));
  }

  /**
   * A JSONL shard goes to a worker as its lines (one string): this process neither parses its rows nor serialises
   * items. The worker reads them with a local run's reader, so errors name the same FILE:LINE.
   */
  scoreJsonl(shard: JsonlShard, index: number, scoring: JsonlShardScoring): Promise<JsonlShardOutcome> {
    const data: ShardJob = {
      format: SHARD_FORMAT,
      index,
      specs: this.scorers.map((s) => s.spec()),
      // the reference count is not known before the worker reads the rows: both sides sign with one reference
      signatures: this.scorers.map((s) => s.signature({ nrefs: 1 })),
      items: [],
      jsonl: jsonlShardJob(shard, scoring),
    };
    return this.submit(data, (raw): JsonlShardOutcome => {
      const o = decodeJsonlShardResult(raw, this.scorers.length);
      return o.failed ? { ...o, failed: { stage: o.failed.stage, error: deserializeError(o.failed.error) } } : { ...o, failed: undefined };
    });
  }

  private async submit<T>(data: ShardJob, decode: (returnvalue: unknown) => T): Promise<T> {
    const jobId = shardJobId(data);
    const result = new Promise<T>((resolve, reject) => {
      this.outstanding.set(jobId, { jobId, data, since: Date.now(), complete: (raw) => resolve(decode(raw)), reject });
    });
    result.catch(() => {});
    this.submitted++;
    try {
      const addedAt = Date.now();
      await this.add(data, jobId);
      const found = await this.finished(jobId);
      if (found?.state === 'completed') {
        // finished before this run began: a resubmit, served from Redis without new work
        if ((found.job.finishedOn ?? addedAt) < addedAt) this.reused++;
        this.settle(jobId, found.job.returnvalue, undefined);
      } else if (found?.state === 'failed') {
        // a shard that failed in an earlier run gets its attempts again rather than failing this run unseen
        await found.job.retry('failed');
      }
    } catch (err) {
      this.outstanding.delete(jobId);
      throw this.connectionError(err);
    }
    return result;
  }

  private async add(data: ShardJob, jobId: string): Promise<void> {
    await this.queue.add('shard', data, {
      jobId,
      attempts: this.attempts,
      backoff: { type: 'exponential', delay: 500 },
      // kept so that resubmitting the same input finds its results instead of scoring again
      removeOnComplete: { age: this.keepSeconds },
      removeOnFail: { age: this.keepSeconds },
    });
  }

  /** The job when it has finished, read after its state so its return value is complete; `missing` when Redis has no such job. */
  private async finished(jobId: string): Promise<{ state: 'completed' | 'failed'; job: Job<ShardJob, ShardResult> } | { state: 'missing' | 'pending' } > {
    const state = await this.queue.getJobState(jobId);
    if (state === 'unknown') return { state: 'missing' };
    if (state !== 'completed' && state !== 'failed') return { state: 'pending' };
    const job = await this.JobClass.fromId<ShardJob, ShardResult>(this.queue, jobId);
    return job ? { state, job } : { state: 'missing' };
  }

  private settle(jobId: string, returnvalue: unknown, failedReason: string | undefined): void {
    const o = this.outstanding.get(jobId);
    if (!o) return;
    this.outstanding.delete(jobId);
    if (failedReason === undefined) {
      try {
        o.complete(returnvalue);
      } catch (err) {
        o.reject(err);
        return;
      }
      // a finished shard keeps its result for resubmits but not its rows: Redis holds results, not a copy of the input
      const trimmed: ShardJob = { ...o.data, items: [], jsonl: undefined };
      const trim = new this.JobClass<ShardJob, ShardResult>(this.queue, 'shard', trimmed, {}, jobId).updateData(trimmed).catch(() => {});
      this.trims.add(trim);
      void trim.finally(() => this.trims.delete(trim));
      return;
    }
    if (failedReason.startsWith(ERROR_MARK)) {
      // bad input: the error a single-process run raises, with its item id and field
      o.reject(deserializeError(JSON.parse(failedReason.slice(ERROR_MARK.length)) as SerializedError));
      return;
    }
    const items = o.data.items;
    o.reject(new ShardFailedError(`shard ${o.data.index} (${describeRows(o.data)}) failed on the queue after its attempts: ${failedReason}`, o.data.index, items[0]?.id ?? '', items[items.length - 1]?.id ?? ''));
  }

  /** Backs up the event stream: finished shards whose event was missed, and shards whose job vanished from Redis. */
  private async poll(): Promise<void> {
    if (this.polling || this.outstanding.size === 0) return;
    this.polling = true;
    try {
      const now = Date.now();
      for (const o of [...this.outstanding.values()]) {
        if (now - o.since < 1000 || !this.outstanding.has(o.jobId)) continue;
        const found = await this.finished(o.jobId);
        if (found.state === 'missing') {
          const n = (this.resubmits.get(o.jobId) ?? 0) + 1;
          this.resubmits.set(o.jobId, n);
          if (n > MAX_RESUBMITS_PER_SHARD) {
            this.outstanding.delete(o.jobId);
            o.reject(new QueueConnectionError(`shard ${o.data.index} (${describeRows(o.data)}) vanished from Redis at ${redactedUrl(this.url)} ${n} times; is something deleting the queue's keys?`));
            continue;
          }
          // Redis lost the job (restarted without persistence, or flushed): this submitter still has the rows
          this.resumed++;
          o.since = Date.now();
          await this.add(o.data, o.jobId);
        } else if (found.state === 'completed') this.settle(o.jobId, found.job.returnvalue, undefined);
        else if (found.state === 'failed') this.settle(o.jobId, undefined, found.job.failedReason);
      }
    } catch (err) {
      const e = this.connectionError(err);
      for (const o of this.outstanding.values()) o.reject(e);
      this.outstanding.clear();
    } finally {
      this.polling = false;
    }
  }

  private connectionError(err: unknown): Error {
    if (err instanceof QueueConnectionError) return err;
    const msg = err instanceof Error ? err.message : String(err);
    return new QueueConnectionError(`lost Redis at ${redactedUrl(this.url)} with ${this.outstanding.size} shard(s) outstanding; the run is incomplete and wrote no result: ${msg}`);
  }

  /** `queue: N shards, R reused from an earlier run, S resubmitted after Redis lost them`. */
  summary(): string {
    return `queue: ${this.submitted} shard(s) on ${redactedUrl(this.url)}, ${this.reused} reused from an earlier run${this.resumed ? `, ${this.resumed} resubmitted after Redis lost them` : ''}`;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await Promise.allSettled(this.trims);
    await Promise.allSettled([this.events.close(), this.queue.close()]);
  }
}

export function openQueueSubmitter(url: string, scorers: readonly Scorer[], opts?: QueueSubmitOptions): Promise<QueueSubmitter> {
  return QueueSubmitter.open(url, scorers, opts);
}
