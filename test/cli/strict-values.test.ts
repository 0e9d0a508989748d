// Values that are not finite numbers are errors naming FILE:LINE and field; missing ones need --missing skip and are
// then counted beside the result (issue 8 §2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli, scratchDir, tenRows, writeJsonl } from '../helpers/cli.js';

function withRow3(r: unknown): (Record<string, unknown> | string)[] {
  const rows: (Record<string, unknown> | string)[] = tenRows();
  rows[3] = r === undefined ? { id: 's3', output: 'output 3' } : typeof r === 'string' && r.startsWith('{') ? r : { id: 's3', output: 'output 3', r };
  return rows;
}

test('score column:NAME: null, "", "0.7", 1e999 and an absent field are errors at FILE:LINE (exit 1)', () => {
  const dir = scratchDir();
  const cases: [string, unknown, RegExp][] = [
    ['null', null, /null: expected a finite number/],
    ['empty', '', /got string "": strings are not numbers in JSON/],
    ['string', '0.7', /got string "0\.7": strings are not numbers/],
    ['overflow', '{"id":"s3","output":"output 3","r":1e999}', /Infinity is not a finite number/],
    ['absent', undefined, /missing: expected a finite number/],
  ];
  for (const [name, value, says] of cases) {
    const file = writeJsonl(dir, `${name}.jsonl`, withRow3(value));
    const r = runCli(['score', '-d', file, '-s', 'column:r']);
    assert.equal(r.code, 1, `${name}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`^error: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4: field "r": `), name);
    assert.match(r.stderr, says, name);
  }
});

test('score --missing skip leaves missing values out and says so in the table and in --json', () => {
  const dir = scratchDir();
  const rows = withRow3(null);
  rows[7] = { id: 's7', output: 'output 7' };
  const file = writeJsonl(dir, 'in.jsonl', rows);
  const table = runCli(['score', '-d', file, '-s', 'column:r', '--missing', 'skip']);
  assert.equal(table.code, 0, table.stderr);
  assert.equal(table.stdout.split('\n')[0], `missing values: 2 left out (${file}:4 field "r", ${file}:8 field "r")`);
  const json = runCli(['score', '-d', file, '-s', 'column:r', '--missing', 'skip', '--json']);
  const j = JSON.parse(json.stdout);
  assert.deepEqual(j.missing, { count: 2, policy: 'skip', first: [`${file}:4 field "r"`, `${file}:8 field "r"`] });
  // the mean of the eight values left: (0+0.1+0.2+0.4+0.5+0.6+0.8+0.9)/8
  assert.ok(Math.abs(j.results[0].corpus[0].value - 3.5 / 8) < 1e-12);
  // a string is still an error under --missing skip: it is not missing, it is wrong
  const str = runCli(['score', '-d', writeJsonl(dir, 's.jsonl', withRow3('0.7')), '-s', 'column:r', '--missing', 'skip']);
  assert.equal(str.code, 1);
});

test('score on CSV: an empty cell is missing (counted without a flag); a cell that is not a decimal number is an error', () => {
  const dir = scratchDir();
  const csv = path.join(dir, 'in.csv');
  writeFileSync(csv, 'id,output,r\n1,a,0.5\n2,b,\n3,c,1.5\n');
  const r = runCli(['score', '-d', csv, '-s', 'column:r', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.results[0].corpus[0].value, 1);
  assert.deepEqual(j.missing, { count: 1, policy: 'error', first: [`${csv}:3 field "r"`] });
  for (const bad of ['0x1A', 'nan', 'Infinity', '1e999', '0.5x']) {
    writeFileSync(csv, `id,output,r\n1,a,0.5\n2,b,${bad}\n`);
    const e = runCli(['score', '-d', csv, '-s', 'column:r']);
    assert.equal(e.code, 1, bad);
    assert.match(e.stderr, new RegExp(`^error: .*in\\.csv:3: field "r": string "${bad}" is not a finite decimal number`), bad);
  }
});
