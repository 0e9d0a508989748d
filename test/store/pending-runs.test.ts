// Run records written as files by CLI commands (store/pending-runs.ts via command-run.ts) and moved into the store's
// `runs` table by whoever reads runs: the same records, no SQLite in the writing process, a killed run interrupted,
// concurrent writers and readers safe, a finished run never turned back into a running one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { kill, spawnUntilFirstLine } from '../helpers/processes.js';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openRunStore } from '../../src/store/runs.js';
import { checkRunStorePath, hasPendingRuns, importPendingRuns, pendingRunsDir, writePendingRun, type RunRow } from '../../src/store/pending-runs.js';
import { openSqlite } from '../../src/store/sqlite-driver.js';
import { ensureSchema } from '../../src/store/schema.js';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'command-run-child.ts');

function tempStore(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tc-pending-runs-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'cache.sqlite');
}

function runChild(args: string[]): string[] {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CHILD, ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n');
}

test('a command run is a file, no SQLite store; the first reader moves it into the table, whole, and deletes it', (t) => {
  const file = tempStore(t);
  const [id] = runChild(['runs', file, '1']);
  assert.equal(existsSync(file), false, 'the writer opened no store');
  assert.ok(hasPendingRuns(file));
  assert.deepEqual(readdirSync(pendingRunsDir(file)), [`${id}.2.json`], 'versions 0 (start), 1 (checkpoint), 2 (finish): the last one is left');
  const store = openRunStore(file);
  const rec = store.getRun(id)!;
  assert.equal(rec.status, 'ok');
  assert.equal(rec.exitCode, 0);
  assert.equal(rec.command, 'score');
  assert.deepEqual(rec.argv, ['score', '-s', 'bleu']);
  assert.deepEqual(rec.counts, { items: 0 });
  assert.deepEqual(rec.signatures, ['BLEU|v:test']);
  assert.deepEqual(rec.result, { i: 0, id });
  assert.equal(store.getResultText(id), JSON.stringify({ i: 0, id }));
  assert.equal(rec.hostname, hostname());
  assert.ok(typeof rec.durationMs === 'number' && rec.durationMs >= 0);
  assert.match(rec.id, /^\d{8}T\d{9}Z-[0-9a-f]{6}$/);
  assert.equal(hasPendingRuns(file), false, 'moved in and deleted');
  store.close();
});

test('a run whose process was killed (SIGKILL) is interrupted, with its last checkpoint; its file is then deleted', async (t) => {
  const file = tempStore(t);
  const { child, line: id } = await spawnUntilFirstLine(CHILD, ['hang', file]);
  const store = openRunStore(file);
  assert.equal(store.getRun(id)!.status, 'running', 'alive child');
  assert.equal(hasPendingRuns(file), true, 'a running run keeps its file');
  await kill(child, 'SIGKILL');
  const [rec] = store.listRuns();
  assert.equal(rec.id, id);
  assert.equal(rec.status, 'interrupted');
  assert.equal(rec.endedAt, null);
  assert.deepEqual(rec.counts, { items: 64 });
  assert.equal(rec.failures, 1);
  store.close();
  // the next reader sees the run settled in the table and deletes its file; the record stays interrupted
  const again = openRunStore(file);
  assert.equal(again.getRun(id)!.status, 'interrupted');
  assert.equal(hasPendingRuns(file), false);
  again.close();
});

test('a running version read before a finished one never overwrites it', (t) => {
  const file = tempStore(t);
  const row: RunRow = {
    id: '20260101T000000000Z-abcdef', command: 'score', argv: '[]', signatures: '[]', data_hash: null, version: '0.1.0',
    started_at: '2026-01-01T00:00:00.000Z', ended_at: null, status: 'running', counts: '{}', failures: 0, error: null,
    pid: process.pid, hostname: hostname(), seed: null, input_hashes: '{}', duration_ms: null, exit_code: null, result: null,
  };
  const db = openSqlite(file);
  ensureSchema(db);
  writePendingRun(file, { ...row, status: 'ok', ended_at: '2026-01-01T00:00:01.000Z', counts: '{"items":3}', exit_code: 0, duration_ms: 1000 }, 5);
  importPendingRuns(db, file);
  assert.equal(hasPendingRuns(file), false);
  // a reader that read the earlier 'running' version imports it late
  writePendingRun(file, { ...row, counts: '{"items":1}' }, 3);
  importPendingRuns(db, file);
  const stored = db.prepare('SELECT status, counts, exit_code FROM runs WHERE id = ?').get(row.id);
  assert.deepEqual({ ...(stored as object) }, { status: 'ok', counts: '{"items":3}', exit_code: 0 });
  assert.equal(hasPendingRuns(file), false, 'the stale file is deleted: its run is final in the table');
  // a running one is updated by a later checkpoint, and keeps its file
  const other = { ...row, id: '20260101T000000000Z-123456' };
  writePendingRun(file, other, 0);
  importPendingRuns(db, file);
  writePendingRun(file, { ...other, counts: '{"items":9}' }, 1);
  assert.deepEqual(readdirSync(pendingRunsDir(file)), [`${other.id}.1.json`], 'a new version replaces the previous file');
  importPendingRuns(db, file);
  assert.equal(db.prepare('SELECT counts FROM runs WHERE id = ?').pluck().get(other.id), '{"items":9}');
  assert.equal(hasPendingRuns(file), true);
  db.close();
});

