// meta-eval on a generic ratings table: a gold value that is null, absent, "nan", "Infinity" or a numeric string is an
// error at FILE:LINE, not a quietly unrated cell; --missing skip says how many were left out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, scratchDir, writeJsonl } from '../helpers/cli.js';

function ratings(): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (const s of 'ABCD') for (let i = 0; i < 10; i++) rows.push({ system: s, item: `i${i}`, score: (i * 7 + s.charCodeAt(0)) % 5, output: `${s} out ${i} ${'w '.repeat(i)}`, ref: `ref ${i}` });
  return rows;
}

const args = (file: string) => ['meta-eval', '-j', file, '--value-field', 'score', '--output-field', 'output', '--ref-field', 'ref', '-s', 'chrf', '--bootstrap', '0'];

test('meta-eval -j: null, absent, "nan", "Infinity" and "0.5" ratings are errors at FILE:LINE (exit 1)', () => {
  const dir = scratchDir();
  const cases: [string, unknown, RegExp][] = [
    ['null', null, /null: expected a finite number/],
    ['absent', undefined, /missing: expected a finite number/],
    ['nan', 'nan', /got string "nan"/],
    ['inf', 'Infinity', /got string "Infinity"/],
    ['str', '0.5', /got string "0\.5"/],
  ];
  for (const [name, v, says] of cases) {
    const rows = ratings();
    if (v === undefined) delete rows[13].score;
    else rows[13].score = v;
    const r = runCli(args(writeJsonl(dir, `${name}.jsonl`, rows)));
    assert.equal(r.code, 1, `${name}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`${name}\\.jsonl:14: field "score": `), name);
    assert.match(r.stderr, says, name);
  }
});

test('meta-eval -j --missing skip: the cell is unrated and the count and line are printed with the report and in --json', () => {
  const dir = scratchDir();
  const rows = ratings();
  rows[13].score = null;
  const file = writeJsonl(dir, 'r.jsonl', rows);
  const t = runCli([...args(file), '--missing', 'skip']);
  assert.equal(t.code, 0, t.stderr);
  const lines = t.stdout.split('\n');
  assert.equal(lines[0], `missing values: 1 left out (${file}:14 field "score"): not rated`);
  assert.equal(lines[1], 'gold score: 4 systems × 10 items, 39 rated');
  const j = JSON.parse(runCli([...args(file), '--missing', 'skip', '--json']).stdout);
  assert.deepEqual(j.missing, { count: 1, policy: 'skip', first: [`${file}:14 field "score"`] });
});
