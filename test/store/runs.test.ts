// Run records: start, checkpoint, finish, list; a run whose process was killed is reported as interrupted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kill, spawnUntilFirstLine } from '../helpers/processes.js';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashFile, hashFiles, openRunStore, RunStore } from '../../src/store/runs.js';
import { openSqlite } from '../../src/store/sqlite-driver.js';
import { openScoreCache } from '../../src/store/sqlite-cache.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tc-runs-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const input = { command: 'score', argv: ['score', '--data', 'x.jsonl', '-s', 'rouge-l'], signatures: ['ROUGE-L|v:1', 'fake|v:2'], dataHash: 'ff00', version: '0.1.0' };

test('lifecycle: a started run is running under this pid; finishing records status, counts, failures and end time', async (t) => {
  const store = openRunStore(path.join(tempDir(t), 'cache.sqlite'));
  const id = store.startRun(input);
  const running = store.getRun(id)!;
  assert.equal(running.status, 'running');
  assert.equal(running.pid, process.pid);
  assert.equal(running.hostname, hostname());
  assert.equal(running.endedAt, null);
  assert.deepEqual(running.argv, input.argv);
  assert.deepEqual(running.signatures, input.signatures);
  assert.equal(running.dataHash, 'ff00');
  assert.deepEqual(running.counts, {});
  store.updateRun(id, { counts: { items: 10 }, failures: 0 });
  assert.deepEqual(store.getRun(id)!.counts, { items: 10 });
  store.finishRun(id, { status: 'ok', counts: { items: 20, hits: 5, misses: 15 }, failures: 2, signatures: ['ROUGE-L|nrefs:1|v:1', 'fake|v:2'] });
  const done = store.getRun(id)!;
  assert.deepEqual(done.signatures, ['ROUGE-L|nrefs:1|v:1', 'fake|v:2']);
  assert.equal(done.status, 'ok');
  assert.deepEqual(done.counts, { items: 20, hits: 5, misses: 15 });
  assert.equal(done.failures, 2);
  assert.ok(done.endedAt !== null && done.endedAt >= done.startedAt);
  assert.equal(done.error, undefined);

  const failed = store.startRun({ ...input, dataHash: null });
  store.finishRun(failed, { status: 'failed', counts: { items: 3 }, failures: 0, error: 'item 4 has no references' });
  assert.equal(store.getRun(failed)!.error, 'item 4 has no references');
  assert.equal(store.getRun(failed)!.dataHash, null);
  assert.deepEqual(store.getRun(failed)!.signatures, input.signatures, 'kept when finishRun names none');
  assert.throws(() => store.finishRun('no-such-run', { status: 'ok', counts: {}, failures: 0 }), /no run with id no-such-run/);
  store.close();
});

test('listRuns: most recent first, limited; the runs share the file with the score cache', (t) => {
  const file = path.join(tempDir(t), 'cache.sqlite');
  const cache = openScoreCache(file);
  cache.putMany('s|v', [['k', { value: 1 }]]);
  const store = openRunStore(file);
  const ids = [0, 1, 2, 3].map((i) => store.startRun({ ...input, command: `cmd-${i}` }));
  assert.deepEqual(store.listRuns().map((r) => r.id), [...ids].reverse());
  assert.deepEqual(store.listRuns({ limit: 2 }).map((r) => r.command), ['cmd-3', 'cmd-2']);
  assert.equal(store.listRuns({ limit: -1 }).length, 4);
  assert.equal(cache.stats().entries, 1);
  store.close();
  cache.close();
});

test('a running run whose process is gone is listed — and stored — as interrupted; other hosts are left alone', (t) => {
  const file = path.join(tempDir(t), 'cache.sqlite');
  const db = openSqlite(file);
  const dead = new Set<number>([4242, 4343]);
  const store = new RunStore(db, file, (pid) => !dead.has(pid));
  const mine = store.startRun(input);
  const gone = store.startRun(input);
  const elsewhere = store.startRun(input);
  const finished = store.startRun(input);
  store.finishRun(finished, { status: 'ok', counts: {}, failures: 0 });
  db.prepare('UPDATE runs SET pid = 4242 WHERE id IN (?, ?)').run(gone, finished);
  db.prepare("UPDATE runs SET pid = 4343, hostname = 'another-host' WHERE id = ?").run(elsewhere);
  const status = Object.fromEntries(store.listRuns().map((r) => [r.id, r.status]));
  assert.deepEqual(status, { [mine]: 'running', [gone]: 'interrupted', [elsewhere]: 'running', [finished]: 'ok' });
  // stored: a later process reusing pid 4242 does not revive it
  dead.clear();
  assert.equal(store.getRun(gone)!.status, 'interrupted');
  assert.equal(db.prepare('SELECT status FROM runs WHERE id = ?').pluck().get(gone), 'interrupted');
  store.close();
});

