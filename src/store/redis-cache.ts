// The score cache on Redis (`--cache redis://HOST:PORT[/DB]`): the same (signature, item content key) entries as the
// SQLite cache, in a server that every worker and `serve` replica can reach, so one machine's answers are every
// machine's hits.
//
// Layout (prefix `trenchcoat:v1:`): one hash per scorer signature, `scores:<sha256(signature)>`, whose fields are the
// item content keys (item-key.ts) and whose values are the scores as JSON; and one hash `signatures` naming the
// signature behind each hash, for `trenchcoat cache stats`. Writes are HSETNX: the first score written for a key is
// kept, like the SQLite cache's `ON CONFLICT DO NOTHING`, so two processes computing the same item keep one entry.
//
// Numbers survive exactly: JSON prints the shortest decimal that reads back as the same double, and -0, Infinity and
// -Infinity (which JSON cannot hold) are stored as the strings "-0", "Infinity", "-Infinity". NaN is refused, as in
// the SQLite cache.
//
// Failure is never silent: an unreachable Redis at open, or a command that fails mid-run (after ioredis's reconnect
// attempts, about 1.5 s), throws `CacheUnavailableError`, which ends the command with exit 1 and the cache URL named.
// There is no fallback to computing without the cache: a run that was meant to share its answers and silently did not
// would look like it had.
//
// ioredis is imported when a Redis cache is opened, so nothing else pays for loading it.
import { createHash } from 'node:crypto';
import type { Score } from '../scorers/contract.js';
import type { CacheStats, ScoreCache } from './types.js';

import { parseRedisCacheUrl, redactRedisUrl } from './cache-location.js';

export { isRedisCacheUrl, parseRedisCacheUrl, redactRedisUrl } from './cache-location.js';

const PREFIX = 'trenchcoat:v1:';
const SIGNATURES = `${PREFIX}signatures`;
/** HMGET / pipeline size: bounds one command's size on very large lookups. */
const CHUNK = 4096;

export class CacheUnavailableError extends Error {
  constructor(
    message: string,
    readonly url: string,
  ) {
    super(message);
    this.name = 'CacheUnavailableError';
  }
}



export interface RedisSignatureStats {
  signature: string;
  entries: number;
}

/** The subset of an ioredis client this cache uses. */
interface RedisLike {
  hmget(key: string, ...fields: string[]): Promise<(string | null)[]>;
  hlen(key: string): Promise<number>;
  hgetall(key: string): Promise<Record<string, string>>;
  hsetnx(key: string, field: string, value: string): Promise<number>;
  del(...keys: string[]): Promise<number>;
  pipeline(): RedisPipeline;
  quit(): Promise<unknown>;
  disconnect(): void;
}

interface RedisPipeline {
  hmget(key: string, ...fields: string[]): RedisPipeline;
  hsetnx(key: string, field: string, value: string): RedisPipeline;
  hlen(key: string): RedisPipeline;
  exec(): Promise<[Error | null, unknown][] | null>;
}

export class RedisScoreCache implements ScoreCache {
  private hits = 0;
  private misses = 0;
  private writes = 0;
  private readonly registered = new Set<string>();
  private closed = false;

  constructor(
    private readonly redis: RedisLike,
    /** The URL as given, password redacted (CacheStats.path). */
    readonly path: string,
  ) {}

  async getMany(signature: string, keys: readonly string[]): Promise<Map<string, Score>> {
    const out = new Map<string, Score>();
    if (keys.length === 0) return out;
    const hash = signatureKey(signature);
    const p = this.redis.pipeline();
    for (let s = 0; s < keys.length; s += CHUNK) p.hmget(hash, ...keys.slice(s, s + CHUNK));
    const replies = await this.exec('read', p);
    let i = 0;
    for (const values of replies as (string | null)[][]) {
      for (const v of values) {
        const key = keys[i++];
        if (v !== null) out.set(key, decodeScore(v, key));
      }
    }
    this.hits += out.size;
    this.misses += keys.length - out.size;
    return out;
  }

  async putMany(signature: string, entries: readonly (readonly [key: string, score: Score])[]): Promise<void> {
    if (entries.length === 0) return;
    const encoded = entries.map(([key, score]) => [key, encodeScore(score, key)] as const); // validate everything before writing anything
    const hash = signatureKey(signature);
    for (let s = 0; s < encoded.length; s += CHUNK) {
      const p = this.redis.pipeline();
      if (s === 0 && !this.registered.has(signature)) p.hsetnx(SIGNATURES, hash, signature);
      for (const [key, value] of encoded.slice(s, s + CHUNK)) p.hsetnx(hash, key, value);
      const replies = await this.exec('write', p);
      if (s === 0) this.registered.add(signature);
      const counts = replies as number[];
      // the registry reply (first, when sent) is not a score written
      const from = counts.length - Math.min(CHUNK, encoded.length - s);
      for (let k = from; k < counts.length; k++) this.writes += counts[k];
    }
  }

  async stats(): Promise<CacheStats> {
    const per = await this.signatureStats();
    return {
      path: this.path,
      entries: per.reduce((n, s) => n + s.entries, 0),
      signatures: per.length,
      hits: this.hits,
      misses: this.misses,
      writes: this.writes,
    };
  }

