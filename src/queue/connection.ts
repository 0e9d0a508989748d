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
