// Run records: what was run (command, scorer signatures, data hash, version), when, and how it ended. They live in the
// cache file, so `trenchcoat runs` lists the history of exactly the scores that file holds.
import { randomBytes } from 'node:crypto';
import { hostname as osHostname } from 'node:os';
import { defaultStorePath } from './paths.js';
import { ensureSchema } from './schema.js';
import { openSqliteWith, retryBusy, type SqliteDatabase, type SqliteStatement } from './sqlite-driver.js';
import type { RunRecord } from './types.js';

export { hashFile, hashFiles } from './file-hash.js';
import { importPendingRuns, type RunRow } from './pending-runs.js';

export interface StartRunInput {
  command: string;
  argv: readonly string[];
  signatures: readonly string[];
  dataHash: string | null;
  version: string;
  seed?: number | null;
  inputHashes?: Record<string, string>;
}

export interface RunProgress {
  counts: Record<string, number>;
  failures: number;
}

export interface FinishRunInput extends RunProgress {
  status: 'ok' | 'failed';
  error?: string;
  /** Replaces the signatures given at start: the data-dependent parts (nrefs) are known only once the data is read. */
  signatures?: readonly string[];
  exitCode?: number;
  /** The printed result as JSON text (see RunRecord.resultJson). */
  resultJson?: string;
}


export class RunStore {
  private readonly insertRun: SqliteStatement;
  private readonly updateProgress: SqliteStatement;
  private readonly finish: SqliteStatement;
  private readonly markInterrupted: SqliteStatement;
  private readonly selectOne: SqliteStatement;
  private readonly selectRecent: SqliteStatement;
  private readonly selectResult: SqliteStatement;
  private readonly selectPrefix: SqliteStatement;
  /** Monotonic start times of the runs this process started: durations immune to wall-clock steps. */
  private readonly started = new Map<string, number>();

  constructor(
    readonly db: SqliteDatabase,
    readonly path: string,
    /** Injected for tests; the live check is `process.kill(pid, 0)`. */
    private readonly isAlive: (pid: number) => boolean = processIsAlive,
  ) {
    ensureSchema(db);
    this.importPending();
    this.insertRun = db.prepare(
      `INSERT INTO runs (id, command, argv, signatures, data_hash, version, started_at, status, pid, hostname, seed, input_hashes)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?)`,
    );
    this.updateProgress = db.prepare(`UPDATE runs SET counts = ?, failures = ? WHERE id = ?`);
    this.finish = db.prepare(
      `UPDATE runs SET status = ?, ended_at = ?, counts = ?, failures = ?, error = ?, signatures = coalesce(?, signatures),
         exit_code = ?, result = coalesce(?, result), duration_ms = ? WHERE id = ?`,
    );
    this.markInterrupted = db.prepare(`UPDATE runs SET status = 'interrupted' WHERE id = ? AND status = 'running'`);
    this.selectOne = db.prepare(`SELECT * FROM runs WHERE id = ?`);
    this.selectRecent = db.prepare(`SELECT * FROM runs ORDER BY started_at DESC, rowid DESC LIMIT ?`);
    this.selectResult = db.prepare(`SELECT result FROM runs WHERE id = ?`);
    this.selectPrefix = db.prepare(`SELECT * FROM runs WHERE id LIKE ? ESCAPE '\\' ORDER BY started_at DESC, rowid DESC LIMIT ?`);
  }

  /** Records a run as 'running' under this process's pid; returns its id (time-ordered, e.g. `20250301T101500123Z-9f2c4a`). */
  startRun(input: StartRunInput): string {
    const now = new Date();
    const id = `${now.toISOString().replace(/[-:.]/g, '')}-${randomBytes(3).toString('hex')}`;
    retryBusy(() =>
      this.insertRun.run(
        id,
        input.command,
        JSON.stringify(input.argv),
        JSON.stringify(input.signatures),
        input.dataHash,
        input.version,
        now.toISOString(),
        process.pid,
        osHostname(),
        input.seed ?? null,
        JSON.stringify(input.inputHashes ?? {}),
      ),
    );
    this.started.set(id, performance.now());
    return id;
  }

