// Per-token rate limit in items per second: a token bucket per token name. A request of n items takes n tokens; when
// the bucket holds fewer, the request is refused with the seconds until it would fit (the Retry-After header).

export interface RateLimitOptions {
  /** Sustained items per second per token. */
  itemsPerSecond: number;
  /** Bucket size (the largest burst); default two seconds of `itemsPerSecond`. */
  burst?: number;
  now?: () => number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

export class ItemRateLimiter {
  private readonly buckets = new Map<string, { level: number; at: number }>();
  private readonly rate: number;
  private readonly burst: number;
  private readonly now: () => number;

  constructor(opts: RateLimitOptions) {
    this.rate = opts.itemsPerSecond;
    this.burst = opts.burst ?? 2 * opts.itemsPerSecond;
    this.now = opts.now ?? (() => performance.now());
  }

  take(key: string, items: number): RateDecision {
    const t = this.now();
    let b = this.buckets.get(key);
    if (!b) this.buckets.set(key, (b = { level: this.burst, at: t }));
    b.level = Math.min(this.burst, b.level + ((t - b.at) / 1000) * this.rate);
    b.at = t;
    const need = Math.max(items, 1);
    // a request larger than the bucket could never pass; it is admitted when the bucket is full and drives it negative,
    // so its cost is still paid by the requests that follow
    if (b.level >= need || (need > this.burst && b.level >= this.burst)) {
      b.level -= need;
      return { ok: true };
    }
    const missing = need > this.burst ? this.burst - b.level : need - b.level;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(missing / this.rate)) };
  }
}
