// `trenchcoat runs`: the run records kept beside the score cache, most recent first.
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { defaultStorePath } from '../store/paths.js';
import { openRunStore } from '../store/runs.js';
import type { RunRecord } from '../store/types.js';
import { action, UsageError } from './errors.js';
import { printJson } from './output.js';
import { formatTable } from './table.js';

interface RunsFlags {
  cache?: string;
  limit: string;
  json?: boolean;
}

export function registerRunsCommand(program: Command): void {
  program
    .command('runs')
    .description('list recorded runs: command, status, counts, scorer signatures, data hash')
    .option('--cache <path>', 'store file (default: $TRENCHCOAT_HOME/cache.sqlite or ./.trenchcoat/cache.sqlite)')
    .option('-n, --limit <n>', 'show the N most recent runs (0: all)', '20')
    .option('--json', 'machine-readable JSON')
    .addHelpText('after', '\nExamples:\n  trenchcoat runs\n  trenchcoat runs --limit 5 --json')
    .action(action((flags: RunsFlags) => listRunsCommand(flags)));
}

function parseLimit(s: string): number {
  if (!/^\d+$/.test(s)) throw new UsageError(`--limit must be a whole number, not "${s}"`);
  return Number(s);
}

function listRunsCommand(flags: RunsFlags): void {
  const limit = parseLimit(flags.limit);
  const file = flags.cache ?? defaultStorePath();
  // listing must not create a store
  const runs = existsSync(file) ? readRuns(file, limit) : [];
  if (flags.json) {
    printJson(runs);
    return;
  }
  if (runs.length === 0) {
    process.stdout.write(`no runs recorded in ${file}\n`);
    return;
  }
  const rows = runs.map((r) => [r.id, r.status, r.command, r.startedAt.replace('T', ' ').slice(0, 19), duration(r), formatCounts(r.counts), String(r.failures)]);
  process.stdout.write(formatTable(['id', 'status', 'command', 'started (UTC)', 'took', 'counts', 'failures'], rows, ['l', 'l', 'l', 'l', 'r', 'l', 'r']) + '\n');
}

function readRuns(file: string, limit: number): RunRecord[] {
  const store = openRunStore(file);
  try {
    return store.listRuns({ limit: limit === 0 ? -1 : limit });
  } finally {
    store.close();
  }
}

function duration(r: RunRecord): string {
  if (!r.endedAt) return '—';
  const s = (Date.parse(r.endedAt) - Date.parse(r.startedAt)) / 1000;
  return s < 60 ? `${s.toFixed(1)}s` : `${Math.floor(s / 60)}m${Math.floor(s % 60)}s`;
}

function formatCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}
