// `trenchcoat worker` and `score --queue` flag errors: usage errors exit 2 naming the flag; a Redis nobody listens on is
// a clear error (exit 1) from the submitter, not a wait.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { runCli, scratchDir, writeJsonl } from '../helpers/cli.js';
import { freePort } from '../helpers/processes.js';

test('worker: --concurrency, --lock-duration and --queue are checked before anything connects (exit 2)', () => {
  for (const [args, message] of [
    [['--queue', 'redis://127.0.0.1:6379', '--concurrency', '0'], /^error: --concurrency: expected an integer ≥ 1, got "0"$/m],
    [['--queue', 'redis://127.0.0.1:6379', '--lock-duration', '-5'], /^error: --lock-duration: expected an integer ≥ 1, got "-5"$/m],
    [['--queue', 'localhost:6379'], /^error: --queue: "localhost:6379" is not a redis:\/\/ URL/m],
    [['--queue', 'redis://127.0.0.1:6379/x'], /^error: --queue: "redis:\/\/127\.0\.0\.1:6379\/x" names database "x"; expected a number/m],
  ] as const) {
    const r = runCli(['worker', ...args]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
  const r = runCli(['worker']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /required option '--queue <redis-url>' not specified/);
});

test('score --queue to a port nobody listens on fails with exit 1 naming the Redis, and prints no result', async () => {
  const dir = scratchDir();
  const data = writeJsonl(dir, 'rows.jsonl', [{ id: 'a', output: 'the cat', reference: 'the cat' }]);
  const port = await freePort();
  const out = path.join(dir, 'out.jsonl');
  const r = runCli(['score', '--data', data, '--ref-field', 'reference', '-s', 'chrf', '--queue', `redis://127.0.0.1:${port}`, '--out', out, '--json']);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, new RegExp(`^error: cannot reach Redis at redis://127\\.0\\.0\\.1:${port}`, 'm'));
});
