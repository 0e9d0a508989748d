// `trenchcoat cache stats|clear`: what the score cache holds, and emptying it. Also the `--cache PATH` / `--no-cache`
// flags that scoring commands share.
import { existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { isRedisCacheUrl, parseRedisCacheUrl } from '../store/cache-location.js';
import { defaultStorePath } from '../store/paths.js';
import { action, UsageError } from './errors.js';
import { printJson } from './output.js';
// (the SQLite store and the table formatter are imported where the cache subcommands run: score shares this file's
// flags, and `score --help` should not load them)

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

/** Bytes on disk: the database plus its write-ahead log and shared-memory index. */
function storeBytes(file: string): number {
  let n = 0;
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) n += statSync(f).size;
  return n;
}

function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let u = 0;
  let x = n;
  while (x >= 1024 && u < units.length - 1) {
    x /= 1024;
    u++;
  }
  return u === 0 ? `${n} B` : `${x.toFixed(1)} ${units[u]}`;
}

interface StatsFlags {
  cache?: string;
  json?: boolean;
}

interface ClearFlags extends StatsFlags {
  signature?: string;
}

export function registerCacheCommand(program: Command): void {
  const cache = program.command('cache').description('inspect or clear the score cache');
  cache
    .command('stats')
    .description('entries per scorer signature and size on disk')
    .option('--cache <path>', 'score cache file (default: $TRENCHCOAT_HOME/cache.sqlite or ./.trenchcoat/cache.sqlite), or redis://HOST:PORT[/DB]')
    .option('--json', 'machine-readable JSON')
    .addHelpText('after', '\nExample:\n  trenchcoat cache stats --json')
    .action(action((flags: StatsFlags) => cacheStats(flags)));
  cache
    .command('clear')
    .description('delete cached scores (run records are kept)')
    .option('--cache <path>', 'score cache file (default: $TRENCHCOAT_HOME/cache.sqlite or ./.trenchcoat/cache.sqlite), or redis://HOST:PORT[/DB]')
    .option('--signature <sig>', 'delete only the scores of this scorer signature')
    .option('--json', 'machine-readable JSON')
    .addHelpText('after', "\nExamples:\n  trenchcoat cache clear\n  trenchcoat cache clear --signature 'rouge-l|…|version:trenchcoat-0.1.0'")
    .action(action((flags: ClearFlags) => cacheClear(flags)));
}

async function cacheStats(flags: StatsFlags): Promise<void> {
  const file = flags.cache ?? defaultStorePath();
  if (isRedisCacheUrl(file)) return redisCacheStats(file, flags);
  // reporting on a cache must not create one
  if (!existsSync(file)) {
    if (flags.json) printJson({ path: file, exists: false, entries: 0, signatures: [], bytes: 0 });
    else process.stdout.write(`no score cache at ${file}\n`);
    return;
  }
  const { openScoreCache } = await import('../store/sqlite-cache.js');
  const { formatTable } = await import('./table.js');
  const store = openScoreCache(file);
  try {
    const { entries } = store.stats();
    const perSignature = store.signatureStats();
    const bytes = storeBytes(file);
    if (flags.json) {
      printJson({ path: file, exists: true, entries, signatures: perSignature, bytes });
      return;
    }
    const lines = [`cache: ${file}`, `entries: ${entries} in ${perSignature.length} signature(s), ${formatBytes(bytes)} on disk`];
    if (perSignature.length) lines.push('', formatTable(['entries', 'signature'], perSignature.map((s) => [String(s.entries), s.signature]), ['r', 'l']));
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    store.close();
  }
}

async function cacheClear(flags: ClearFlags): Promise<void> {
  const file = flags.cache ?? defaultStorePath();
  if (isRedisCacheUrl(file)) return redisCacheClear(file, flags);
  if (!existsSync(file)) {
    if (flags.json) printJson({ path: file, deleted: 0 });
    else process.stdout.write(`no score cache at ${file}\n`);
    return;
  }
  const { openScoreCache } = await import('../store/sqlite-cache.js');
  const store = openScoreCache(file);
  try {
    const deleted = store.clear(flags.signature);
    // VACUUM gives the space back but needs the file to itself; if another process is scoring, skip it
    const compacted = store.compact();
    if (flags.json) {
      printJson({ path: file, deleted, compacted });
      return;
    }
    process.stdout.write(`deleted ${deleted} cached score(s) from ${file}${compacted ? '' : ' (file not compacted: in use by another process)'}\n`);
  } finally {
    store.close();
  }
}

/** `cache stats` on a Redis cache: entries per signature (no size on disk: Redis keeps them in its memory). */
async function redisCacheStats(url: string, flags: StatsFlags): Promise<void> {
  const { openRedisScoreCache } = await import('../store/redis-cache.js');
  const { formatTable } = await import('./table.js');
  const store = await openRedisScoreCache(url);
  try {
    const perSignature = await store.signatureStats();
    const entries = perSignature.reduce((n, s) => n + s.entries, 0);
    if (flags.json) {
      printJson({ path: store.path, exists: true, entries, signatures: perSignature });
      return;
    }
    const lines = [`cache: ${store.path}`, `entries: ${entries} in ${perSignature.length} signature(s)`];
    if (perSignature.length) lines.push('', formatTable(['entries', 'signature'], perSignature.map((s) => [String(s.entries), s.signature]), ['r', 'l']));
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    store.close();
  }
}

async function redisCacheClear(url: string, flags: ClearFlags): Promise<void> {
  const { openRedisScoreCache } = await import('../store/redis-cache.js');
  const store = await openRedisScoreCache(url);
  try {
    const deleted = await store.clear(flags.signature);
    if (flags.json) {
      printJson({ path: store.path, deleted });
      return;
    }
    process.stdout.write(`deleted ${deleted} cached score(s) from ${store.path}\n`);
  } finally {
    store.close();
  }
}
