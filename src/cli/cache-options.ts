// `--cache PATH` / `--no-cache`, shared by every command that scores, and what a run does with them. Apart from
// cache.ts (the `cache` command, which opens stores): `score --help` declares these flags without loading a store.
import type { Command } from 'commander';
import { isRedisCacheUrl, parseRedisCacheUrl } from '../store/cache-location.js';
import { defaultStorePath } from '../store/paths.js';
import { UsageError } from './errors.js';

export interface CacheFlags {
  /** A path from `--cache PATH`, false from `--no-cache`, undefined for the default location. */
  cache?: string | false;
}

/** `--cache PATH` and `--no-cache`, for every command that scores. */
export function addCacheOptions(cmd: Command): Command {
  return cmd
    .option('--cache <path>', 'score cache file (default: $TRENCHCOAT_HOME/cache.sqlite or ./.trenchcoat/cache.sqlite), or a shared Redis cache redis://HOST:PORT[/DB]')
    .option('--no-cache', 'neither read nor write the score cache');
}

/** The cache file (or Redis URL) a command should use, or null when caching is off. */
export function resolveCachePath(flags: CacheFlags): string | null {
  if (flags.cache === false) return null;
  if (flags.cache !== undefined && isRedisCacheUrl(flags.cache)) checkRedisUrl(flags.cache);
  return flags.cache ?? defaultStorePath();
}

/** A `--cache` the user named that cannot be opened (a Redis nobody listens on, a SQLite path that is not a database). */
export class CacheUnusableError extends Error {
  constructor(
    message: string,
    readonly location: string,
  ) {
    super(message);
    this.name = 'CacheUnusableError';
  }
}

/**
 * `--cache LOCATION` was given, but no scorer of the run uses the cache: lexical metrics and checks are cheaper to
 * recompute than to look up, so they are never cached, and the cache would never be opened. A cache the user named is
 * still opened once, so an unusable one is an error (exit 1, naming it) instead of a run that quietly ignored it;
 * a usable one gets a line on stderr saying it was not used. Returns that line.
 */
export async function checkUnusedCache(location: string): Promise<string> {
  const { openCacheAt } = await import('../store/open-cache.js');
  const { displayCacheLocation } = await import('../store/cache-location.js');
  const shown = displayCacheLocation(location);
  let cache;
  try {
    cache = await openCacheAt(location);
  } catch (err) {
    const why = (err as Error).message;
    throw new CacheUnusableError(isRedisCacheUrl(location) ? why : `cannot open the score cache ${shown}: ${why}`, shown);
  }
  cache.close();
  return `cache: not used (${shown}): these scorers are never cached (lexical metrics and checks are cheaper to recompute than to look up)`;
}

function checkRedisUrl(url: string): void {
  try {
    parseRedisCacheUrl(url);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}
