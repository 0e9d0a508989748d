// `trenchcoat runs`: the run records kept beside the score cache, most recent first; `runs show ID`: one run and the
// result it printed, again (with --json the same bytes as the run's own --json output).
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { defaultStorePath } from '../store/paths.js';
import { openRunStore } from '../store/runs.js';
import { hasPendingRuns } from '../store/pending-runs.js';
import type { RunRecord } from '../store/types.js';
import { action, UsageError } from './errors.js';
import { printJson } from './output.js';
import { formatTable } from './table.js';

interface RunsFlags {
  cache?: string;
  limit: string;
  json?: boolean;
}

interface ShowFlags {
  cache?: string;
  json?: boolean;
}

export function registerRunsCommand(program: Command): void {
  const runs = program
    .command('runs')
    .description('list recorded runs: command, status, counts, scorer signatures, data hash')
    .option('--cache <path>', 'store file (default: $TRENCHCOAT_HOME/cache.sqlite or ./.trenchcoat/cache.sqlite)')
    .option('-n, --limit <n>', 'show the N most recent runs (0: all)', '20')
    .option('--json', 'machine-readable JSON')
    .addHelpText('after', '\nExamples:\n  trenchcoat runs\n  trenchcoat runs --limit 5 --json\n  trenchcoat runs show 20250301T101500123Z-9f2c4a --json')
    .action(action((flags: RunsFlags) => listRunsCommand(flags)));
  runs
    .command('show')
    .description('one run: what ran, on which inputs, how it ended, and the result it printed')
    .argument('<id>', 'run id (or a unique prefix of one), as `trenchcoat runs` lists them')
    .option('--cache <path>', 'store file (default: $TRENCHCOAT_HOME/cache.sqlite or ./.trenchcoat/cache.sqlite)')
    .option('--json', "the run's result exactly as the run printed it with --json")
    .addHelpText('after', '\nExamples:\n  trenchcoat runs show 20250301T101500123Z-9f2c4a\n  trenchcoat runs show 20250301T1015 --json > result.json')
    // `runs` has --json and --cache too, and commander gives an option to the parent that declares it: merge both
    .action(action((id: string, flags: ShowFlags, cmd: Command) => showRunCommand(id, { ...(cmd.parent?.opts() as ShowFlags), ...flags })));
}

/** A run id that names no run, or a prefix that names several: a data error (exit 1), not a usage error. */
export class RunNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunNotFoundError';
  }
}

function showRunCommand(id: string, flags: ShowFlags): void {
  const file = flags.cache ?? defaultStorePath();
  if (!existsSync(file) && !hasPendingRuns(file)) throw new RunNotFoundError(`no run store at ${file} (pass --cache PATH)`);
  const store = openRunStore(file);
  try {
    const found = store.getRun(id) ?? unique(store.findRuns(id), id, file);
    const text = store.getResultText(found.id);
    if (flags.json) {
      if (text === undefined) throw new RunNotFoundError(`run ${found.id} printed no result (status ${found.status}${found.error ? `: ${found.error}` : ''})`);
      process.stdout.write(text + '\n');
      return;
    }
    process.stdout.write(formatRun(found) + '\n');
  } finally {
    store.close();
  }
}

function unique(found: RunRecord[], id: string, file: string): RunRecord {
  if (found.length === 1) return found[0];
  if (found.length === 0) throw new RunNotFoundError(`no run "${id}" in ${file} (trenchcoat runs lists them)`);
  throw new RunNotFoundError(`"${id}" names more than one run in ${file}; give more of the id`);
}

/** The readable form: the record's fields, then the result's numbers one per line (path = value). */
export function formatRun(r: RunRecord): string {
  const lines = [
    `run ${r.id}`,
    `  command   trenchcoat ${r.argv.join(' ')}`,
    `  status    ${r.status}${r.exitCode !== null ? ` (exit ${r.exitCode})` : ''}${r.error ? `: ${r.error}` : ''}`,
    `  started   ${r.startedAt.replace('T', ' ').slice(0, 19)} UTC, took ${duration(r)}`,
    `  version   ${r.version}${r.seed !== null ? `, seed ${r.seed}` : ''}`,
  ];
  const counts = formatCounts(r.counts);
  if (counts) lines.push(`  counts    ${counts}${r.failures ? `; failures ${r.failures}` : ''}`);
  const inputs = Object.entries(r.inputHashes);
  if (inputs.length) {
    lines.push('  inputs');
    for (const [p, h] of inputs) lines.push(`    ${p}  ${h}`);
  }
  if (r.signatures.length) {
    lines.push('  signatures');
    for (const s of r.signatures) lines.push(`    ${s}`);
  }
  if (r.result === undefined) lines.push('  result    (none printed)');
  else {
    const flat = flattenResult(r.result);
    lines.push('  result');
    for (const [k, v] of flat.slice(0, RESULT_LINES)) lines.push(`    ${k} = ${v}`);
    if (flat.length > RESULT_LINES) lines.push(`    … ${flat.length - RESULT_LINES} more (trenchcoat runs show ${r.id} --json)`);
  }
  return lines.join('\n');
}

const RESULT_LINES = 60;

function flattenResult(v: unknown, prefix = '', out: [string, string][] = []): [string, string][] {
  if (Array.isArray(v)) {
    if (v.length === 0) out.push([prefix, '[]']);
    v.forEach((x, i) => flattenResult(x, `${prefix}[${i}]`, out));
  } else if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v);
    if (entries.length === 0) out.push([prefix, '{}']);
    for (const [k, x] of entries) flattenResult(x, prefix ? `${prefix}.${k}` : k, out);
  } else out.push([prefix, typeof v === 'string' ? v : String(v)]);
  return out;
}

function parseLimit(s: string): number {
  if (!/^\d+$/.test(s)) throw new UsageError(`--limit must be a whole number, not "${s}"`);
  return Number(s);
}

function listRunsCommand(flags: RunsFlags): void {
  const limit = parseLimit(flags.limit);
  const file = flags.cache ?? defaultStorePath();
  // listing must not create a store
  const runs = existsSync(file) || hasPendingRuns(file) ? readRuns(file, limit) : [];
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
  const s = (r.durationMs ?? Date.parse(r.endedAt) - Date.parse(r.startedAt)) / 1000;
  return s < 60 ? `${s.toFixed(1)}s` : `${Math.floor(s / 60)}m${Math.floor(s % 60)}s`;
}

function formatCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}
