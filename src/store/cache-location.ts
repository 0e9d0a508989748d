// What a `--cache` value names, without loading either cache: a Redis server (`redis://HOST:PORT[/DB]`, `rediss://…`)
// or a SQLite file. Run records always live in a SQLite file: beside the scores for a file cache, in the default
// store for Redis.
import { defaultStorePath } from './paths.js';

export function isRedisCacheUrl(s: string): boolean {
  return /^rediss?:\/\//i.test(s);
}

/** The SQLite file that holds the run records of a command whose cache is `location`. */
export function runStorePathFor(location: string): string {
  return isRedisCacheUrl(location) ? defaultStorePath() : location;
}

/** The URL with its password replaced by ***, for messages and summaries. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}

/** Checks `redis://HOST:PORT[/DB]` (or rediss://) and returns its parts; throws a plain Error naming what is wrong. */
export function parseRedisCacheUrl(url: string): { host: string; port: number; db: number; tls: boolean } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`--cache ${redactRedisUrl(url)} is not a URL (expected redis://HOST:PORT[/DB])`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new Error(`--cache ${redactRedisUrl(url)}: expected redis://HOST:PORT[/DB]`);
  if (!u.hostname) throw new Error(`--cache ${redactRedisUrl(url)} names no host (expected redis://HOST:PORT[/DB])`);
  const dbPart = u.pathname.replace(/^\//, '');
  if (dbPart !== '' && !/^\d+$/.test(dbPart)) throw new Error(`--cache ${redactRedisUrl(url)}: the database after the / must be a number, not "${dbPart}"`);
  if (u.search || u.hash) throw new Error(`--cache ${redactRedisUrl(url)}: query strings and fragments are not understood`);
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port: u.port ? Number(u.port) : 6379, db: dbPart === '' ? 0 : Number(dbPart), tls: u.protocol === 'rediss:' };
}

/** How a cache location is shown: a Redis URL without its password, a file path as it is. */
export function displayCacheLocation(location: string): string {
  return isRedisCacheUrl(location) ? redactRedisUrl(location) : location;
}
