// `score --threads N` is the same command with the same output: byte-identical JSON and segment files to --threads 1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli, scratchDir } from '../helpers/cli.js';
import { writeWmt21Jsonl } from '../helpers/wmt21-rows.js';

// threads from the third shard on, however fast this machine scores the first two
process.env.TRENCHCOAT_THREADS_AFTER_MS = '0';

const dir = scratchDir();
const data = writeWmt21Jsonl(path.join(dir, 'rows.jsonl'), 3000);
const args = ['score', '--data', data, '--ref-field', 'reference', '-s', 'bleu', '-s', 'chrf++', '-s', 'ter', '--group-by', 'system', '--shard-size', '250', '--no-cache'];

test('--threads 2 prints the JSON of --threads 1 byte for byte and writes the same segment file', () => {
  const one = runCli([...args, '--threads', '1', '--json', '--level', 'segment']);
  assert.equal(one.code, 0, one.stderr);
  const two = runCli([...args, '--threads', '2', '--json', '--level', 'segment']);
  assert.equal(two.code, 0, two.stderr);
  assert.equal(two.stdout, one.stdout);
  const parsed = JSON.parse(two.stdout);
  assert.equal(parsed.items, 3000);
  assert.equal(parsed.results[0].segments.length, 3000);
  assert.equal(parsed.results[0].segments[2999].id, 'r3000');

  const outOne = path.join(dir, 'one.jsonl');
  const outTwo = path.join(dir, 'two.jsonl');
  assert.equal(runCli([...args, '--threads', '1', '--out', outOne]).code, 0);
  const r = runCli([...args, '--threads', '2', '--out', outTwo]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readFileSync(outTwo, 'utf8'), readFileSync(outOne, 'utf8'));
});

test('--threads and --shard-size take positive integers (usage error, exit 2); --threads with --queue is refused', () => {
  for (const bad of [['--threads', '0'], ['--threads', '1.5'], ['--shard-size', '0'], ['--threads', '2', '--queue', 'redis://127.0.0.1:1']]) {
    const r = runCli([...args, ...bad]);
    assert.equal(r.code, 2, `${bad.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^error: --(threads|shard-size)/m);
  }
  const r = runCli([...args, '--queue', 'http://127.0.0.1:6379']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--queue: "http:\/\/127\.0\.0\.1:6379" is not a redis:\/\/ URL/);
});

test('corpus level reads JSONL on the threads: same output as --threads 1, and a bad row at line N is the same error (exit 1)', () => {
  const corpus = ['score', '--data', data, '--ref-field', 'reference', '-s', 'chrf', '--group-by', 'system', '--shard-size', '250', '--no-cache', '--json'];
  const one = runCli([...corpus, '--threads', '1']);
  const two = runCli([...corpus, '--threads', '2']);
  assert.equal(one.code, 0, one.stderr);
  assert.equal(two.stdout, one.stdout);
  const lines = readFileSync(data, 'utf8').split('\n');
  lines[2716] = '{"id": "r2717", "system": "x", "output": 5, "reference": "y"}';
  const bad = path.join(dir, 'bad.jsonl');
  writeFileSync(bad, lines.join('\n'));
  const badArgs = corpus.map((a) => (a === data ? bad : a));
  const e1 = runCli([...badArgs, '--threads', '1']);
  const e2 = runCli([...badArgs, '--threads', '2']);
  assert.equal(e1.code, 1);
  assert.equal(e2.code, 1);
  assert.match(e1.stderr, /bad\.jsonl:2717: field "output": expected a string, got number 5/);
  assert.equal(e2.stderr, e1.stderr);
  assert.equal(e2.stdout, '');
});
