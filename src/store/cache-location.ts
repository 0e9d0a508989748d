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

/** How a cache location is shown: a Redis URL without its password, a file path as it is. */
export function displayCacheLocation(location: string): string {
  return isRedisCacheUrl(location) ? redactRedisUrl(location) : location;
}
