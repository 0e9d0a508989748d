// bon: a missing or non-numeric proxy/gold score is an error at FILE:LINE (exit 1, not 2), never a silently dropped
// candidate; --missing skip leaves candidates out and says how many; fit errors name the prompt and line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli, scratchDir, writeJsonl } from '../helpers/cli.js';

function candidates(): Record<string, unknown>[] {
  return Array.from({ length: 10 }, (_, i) => ({ prompt_id: `p${Math.floor(i / 5)}`, reward: ((i * 37) % 11) / 10, gold: ((i * 13) % 7) / 7 }));
}

test('bon: null, absent, string and text proxy/gold values are data errors at FILE:LINE (exit 1)', () => {
  const dir = scratchDir();
  const cases: [string, (r: Record<string, unknown>) => void, RegExp][] = [
    ['null-proxy', (r) => (r.reward = null), /:4: field "reward": null: expected a finite number/],
    ['absent-gold', (r) => delete r.gold, /:4: field "gold": missing: expected a finite number/],
    ['string-gold', (r) => (r.gold = '0.5'), /:4: field "gold": expected a number, got string "0\.5"/],
    ['text-gold', (r) => (r.gold = 'abc'), /:4: field "gold": expected a number, got string "abc"/],
    ['no-prompt', (r) => delete r.prompt_id, /:4: field "prompt_id": missing/],
  ];
  for (const [name, spoil, says] of cases) {
    const rows = candidates();
    spoil(rows[3]);
    const r = runCli(['bon', '-d', writeJsonl(dir, `${name}.jsonl`, rows), '--proxy-field', 'reward']);
    assert.equal(r.code, 1, `${name}: ${r.stderr}`);
    assert.match(r.stderr, says, name);
  }
});

test('bon --missing skip: the candidate is left out, and the count and line are printed in the table and --json', () => {
  const dir = scratchDir();
  const rows = candidates();
  rows[3].reward = null;
  const file = writeJsonl(dir, 'c.jsonl', rows);
  const table = runCli(['bon', '-d', file, '--proxy-field', 'reward', '--missing', 'skip']);
  assert.equal(table.code, 0, table.stderr);
  assert.equal(table.stdout.split('\n')[1], `missing values: 1 left out (${file}:4 field "reward"): their candidates are not ranked`);
  const json = JSON.parse(runCli(['bon', '-d', file, '--proxy-field', 'reward', '--missing', 'skip', '--json']).stdout);
  assert.deepEqual(json.missing, { count: 1, policy: 'skip', first: [`${file}:4 field "reward"`] });
  // n = 1: the mean gold of the 4 + 5 candidates left, prompt by prompt
  const gold = rows.map((r) => r.gold as number);
  const expected = ((gold[0] + gold[1] + gold[2] + gold[4]) / 4 + (gold[5] + gold[6] + gold[7] + gold[8] + gold[9]) / 5) / 2;
  assert.ok(Math.abs(json.gold[0] - expected) < 1e-12);
});

test('bon: an empty CSV cell is missing (counted); the fit error names the prompt and its line', () => {
  const dir = scratchDir();
  const csv = path.join(dir, 'c.csv');
  writeFileSync(csv, 'prompt_id,reward,gold\np,1,\np,2,1\np,3,0\np,0.5,0.2\n');
  const r = runCli(['bon', '-d', csv, '--proxy-field', 'reward', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).missing.first, [`${csv}:2 field "gold"`]);
  const small = candidates().slice(0, 6);
  const f = writeJsonl(dir, 'small.jsonl', small);
  const e = runCli(['bon', '-d', f, '--proxy-field', 'reward']);
  assert.equal(e.code, 1);
  assert.match(e.stderr, /small\.jsonl:6: field "prompt_id": prompt "p1" has 1 scored candidate\(s\); best-of-n needs 3/);
});