  /** Entries per signature, largest first (for `trenchcoat cache stats`). */
  async signatureStats(): Promise<RedisSignatureStats[]> {
    const sigs = await this.run('read', () => this.redis.hgetall(SIGNATURES));
    const hashes = Object.keys(sigs);
    if (hashes.length === 0) return [];
    const p = this.redis.pipeline();
    for (const h of hashes) p.hlen(h);
    const lens = (await this.exec('read', p)) as number[];
    return hashes
      .map((h, k) => ({ signature: sigs[h], entries: lens[k] }))
      .filter((s) => s.entries > 0)
      .sort((a, b) => b.entries - a.entries || (a.signature < b.signature ? -1 : 1));
  }

  /** Deletes cached scores (all, or one signature's) and returns how many. The signature registry is kept. */
  async clear(signature?: string): Promise<number> {
    const hashes = signature === undefined ? Object.keys(await this.run('read', () => this.redis.hgetall(SIGNATURES))) : [signatureKey(signature)];
    let deleted = 0;
    for (const h of hashes) {
      const p = this.redis.pipeline();
      p.hlen(h);
      const [n] = (await this.exec('read', p)) as number[];
      await this.run('write', () => this.redis.del(h));
      deleted += n;
    }
    return deleted;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    // QUIT is answered after every command already sent, so writes in flight are not cut off
    this.redis.quit().catch(() => this.redis.disconnect());
  }

  /** Runs a Redis call; a failure becomes a CacheUnavailableError naming the cache. */
  private async run<T>(what: 'read' | 'write', call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      throw new CacheUnavailableError(`Redis score cache at ${this.path} failed (${what}): ${(err as Error).message}`, this.path);
    }
  }

  /** Executes a pipeline and returns its replies; any failed command fails the whole call. */
  private async exec(what: 'read' | 'write', p: RedisPipeline): Promise<unknown[]> {
    const replies = await this.run(what, () => p.exec());
    if (replies === null) throw new CacheUnavailableError(`Redis score cache at ${this.path} failed (${what}): pipeline aborted`, this.path);
    return replies.map(([err, v]) => {
      if (err) throw new CacheUnavailableError(`Redis score cache at ${this.path} failed (${what}): ${err.message}`, this.path);
      return v;
    });
  }
}

function signatureKey(signature: string): string {
  return `${PREFIX}scores:${createHash('sha256').update(signature, 'utf8').digest('base64url')}`;
}

function encodeNumber(x: number, what: string, key: string): number | string {
  if (typeof x !== 'number' || Number.isNaN(x)) throw new TypeError(`cannot cache ${what} ${String(x)} for key ${key}`);
  if (Object.is(x, -0)) return '-0';
  if (!Number.isFinite(x)) return String(x);
  return x;
}

function decodeNumber(x: unknown, key: string): number {
  if (typeof x === 'number') return x;
  if (x === '-0' || x === 'Infinity' || x === '-Infinity') return Number(x);
  throw new CacheUnavailableError(`Redis score cache holds an unreadable number ${JSON.stringify(x)} for key ${key}`, '');
}

/** `{"v": value, "p": prob, "d": details}`, the optional parts left out when absent. */
export function encodeScore(score: Score, key: string): string {
  const o: { v: number | string | null; p?: number | string; d?: Record<string, unknown> } = { v: score.value === null ? null : encodeNumber(score.value, 'score value', key) };
  if (score.prob !== undefined) o.p = encodeNumber(score.prob, 'prob', key);
  if (score.details !== undefined) o.d = score.details;
  return JSON.stringify(o);
}

export function decodeScore(text: string, key: string): Score {
  let o: { v?: unknown; p?: unknown; d?: unknown };
  try {
    o = JSON.parse(text) as typeof o;
  } catch {
    throw new CacheUnavailableError(`Redis score cache holds a value that is not JSON for key ${key}`, '');
  }
  const s: Score = { value: o.v === null ? null : decodeNumber(o.v, key) };
  if (o.p !== undefined) s.prob = decodeNumber(o.p, key);
  if (o.d !== undefined) s.details = o.d as Record<string, unknown>;
  return s;
}

/**
 * Connects to the Redis server of `url` and returns the cache; an unreachable server is a CacheUnavailableError now,
 * before any scoring starts.
 */
export async function openRedisScoreCache(url: string): Promise<RedisScoreCache> {
  const where = parseRedisCacheUrl(url);
  const shown = redactRedisUrl(url);
  const { Redis } = await import('ioredis');
  const u = new URL(url);
  const redis = new Redis({
    host: where.host,
    port: where.port,
    db: where.db,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    // a password in the URL would be recorded with the command line in run records: TRENCHCOAT_REDIS_PASSWORD avoids that
    password: u.password ? decodeURIComponent(u.password) : process.env.TRENCHCOAT_REDIS_PASSWORD || undefined,
    tls: where.tls ? {} : undefined,
    lazyConnect: true,
    connectTimeout: 5000,
    // a short outage is bridged (reconnect after 100, 200, …, 500 ms, 5 times); a longer one fails the command
    retryStrategy: (times: number) => (times > 5 ? null : Math.min(100 * times, 500)),
    maxRetriesPerRequest: 3,
  });
  let lastError: Error | undefined;
  // without a listener ioredis prints every connection error to the console; the commands' own errors say it once
  redis.on('error', (err: Error) => void (lastError = err));
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect();
    // the socket's own error (ECONNREFUSED, ENOTFOUND, auth) says more than ioredis's final "Connection is closed"
    const why = lastError?.message || (err as Error).message || 'connection failed';
    throw new CacheUnavailableError(`cannot reach the Redis score cache at ${shown}: ${why}`, shown);
  }
  return new RedisScoreCache(redis as unknown as RedisLike, shown);
}
