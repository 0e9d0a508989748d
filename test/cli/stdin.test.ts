// Standard input: `--hyp -` and `--data - --format F`, by spawning the CLI with stdin piped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FIXTURE_DIR, REPO_ROOT } from '../fixtures/wmt21/load.js';

const MAIN = path.join(REPO_ROOT, 'src/cli/main.ts');

function cli(args: string[], input: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: REPO_ROOT, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const hypGz = path.join(FIXTURE_DIR, 'newstest2021.en-de.hyp.Facebook-AI.de.gz');
const ref = path.join(FIXTURE_DIR, 'newstest2021.en-de.ref.A.de.gz');

test('--hyp - reads the hypotheses from standard input: the same scores as the file', () => {
  const fromFile = cli(['score', '--hyp', hypGz, '--ref', ref, '-s', 'bleu', '-s', 'chrf', '--json'], '');
  const fromStdin = cli(['score', '--hyp', '-', '--ref', ref, '-s', 'bleu', '-s', 'chrf', '--json'], gunzipSync(readFileSync(hypGz)).toString('utf8'));
  assert.equal(fromFile.code, 0, fromFile.stderr);
  assert.equal(fromStdin.code, 0, fromStdin.stderr);
  assert.equal(JSON.parse(fromStdin.stdout).items, 1002);
  assert.equal(fromStdin.stdout, fromFile.stdout);
});

test('--data - with --format reads records from standard input; a bad row is named <stdin>:LINE', () => {
  const rows = [
    { id: 'a', output: 'the cat sat on the mat', ref: 'the cat sat on the mat' },
    { id: 'b', output: 'a dog', ref: 'a dog barked' },
  ];
  const jsonl = rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
  const dir = mkdtempSync(path.join(tmpdir(), 'tc-stdin-'));
  const file = path.join(dir, 'in.jsonl');
  writeFileSync(file, jsonl);
  const args = ['score', '--ref-field', 'ref', '-s', 'chrf', '--level', 'segment', '--json'];
  const fromFile = cli([...args, '--data', file], '');
  const fromStdin = cli([...args, '--data', '-', '--format', 'jsonl'], jsonl);
  assert.equal(fromStdin.code, 0, fromStdin.stderr);
  assert.equal(fromStdin.stdout, fromFile.stdout);
  const csv = cli([...args, '--data', '-', '--format', 'csv'], 'id,output,ref\na,the cat sat on the mat,the cat sat on the mat\nb,a dog,a dog barked\n');
  assert.equal(csv.code, 0, csv.stderr);
  assert.equal(csv.stdout, fromFile.stdout);
  const bad = cli([...args, '--data', '-', '--format', 'jsonl'], jsonl + '{"id": "c", "output": \n');
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^error: <stdin>:3: /);
});

test('standard input: --format is required for --data -, parquet and two stdin inputs are refused (exit 2)', () => {
  const noFormat = cli(['score', '--data', '-', '-s', 'chrf'], '{"output": "x"}\n');
  assert.equal(noFormat.code, 2);
  assert.match(noFormat.stderr, /--data - \(standard input\) needs --format/);
  const parquet = cli(['score', '--data', '-', '--format', 'parquet', '-s', 'chrf'], '');
  assert.equal(parquet.code, 2);
  assert.match(parquet.stderr, /parquet cannot be read from standard input/);
  const twice = cli(['score', '--hyp', '-', '--ref', '-', '-s', 'chrf'], 'x\n');
  assert.equal(twice.code, 2);
  assert.match(twice.stderr, /only one input can be standard input/);
  const skip = cli(['score', '--hyp', '-', '--ref', ref, '--on-error', 'skip', '-s', 'chrf'], 'x\n');
  assert.equal(skip.code, 2);
  assert.match(skip.stderr, /--on-error skip reading standard input \(not a regular file\) needs --rejects FILE/);
});
