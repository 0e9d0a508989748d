// `trenchcoat cache stats|clear`: what the score cache holds, and emptying it. The `--cache PATH` / `--no-cache` flags
// that scoring commands share are in cache-options.ts (re-exported here).
import { existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { isRedisCacheUrl } from '../store/cache-location.js';
import { defaultStorePath } from '../store/paths.js';
import { openScoreCache } from '../store/sqlite-cache.js';
import { action } from './errors.js';
import { printJson } from './output.js';
import { formatTable } from './table.js';

export { addCacheOptions, CacheUnusableError, checkUnusedCache, resolveCachePath, type CacheFlags } from './cache-options.js';

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
