// Micro-batching for model scorers: items of concurrent requests are gathered for up to `maxWaitMs` (or until
// `maxBatch` items) and sent to the scorer in one call, so a reward model or judge backend sees full batches.
// Items of a request cancelled before its batch left are taken out; each request gets back exactly its own scores.
import type { Item, Score, Scorer } from '../scorers/contract.js';

interface Pending {
  items: readonly Item[];
  resolve: (s: Score[]) => void;
  reject: (e: unknown) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

export interface MicroBatchOptions {
  maxBatch: number;
  maxWaitMs: number;
}

export class MicroBatcher {
  private queue: Pending[] = [];
  private queuedItems = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Batches sent and their sizes, for metrics and tests. */
  readonly batchSizes: number[] = [];

  constructor(
    private readonly scorer: Scorer,
    private readonly opts: MicroBatchOptions,
  ) {}

  score(items: readonly Item[], signal?: AbortSignal): Promise<Score[]> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const p: Pending = { items, resolve, reject, signal };
      if (signal) {
        p.onAbort = () => {
          const i = this.queue.indexOf(p);
          if (i >= 0) {
            this.queue.splice(i, 1);
            this.queuedItems -= items.length;
          }
          reject(signal.reason);
        };
        signal.addEventListener('abort', p.onAbort, { once: true });
      }
      this.queue.push(p);
      this.queuedItems += items.length;
      if (this.queuedItems >= this.opts.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.opts.maxWaitMs);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.queue.length) {
      // take whole requests up to maxBatch items (a request larger than maxBatch goes alone)
      const batch: Pending[] = [];
      let n = 0;
      while (this.queue.length && (batch.length === 0 || n + this.queue[0].items.length <= this.opts.maxBatch)) {
        const p = this.queue.shift() as Pending;
        if (p.signal && p.onAbort) p.signal.removeEventListener('abort', p.onAbort);
        batch.push(p);
        n += p.items.length;
      }
      this.queuedItems -= n;
      this.run(batch, n);
    }
  }

  private run(batch: Pending[], n: number): void {
    this.batchSizes.push(n);
    const items = batch.flatMap((p) => p.items);
    this.scorer.score(items).then(
      (scores) => {
        let at = 0;
        for (const p of batch) {
          p.resolve(scores.slice(at, at + p.items.length));
          at += p.items.length;
        }
      },
      (err) => {
        for (const p of batch) p.reject(err);
      },
    );
  }
}
