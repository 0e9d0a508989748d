// `--threads N`: shards scored on N worker threads, merged in input order by `scoreStream` (src/scoring.ts) — the same
// merge as a single-process run, so corpus scores, segment order and failure counts are bit-identical.
//
// Only spec-constructible CPU-bound scorers (lexical metrics and simple checks: `scoreSync`, rebuilt in a thread from
// their spec with the same signature) go to threads. Model scorers (HTTP judges, reward-model servers, ONNX) stay on
// the main thread: they wait on I/O, hold the score cache and their servers' concurrency limits, so threads gain nothing.
// Shards are scored on the main thread until it has spent `startAfterMs` scoring (and at least `localBatches` shards):
// starting a thread costs about as much CPU as scoring a few thousand chrF segments, so an input that scores in under a
// second never pays for threads, and a large one keeps every core busy. Where a shard is scored never changes a number.
//
// JSONL shards (`scoreJsonl`) go to a thread as their raw bytes, transferred: the thread decodes, parses, maps and
// scores them and sends back statistics rows and group indices, so the main thread — which competes with the workers
// for the same cores — only cuts the input at newlines and adds statistics.
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import type { Worker } from 'node:worker_threads';
import { isSyncScorer, type Item, type Scorer } from '../scorers/contract.js';
import { createScorer } from '../scorers/registry.js';
import type { JsonlShard } from '../data/jsonl-shards.js';
import { scoreBatchParts, scoreJsonlShard, type BatchExecutor, type BatchPart, type JsonlShardOutcome, type JsonlShardScoring } from '../scoring.js';
import { deserializeError, type SerializedError } from './shard-errors.js';
import { workerEntryUrl } from './worker-entry.js';

export interface ThreadExecutorOptions {
  /** Worker threads (default: available cores). */
  threads?: number;
  /** Shards scored on the main thread before any worker is used (default 2). */
  localBatches?: number;
  /** Scoring time on the main thread before workers start, in ms (default 1000, or TRENCHCOAT_THREADS_AFTER_MS). */
  startAfterMs?: number;
  /** Shards outstanding per thread (default 2: one scoring, one queued); bounds memory whatever the input size. */
  inFlightPerThread?: number;
}

interface Job {
  resolve: (result: BatchPart[] | JsonlShardOutcome) => void;
  reject: (err: unknown) => void;
}

interface ShardThread {
  worker: Worker;
  pending: Map<number, Job>;
  ready: Promise<void>;
}

type ThreadMessage =
  | { ready: true; signatures: string[] }
  | { id: number; parts?: BatchPart[]; jsonl?: JsonlShardOutcome & { failed?: { stage: 'rows' | 'group' | 'score'; error: SerializedError } }; error?: SerializedError };

export function defaultThreadCount(): number {
  return availableParallelism();
}

/** Whether a scorer can be rebuilt in a thread from its spec and is worth moving there (CPU-bound and synchronous). */
export function runsOnThreads(scorer: Scorer): boolean {
  if (!isSyncScorer(scorer)) return false;
  try {
    return createScorer(scorer.spec()).signature({ nrefs: 1 }) === scorer.signature({ nrefs: 1 });
  } catch {
    return false;
  }
}

