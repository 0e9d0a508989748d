// The run record of the command this process is running: started before the command's action and finished after it,
// whatever the command, so every run leaves a record (command, argv, seed, input hashes, signatures, duration, exit
// code and the result it printed). Scoring sessions attach their counts and signatures to it instead of starting a
// run of their own, so one command is one record.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { VERSION } from '../version.js';
import type { RunRow, writePendingRun } from './pending-runs.js';

export interface CommandRunStart {
  /** Store file (the score cache file): runs live beside the scores they produced. */
  storePath: string;
  /** The command path, e.g. `score`, `prefs bt`, `probe length`. */
  command: string;
  argv: readonly string[];
  seed: number | null;
  /** Input paths in a meaningful order (data, hypothesis, references, …); `-` (standard input) is left out. */
  inputs: readonly string[];
}

interface ActiveRun {
  storePath: string;
  /** pending-runs.ts's writer, imported when the run starts (the CLI's error path imports this module). */
  write: typeof writePendingRun;
  /** The record as the store's `runs` table will hold it, rewritten whole at every change (pending-runs.ts). */
  row: RunRow;
  /** The version of `row` last written. */
  version: number;
  /** Monotonic start time: a duration immune to wall-clock steps. */
  startedMs: number;
  signatures: string[];
  counts: Record<string, number>;
  failures: number;
  resultJson?: string;
  error?: string;
}

let active: ActiveRun | undefined;
let disabled = false;

/**
 * Starts the command's run record; returns its id. The record is a file beside the store (pending-runs.ts), moved into
 * the store's table by the next reader: a command that uses no score cache never loads SQLite.
 */
export async function startCommandRun(start: CommandRunStart): Promise<string> {
  const inputHashes: Record<string, string> = {};
  // a missing input is the command's own error to report (with its name): the run is recorded without its hash
  for (const p of start.inputs) if (existsSync(p)) inputHashes[p] ??= await hashInput(p);
  const hashes = Object.values(inputHashes);
  const { randomBytes } = await import('node:crypto');
  const { hostname } = await import('node:os');
  const { checkRunStorePath, writePendingRun } = await import('./pending-runs.js');
  checkRunStorePath(start.storePath);
  const startedMs = performance.now();
  const now = new Date();
  const row: RunRow = {
    // the id format of RunStore.startRun: time-ordered, e.g. `20250301T101500123Z-9f2c4a`
    id: `${now.toISOString().replace(/[-:.]/g, '')}-${randomBytes(3).toString('hex')}`,
    command: start.command,
    argv: JSON.stringify(start.argv),
    signatures: '[]',
    data_hash: hashes.length === 0 ? null : hashes.length === 1 ? hashes[0] : await combinedHash(hashes),
    version: VERSION,
    started_at: now.toISOString(),
    ended_at: null,
    status: 'running',
    counts: '{}',
    failures: 0,
    error: null,
    pid: process.pid,
    hostname: hostname(),
    seed: start.seed,
    input_hashes: JSON.stringify(inputHashes),
    duration_ms: null,
    exit_code: null,
    result: null,
  };
  writePendingRun(start.storePath, row, 0);
  active = { storePath: start.storePath, write: writePendingRun, row, version: 0, startedMs, signatures: [], counts: {}, failures: 0 };
  return row.id;
}

/** `--no-record`: no run is recorded, and scoring sessions must not record one of their own either. */
export function disableCommandRun(): void {
  disabled = true;
}

export function commandRunDisabled(): boolean {
  return disabled;
}

/** The id of the command's run, if one is being recorded. */
export function commandRunId(): string | undefined {
  return active?.row.id;
}

/** The result the command printed, as its exact `--json` text. The last one noted wins. */
export function noteCommandResult(json: string): void {
  if (active) active.resultJson = json;
}

export function noteCommandError(err: unknown): void {
  if (active) active.error = err instanceof Error ? err.message : String(err);
}

/** Counts, failures and the (data-complete) signatures from a scoring session. */
export function noteCommandCounts(counts: Record<string, number>, failures: number, signatures?: readonly string[]): void {
  if (!active) return;
  Object.assign(active.counts, counts);
  active.failures += failures;
  if (signatures) for (const s of signatures) if (!active.signatures.includes(s)) active.signatures.push(s);
}

/** Checkpoints counts while the command runs, so an interrupted run shows how far it got. */
export function checkpointCommandRun(counts: Record<string, number>, failures = 0): void {
  if (!active) return;
  active.row = { ...active.row, counts: JSON.stringify({ ...active.counts, ...counts }), failures: active.failures + failures };
  active.write(active.storePath, active.row, ++active.version);
}

/** Finishes the run with the command's exit code. */
export function finishCommandRun(exitCode: number): void {
  const run = active;
  active = undefined;
  if (!run) return;
  // commands without a scoring session still print their scorers' signatures in the result
  if (run.resultJson !== undefined) for (const s of signaturesIn(JSON.parse(run.resultJson))) if (!run.signatures.includes(s)) run.signatures.push(s);
  run.write(run.storePath, {
    ...run.row,
    status: exitCode === 0 ? 'ok' : 'failed',
    ended_at: new Date().toISOString(),
    counts: JSON.stringify(run.counts),
    failures: run.failures,
    error: run.error ?? null,
    signatures: JSON.stringify(run.signatures),
    exit_code: exitCode,
    result: run.resultJson ?? run.row.result,
    duration_ms: performance.now() - run.startedMs,
  }, run.version + 1);
}

function signaturesIn(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) for (const x of v) signaturesIn(x, out);
  else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === 'signature' && typeof x === 'string' && !out.includes(x)) out.push(x);
      else signaturesIn(x, out);
    }
  }
  return out;
}

// node:crypto is imported where a hash is made: it is outside Node's start-up snapshot, and the CLI's error path (and
// so `CMD --help`) imports this module
async function combinedHash(hashes: readonly string[]): Promise<string> {
  return (await import('./file-hash.js')).combineHashes(hashes);
}

/**
 * sha256 of a file's bytes. A folder (an mt-metrics-eval layout, RewardBench files) gets `listing:` + sha256 over its
 * files' relative paths and sizes — not their contents, which can be gigabytes; the prefix says so.
 */
async function hashInput(p: string): Promise<string> {
  const st = statSync(p);
  if (!st.isDirectory()) return (await import('./file-hash.js')).hashFile(p);
  const { createHash } = await import('node:crypto');
  const h = createHash('sha256');
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      const s = statSync(full);
      if (s.isDirectory()) walk(full);
      else h.update(`${path.relative(p, full)}\t${s.size}\n`);
    }
  };
  walk(p);
  return `listing:${h.digest('hex')}`;
}