test('a run in a child process killed with SIGKILL is interrupted, with its last checkpoint', async (t) => {
  const file = path.join(tempDir(t), 'cache.sqlite');
  const { child, line: id } = await spawnUntilFirstLine(path.join(HERE, 'run-starter.ts'), [file]);
  const store = openRunStore(file);
  assert.equal(store.getRun(id)!.status, 'running', 'alive child');
  assert.equal(store.getRun(id)!.pid, child.pid);
  await kill(child, 'SIGKILL');
  const [rec] = store.listRuns();
  assert.equal(rec.id, id);
  assert.equal(rec.status, 'interrupted');
  assert.equal(rec.endedAt, null);
  assert.deepEqual(rec.counts, { items: 64 });
  assert.equal(rec.failures, 1);
  store.close();
});

test('hashFile is the sha256 of the bytes, streamed; hashFiles depends on order', async (t) => {
  const dir = tempDir(t);
  const big = Buffer.alloc(300_000);
  for (let i = 0; i < big.length; i++) big[i] = (i * 31 + (i >> 8)) & 0xff;
  const a = path.join(dir, 'a.bin');
  const b = path.join(dir, 'b.txt');
  writeFileSync(a, big);
  writeFileSync(b, 'Grüße\n');
  assert.equal(await hashFile(a), createHash('sha256').update(big).digest('hex'));
  assert.equal(await hashFile(b), createHash('sha256').update('Grüße\n', 'utf8').digest('hex'));
  assert.equal(await hashFiles([a]), await hashFile(a));
  assert.notEqual(await hashFiles([a, b]), await hashFiles([b, a]));
  const expected = createHash('sha256').update(`${await hashFile(a)}\n${await hashFile(b)}\n`).digest('hex');
  assert.equal(await hashFiles([a, b]), expected);
});

test('a version-1 store (before seed, input hashes, duration, exit code, result) is migrated in place; old runs stay readable', (t) => {
  const file = path.join(tempDir(t), 'v1.sqlite');
  const db = openSqlite(file);
  // the runs table exactly as schema version 1 created it
  db.exec(`CREATE TABLE runs (id TEXT PRIMARY KEY, command TEXT NOT NULL, argv TEXT NOT NULL, signatures TEXT NOT NULL, data_hash TEXT,
    version TEXT NOT NULL, started_at TEXT NOT NULL, ended_at TEXT, status TEXT NOT NULL, counts TEXT NOT NULL DEFAULT '{}',
    failures INTEGER NOT NULL DEFAULT 0, error TEXT, pid INTEGER NOT NULL, hostname TEXT NOT NULL)`);
  db.prepare(`INSERT INTO runs VALUES ('old-run', 'score', '["score"]', '["BLEU|v"]', NULL, '0.1.0', '2025-01-01T00:00:00.000Z',
    '2025-01-01T00:00:02.000Z', 'ok', '{"items":3}', 0, NULL, 1, 'elsewhere')`).run();
  db.pragma('user_version = 1');
  db.close();
  const store = openRunStore(file);
  const old = store.getRun('old-run')!;
  assert.equal(old.status, 'ok');
  assert.deepEqual(old.counts, { items: 3 });
  assert.equal(old.seed, null);
  assert.deepEqual(old.inputHashes, {});
  assert.equal(old.durationMs, null);
  assert.equal(old.exitCode, null);
  assert.equal(old.result, undefined);
  const id = store.startRun({ ...input, seed: 12345, inputHashes: { 'x.jsonl': 'ff00' } });
  store.finishRun(id, { status: 'failed', exitCode: 2, counts: {}, failures: 0, resultJson: '{\n  "a": 1\n}' });
  const rec = store.getRun(id)!;
  assert.equal(rec.seed, 12345);
  assert.deepEqual(rec.inputHashes, { 'x.jsonl': 'ff00' });
  assert.equal(rec.exitCode, 2);
  assert.ok(rec.durationMs !== null && rec.durationMs >= 0);
  assert.deepEqual(rec.result, { a: 1 });
  assert.equal(store.getResultText(id), '{\n  "a": 1\n}');
  assert.equal(store.db.pragma('user_version', { simple: true }), 2);
  assert.deepEqual(store.findRuns('old-').map((r) => r.id), ['old-run']);
  assert.deepEqual(store.findRuns('%'), [], 'LIKE wildcards in a prefix are literal');
  store.close();
});

test('hashFile streams a file above its whole-read size (16 MiB) to the same sha256', async (t) => {
  const dir = tempDir(t);
  const big = Buffer.alloc((16 << 20) + 4097);
  for (let i = 0; i < big.length; i += 4093) big[i] = (i >> 7) & 0xff;
  const file = path.join(dir, 'big.bin');
  writeFileSync(file, big);
  assert.equal(await hashFile(file), createHash('sha256').update(big).digest('hex'));
});