export class ThreadExecutor implements BatchExecutor {
  readonly inFlight: number;
  private readonly threads: number;
  private readonly localBatches: number;
  private readonly startAfterMs: number;
  private localMs = 0;
  private readonly remote: number[] = [];
  private readonly local: number[] = [];
  private readonly localScorers: Scorer[];
  private pool: ShardThread[] | undefined;
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly scorers: readonly Scorer[],
    opts: ThreadExecutorOptions = {},
  ) {
    this.threads = Math.max(1, opts.threads ?? defaultThreadCount());
    this.localBatches = opts.localBatches ?? 2;
    this.startAfterMs = opts.startAfterMs ?? Number(process.env.TRENCHCOAT_THREADS_AFTER_MS ?? 1000);
    this.inFlight = this.threads * (opts.inFlightPerThread ?? 2);
    scorers.forEach((s, k) => (runsOnThreads(s) ? this.remote : this.local).push(k));
    this.localScorers = this.local.map((k) => scorers[k]);
  }

  /** Number of scorers scored on threads (the others stay on the main thread). */
  get threadedScorers(): number {
    return this.remote.length;
  }

  async score(batch: readonly Item[], index: number): Promise<BatchPart[]> {
    if (this.closed) throw new Error('thread executor closed');
    if (this.remote.length === 0) return scoreBatchParts(batch, this.scorers);
    if (this.scoresHere(index)) return this.timed(() => scoreBatchParts(batch, this.scorers));
    const pool = this.startPool();
    const [remoteParts, localParts] = await Promise.all([this.dispatch(pool, { items: batch }) as Promise<BatchPart[]>, scoreBatchParts(batch, this.localScorers)]);
    const parts: BatchPart[] = new Array(this.scorers.length);
    this.remote.forEach((k, j) => (parts[k] = remoteParts[j]));
    this.local.forEach((k, j) => (parts[k] = localParts[j]));
    return parts;
  }

  /**
   * A JSONL shard read and scored on a thread; undefined (read it on the main thread and call `score`) unless every
   * scorer runs on threads, since a main-thread scorer needs the items here anyway.
   */
  scoreJsonl(shard: JsonlShard, index: number, opts: JsonlShardScoring): Promise<JsonlShardOutcome> | undefined {
    if (this.closed) throw new Error('thread executor closed');
    if (this.remote.length !== this.scorers.length) return undefined;
    if (this.scoresHere(index)) return this.timed(() => scoreJsonlShard(shard, this.scorers, opts));
    // the bytes move to the thread (transferred, not copied): the shard is not used here again
    return this.dispatch(this.startPool(), { jsonl: shard, scoring: opts }, [shard.bytes.buffer as ArrayBuffer]) as Promise<JsonlShardOutcome>;
  }

  private scoresHere(index: number): boolean {
    return !this.pool && (index < this.localBatches || this.localMs < this.startAfterMs);
  }

  private async timed<T>(fn: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      this.localMs += performance.now() - t0;
    }
  }

  private startPool(): ShardThread[] {
    if (this.pool) return this.pool;
    const specs = this.remote.map((k) => this.scorers[k].spec());
    const expected = this.remote.map((k) => this.scorers[k].signature({ nrefs: 1 }));
    this.pool = [];
    for (let i = 0; i < this.threads; i++) this.pool.push(this.spawn(specs, expected));
    return this.pool;
  }

  private spawn(specs: string[], expected: string[]): ShardThread {
    // node:worker_threads is required when the first thread starts: a run that scores on this thread alone (most short
    // ones) does not load it
    const { Worker } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
    const worker = new Worker(workerEntryUrl('parallel/shard-thread'), { workerData: { specs }, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    const pending = new Map<number, Job>();
    let markReady: () => void = () => {};
    let failReady: (e: unknown) => void = () => {};
    const ready = new Promise<void>((res, rej) => ((markReady = res), (failReady = rej)));
    ready.catch(() => {});
    const failAll = (err: unknown): void => {
      failReady(err);
      for (const job of pending.values()) job.reject(err);
      pending.clear();
    };
    worker.on('message', (msg: ThreadMessage) => {
      if ('ready' in msg) {
        const differs = msg.signatures.findIndex((s, j) => s !== expected[j]);
        if (differs >= 0) failAll(new Error(`a scoring thread built ${msg.signatures[differs]} for ${specs[differs]}, not ${expected[differs]}`));
        else markReady();
        return;
      }
      const job = pending.get(msg.id);
      if (!job) return;
      pending.delete(msg.id);
      if (msg.error) job.reject(deserializeError(msg.error));
      else if (msg.jsonl) {
        const o = msg.jsonl;
        job.resolve(o.failed ? { ...o, failed: { stage: o.failed.stage, error: deserializeError(o.failed.error) } } : o);
      } else job.resolve(msg.parts as BatchPart[]);
    });
    worker.on('error', failAll);
    worker.on('exit', (code) => {
      if (!this.closed) failAll(new Error(`a scoring thread exited with code ${code}`));
    });
    return { worker, pending, ready };
  }

  private async dispatch(pool: ShardThread[], message: { items: readonly Item[] } | { jsonl: JsonlShard; scoring: JsonlShardScoring }, transfer: ArrayBuffer[] = []): Promise<BatchPart[] | JsonlShardOutcome> {
    let best = pool[0];
    for (const t of pool) if (t.pending.size < best.pending.size) best = t;
    const id = this.nextId++;
    const result = new Promise<BatchPart[] | JsonlShardOutcome>((resolve, reject) => best.pending.set(id, { resolve, reject }));
    best.worker.postMessage({ id, ...message }, transfer);
    const [, parts] = await Promise.all([best.ready, result]);
    return parts;
  }

  async close(): Promise<void> {
    this.closed = true;
    const pool = this.pool ?? [];
    this.pool = undefined;
    await Promise.all(pool.map((t) => t.worker.terminate()));
  }
}
