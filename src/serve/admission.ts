// Bounded admission: at most `maxActive` requests are scored at once and at most `maxQueued` more are held. A
// request claims its place (`enter`) when its headers arrive, before its body is read or parsed, so that under
// overload the excess is refused at once (503 + Retry-After) for the price of a header check instead of after a body
// read and a JSON parse; memory stays bounded by (maxActive + maxQueued) bodies. A waiting request whose client went
// away leaves the queue.

export class QueueFullError extends Error {
  constructor() {
    super('admission queue full');
    this.name = 'QueueFullError';
  }
}

/** A place claimed by `enter()`: `admit` waits for a scoring slot; `leave` gives the place back if never admitted. */
export interface AdmissionTicket {
  admit(signal?: AbortSignal): Promise<() => void>;
  leave(): void;
}

interface Waiter {
  resolve: () => void;
  reject: (e: unknown) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

export class AdmissionQueue {
  private active = 0;
  /** Places claimed by requests still reading or validating their bodies. */
  private entered = 0;
  private readonly waiting: Waiter[] = [];

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

  /** Requests holding a place: scoring, waiting, or reading their bodies. */
  get occupied(): number {
    return this.active + this.waiting.length + this.entered;
  }

  /** True when a new request would be refused now. */
  get full(): boolean {
    return this.occupied >= this.maxActive + this.maxQueued;
  }

  /** Claims a place, or returns undefined when full (the caller refuses at once). */
  enter(): AdmissionTicket | undefined {
    if (this.full) return undefined;
    this.entered++;
    let state: 'entered' | 'admitting' | 'left' = 'entered';
    return {
      admit: (signal) => {
        if (state !== 'entered') return Promise.reject(new Error('admission ticket used twice'));
        state = 'admitting';
        this.entered--;
        return this.take(signal);
      },
      leave: () => {
        if (state !== 'entered') return;
        state = 'left';
        this.entered--;
      },
    };
  }

  /** Resolves with a release function once admitted; rejects with QueueFullError at once, or the signal's reason. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    const ticket = this.enter();
    if (!ticket) return Promise.reject(new QueueFullError());
    return ticket.admit(signal);
  }

  private take(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.active < this.maxActive) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const entry: Waiter = { resolve: () => resolve(this.releaser()), reject, signal };
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
