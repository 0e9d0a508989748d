// Several servers of the same model behind one scorer (`url=http://a/v1|http://b/v1`): which server an attempt goes
// to, and which servers are out.
//
// Balancing: each attempt goes to the healthy server with the fewest requests outstanding (ties: the one sent the
// fewest so far, then list order), never more than `slotsPerServer` at once on one server. Least-outstanding rather
// than round-robin because servers differ: a slow or overloaded replica keeps its requests longer and so is picked less.
//
// Failure: an attempt that ends in a connection error, a timeout, HTTP 5xx or HTTP 404 (a replica without the route)
// takes its server out for a back-off period: base·2^(k−1) after the k-th incident in a row, capped (defaults 1 s and
// 30 s). Requests already in flight to a server when it is taken out belong to the same incident: their failures do
// not lengthen the back-off. When the period ends the server is re-admitted on probation: one request (the probe) at a
// time until one succeeds, which restores its full slots and resets k. While every server is out, attempts go to the
// server whose back-off ends first, and the client's own retry rules (counted retries, circuit breaker) decide.
//
// The client (client.ts) retries an attempt that failed this way on another healthy server at once, without counting
// it as a retry; see `HttpClient.postJson`.

export interface ServerPoolOptions {
  /** Requests in flight at once per server. */
  slotsPerServer: number;
  /** First back-off period. Default 1000 ms. */
  backoffBaseMs?: number;
  /** Longest back-off period. Default 30 000 ms. */
  backoffCapMs?: number;
  /** Clock, in ms; tests pass a controllable one. Default `Date.now`. */
  now?: () => number;
}

/** One attempt's hold on a server: release it exactly once with the attempt's outcome. */
export interface ServerLease {
  readonly server: string;
  readonly index: number;
  /** The first request to a re-admitted server. */
  readonly probe: boolean;
  /** The server's state generation when the lease was taken (see `ServerPool.release`). */
  readonly epoch: number;
}

/** `fault`: the server failed (taken out); `ok`: it answered; `neutral`: an answer that says nothing about its health (429, 4xx, bad JSON). */
export type ServerOutcome = 'ok' | 'fault' | 'neutral';

export interface ServerSnapshot {
  url: string;
  /** Attempts sent to it. */
  sent: number;
  /** Attempts that ended in a fault. */
  faults: number;
  outstanding: number;
  /** Incidents in a row (0: healthy). */
  incidents: number;
  /** ms until its back-off ends (0 when in service). */
  outForMs: number;
}

interface ServerState {
  url: string;
  outstanding: number;
  sent: number;
  faults: number;
  incidents: number;
  downUntil: number;
  epoch: number;
  probing: boolean;
  /** Connection errors / 404s in a row before the run's first success (for the client's circuit breaker). */
  fatalStreak: number;
}

interface Waiter {
  exclude: ReadonlySet<number> | undefined;
  resolve: (lease: ServerLease) => void;
}

export const DEFAULT_SERVER_BACKOFF_BASE_MS = 1000;
export const DEFAULT_SERVER_BACKOFF_CAP_MS = 30_000;

export class ServerPool {
  readonly slotsPerServer: number;
  private readonly servers: ServerState[];
  private readonly baseMs: number;
  private readonly capMs: number;
  private readonly now: () => number;
  private waiters: Waiter[] = [];

  constructor(urls: readonly string[], opts: ServerPoolOptions) {
    if (urls.length === 0) throw new RangeError('a server pool needs at least one URL');
    if (!Number.isInteger(opts.slotsPerServer) || opts.slotsPerServer < 1) throw new RangeError(`slotsPerServer must be a positive integer, got ${opts.slotsPerServer}`);
    this.slotsPerServer = opts.slotsPerServer;
    this.baseMs = opts.backoffBaseMs ?? DEFAULT_SERVER_BACKOFF_BASE_MS;
    this.capMs = opts.backoffCapMs ?? DEFAULT_SERVER_BACKOFF_CAP_MS;
    if (!(this.baseMs >= 0) || !(this.capMs >= this.baseMs)) throw new RangeError(`server back-off needs 0 ≤ base ≤ cap, got ${this.baseMs} and ${this.capMs}`);
    this.now = opts.now ?? Date.now;
    this.servers = urls.map((url) => ({ url, outstanding: 0, sent: 0, faults: 0, incidents: 0, downUntil: 0, epoch: 0, probing: false, fatalStreak: 0 }));
  }

  get size(): number {
    return this.servers.length;
  }

  get urls(): string[] {
    return this.servers.map((s) => s.url);
  }

