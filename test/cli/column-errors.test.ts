// A bad `column:NAME` value is a data error at FILE:LINE and field in every command that reads items from a file
// (score, meta-eval, probe length, probe hack, bon), exit 1; a library caller's items have no file, so the scorer's
// error names the item id and the field (issue 8 §2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, scratchDir, writeJsonl } from '../helpers/cli.js';
import { createScorer } from '../../src/scorers/registry.js';
import { ScorerInputError } from '../../src/scorers/contract.js';
import '../../src/scorers/builtin.js';

const dir = scratchDir();
// line 3 holds the bad value: the string "0.7"
const rows = Array.from({ length: 6 }, (_, i) => ({ id: `c${i}`, system: `S${i % 2}`, item: `i${i >> 1}`, prompt_id: `p${i % 2}`, prompt: `q${i % 2}`, output: 'o'.repeat(i + 1), gold: i, m: i === 2 ? '0.7' : i / 10 }));
const file = writeJsonl(dir, 'rows.jsonl', rows);
const expected = new RegExp(`^error: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: field "m": expected a number, got string "0\\.7"`);

const commands: [string, string[]][] = [
  ['score', ['score', '-d', file, '-s', 'column:m']],
  ['meta-eval', ['meta-eval', '-j', file, '--value-field', 'gold', '-s', 'column:m', '-m', 'pearson', '--level', 'seg', '--bootstrap', '0']],
  ['probe length', ['probe', 'length', '-d', file, '--group-field', 'prompt_id', '-s', 'column:m']],
  ['probe hack', ['probe', 'hack', '-d', file, '--prompt-field', 'prompt', '-s', 'column:m', '-p', 'verbosity-padding', '--bootstrap', '10']],
  ['bon', ['bon', '-d', file, '--group-field', 'prompt_id', '--proxy-scorer', 'column:m']],
];

for (const [name, args] of commands) {
  test(`${name}: a string in the column:m field is an error at FILE:LINE and field, exit 1`, () => {
    const r = runCli(args);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stderr, expected);
  });
}

test('column:NAME for a library caller: the error names the item id and the field', async () => {
  const scorer = createScorer('column:m');
  await assert.rejects(scorer.score([{ id: 'x1', output: 'a', meta: { m: 'abc' } }]), (e: unknown) => {
    assert.ok(e instanceof ScorerInputError);
    assert.equal(e.message, 'column:m: item x1 has a non-numeric value "abc"');
    assert.equal(e.itemId, 'x1');
    assert.equal(e.field, 'm');
    return true;
  });
});
