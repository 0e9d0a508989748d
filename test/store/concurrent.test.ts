// Two processes writing overlapping keys into one cache file at the same time (including creating the file).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openScoreCache } from '../../src/store/sqlite-cache.js';
import { itemContentKey } from '../../src/store/item-key.js';
import { CountingScorer } from './fake-scorer.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const WRITER = path.join(HERE, 'concurrent-writer.ts');

interface Child {
  proc: ChildProcess;
  ready: Promise<void>;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function startWriter(file: string, from: number, to: number): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', WRITER, file, String(from), String(to)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let signalReady!: () => void;
  const ready = new Promise<void>((r) => (signalReady = r));
  proc.stdout!.on('data', (d) => {
    stdout += d;
    if (stdout.includes('ready\n')) signalReady();
  });
  proc.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => proc.on('close', (code) => resolve({ code, stdout, stderr })));
  return { proc, ready, done };
}

test('two processes writing the same keys at once: no errors, no duplicates, every entry present once', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tc-concurrent-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'shared', 'cache.sqlite'); // does not exist yet: both create it
  const a = startWriter(file, 0, 600);
  const b = startWriter(file, 200, 800); // 400 keys in common
  await Promise.all([a.ready, b.ready]);
  a.proc.stdin!.end('go\n');
  b.proc.stdin!.end('go\n');
  const [ra, rb] = await Promise.all([a.done, b.done]);
  assert.equal(ra.code, 0, ra.stderr);
  assert.equal(rb.code, 0, rb.stderr);
  assert.equal(ra.stderr, '');
  assert.equal(rb.stderr, '');
  const ca = JSON.parse(ra.stdout.split('\n')[1]);
  const cb = JSON.parse(rb.stdout.split('\n')[1]);

  const cache = openScoreCache(file);
  const stats = cache.stats();
  assert.equal(stats.entries, 1600, '800 distinct keys under each of two signatures');
  assert.equal(stats.signatures, 2);
  // every row was inserted by exactly one of the two processes
  assert.equal(ca.writes + cb.writes, 1600);
  // each process computed its own range; overlapping items computed by both at most (never by neither)
  assert.ok(ca.computed + cb.computed >= 800 && ca.computed + cb.computed <= 1200);
  const dupes = cache.db.prepare('SELECT count(*) FROM (SELECT sig, key FROM scores GROUP BY sig, key HAVING count(*) > 1)').pluck().get();
  assert.equal(dupes, 0);

  const sig = new CountingScorer().signature();
  const wrappedItems = Array.from({ length: 800 }, (_, i) => ({ id: String(i), output: `out-${i}` }));
  const got = cache.getMany(sig, wrappedItems.map((it) => itemContentKey(it)));
  assert.equal(got.size, 800);
  for (const it of wrappedItems) assert.deepEqual(got.get(itemContentKey(it)), CountingScorer.valueOf(it));
  const raw = cache.getMany('raw|version:test', Array.from({ length: 800 }, (_, i) => `raw-${i}`));
  assert.equal(raw.size, 800);
  for (let i = 0; i < 800; i++) assert.equal(raw.get(`raw-${i}`)?.value, i * 0.5 - 7);
  cache.close();
});
