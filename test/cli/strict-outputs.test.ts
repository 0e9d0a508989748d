// The CLI never destroys an input, never leaves a partial output, and never shows a stack trace (issue 8 §2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, linkSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { MAIN, REPO_ROOT, runCli, scratchDir, tenRows, writeJsonl } from '../helpers/cli.js';

test('score -o naming the input (or a hard link to it) exits 2 and leaves the input intact', () => {
  const dir = scratchDir();
  const input = writeJsonl(dir, 'in.jsonl', tenRows());
  const before = readFileSync(input, 'utf8');
  const same = runCli(['score', '-d', input, '-s', 'column:r', '-o', input]);
  assert.equal(same.code, 2);
  assert.match(same.stderr, /^error: --out .*in\.jsonl is the input file/);
  linkSync(input, path.join(dir, 'hard.jsonl'));
  const hard = runCli(['score', '-d', input, '-s', 'column:r', '-o', path.join(dir, 'hard.jsonl')]);
  assert.equal(hard.code, 2);
  const rejects = runCli(['score', '-d', input, '-s', 'column:r', '--on-error', 'skip', '--rejects', input]);
  assert.equal(rejects.code, 2);
  assert.match(rejects.stderr, /^error: --rejects .* is the input file/);
  assert.equal(readFileSync(input, 'utf8'), before);
});

test('a score run that fails after row 4,501 leaves no output file (not a readable partial Parquet) and no rejects file', () => {
  const dir = scratchDir();
  const lines = Array.from({ length: 4500 }, (_, i) => JSON.stringify({ id: `s${i}`, output: 'a b c', references: ['a b d'] }));
  // line 4,501 is a bad row (skipped: the rejects file gets it), then the gzip stream is cut short: a fatal read error
  lines.push('{"id":"bad json"', JSON.stringify({ id: 'late', output: 'a b c', references: ['a b d'] }));
  const gz = gzipSync(lines.join('\n') + '\n');
  const input = path.join(dir, 'in.jsonl.gz');
  writeFileSync(input, gz.subarray(0, gz.length - 12));
  const r = runCli(['score', '-d', input, '-s', 'bleu', '-o', path.join(dir, 'seg.parquet'), '--on-error', 'skip', '--rejects', path.join(dir, 'bad.jsonl')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /cannot gunzip/);
  assert.deepEqual(readdirSync(dir), ['in.jsonl.gz']);
});

test('--rejects without --on-error skip is a usage error', () => {
  const dir = scratchDir();
  const input = writeJsonl(dir, 'in.jsonl', tenRows());
  const r = runCli(['score', '-d', input, '-s', 'column:r', '--rejects', path.join(dir, 'bad.jsonl')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--rejects only applies with --on-error skip/);
});

test('--on-error skip on standard input needs --rejects (no /dev/stdin.rejects.jsonl)', () => {
  const dir = scratchDir();
  const input = writeJsonl(dir, 'in.jsonl', tenRows());
  const r = runCli(['score', '-d', '/dev/stdin', '--format', 'jsonl', '-s', 'column:r', '--on-error', 'skip'], { stdinFile: input });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /needs --rejects FILE/);
  const rejects = path.join(dir, 'bad.jsonl');
  const ok = runCli(['score', '-d', '/dev/stdin', '--format', 'jsonl', '-s', 'column:r', '--on-error', 'skip', '--rejects', rejects, '--json'], { stdinFile: input });
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).results[0].corpus[0].value, 0.45);
  assert.equal(existsSync(rejects), true);
});

test('a reader closing stdout early (… | head) ends the run quietly', async () => {
  const dir = scratchDir();
  const rows = Array.from({ length: 30000 }, (_, i) => ({ id: `s${i}`, output: 'x', r: i }));
  const input = writeJsonl(dir, 'many.jsonl', rows);
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'score', '-d', input, '-s', 'column:r', '--level', 'segment'], {
    cwd: REPO_ROOT,
    env: { ...process.env, TRENCHCOAT_HOME: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  try {
    // read the first chunk, then close the pipe as `head -1` does
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.equal(code, 0);
    assert.doesNotMatch(stderr, /EPIPE|at |node:events/);
  } finally {
    if (child.exitCode === null && child.pid !== undefined) child.kill();
  }
});

test('errors print one line; the stack only with the global --debug flag', () => {
  const dir = scratchDir();
  const input = writeJsonl(dir, 'in.jsonl', ['{"output":"a","r":1}', '{"output":"b","r":"x"}']);
  const plain = runCli(['score', '-d', input, '-s', 'column:r']);
  assert.equal(plain.code, 1);
  assert.equal(plain.stderr.trim().split('\n').length, 1, plain.stderr);
  assert.doesNotMatch(plain.stderr, /\n\s+at /);
  for (const args of [['--debug', 'score', '-d', input, '-s', 'column:r'], ['score', '-d', input, '-s', 'column:r', '--debug']]) {
    const debug = runCli(args);
    assert.equal(debug.code, 1);
    assert.match(debug.stderr, /^error: /);
    assert.match(debug.stderr, /\n\s+at /, 'stack trace with --debug');
  }
});
