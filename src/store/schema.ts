// The store's tables: scores and run records live in one SQLite file, so one path names everything a project computed.
import { retryBusy, type SqliteDatabase } from './sqlite-driver.js';

/** Bumped when a table changes shape; a file written by a newer trenchcoat is refused rather than misread. */
export const SCHEMA_VERSION = 2;

const TABLES = `
  -- Signatures are interned: a score row carries a small integer instead of an ~80-byte signature string.
  -- Rows are never deleted (clearing the cache deletes scores only), so an id cached in a live process never
  -- comes to mean a different signature.
  CREATE TABLE IF NOT EXISTS signatures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    signature TEXT NOT NULL UNIQUE
  );
  -- (sig, key) is the whole identity of a score; WITHOUT ROWID clusters rows by it, so a lookup is one b-tree descent.
  CREATE TABLE IF NOT EXISTS scores (
    sig INTEGER NOT NULL REFERENCES signatures(id),
    key TEXT NOT NULL,
    value REAL,
    prob REAL,
    details TEXT,
    PRIMARY KEY (sig, key)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS runs (
    id TEXT PRIMARY KEY,
    command TEXT NOT NULL,
    argv TEXT NOT NULL,
    signatures TEXT NOT NULL,
    data_hash TEXT,
    version TEXT NOT NULL,
    started_at TEXT NOT NULL,
    ended_at TEXT,
    status TEXT NOT NULL,
    counts TEXT NOT NULL DEFAULT '{}',
    failures INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    pid INTEGER NOT NULL,
    hostname TEXT NOT NULL,
    seed INTEGER,
    input_hashes TEXT NOT NULL DEFAULT '{}',
    duration_ms REAL,
    exit_code INTEGER,
    result TEXT
  );
  CREATE INDEX IF NOT EXISTS runs_by_start ON runs (started_at);
`;

export class StoreVersionError extends Error {
  constructor(
    readonly path: string,
    readonly found: number,
  ) {
    super(`${path} has store schema version ${found}; this trenchcoat understands up to ${SCHEMA_VERSION} (upgrade trenchcoat or use another --cache)`);
    this.name = 'StoreVersionError';
  }
}

/** Creates the tables if missing. Runs in an IMMEDIATE transaction so two processes opening a new file do it once. */
export function ensureSchema(db: SqliteDatabase): void {
  const version = () => db.pragma('user_version', { simple: true }) as number;
  const current = version();
  if (current === SCHEMA_VERSION) return;
  if (current > SCHEMA_VERSION) throw new StoreVersionError(db.name, current);
  retryBusy(() =>
    db.transaction(() => {
      const v = version(); // re-read under the write lock: another process may have just created the tables
      if (v > SCHEMA_VERSION) throw new StoreVersionError(db.name, v);
      if (v === SCHEMA_VERSION) return;
      db.exec(TABLES);
      addMissingRunColumns(db);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    }).immediate(),
  );
}

/**
 * Version 2 added to `runs` what a run record shows again later: the seed, per-file input hashes, duration, exit code
 * and the printed result. A version-1 file keeps its rows; the new columns are added, empty for old runs.
 */
const RUN_COLUMNS_V2: [name: string, decl: string][] = [
  ['seed', 'INTEGER'],
  ['input_hashes', "TEXT NOT NULL DEFAULT '{}'"],
  ['duration_ms', 'REAL'],
  ['exit_code', 'INTEGER'],
  ['result', 'TEXT'],
];

function addMissingRunColumns(db: SqliteDatabase): void {
  const have = new Set((db.pragma('table_info(runs)') as { name: string }[]).map((c) => c.name));
  for (const [name, decl] of RUN_COLUMNS_V2) if (!have.has(name)) db.exec(`ALTER TABLE runs ADD COLUMN ${name} ${decl}`);
}
