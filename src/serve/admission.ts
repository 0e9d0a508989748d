// Bounded admission: at most `maxActive` requests are scored at once and at most `maxQueued` wait. A request that
// finds the queue full is refused at once (503 + Retry-After) instead of growing memory without bound; a waiting
// request whose client went away leaves the queue.

export class QueueFullError extends Error {
  constructor() {
    super('admission queue full');
    this.name = 'QueueFullError';
  }
}

export class AdmissionQueue {
  private active = 0;
  private readonly waiting: { resolve: () => void; reject: (e: unknown) => void; signal?: AbortSignal; onAbort?: () => void }[] = [];

  constructor(
    readonly maxActive: number,
    readonly maxQueued: number,
  ) {}

  get depth(): number {
    return this.waiting.length;
  }

  get inFlight(): number {
    return this.active;
  }

  /** True when a new request would be refused now: every slot busy and the queue full. */
  get full(): boolean {
    return this.active >= this.maxActive && this.waiting.length >= this.maxQueued;
  }

  /** Resolves with a release function once admitted; rejects with QueueFullError at once, or the signal's reason. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.active < this.maxActive) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.maxQueued) return Promise.reject(new QueueFullError());
    return new Promise((resolve, reject) => {
      const entry: (typeof this.waiting)[number] = { resolve: () => resolve(this.releaser()), reject, signal };
      if (signal) {
        entry.onAbort = () => {
          const i = this.waiting.indexOf(entry);
          if (i >= 0) this.waiting.splice(i, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', entry.onAbort, { once: true });
      }
      this.waiting.push(entry);
    });
  }

  private releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.waiting.shift();
      if (next) {
        if (next.signal && next.onAbort) next.signal.removeEventListener('abort', next.onAbort);
        next.resolve();
      } else this.active--;
    };
  }
}
