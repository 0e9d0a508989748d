// `trenchcoat runs` and `trenchcoat cache stats|clear`, through commander in this process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { registerRunsCommand } from '../../src/cli/runs.js';
import { registerCacheCommand, resolveCachePath, addCacheOptions } from '../../src/cli/cache.js';
import { openScoreCache } from '../../src/store/sqlite-cache.js';
import { openRunStore } from '../../src/store/runs.js';

async function run(args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const program = new Command().exitOverride();
  registerRunsCommand(program);
  registerCacheCommand(program);
  let stdout = '';
  let stderr = '';
  const ow = process.stdout.write;
  const ew = process.stderr.write;
  const before = process.exitCode;
  process.exitCode = 0;
  process.stdout.write = ((s: string) => ((stdout += s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => ((stderr += s), true)) as typeof process.stderr.write;
  try {
    await program.parseAsync(args, { from: 'user' });
  } finally {
    process.stdout.write = ow;
    process.stderr.write = ew;
  }
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = before;
  return { stdout, stderr, exitCode };
}

function tempFile(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tc-cli-store-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'cache.sqlite');
}

test('cache stats on a missing file reports nothing and creates nothing', async (t) => {
  const file = tempFile(t);
  const r = await run(['cache', 'stats', '--cache', file, '--json']);
  assert.deepEqual(JSON.parse(r.stdout), { path: file, exists: false, entries: 0, signatures: [], bytes: 0 });
  assert.equal(existsSync(file), false);
  const runs = await run(['runs', '--cache', file, '--json']);
  assert.deepEqual(JSON.parse(runs.stdout), []);
  assert.equal(existsSync(file), false);
});

test('cache stats counts entries per signature; clear deletes one signature or all, keeping runs', async (t) => {
  const file = tempFile(t);
  const cache = openScoreCache(file);
  cache.putMany('A|v', [['k1', { value: 1 }], ['k2', { value: 2 }], ['k3', { value: null }]]);
  cache.putMany('B|v', [['k1', { value: 1 }]]);
  cache.close();
  const runs = openRunStore(file);
  runs.startRun({ command: 'score', argv: [], signatures: ['A|v'], dataHash: null, version: '0.1.0' });
  runs.close();

  const stats = JSON.parse((await run(['cache', 'stats', '--cache', file, '--json'])).stdout);
  assert.equal(stats.entries, 4);
  assert.deepEqual(stats.signatures, [
    { signature: 'A|v', entries: 3 },
    { signature: 'B|v', entries: 1 },
  ]);
  assert.ok(stats.bytes > 0);
  const human = await run(['cache', 'stats', '--cache', file]);
  assert.match(human.stdout, /entries: 4 in 2 signature\(s\)/);
  assert.match(human.stdout, /\n\s*3 {2}A\|v\n/);

  assert.deepEqual(JSON.parse((await run(['cache', 'clear', '--cache', file, '--signature', 'B|v', '--json'])).stdout), { path: file, deleted: 1, compacted: true });
  const cleared = await run(['cache', 'clear', '--cache', file]);
  assert.match(cleared.stdout, /^deleted 3 cached score\(s\)/);
  assert.equal(JSON.parse((await run(['cache', 'stats', '--cache', file, '--json'])).stdout).entries, 0);
  assert.equal(JSON.parse((await run(['runs', '--cache', file, '--json'])).stdout).length, 1);
});

test('runs lists records most recent first, as a table or JSON, with --limit', async (t) => {
  const file = tempFile(t);
  const store = openRunStore(file);
  const first = store.startRun({ command: 'score', argv: ['score', '-s', 'rouge-l'], signatures: ['R|v'], dataHash: 'aa', version: '0.1.0' });
  store.finishRun(first, { status: 'ok', counts: { items: 12, hits: 4 }, failures: 0 });
  const second = store.startRun({ command: 'meta-eval', argv: ['meta-eval'], signatures: [], dataHash: null, version: '0.1.0' });
  store.finishRun(second, { status: 'failed', counts: { items: 0 }, failures: 1, error: 'bad input' });
  store.close();

  const all = JSON.parse((await run(['runs', '--cache', file, '--json'])).stdout);
  assert.deepEqual(all.map((r: { id: string }) => r.id), [second, first]);
  assert.equal(all[0].error, 'bad input');
  assert.deepEqual(all[1].counts, { items: 12, hits: 4 });
  const one = JSON.parse((await run(['runs', '--cache', file, '--limit', '1', '--json'])).stdout);
  assert.deepEqual(one.map((r: { id: string }) => r.id), [second]);
  const table = await run(['runs', '--cache', file]);
  const lines = table.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 4);
  assert.match(lines[0], /^id\s+status\s+command\s+started \(UTC\)\s+took\s+counts\s+failures$/);
  assert.match(lines[2], new RegExp(`^${second}\\s+failed\\s+meta-eval\\s.*items=0\\s+1$`));
  assert.match(lines[3], new RegExp(`^${first}\\s+ok\\s+score\\s.*items=12 hits=4\\s+0$`));
  const bad = await run(['runs', '--cache', file, '--limit', 'many']);
  assert.equal(bad.exitCode, 2);
  assert.match(bad.stderr, /--limit must be a whole number/);
});

test('--cache PATH / --no-cache resolve to a file or to no cache', () => {
  const flags = (args: string[]) => addCacheOptions(new Command()).parse(args, { from: 'user' }).opts();
  assert.equal(resolveCachePath(flags(['--cache', '/tmp/x.sqlite'])), '/tmp/x.sqlite');
  assert.equal(resolveCachePath(flags(['--no-cache'])), null);
  const saved = process.env.TRENCHCOAT_HOME;
  process.env.TRENCHCOAT_HOME = '/opt/tc-home';
  try {
    assert.equal(resolveCachePath(flags([])), path.resolve('/opt/tc-home/cache.sqlite'));
  } finally {
    if (saved === undefined) delete process.env.TRENCHCOAT_HOME;
    else process.env.TRENCHCOAT_HOME = saved;
  }
});