  /** Checkpoints the counts of a running run, so an interrupted run still shows how far it got. */
  updateRun(id: string, progress: RunProgress): void {
    retryBusy(() => this.updateProgress.run(JSON.stringify(progress.counts), progress.failures, id));
  }

  finishRun(id: string, result: FinishRunInput): void {
    const endedAt = new Date();
    const t0 = this.started.get(id);
    let durationMs: number | null = t0 === undefined ? null : performance.now() - t0;
    if (durationMs === null) {
      const row = this.selectOne.get(id) as RunRow | undefined;
      if (row) durationMs = endedAt.getTime() - Date.parse(row.started_at);
    }
    const changed = retryBusy(
      () =>
        this.finish.run(
          result.status,
          endedAt.toISOString(),
          JSON.stringify(result.counts),
          result.failures,
          result.error ?? null,
          result.signatures ? JSON.stringify(result.signatures) : null,
          result.exitCode ?? (result.status === 'ok' ? 0 : 1),
          result.resultJson ?? null,
          durationMs,
          id,
        ).changes,
    );
    if (changed === 0) throw new Error(`no run with id ${id} in ${this.path}`);
  }

  /** Runs that CLI commands recorded as files (pending-runs.ts) join the table before anything reads it. */
  private importPending(): void {
    if (this.path !== ':memory:') importPendingRuns(this.db, this.path);
  }

  /** The result exactly as the command printed it with --json (without the final newline). */
  getResultText(id: string): string | undefined {
    this.importPending();
    const row = this.selectResult.get(id) as { result: string | null } | undefined;
    return row?.result ?? undefined;
  }

  /** Runs whose id starts with `prefix` (at most `limit`), most recent first: `runs show` accepts a unique prefix. */
  findRuns(prefix: string, limit = 2): RunRecord[] {
    this.importPending();
    const rows = this.selectPrefix.all(`${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, limit) as RunRow[];
    return rows.map((r) => this.resolveInterrupted(rowToRecord(r)));
  }

  getRun(id: string): RunRecord | undefined {
    this.importPending();
    const row = this.selectOne.get(id) as RunRow | undefined;
    return row && this.resolveInterrupted(rowToRecord(row));
  }

  /** Most recent first. A 'running' run whose process (on this host) is gone is reported — and stored — as 'interrupted'. */
  listRuns(opts: { limit?: number } = {}): RunRecord[] {
    this.importPending();
    const limit = opts.limit ?? 20;
    const rows = this.selectRecent.all(limit < 0 ? -1 : limit) as RunRow[];
    return rows.map((r) => this.resolveInterrupted(rowToRecord(r)));
  }

  /**
   * Only runs started on this host can be checked; a run from another host sharing the file stays 'running'.
   * Once found dead a run is stored as interrupted, so a later process reusing the pid cannot revive it.
   */
  private resolveInterrupted(rec: RunRecord): RunRecord {
    if (rec.status !== 'running' || rec.hostname !== osHostname() || rec.pid === undefined) return rec;
    if (rec.pid === process.pid || this.isAlive(rec.pid)) return rec;
    retryBusy(() => this.markInterrupted.run(rec.id));
    return { ...rec, status: 'interrupted' };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function rowToRecord(r: RunRow): RunRecord {
  const rec: RunRecord = {
    id: r.id,
    command: r.command,
    argv: JSON.parse(r.argv) as string[],
    signatures: JSON.parse(r.signatures) as string[],
    dataHash: r.data_hash,
    version: r.version,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    status: r.status,
    counts: JSON.parse(r.counts) as Record<string, number>,
    failures: r.failures,
    pid: r.pid,
    hostname: r.hostname,
    seed: r.seed,
    inputHashes: JSON.parse(r.input_hashes) as Record<string, string>,
    durationMs: r.duration_ms,
    exitCode: r.exit_code,
  };
  if (r.error !== null) rec.error = r.error;
  if (r.result !== null) rec.result = JSON.parse(r.result);
  return rec;
}

/** `kill(pid, 0)` delivers nothing; it fails with ESRCH when no such process exists (EPERM: exists, not ours). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Opens the run records in the store file (default: `defaultStorePath()`), creating it if needed. */
export function openRunStore(path: string = defaultStorePath()): RunStore {
  return openSqliteWith(path, (db) => new RunStore(db, path));
}
