// Bounded admission: at most `maxActive` requests are scored at once and at most `maxQueued` more are held. A
// request claims its place (`enter`) when its headers arrive, before its body is read or parsed, so that under
// overload the excess is refused at once (503 + Retry-After) for the price of a header check instead of after a body
// read and a JSON parse; memory stays bounded by (maxActive + maxQueued) bodies. A waiting request whose client went
// away leaves the queue.
//
// With a wait budget (`maxWaitMs`, --max-queue-wait) the number of places is not the only bound: each request is costed
// by its declared body size, the server's throughput is measured in body bytes per millisecond of busy time, and a
// request is refused from its headers when the work already holding places would take longer than the budget to get
// through. A fixed number of places holds admitted latency only at one throughput; under overload the main thread
// and the load share the cores and throughput drops, so the same places mean a longer wait. Bytes stand in for cost
// because they are known before the body is read; the measured rate is in the same unit, so it calibrates itself.

/** Why `refusal()` would turn a request away. */
export type AdmissionRefusal = 'queue_full' | 'queue_wait';

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

/** Throughput in cost units per millisecond while at least one request is being scored (EWMA over windows). */
class BusyThroughput {
  private busyMs = 0;
  private doneCost = 0;
  private lastTick = 0;
  rate: number | undefined;

  constructor(private readonly windowMs = 250) {}

  /** Accrues busy time up to `now`; call before the number of active requests changes. */
  tick(now: number, active: number): void {
    if (active > 0) this.busyMs += now - this.lastTick;
    this.lastTick = now;
  }

  done(cost: number): void {
    this.doneCost += cost;
    if (this.busyMs < this.windowMs) return;
    const r = this.doneCost / this.busyMs;
    this.rate = this.rate === undefined ? r : 0.5 * this.rate + 0.5 * r;
    this.busyMs = 0;
    this.doneCost = 0;
  }
}

export class AdmissionQueue {
  private active = 0;
  /** Places claimed by requests still reading or validating their bodies. */
  private entered = 0;
  private readonly waiting: Waiter[] = [];

  /** Cost of every request holding a place (its declared body bytes, or the mean so far when it declared none). */
  private costHeld = 0;
  private costSeen = 0;
  private requestsSeen = 0;
  private readonly throughput = new BusyThroughput();

  constructor(
    readonly maxActive: number,
    readonly maxQueued: number,
    /** Wait budget, ms: refuse when the work holding places would take longer to get through; 0: no budget. */
    readonly maxWaitMs = 0,
  ) {}

  /** Measured throughput, cost units (body bytes) per ms of busy time; undefined until measured. */
  get rate(): number | undefined {
    return this.throughput.rate;
  }

  /** How long the work now holding places would take at the measured throughput, ms; undefined until measured. */
  get estimatedWaitMs(): number | undefined {
    const rate = this.throughput.rate;
    return rate === undefined || rate <= 0 ? undefined : this.costHeld / rate;
  }

  private costOf(declaredBytes: number | undefined): number {
    if (declaredBytes !== undefined) return declaredBytes;
    return this.requestsSeen > 0 ? this.costSeen / this.requestsSeen : 0;
  }

  /** Why a request of `declaredBytes` would be refused now, or undefined if it would get a place. */
  refusal(declaredBytes?: number): AdmissionRefusal | undefined {
    if (this.full) return 'queue_full';
    // an empty server always takes a request, however large: the budget bounds queueing, not service
    if (this.maxWaitMs > 0 && this.occupied > 0) {
      const rate = this.throughput.rate;
      if (rate !== undefined && rate > 0 && (this.costHeld + this.costOf(declaredBytes)) / rate > this.maxWaitMs) return 'queue_wait';
    }
    return undefined;
  }

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

  /** True when no place is left (the wait budget aside: see `refusal`). */
  get full(): boolean {
    return this.occupied >= this.maxActive + this.maxQueued;
  }

  /**
   * Claims a place for a request whose body declares `declaredBytes` (undefined: chunked), or returns undefined when
   * `refusal()` says no (the caller refuses at once).
   */
  enter(declaredBytes?: number): AdmissionTicket | undefined {
    if (this.refusal(declaredBytes) !== undefined) return undefined;
    const cost = this.costOf(declaredBytes);
    if (declaredBytes !== undefined) {
      this.costSeen += declaredBytes;
      this.requestsSeen++;
    }
    this.entered++;
    this.costHeld += cost;
    let state: 'entered' | 'admitting' | 'left' = 'entered';
    return {
      admit: (signal) => {
        if (state !== 'entered') return Promise.reject(new Error('admission ticket used twice'));
        state = 'admitting';
        this.entered--;
        return this.take(signal, cost);
      },
      leave: () => {
        if (state !== 'entered') return;
        state = 'left';
        this.entered--;
        this.costHeld -= cost;
      },
    };
  }

  /** Resolves with a release function once admitted; rejects with QueueFullError at once, or the signal's reason. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    const ticket = this.enter();
    if (!ticket) return Promise.reject(new QueueFullError());
    return ticket.admit(signal);
  }

  private take(signal: AbortSignal | undefined, cost: number): Promise<() => void> {
    if (signal?.aborted) {
      this.costHeld -= cost;
      return Promise.reject(signal.reason);
    }
    if (this.active < this.maxActive) {
      this.throughput.tick(performance.now(), this.active);
      this.active++;
      return Promise.resolve(this.releaser(cost));
    }
    return new Promise((resolve, reject) => {
      const entry: Waiter = { resolve: () => resolve(this.releaser(cost)), reject, signal };
      if (signal) {
        entry.onAbort = () => {
          const i = this.waiting.indexOf(entry);
          if (i >= 0) this.waiting.splice(i, 1);
          this.costHeld -= cost;
          reject(signal.reason);
        };
        signal.addEventListener('abort', entry.onAbort, { once: true });
      }
      this.waiting.push(entry);
    });
  }

  private releaser(cost: number): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.costHeld -= cost;
      this.throughput.tick(performance.now(), this.active);
      this.throughput.done(cost);
      const next = this.waiting.shift();
      if (next) {
        if (next.signal && next.onAbort) next.signal.removeEventListener('abort', next.onAbort);
        next.resolve();
      } else this.active--;
    };
  }
}
