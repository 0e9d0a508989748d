// prefs bt refuses an empty model name; probe length (items) refuses a null reward unless --missing skip (issue 8 §2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runCli, scratchDir, writeJsonl } from '../helpers/cli.js';

test('prefs bt: an empty model name is an error at FILE:LINE and field, not a model', () => {
  const dir = scratchDir();
  const file = writeJsonl(dir, 'bt.jsonl', [
    { model_a: 'x', model_b: 'y', winner: 'model_a' },
    { model_a: 'x', model_b: ' ', winner: 'model_b' },
    { model_a: 'x', model_b: 'z', winner: 'tie' },
  ]);
  const r = runCli(['prefs', 'bt', '-d', file]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: .*bt\.jsonl:2: field "model_b": expected a model name, got string " "/);
});

test('probe length (items): a null reward is an error at FILE:LINE; --missing skip leaves it out and says so', () => {
  const dir = scratchDir();
  const rows = Array.from({ length: 10 }, (_, i) => ({ prompt: `p${Math.floor(i / 5)}`, output: 'x'.repeat(i + 1), reward: i === 3 ? null : (i * 3) % 7 }));
  const file = writeJsonl(dir, 'items.jsonl', rows);
  const strict = runCli(['probe', 'length', '-d', file, '--prompt-field', 'prompt', '-s', 'column:reward']);
  assert.equal(strict.code, 1);
  assert.match(strict.stderr, /items\.jsonl:4: field "reward": null: expected a finite number/);
  const skip = runCli(['probe', 'length', '-d', file, '--prompt-field', 'prompt', '-s', 'column:reward', '--missing', 'skip', '--json']);
  assert.equal(skip.code, 0, skip.stderr);
  assert.deepEqual(JSON.parse(skip.stdout).missing, { count: 1, policy: 'skip', first: [`${file}:4 field "reward"`] });
  const table = runCli(['probe', 'length', '-d', file, '--prompt-field', 'prompt', '-s', 'column:reward', '--missing', 'skip']);
  assert.equal(table.stdout.split('\n')[0], `missing values: 1 left out (${file}:4 field "reward")`);
});

test('prefs bt -o naming the --data file exits 2 and leaves it intact', () => {
  const dir = scratchDir();
  const file = writeJsonl(dir, 'bt.jsonl', [
    { model_a: 'x', model_b: 'y', winner: 'model_a' },
    { model_a: 'y', model_b: 'x', winner: 'model_a' },
    { model_a: 'x', model_b: 'z', winner: 'tie' },
    { model_a: 'z', model_b: 'y', winner: 'model_a' },
    { model_a: 'y', model_b: 'z', winner: 'model_a' },
  ]);
  const before = readFileSync(file, 'utf8');
  const r = runCli(['prefs', 'bt', '-d', file, '-o', file, '--bootstrap', '0']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^error: --out .*bt\.jsonl is the input file/);
  assert.equal(readFileSync(file, 'utf8'), before);
});