test('of several versions of a run, the highest is imported; all are deleted once the run is final', (t) => {
  const file = tempStore(t);
  const base: RunRow = {
    id: '20260101T000000000Z-0a0b0c', command: 'score', argv: '[]', signatures: '[]', data_hash: null, version: '0.1.0',
    started_at: '2026-01-01T00:00:00.000Z', ended_at: null, status: 'running', counts: '{}', failures: 0, error: null,
    pid: process.pid, hostname: hostname(), seed: null, input_hashes: '{}', duration_ms: null, exit_code: null, result: null,
  };
  // a writer killed between writing version 11 and deleting version 10 leaves both (10 < 11 numerically, not as text)
  writePendingRun(file, { ...base, counts: '{"items":10}' }, 10);
  const dir = pendingRunsDir(file);
  renameSync(path.join(dir, `${base.id}.10.json`), path.join(dir, `${base.id}.9.json`));
  writePendingRun(file, { ...base, status: 'failed', exit_code: 1, counts: '{"items":11}' }, 11);
  writePendingRun(file, { ...base, counts: '{"items":9}' }, 9);
  assert.equal(readdirSync(dir).length, 2);
  const store = openRunStore(file);
  assert.deepEqual(store.getRun(base.id)!.counts, { items: 11 });
  assert.equal(store.getRun(base.id)!.status, 'failed');
  assert.equal(hasPendingRuns(file), false);
  store.close();
});

test('concurrent writers and readers: every run of every process ends in the table, finished, and no file is left', async (t) => {
  const file = tempStore(t);
  const writers = [0, 1, 2].map(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', CHILD, 'runs', file, '15'], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout!.on('data', (d) => (out += d));
        child.stderr!.on('data', (d) => (err += d));
        child.on('close', (code) => (code === 0 ? resolve(out.trim().split('\n')) : reject(new Error(`writer exited ${code}: ${err}`))));
      }),
  );
  let done = false;
  const all = Promise.all(writers).finally(() => (done = true));
  // a reader in this process, importing while the writers write
  let reads = 0;
  while (!done) {
    const store = openRunStore(file);
    store.listRuns({ limit: -1 });
    store.close();
    reads++;
    await new Promise((r) => setTimeout(r, 5));
  }
  const ids = (await all).flat();
  assert.equal(ids.length, 45);
  assert.ok(reads > 1, `${reads} reads`);
  const store = openRunStore(file);
  const runs = store.listRuns({ limit: -1 });
  assert.deepEqual(runs.map((r) => r.id).sort(), [...ids].sort());
  assert.ok(runs.every((r) => r.status === 'ok' && r.exitCode === 0 && r.signatures[0] === 'BLEU|v:test'), 'every run finished');
  assert.equal(hasPendingRuns(file), false);
  store.close();
});

test('a store path that is a folder or not a SQLite database holds no run files: the run is not recorded, the path named', (t) => {
  const file = tempStore(t);
  const dir = path.dirname(file);
  checkRunStorePath(file); // missing: the first reader creates it
  writeFileSync(file, '');
  checkRunStorePath(file); // empty: SQLite makes a database of it
  const store = openRunStore(file);
  store.close();
  checkRunStorePath(file); // a real store
  const folder = path.join(dir, 'a-folder');
  mkdirSync(folder);
  assert.throws(() => checkRunStorePath(folder), { message: `${folder} is not a file, so it cannot hold run records` });
  const notes = path.join(dir, 'notes.txt');
  writeFileSync(notes, 'SQLite format 2 and some notes');
  assert.throws(() => checkRunStorePath(notes), { message: `${notes} is not a trenchcoat store (not a SQLite database), so it cannot hold run records` });
  // through the CLI: a warning naming the folder, the command's own cache error, and no run folder beside it
  const main = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../src/cli/main.ts');
  const hyp = path.join(dir, 'h.txt');
  writeFileSync(hyp, 'a b\n');
  const r = spawnSync(process.execPath, ['--import', 'tsx', main, 'score', '--hyp', hyp, '--ref', hyp, '-s', 'chrf', '--cache', folder], { encoding: 'utf8', env: { ...process.env, TRENCHCOAT_HOME: dir } });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, new RegExp(`^warning: this run is not recorded: ${folder.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not a file`, 'm'));
  assert.equal(existsSync(pendingRunsDir(folder)), false);
});
