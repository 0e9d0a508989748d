// A FIFO concurrency limiter: at most `limit` holders at once; waiters are served in arrival order, so requests leave
// in input order and a long input cannot starve its first items.

export class ConcurrencyLimiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private head = 0;
  /** Highest number of simultaneous holders seen (for tests and benchmarks). */
  maxActive = 0;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency must be a positive integer, got ${limit}`);
  }

  get inFlight(): number {
    return this.active;
  }

  /** Resolves with a release function once a slot is free. The release function is idempotent. */
  async acquire(): Promise<() => void> {
    if (this.active < this.limit && this.head === this.waiting.length) {
      this.take();
    } else {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
      // the releaser handed its slot over to us (see `release`): `active` is unchanged
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.release();
    };
  }

  private take(): void {
    this.active++;
    if (this.active > this.maxActive) this.maxActive = this.active;
  }

  private release(): void {
    if (this.head < this.waiting.length) {
      const next = this.waiting[this.head];
      this.waiting[this.head++] = undefined as unknown as () => void;
      if (this.head > 1024 && this.head * 2 > this.waiting.length) {
        this.waiting.splice(0, this.head);
        this.head = 0;
      }
      next(); // the slot passes straight to the next waiter
    } else {
      this.active--;
    }
  }
}
