// Retry delays: exponential backoff with "full jitter" (AWS Architecture Blog, "Exponential Backoff and Jitter",
// 2015): the delay before retry n is uniform on [0, min(cap, base·2ⁿ)). Full jitter spreads the retries of many
// clients that failed together (a 429 burst) instead of having them all come back at the same instant.

/** Delay in ms before retry number `retry` (0 for the first retry). `random` is uniform on [0, 1). */
export function fullJitterDelay(retry: number, baseMs: number, capMs: number, random: () => number): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** retry);
  return random() * ceiling;
}

/**
 * A `Retry-After` header (RFC 9110 §10.2.3) in ms: delta-seconds, or an HTTP-date relative to `nowMs`.
 * `undefined` when absent or unreadable; never negative.
 */
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | undefined {
  if (header === null || header === undefined) return undefined;
  const v = header.trim();
  if (v === '') return undefined;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  if (Number.isNaN(t)) return undefined;
  return Math.max(0, t - nowMs);
}
