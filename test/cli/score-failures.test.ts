// `score` with model scorers that fail, against real local servers: failures are counted apart from abstentions in the
// table and in --json, the failed ids and the last error (with a hint) reach stderr, the exit code is 1 unless
// --max-failures allows them, a dead server ends the run early, and failed scores are never cached.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../fixtures/wmt21/load.js';
import { fakeJudgeReply, startFakeServer, type FakeServerOptions } from '../helpers/fake-servers.js';

const MAIN = path.join(REPO_ROOT, 'src/cli/main.ts');
const HOME = mkdtempSync(path.join(tmpdir(), 'tc-failures-home-'));

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: REPO_ROOT, env: { ...process.env, TRENCHCOAT_HOME: HOME } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

async function deadUrl(): Promise<string> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

async function withServer(opts: FakeServerOptions, fn: (server: Awaited<ReturnType<typeof startFakeServer>>) => Promise<void>): Promise<void> {
  const server = await startFakeServer(opts);
  try {
    await fn(server);
  } finally {
    await server.close();
  }
}

const ROWS = Array.from({ length: 10 }, (_, i) => ({ id: `q${i}`, prompt: `question ${i}`, output: `answer number ${i}` }));
const dir = mkdtempSync(path.join(tmpdir(), 'tc-failures-'));
const DATA = path.join(dir, 'items.jsonl');
writeFileSync(DATA, ROWS.map((r) => JSON.stringify(r)).join('\n') + '\n');
/** Items q0, q2, q4, … get a non-retryable 400 from the server: half the run fails. */
const failsEven = (units: string[]) => units.some((u) => /question \d*[02468]\b/.test(u));

test('server down: exit 1, every item failed (not abstained), ECONNREFUSED and a hint on stderr, early stop', async () => {
  const url = `${await deadUrl()}/v1`;
  const r = await cli(['score', '--data', DATA, '-s', `judge:model=j,url=${url}`, '--no-cache', '--json']);
  assert.equal(r.code, 1, r.stderr);
  const j = JSON.parse(r.stdout);
  const res = j.results[0];
  assert.deepEqual(res.corpus[0].details, { n: 0, abstained: 0, failed: 10 });
  assert.equal(res.corpus[0].value, null);
  assert.equal(res.failures.failed, 10);
  assert.equal(res.failures.abstained, 0);
  assert.deepEqual(res.failures.failedIds.length, 5);
  assert.equal(res.failures.lastError.error, 'network');
  assert.match(res.failures.lastError.message, /ECONNREFUSED/);
  assert.match(r.stderr, /: 10 of 10 item\(s\) failed \(q\d, q\d, q\d, q\d, q\d, … 5 more\)/);
  assert.match(r.stderr, new RegExp(`last error: network: .*ECONNREFUSED.*POST ${url.replace(/\./g, '\\.')}/chat/completions`));
  assert.match(r.stderr, /\n  hint: nothing is listening at .*: is the server running/);
  assert.match(r.stderr, /error: 10 of 10 item\(s\) failed for judge:.*--max-failures/);
});

test('a judge URL without /v1 (404 everywhere): the hint says so, and the breaker stops after a few requests', async () => {
  await withServer({ faults: () => ({ kind: 'status', status: 404, body: '{"detail":"Not Found"}' }) }, async (server) => {
    const r = await cli(['score', '--data', DATA, '-s', `judge:model=j,url=${server.url},concurrency=1`, '--no-cache']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /last error: http-404: .*HTTP 404 from POST http:\/\/127\.0\.0\.1:\d+\/chat\/completions/);
    assert.match(r.stderr, /hint: the judge URL is the OpenAI base URL, usually ending in \/v1/);
    assert.equal(server.stats.requests, 5, 'the rest are failed without a request');
    // the human table counts the failures in their own column
    const row = r.stdout.split('\n').find((l) => l.startsWith('judge:')) as string;
    assert.match(row, /\s10\s+—\s+0\s+10$/);
    assert.match(r.stdout.split('\n')[0], /scorer\s+n\s+score\s+abstained\s+failed/);
  });
});

