// Redis connections for the queue, loaded at the point of use: nothing imports bullmq or ioredis unless --queue is given.
import type { ConnectionOptions } from 'bullmq';

export type Bullmq = typeof import('bullmq');

let bullmq: Promise<Bullmq> | undefined;
export const loadBullmq = (): Promise<Bullmq> => (bullmq ??= import('bullmq'));

/** A `--queue` value that is not a usable redis:// URL. */
export class RedisUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedisUrlError';
  }
}

/** `redis://[user:pass@]host:port[/db]` (or rediss:// for TLS) → connection options. */
export function redisConnection(url: string): ConnectionOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new RedisUrlError(`"${url}" is not a URL; expected redis://HOST:PORT`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new RedisUrlError(`"${url}" is not a redis:// URL`);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new RedisUrlError(`"${url}" names database "${u.pathname.slice(1)}"; expected a number`);
  // keys left out rather than set to undefined: BullMQ and ioredis treat a present-but-undefined option differently
  const opts: Record<string, unknown> = { host: u.hostname || '127.0.0.1', port: u.port ? Number(u.port) : 6379, db };
  if (u.username) opts.username = decodeURIComponent(u.username);
  if (u.password) opts.password = decodeURIComponent(u.password);
  if (u.protocol === 'rediss:') opts.tls = {};
  return opts as ConnectionOptions;
}

/** The URL without its password, for messages. */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

/**
 * Connects once, without retries, and PINGs: a Redis nobody listens on is an error within `timeoutMs` instead of the
 * endless reconnect loop a BullMQ queue would start (and that would keep the process alive).
 */
export async function probeRedis(url: string, timeoutMs = 10_000): Promise<void> {
  const { Redis } = await import('ioredis');
  const client = new Redis({ ...(redisConnection(url) as object), lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  // the socket's own error (ECONNREFUSED, ENOTFOUND, auth) says more than the rejected connect ("Connection is closed")
  let socketError: Error | undefined;
  client.on('error', (e: Error) => (socketError ??= e));
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    throw socketError ?? err;
  } finally {
    client.disconnect();
  }
}
