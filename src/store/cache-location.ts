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
