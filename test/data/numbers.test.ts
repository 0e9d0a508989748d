import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MissingValues, parseDecimal, readFiniteNumber, formatMissingNote } from '../../src/data/numbers.js';
import { DataError } from '../../src/data/errors.js';

const at = { file: 'x.jsonl', line: 4, field: 'r' };

function failsWith(raw: unknown, says: RegExp, opts = {}): void {
  assert.throws(() => readFiniteNumber(raw, at, opts), (e: unknown) => {
    assert.ok(e instanceof DataError, String(e));
    assert.equal((e as DataError).field, 'r');
    assert.match((e as Error).message, /^x\.jsonl:4: field "r": /);
    assert.match((e as Error).message, says);
    return true;
  });
}

test('typed input: finite numbers pass; NaN, ±Infinity (1e999), strings and booleans are errors', () => {
  assert.equal(readFiniteNumber(0.7, at), 0.7);
  assert.equal(readFiniteNumber(-0, at), -0);
  assert.equal(readFiniteNumber(12n, at), 12);
  failsWith(JSON.parse('1e999'), /Infinity is not a finite number.*1e999/);
  failsWith(-Infinity, /not a finite number/);
  failsWith(NaN, /NaN is not a finite number/);
  failsWith('0.7', /strings are not numbers in JSON/);
  failsWith('', /strings are not numbers in JSON/);
  failsWith('nan', /got string "nan"/);
  failsWith(true, /expected a number, got boolean true/);
  failsWith(2n ** 60n, /cannot be held exactly/);
});

test('null and an absent field are errors by default and counted under --missing skip', () => {
  failsWith(null, /null: expected a finite number \(pass --missing skip/);
  assert.throws(() => readFiniteNumber(undefined, at), (e: unknown) => (e as DataError).kind === 'missing-field');
  failsWith(null, /null/, { missing: new MissingValues('error') });
  const skip = new MissingValues('skip');
  assert.equal(readFiniteNumber(null, at, { missing: skip }), null);
  assert.equal(readFiniteNumber(undefined, { ...at, line: 9 }, { missing: skip }), null);
  assert.equal(readFiniteNumber(0, at, { missing: skip }), 0);
  assert.deepEqual(skip.summary(), { count: 2, policy: 'skip', first: ['x.jsonl:4 field "r"', 'x.jsonl:9 field "r"'] });
  assert.equal(formatMissingNote(skip.summary()), 'missing values: 2 left out (x.jsonl:4 field "r", x.jsonl:9 field "r")');
  // NaN is not a missing marker in JSON even under skip: it is a broken value
  failsWith(NaN, /NaN/, { missing: skip });
});

test('CSV cells: a full decimal number; an empty cell is the format\'s missing marker, counted without a policy', () => {
  const tally = new MissingValues('error');
  assert.equal(readFiniteNumber(' 0.25 ', at, { text: true, missing: tally }), 0.25);
  assert.equal(readFiniteNumber('-1e-3', at, { text: true, missing: tally }), -0.001);
  assert.equal(readFiniteNumber('', at, { text: true, missing: tally }), null);
  assert.equal(tally.count, 1);
  failsWith('None', /null: expected a finite number/, { text: true, missing: tally });
  assert.equal(readFiniteNumber('None', at, { text: true, missing: new MissingValues('skip') }), null);
  for (const bad of ['0x1A', '0b1', 'Infinity', 'nan', '1e999', '1,5', '0.7abc', '--1']) failsWith(bad, /is not a finite decimal number/, { text: true, missing: tally });
  assert.equal(parseDecimal('.5'), 0.5);
  assert.equal(parseDecimal('5.'), 5);
  assert.equal(parseDecimal('1e999'), undefined);
});
