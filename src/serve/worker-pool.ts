// CPU-bound scorers (lexical metrics, simple checks) on a pool of worker threads, so a two-core machine scores on both
// cores while the main thread parses requests. Jobs go to the worker with the fewest jobs outstanding; a job whose
// request was cancelled before it was dispatched is dropped.
import { Worker } from 'node:worker_threads';
import { ScorerInputError, type Item, type Score } from '../scorers/contract.js';

interface Job {
  id: number;
  k: number;
  items: readonly Item[];
  resolve: (s: Score[]) => void;
  reject: (e: unknown) => void;
}

interface PoolWorker {
  worker: Worker;
  pending: Map<number, Job>;
  ready: Promise<void>;
}

// tsx runs the sources (.ts); the build runs dist (.js): the worker entry has the extension of this file
const FROM_SOURCES = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(`./cpu-worker${FROM_SOURCES ? '.ts' : '.js'}`, import.meta.url);
// Running from the sources (tsx), a worker does not get the TypeScript loader on Node 20 even with the parent's flags:
// its entry is a small ES module that registers tsx and then imports the real entry.
function workerEntry(): URL {
  if (!FROM_SOURCES) return WORKER_URL;
  const code = `const { register } = await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}); register(); await import(${JSON.stringify(WORKER_URL.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

export class CpuPool {
  private readonly workers: PoolWorker[] = [];
  private nextId = 1;
  private closed = false;

  constructor(specs: readonly string[], size: number) {
    for (let i = 0; i < size; i++) this.workers.push(this.spawn(specs));
  }

  private spawn(specs: readonly string[]): PoolWorker {
    const worker = new Worker(workerEntry(), { workerData: { specs } });
    const pending = new Map<number, Job>();
    let markReady: () => void = () => {};
    let failReady: (e: unknown) => void = () => {};
    const ready = new Promise<void>((res, rej) => ((markReady = res), (failReady = rej)));
    worker.on('message', (msg: { ready?: true; id: number; scores?: Score[]; error?: { name: string; message: string; itemId?: string; field?: string } }) => {
      if (msg.ready) return markReady();
      const job = pending.get(msg.id);
      if (!job) return;
      pending.delete(msg.id);
      if (msg.error) {
        const e = msg.error;
        job.reject(e.name === 'ScorerInputError' ? new ScorerInputError(e.message, e.itemId ?? '', e.field ?? '') : new Error(e.message));
      } else job.resolve(msg.scores as Score[]);
    });
    worker.on('error', (err) => {
      failReady(err);
      for (const job of pending.values()) job.reject(err);
      pending.clear();
    });
    worker.on('exit', (code) => {
      const err = new Error(`scoring worker exited with code ${code}`);
      for (const job of pending.values()) job.reject(err);
      pending.clear();
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

  score(k: number, items: readonly Item[], signal?: AbortSignal): Promise<Score[]> {
    if (this.closed) return Promise.reject(new Error('scoring pool closed'));
    if (signal?.aborted) return Promise.reject(signal.reason);
    let best = this.workers[0];
    for (const w of this.workers) if (w.pending.size < best.pending.size) best = w;
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      best.pending.set(id, { id, k, items, resolve, reject });
      best.worker.postMessage({ id, k, items });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}
