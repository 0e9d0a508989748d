// `trenchcoat cache stats|clear`: what the score cache holds, and emptying it. Also the `--cache PATH` / `--no-cache`
// flags that scoring commands share.
import { existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { defaultStorePath } from '../store/paths.js';
import { openScoreCache } from '../store/sqlite-cache.js';
import { action } from './errors.js';
import { printJson } from './output.js';
import { formatTable } from './table.js';

export interface CacheFlags {
  /** A path from `--cache PATH`, false from `--no-cache`, undefined for the default location. */
  cache?: string | false;
}

/** `--cache PATH` and `--no-cache`, for every command that scores. */
export function addCacheOptions(cmd: Command): Command {
  return cmd
    .option('--cache <path>', 'score cache file (default: $TRENCHCOAT_HOME/cache.sqlite or ./.trenchcoat/cache.sqlite)')
    .option('--no-cache', 'neither read nor write the score cache');
}

/** The cache file a command should use, or null when caching is off. */
export function resolveCachePath(flags: CacheFlags): string | null {
  if (flags.cache === false) return null;
  return flags.cache ?? defaultStorePath();
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
    .option('--cache <path>', 'score cache file (default: $TRENCHCOAT_HOME/cache.sqlite or ./.trenchcoat/cache.sqlite)')
    .option('--json', 'machine-readable JSON')
    .addHelpText('after', '\nExample:\n  trenchcoat cache stats --json')
    .action(action((flags: StatsFlags) => cacheStats(flags)));
  cache
    .command('clear')
    .description('delete cached scores (run records are kept)')
    .option('--cache <path>', 'score cache file (default: $TRENCHCOAT_HOME/cache.sqlite or ./.trenchcoat/cache.sqlite)')
    .option('--signature <sig>', 'delete only the scores of this scorer signature')
    .option('--json', 'machine-readable JSON')
    .addHelpText('after', "\nExamples:\n  trenchcoat cache clear\n  trenchcoat cache clear --signature 'rouge-l|…|version:trenchcoat-0.1.0'")
    .action(action((flags: ClearFlags) => cacheClear(flags)));
}

function cacheStats(flags: StatsFlags): void {
  const file = flags.cache ?? defaultStorePath();
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

function cacheClear(flags: ClearFlags): void {
  const file = flags.cache ?? defaultStorePath();
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