test('half the items fail: failed and abstained counted apart; --max-failures as a count or a rate decides the exit', async () => {
  // q1 gets an answer the judge cannot parse: an abstention, not a failure
  const judge = (text: string) => (/question 1\b/.test(text) ? { content: 'no idea' } : fakeJudgeReply(text));
  await withServer({ judge, faults: (req) => (failsEven(req.units) ? { kind: 'status', status: 400, body: 'bad request' } : undefined) }, async (server) => {
    const spec = `judge:model=j,url=${server.url}/v1`;
    const base = ['score', '--data', DATA, '-s', spec, '--no-cache', '--json'];
    const strict = await cli(base);
    assert.equal(strict.code, 1);
    const res = JSON.parse(strict.stdout).results[0];
    assert.deepEqual(res.corpus[0].details, { n: 4, abstained: 1, failed: 5 });
    assert.deepEqual(res.failures.failedIds.sort(), ['q0', 'q2', 'q4', 'q6', 'q8']);
    assert.equal(res.failures.lastError.error, 'http-400');
    assert.match(strict.stderr, /5 of 10 item\(s\) failed .*; 1 abstained/);
    for (const [allow, code] of [['5', 0], ['4', 1], ['0.5', 0], ['0.49', 1], ['50%', 0], ['40%', 1]] as const) {
      const r = await cli([...base, '--max-failures', allow]);
      assert.equal(r.code, code, `--max-failures ${allow}: ${r.stderr}`);
      assert.match(r.stderr, /5 of 10 item\(s\) failed/, 'allowed failures are still reported');
      assert.equal(JSON.parse(r.stdout).results[0].failures.failed, 5);
    }
  });
});

test('--max-failures that is neither a count nor a fraction is a usage error (exit 2)', async () => {
  for (const bad of ['-1', 'many', '1.5', '150%']) {
    const r = await cli(['score', '--data', DATA, '-s', 'exact', '--ref-field', 'output', '--max-failures', bad]);
    assert.equal(r.code, 2, bad);
    assert.match(r.stderr, /--max-failures must be a count/);
  }
});

test('failed scores are never cached: the rerun against a healthy server computes exactly the failed items', async () => {
  const cache = path.join(dir, 'cache.sqlite');
  let healthy = false;
  await withServer({ faults: (req) => (!healthy && failsEven(req.units) ? { kind: 'status', status: 400 } : undefined) }, async (server) => {
    const args = ['score', '--data', DATA, '-s', `judge:model=j,url=${server.url}/v1`, '--cache', cache, '--max-failures', '5', '--json'];
    const first = await cli(args);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /cache: 0 hits, 10 computed, 5 failed \(not cached\)/);
    healthy = true;
    const second = await cli(args);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, /cache: 5 hits, 5 computed \(/);
    const res = JSON.parse(second.stdout).results[0];
    assert.deepEqual(res.corpus[0].details, { n: 10, abstained: 0, failed: 0 });
    assert.doesNotMatch(second.stderr, /failed/);
  });
});

test('meta-eval with a judge whose server is down: failures counted in --json, exit 1 unless --max-failures allows', async () => {
  const url = `${await deadUrl()}/v1`;
  const sample = path.join(REPO_ROOT, 'examples/mqm-ted-ende/ted-ende.jsonl');
  const args = ['meta-eval', '-j', sample, '--value-field', 'mqm', '--item-field', 'seg_id', '--output-field', 'output', '--ref-field', 'reference',
    '--source-field', 'source', '-s', `judge:model=j,url=${url}`, '-s', 'length', '-m', 'pearson', '--bootstrap', '0', '--no-cache', '--json'];
  const r = await cli(args);
  assert.equal(r.code, 1, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.failures.length, 1);
  assert.equal(report.failures[0].failed, report.failures[0].total);
  assert.equal(report.failures[0].abstained, 0);
  assert.ok(report.failures[0].total > 0);
  assert.match(r.stderr, /item\(s\) failed for judge:/);
  const allowed = await cli([...args, '--max-failures', '100%']);
  assert.equal(allowed.code, 0, allowed.stderr);
});
