// Run records a command wrote as files, not yet in the SQLite store. Recording a command's run in SQLite costs the
// native driver's load, the schema check, an insert, an update and a checkpoint on close (~15–20 ms CPU, more than a
// whole short `score` run spends scoring); writing one small file costs well under a millisecond. So a command writes
// its run here, and whoever opens the store to read runs (`RunStore`) moves the files into the `runs` table first.
//
// The guarantees of the SQLite record are kept:
// - a run is on disk as 'running' (with pid and host) before the command does its work, so a killed run shows as
//   interrupted (RunStore's liveness check), and its checkpoints show how far it got;
// - every version of a record is written whole, to a temporary name renamed to a new name, so a reader never sees
//   half a record, and readers take the highest version;
// - each process writes only its own run's file, so concurrent commands never contend; readers move files in a
//   transaction and never turn a finished (or interrupted) row back into a running one, whatever order they read in;
// - a file is deleted only once its run is final in the table; until then every reader imports it again (idempotent).
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { retryBusy, type SqliteDatabase } from './sqlite-driver.js';

/** One row of the `runs` table, as its columns hold it (JSON columns as text). */
export interface RunRow {
  id: string;
  command: string;
  argv: string;
  signatures: string;
  data_hash: string | null;
  version: string;
  started_at: string;
  ended_at: string | null;
  status: 'running' | 'ok' | 'failed' | 'interrupted';
  counts: string;
  failures: number;
  error: string | null;
  pid: number;
  hostname: string;
  seed: number | null;
  input_hashes: string;
  duration_ms: number | null;
  exit_code: number | null;
  result: string | null;
}

const COLUMNS: readonly (keyof RunRow)[] = [
  'id', 'command', 'argv', 'signatures', 'data_hash', 'version', 'started_at', 'ended_at', 'status', 'counts', 'failures',
  'error', 'pid', 'hostname', 'seed', 'input_hashes', 'duration_ms', 'exit_code', 'result',
];

/** The folder of pending run files of a store file: beside it, named after it. */
export function pendingRunsDir(storePath: string): string {
  return `${storePath}.pending-runs`;
}

/** `<run id>.<version>.json`: every write of a run is a new version in a new file (see writePendingRun). */
const RUN_FILE = /^([0-9A-Za-z-]+)\.(\d+)\.json$/;

/**
 * Writes version `version` of a run's record as a new file, whole (a temporary file renamed to a name no file has),
 * and then deletes the previous version's file. Never renaming over an existing file matters: on ext4 (auto_da_alloc)
 * replacing a file by rename forces the new data to disk first, which on a busy machine stalls the command for
 * milliseconds at every checkpoint. Readers take the highest version of each run they find.
 */
export function writePendingRun(storePath: string, row: RunRow, version: number): void {
  const dir = pendingRunsDir(storePath);
  mkdirSync(dir, { recursive: true });
  const temp = path.join(dir, `.${row.id}.${version}.tmp`);
  writeFileSync(temp, JSON.stringify(row));
  renameSync(temp, path.join(dir, `${row.id}.${version}.json`));
  if (version > 0) rmSync(path.join(dir, `${row.id}.${version - 1}.json`), { force: true });
}

/** The first 16 bytes of every SQLite 3 database file. */
const SQLITE_HEADER = 'SQLite format 3\0';

/**
 * Throws, naming the path, when `storePath` exists but cannot be the store its runs belong in: a folder, or a file that
 * is not a SQLite database (`--cache notes.txt`). Run files written beside such a path could never be moved into a
 * table; the SQLite record failed there too, so the run is not recorded and the command says so.
 */
export function checkRunStorePath(storePath: string): void {
  let size: number;
  try {
    const st = statSync(storePath);
    if (!st.isFile()) throw new Error(`${storePath} is not a file, so it cannot hold run records`);
    size = st.size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // created by the first reader
    throw err;
  }
  if (size === 0) return; // SQLite makes a database of an empty file
  const head = Buffer.alloc(SQLITE_HEADER.length);
  const fd = openSync(storePath, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (head.toString('latin1') !== SQLITE_HEADER) throw new Error(`${storePath} is not a trenchcoat store (not a SQLite database), so it cannot hold run records`);
}

/** Whether the store has run files not yet moved into its table (a store file need not exist for that). */
export function hasPendingRuns(storePath: string): boolean {
  return pendingRunFiles(pendingRunsDir(storePath)).length > 0;
}

function pendingRunFiles(dir: string): string[] {
  try {
    return readdirSync(dir).filter((f) => RUN_FILE.test(f));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/**
 * Moves the store's pending run files into its `runs` table (the schema must exist). A row already final in the table
 * is never overwritten by a running one read earlier; files of runs final in the table are deleted afterwards.
 */
export function importPendingRuns(db: SqliteDatabase, storePath: string): void {
  const dir = pendingRunsDir(storePath);
  const files = pendingRunFiles(dir);
  if (files.length === 0) return;
  // the highest version of each run; every file seen is deleted once its run is final in the table
  const latest = new Map<string, { version: number; file: string }>();
  const seen = new Map<string, string[]>();
  for (const f of files) {
    const [, id, v] = RUN_FILE.exec(f)!;
    seen.set(id, [...(seen.get(id) ?? []), f]);
    if ((latest.get(id)?.version ?? -1) < Number(v)) latest.set(id, { version: Number(v), file: f });
  }
  const rows: RunRow[] = [];
  for (const [id, { file }] of latest) {
    let text: string;
    try {
      text = readFileSync(path.join(dir, file), 'utf8');
    } catch (err) {
      // replaced by a later version, or moved in and deleted by another reader, since the listing: the next read has it
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    let row: RunRow;
    try {
      row = JSON.parse(text) as RunRow;
    } catch (err) {
      throw new Error(`${path.join(dir, file)} is not a run record: ${(err as Error).message}`);
    }
    if (row.id !== id) throw new Error(`${path.join(dir, file)} holds run ${row.id}, not the run its name says`);
    rows.push(row);
  }
  const upsert = db.prepare(
    `INSERT INTO runs (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})
     ON CONFLICT (id) DO UPDATE SET ${COLUMNS.filter((c) => c !== 'id').map((c) => `${c} = excluded.${c}`).join(', ')}
     WHERE runs.status = 'running'`,
  );
  const statusOf = db.prepare(`SELECT status FROM runs WHERE id = ?`).pluck();
  const settled: string[] = [];
  retryBusy(() =>
    db.transaction(() => {
      settled.length = 0;
      for (const row of rows) {
        upsert.run(...COLUMNS.map((c) => row[c]));
        if (statusOf.get(row.id) !== 'running') settled.push(...seen.get(row.id)!);
      }
    }).immediate(),
  );
  for (const f of settled) rmSync(path.join(dir, f), { force: true });
}
