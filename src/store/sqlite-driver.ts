// The one place that loads better-sqlite3. It ships no TypeScript types (and @types/better-sqlite3 is not a dependency),
// so this file declares the small surface the store uses. The native module is loaded lazily: importing the store costs
// nothing until a database is actually opened.
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export interface SqliteStatement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  /** Rows as arrays instead of objects: no per-row property allocation on the hot path. */
  raw(on?: boolean): SqliteStatement;
  /** Only the first column of each row. */
  pluck(on?: boolean): SqliteStatement;
}

type Tx<F> = F & { deferred: F; immediate: F; exclusive: F };

export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): SqliteDatabase;
  pragma(sql: string, opts?: { simple?: boolean }): unknown;
  transaction<F extends (...args: never[]) => unknown>(fn: F): Tx<F>;
  close(): void;
  readonly open: boolean;
  readonly inTransaction: boolean;
  readonly name: string;
}

type DatabaseCtor = new (file: string, opts?: { timeout?: number; readonly?: boolean; fileMustExist?: boolean }) => SqliteDatabase;

let ctor: DatabaseCtor | undefined;

function loadDriver(): DatabaseCtor {
  ctor ??= createRequire(import.meta.url)('better-sqlite3') as DatabaseCtor;
  return ctor;
}

/** How long a connection waits for another process's write lock before failing with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 30_000;

export interface OpenOptions {
  readonly?: boolean;
}

/**
 * Opens (creating if needed) a database file in WAL mode with a busy timeout. `:memory:` gives a private in-memory
 * database (tests, one-off library use).
 */
export function openSqlite(file: string, opts: OpenOptions = {}): SqliteDatabase {
  const Database = loadDriver();
  if (file !== ':memory:' && !opts.readonly) mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS, readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
  try {
    // busy_timeout first, so that every later statement (including the journal-mode switch) waits instead of failing
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    if (!opts.readonly) {
      // WAL: readers never block the writer and vice versa, and a killed process loses at most its open transaction.
      // Two processes opening a fresh file at once can race on the switch itself; it is retried like any busy lock.
      retryBusy(() => db.pragma('journal_mode = WAL'));
      // NORMAL is durable against a killed process (the WAL is fsynced at checkpoints); only an OS crash or power
      // loss can drop the last transactions, which for a cache means recomputing a few scores.
      db.pragma('synchronous = NORMAL');
    }
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Opens `file` and builds `make(db)` on it; the database is closed again when `make` throws (a schema error). */
export function openSqliteWith<T>(file: string, make: (db: SqliteDatabase) => T): T {
  const db = openSqlite(file);
  try {
    return make(db);
  } catch (err) {
    db.close();
    throw err;
  }
}

/** True for SQLite's "database is locked" family of errors. */
export function isBusyError(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/**
 * Retries `fn` while SQLite reports a lock held by another process. The busy handler covers ordinary statements;
 * this covers the few places SQLite fails fast instead of waiting (journal-mode changes, lock upgrades that would
 * deadlock). Synchronous, because better-sqlite3 is.
 */
export function retryBusy<T>(fn: () => T, timeoutMs = BUSY_TIMEOUT_MS): T {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return fn();
    } catch (err) {
      if (!isBusyError(err) || Date.now() > deadline) throw err;
      Atomics.wait(sleepCell, 0, 0, Math.min(100, 2 + attempt * 5));
    }
  }
}
