// `score` with a reward model behind a real local server: the second run is served from the cache, and both runs are
// recorded and listed by `trenchcoat runs`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../fixtures/wmt21/load.js';
import { startFakeServer, fakeReward } from '../helpers/fake-servers.js';

const MAIN = path.join(REPO_ROOT, 'src/cli/main.ts');

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: REPO_ROOT });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

test('a reward model run is cached, resumed from the cache, and recorded', async () => {
  const server = await startFakeServer();
  try {
    const dir = mkdtempSync(path.join(tmpdir(), 'tc-cache-'));
    const data = path.join(dir, 'rm.jsonl');
    const rows = Array.from({ length: 12 }, (_, i) => ({ id: `r${i}`, prompt: `question ${i % 5}`, output: `answer ${i}` }));
    writeFileSync(data, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const cache = path.join(dir, 'cache.sqlite');
    const args = ['score', '--data', data, '-s', `rm:model=fake-rm,url=${server.url},api=openrlhf`, '--level', 'segment', '--cache', cache, '--json'];
    const first = await cli(args);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /cache: 0 hits, 12 computed/);
    const j = JSON.parse(first.stdout);
    // OpenRLHF's default input is prompt + response verbatim; the fake server's reward is a hash of that text
    assert.equal(j.results[0].segments[3].value, fakeReward(rows[3].prompt + rows[3].output));
    const requestsAfterFirst = server.stats.requests;
    const second = await cli(args);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, /cache: 12 hits, 0 computed/);
    assert.equal(server.stats.requests, requestsAfterFirst, 'a cached rerun sends no request');
    assert.equal(second.stdout, first.stdout);
    const noCache = await cli([...args.filter((a) => a !== '--cache' && a !== cache), '--no-cache']);
    assert.equal(noCache.code, 0, noCache.stderr);
    assert.ok(server.stats.requests > requestsAfterFirst, '--no-cache recomputes');
    const runs = await cli(['runs', '--cache', cache, '--json']);
    assert.equal(runs.code, 0, runs.stderr);
    const list = JSON.parse(runs.stdout);
    const records = Array.isArray(list) ? list : list.runs;
    assert.equal(records.length, 2);
    for (const r of records) {
      assert.equal(r.command, 'score');
      assert.equal(r.status, 'ok');
      assert.equal(r.counts.items, 12);
      assert.match(r.signatures[0], /^RM\b|model:fake-rm/);
      assert.match(r.dataHash, /^[0-9a-f]{64}$/);
    }
  } finally {
    await server.close();
  }
});
