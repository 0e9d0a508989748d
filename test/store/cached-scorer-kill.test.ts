// A scoring process killed with SIGKILL mid-run keeps its finished chunks; the rerun computes only the rest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openScoreCache } from '../../src/store/sqlite-cache.js';
import { withCache } from '../../src/store/cached-scorer.js';
import { CountingScorer, items } from './fake-scorer.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

test('SIGKILL during the third chunk: the rerun computes only the 5 items of chunks not yet stored', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tc-kill-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'cache.sqlite');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, 'killed-scorer.ts'), file, '25'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const closed = new Promise<NodeJS.Signals | null>((r) => child.on('close', (_code, signal) => r(signal)));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => String(d).includes('hung') && resolve());
    closed.then(() => reject(new Error(`child ended before hanging: ${err}`)));
  });
  child.kill('SIGKILL');
  assert.equal(await closed, 'SIGKILL');

  const cache = openScoreCache(file);
  assert.equal(cache.stats().entries, 20);
  const rerun = new CountingScorer();
  const outs = Array.from({ length: 25 }, (_, i) => `output ${i}`);
  const scores = await withCache(rerun, cache, { chunkSize: 10 }).score(items(outs));
  assert.deepEqual(rerun.calls, [outs.slice(20)]);
  assert.deepEqual(scores, items(outs).map(CountingScorer.valueOf));
  cache.close();
});
