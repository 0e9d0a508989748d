// CPU-bound scorers (lexical metrics, simple checks) on a pool of worker threads, so a two-core machine scores on both
// cores while the main thread parses requests. A worker is given at most MAX_OUTSTANDING jobs at a time (one running,
// one ready behind it, so it never idles waiting for the main thread); the rest wait here, in order, and a job whose
// request is cancelled while it waits is dropped and never scored.
import { Worker } from 'node:worker_threads';
import { ScorerInputError, type Item, type Score } from '../scorers/contract.js';
import { unpackScores, type PackedScores } from './score-transfer.js';
import { workerEntryUrl } from '../parallel/worker-entry.js';

interface Job {
  id: number;
  k: number;
  items: readonly Item[];
  resolve: (s: Score[]) => void;
  reject: (e: unknown) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

const MAX_OUTSTANDING = 2;

interface PoolWorker {
  worker: Worker;
  pending: Map<number, Job>;
  ready: Promise<void>;
}

export class CpuPool {
  private readonly workers: PoolWorker[] = [];
  private nextId = 1;
  private closed = false;
  private readonly waiting: Job[] = [];
  /** Each worker's nice value once ready (undefined: left as it was). */
  readonly niceValues: (number | undefined)[] = [];

  constructor(
    specs: readonly string[],
    size: number,
    private readonly onDropped: (k: number, items: number) => void = () => {},
    /** Nice increment of each worker thread (thread-priority.ts); 0 leaves them at the main thread's priority. */
    private readonly workerNice = 0,
  ) {
    for (let i = 0; i < size; i++) this.workers.push(this.spawn(specs));
  }

  private spawn(specs: readonly string[]): PoolWorker {
    const worker = new Worker(workerEntryUrl('serve/cpu-worker'), { workerData: { specs, nice: this.workerNice } });
    const pending = new Map<number, Job>();
    let markReady: () => void = () => {};
    let failReady: (e: unknown) => void = () => {};
    const ready = new Promise<void>((res, rej) => ((markReady = res), (failReady = rej)));
    worker.on('message', (msg: { ready?: true; nice?: number; id: number; packed?: PackedScores; error?: { name: string; message: string; itemId?: string; field?: string } }) => {
      if (msg.ready) {
        this.niceValues.push(msg.nice);
        return markReady();
      }
      const job = pending.get(msg.id);
      if (!job) return;
      pending.delete(msg.id);
      this.dispatch();
      if (msg.error) {
        const e = msg.error;
        job.reject(e.name === 'ScorerInputError' ? new ScorerInputError(e.message, e.itemId ?? '', e.field ?? '') : new Error(e.message));
      } else job.resolve(unpackScores(msg.packed as PackedScores));
    });
    worker.on('error', (err) => {
      failReady(err);
      for (const job of pending.values()) job.reject(err);
      pending.clear();
      this.failWaiting(err);
    });
    worker.on('exit', (code) => {
      const err = new Error(`scoring worker exited with code ${code}`);
      for (const job of pending.values()) job.reject(err);
      pending.clear();
      this.failWaiting(err);
    });
    return { worker, pending, ready };
  }

  /** Resolves once every worker has built its scorers (a bad spec fails here, at start). */
  async ready(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.ready));
  }

  get size(): number {
    return this.workers.length;
  }

  /** Jobs waiting for a worker (not yet sent). */
  get queued(): number {
    return this.waiting.length;
  }

  score(k: number, items: readonly Item[], signal?: AbortSignal): Promise<Score[]> {
    if (this.closed) return Promise.reject(new Error('scoring pool closed'));
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const job: Job = { id: this.nextId++, k, items, resolve, reject, signal };
      if (signal) {
        job.onAbort = () => {
          const i = this.waiting.indexOf(job);
          if (i < 0) return; // already with a worker: its answer is ignored by the caller
          this.waiting.splice(i, 1);
          this.onDropped(k, items.length);
          reject(signal.reason);
        };
        signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.waiting.push(job);
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.waiting.length) {
      let best = this.workers[0];
      for (const w of this.workers) if (w.pending.size < best.pending.size) best = w;
      if (best.pending.size >= MAX_OUTSTANDING) return;
      const job = this.waiting.shift() as Job;
      if (job.signal && job.onAbort) job.signal.removeEventListener('abort', job.onAbort);
      best.pending.set(job.id, job);
      best.worker.postMessage({ id: job.id, k: job.k, items: job.items });
    }
  }

  private failWaiting(err: unknown): void {
    for (const job of this.waiting.splice(0)) job.reject(err);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.failWaiting(new Error('scoring pool closed'));
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}
