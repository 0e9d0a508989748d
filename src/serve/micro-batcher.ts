// Micro-batching for model scorers: items of concurrent requests are gathered for up to `maxWaitMs` (or until
// `maxBatch` items) and sent to the scorer in one call, so a reward model or judge backend sees full batches.
// Each request gets back exactly its own scores. Cancellation: a request cancelled before its batch left is taken out
// (its items are never sent); one cancelled while its batch runs is answered at once with the abort reason, and when
// every request of a running batch is gone the batch's own signal aborts it, so a judge sends no further requests.
import type { Item, Score, Scorer } from '../scorers/contract.js';
import type { ScoreCallOptions } from '../scorers/model/http/types.js';

interface Pending {
  items: readonly Item[];
  resolve: (s: Score[]) => void;
  reject: (e: unknown) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
  settled: boolean;
}

export interface MicroBatchOptions {
  maxBatch: number;
  maxWaitMs: number;
}

export interface MicroBatchHooks {
  /** Items of cancelled requests that were taken out before their batch was sent. */
  onDropped?: (items: number) => void;
}

export class MicroBatcher {
  private queue: Pending[] = [];
  private queuedItems = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Batches sent and their sizes, for metrics and tests. */
  readonly batchSizes: number[] = [];
  /** Batches aborted because every request in them was cancelled. */
  abortedBatches = 0;

  constructor(
    private readonly scorer: Scorer,
    private readonly opts: MicroBatchOptions,
    private readonly hooks: MicroBatchHooks = {},
  ) {}

  score(items: readonly Item[], signal?: AbortSignal): Promise<Score[]> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const p: Pending = { items, resolve, reject, signal, settled: false };
      if (signal) {
        p.onAbort = () => {
          const i = this.queue.indexOf(p);
          if (i >= 0) {
            this.queue.splice(i, 1);
            this.queuedItems -= items.length;
            this.hooks.onDropped?.(items.length);
          }
          p.settled = true;
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
    const batchAbort = new AbortController();
    const cancellable = batch.every((p) => p.signal);
    const stillWanted = () => batch.some((p) => !p.settled);
    const detach: (() => void)[] = [];
    if (cancellable) {
      for (const p of batch) {
        // the request's own listener (still attached) rejects it; this one stops the batch once nobody waits for it
        const onAbort = () => {
          if (!stillWanted() && !batchAbort.signal.aborted) {
            this.abortedBatches++;
            batchAbort.abort(new Error('every request of the batch was cancelled'));
          }
        };
        p.signal?.addEventListener('abort', onAbort, { once: true });
        detach.push(() => p.signal?.removeEventListener('abort', onAbort));
      }
    }
    const done = () => {
      for (const f of detach) f();
      for (const p of batch) if (p.signal && p.onAbort) p.signal.removeEventListener('abort', p.onAbort);
    };
    const opts: ScoreCallOptions = cancellable ? { signal: batchAbort.signal } : {};
    // scorers without ScoreCallOptions ignore the second argument
    (this.scorer.score as (items: readonly Item[], o: ScoreCallOptions) => Promise<Score[]>)(items, opts).then(
      (scores) => {
        done();
        let at = 0;
        for (const p of batch) {
          if (!p.settled) {
            p.settled = true;
            p.resolve(scores.slice(at, at + p.items.length));
          }
          at += p.items.length;
        }
      },
      (err) => {
        done();
        for (const p of batch) {
          if (!p.settled) {
            p.settled = true;
            p.reject(err);
          }
        }
      },
    );
  }
}