  /** Back-off period after the k-th incident in a row (k ≥ 1). */
  backoffMs(k: number): number {
    return Math.min(this.capMs, this.baseMs * 2 ** (k - 1));
  }

  /**
   * A server for one attempt: the least-outstanding healthy server not in `exclude`; while every server (outside
   * `exclude`) is out, the one whose back-off ends first. Waits while the chosen kind of server has no free slot.
   */
  acquire(exclude?: ReadonlySet<number>): Promise<ServerLease> {
    if (this.waiters.length === 0) {
      const lease = this.pick(exclude);
      if (lease) return Promise.resolve(lease);
    }
    return new Promise((resolve) => this.waiters.push({ exclude, resolve }));
  }

  /** Whether a server outside `exclude` is in service (it may be busy). */
  hasHealthy(exclude?: ReadonlySet<number>): boolean {
    const now = this.now();
    return this.servers.some((s, i) => !exclude?.has(i) && this.inService(s, now));
  }

  release(lease: ServerLease, outcome: ServerOutcome): void {
    const s = this.servers[lease.index];
    s.outstanding--;
    if (lease.probe) s.probing = false;
    if (outcome === 'ok') {
      // a success of a request sent before the server was taken out predates the incident: it re-admits nothing
      if (lease.epoch === s.epoch && s.incidents > 0) {
        s.incidents = 0;
        s.downUntil = 0;
        s.epoch++;
      }
    } else if (outcome === 'fault') {
      s.faults++;
      if (lease.epoch === s.epoch) {
        s.incidents++;
        s.downUntil = this.now() + this.backoffMs(s.incidents);
        s.epoch++;
      }
    }
    this.drain();
  }

  /**
   * Records an attempt's result for the circuit breaker: `fatal` (connection error or 404) lengthens its server's
   * streak, anything else resets it. Returns the shortest streak over all servers: the breaker opens only when every
   * server has failed that way that many times, so one dead replica among live ones never stops a run.
   */
  noteFatal(lease: ServerLease, fatal: boolean): number {
    const s = this.servers[lease.index];
    s.fatalStreak = fatal ? s.fatalStreak + 1 : 0;
    let min = Infinity;
    for (const x of this.servers) min = Math.min(min, x.fatalStreak);
    return min;
  }

  snapshot(): ServerSnapshot[] {
    const now = this.now();
    return this.servers.map((s) => ({
      url: s.url,
      sent: s.sent,
      faults: s.faults,
      outstanding: s.outstanding,
      incidents: s.incidents,
      outForMs: Math.max(0, s.downUntil - now),
    }));
  }

  /** In service: never failed since its last success, or re-admitted with no probe in flight. */
  private inService(s: ServerState, now: number): boolean {
    return s.incidents === 0 || (now >= s.downUntil && !s.probing);
  }

  private pick(exclude: ReadonlySet<number> | undefined): ServerLease | undefined {
    const now = this.now();
    let best = -1;
    let anyInService = false;
    for (let i = 0; i < this.servers.length; i++) {
      if (exclude?.has(i)) continue;
      const s = this.servers[i];
      if (!this.inService(s, now)) continue;
      anyInService = true;
      if (s.outstanding >= this.slotsPerServer) continue;
      if (best < 0) best = i;
      else {
        const b = this.servers[best];
        if (s.outstanding < b.outstanding || (s.outstanding === b.outstanding && s.sent < b.sent)) best = i;
      }
    }
    if (best >= 0) return this.lease(best, this.servers[best].incidents > 0);
    if (anyInService) return undefined; // busy: wait for a slot rather than send to a server that is out
    // every server is out: the one back soonest takes the attempt (excluded ones too: the client counts this attempt)
    for (let i = 0; i < this.servers.length; i++) {
      const s = this.servers[i];
      if (s.outstanding >= this.slotsPerServer) continue;
      if (best < 0 || s.downUntil < this.servers[best].downUntil) best = i;
    }
    return best >= 0 ? this.lease(best, false) : undefined;
  }

  private lease(i: number, probe: boolean): ServerLease {
    const s = this.servers[i];
    s.outstanding++;
    s.sent++;
    if (probe) s.probing = true;
    return { server: s.url, index: i, probe, epoch: s.epoch };
  }

  /** Hands freed slots to waiters in arrival order. */
  private drain(): void {
    if (this.waiters.length === 0) return;
    const still: Waiter[] = [];
    for (const w of this.waiters) {
      const lease = this.pick(w.exclude);
      if (lease) w.resolve(lease);
      else still.push(w);
    }
    this.waiters = still;
  }
}
