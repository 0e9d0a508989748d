// `--cache LOCATION` with scorers that are never cached (lexical metrics, checks, precomputed columns): the cache would
// never be opened, so an unusable one used to pass unnoticed (exit 0). A cache the user named is opened once all the
// same: unusable → exit 1 naming it, before any output; usable → the run's result and one stderr line saying it was
// not used.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, runCli, scratchDir, writeJsonl } from '../helpers/cli.js';
import { freePort, startRedis, stopAll } from '../helpers/processes.js';

after(() => stopAll());

const dir = scratchDir();
const data = writeJsonl(dir, 'd.jsonl', [
  { id: 'a', output: 'the cat sat', ref: 'the cat sat on the mat', r: 0.5 },
  { id: 'b', output: 'a dog', ref: 'the dog barked', r: 0.25 },
]);
const score = (...more: string[]) => ['score', '-d', data, '--ref-field', 'ref', '-s', 'chrf', '-s', 'exact', '--json', ...more];
const TED = path.join(REPO_ROOT, 'examples/mqm-ted-ende/ted-ende.jsonl');
const metaEval = (...more: string[]) => ['meta-eval', '-j', TED, '--value-field', 'mqm', '--item-field', 'seg_id', '--output-field', 'output', '--ref-field', 'reference', '--bootstrap', '0', '--json', ...more];
const UNUSED = /^cache: not used \((.*)\): these scorers are never cached \(lexical metrics and checks are cheaper to recompute than to look up\)$/m;

test('score, lexical scorers only, --cache redis:// nobody listens on: exit 1 naming the cache, no result', async () => {
  const url = `redis://127.0.0.1:${await freePort()}`;
  const r = runCli(score('--cache', url));
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, new RegExp(`^error: cannot reach the Redis score cache at ${url.replace(/[.:/]/g, '\\$&')}/?: connect ECONNREFUSED`, 'm'));
});

test('score, lexical scorers only, --cache naming a folder or a file that is not a database: exit 1 naming the path', () => {
  const folder = path.join(dir, 'a-folder');
  mkdirSync(folder);
  const r = runCli(score('--cache', folder));
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, new RegExp(`^error: cannot open the score cache ${folder.replace(/[.\\/-]/g, '\\$&')}: `, 'm'));
  const junk = writeJsonl(dir, 'junk.sqlite', ['this is not a SQLite database']);
  const j = runCli(score('--cache', junk));
  assert.equal(j.code, 1, j.stderr);
  assert.match(j.stderr, /^error: cannot open the score cache .*junk\.sqlite: file is not a database$/m);
});

test('score, lexical scorers only, a usable --cache (SQLite, Redis): the uncached result, and stderr says the cache was not used', async () => {
  const plain = runCli(score('--no-cache'));
  assert.equal(plain.code, 0, plain.stderr);
  assert.doesNotMatch(plain.stderr, /cache:/);
  const file = path.join(dir, 'cache.sqlite');
  const sqlite = runCli(score('--cache', file));
  assert.equal(sqlite.code, 0, sqlite.stderr);
  assert.equal(sqlite.stdout, plain.stdout);
  assert.equal(sqlite.stderr.match(UNUSED)?.[1], file);
  const redis = await startRedis();
  const viaRedis = runCli(score('--cache', redis.url));
  assert.equal(viaRedis.code, 0, viaRedis.stderr);
  assert.equal(viaRedis.stdout, plain.stdout);
  assert.match(viaRedis.stderr.match(UNUSED)?.[1] ?? '', /^redis:\/\/127\.0\.0\.1:\d+\/?$/);
  await redis.stop();
  // the default location (no --cache) is not the user's request: nothing to say
  const byDefault = runCli(score());
  assert.equal(byDefault.code, 0, byDefault.stderr);
  assert.doesNotMatch(byDefault.stderr, /cache:/);
});

test('meta-eval: lexical scorers, or only precomputed columns, with an unreachable --cache: exit 1 naming it', async () => {
  const url = `redis://127.0.0.1:${await freePort()}`;
  const lexical = runCli(metaEval('-s', 'chrf', '--cache', url));
  assert.equal(lexical.code, 1, lexical.stderr);
  assert.equal(lexical.stdout, '');
  assert.match(lexical.stderr, /^error: cannot reach the Redis score cache at redis:\/\/127\.0\.0\.1:\d+\/?: /m);
  const withColumn = writeJsonl(dir, 'ted-len.jsonl', [{ system: 'A', seg_id: 1, mqm: -1, len: 3 }, { system: 'B', seg_id: 1, mqm: -2, len: 5 }, { system: 'A', seg_id: 2, mqm: 0, len: 1 }, { system: 'B', seg_id: 2, mqm: -3, len: 4 }]);
  const column = runCli(['meta-eval', '-j', withColumn, '--value-field', 'mqm', '--item-field', 'seg_id', '-s', 'column:len', '--bootstrap', '0', '--json', '--cache', url]);
  assert.equal(column.code, 1, column.stderr);
  assert.equal(column.stdout, '');
  assert.match(column.stderr, /^error: cannot reach the Redis score cache/m);
  const usable = runCli(metaEval('-s', 'chrf', '--cache', path.join(dir, 'me.sqlite')));
  assert.equal(usable.code, 0, usable.stderr);
  assert.match(usable.stderr, UNUSED);
});
