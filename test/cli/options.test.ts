// num(): a numeric flag that fails its rule is a usage error saying what the flag accepts and what it got.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { atLeast, between, greaterThan, integerAtLeast, integerInRange, num } from '../../src/cli/options.js';
import { UsageError } from '../../src/cli/errors.js';
import { runCli } from '../helpers/cli.js';

const message = (f: () => unknown): string => {
  try {
    f();
  } catch (err) {
    assert.ok(err instanceof UsageError);
    return err.message;
  }
  assert.fail('no error');
};

test('each rule names its valid form; the value is quoted as given', () => {
  assert.equal(message(() => num('--threads', '0', integerAtLeast(1))), '--threads: expected an integer ≥ 1, got "0"');
  assert.equal(message(() => num('--threads', '1.5', integerAtLeast(1))), '--threads: expected an integer ≥ 1, got "1.5"');
  assert.equal(message(() => num('--port', '65536', integerInRange(0, 65535))), '--port: expected an integer from 0 to 65535, got "65536"');
  assert.equal(message(() => num('--confidence', '1', between(0, 1))), '--confidence: expected a number between 0 and 1 (exclusive), got "1"');
  assert.equal(message(() => num('--margin', '-0.1', atLeast(0))), '--margin: expected a number ≥ 0, got "-0.1"');
  assert.equal(message(() => num('--base', '1', greaterThan(1))), '--base: expected a number > 1, got "1"');
  assert.equal(message(() => num('--init', 'abc')), '--init: expected a number, got "abc"');
});

test('empty text is never read as 0 (Number("") is 0), nor Infinity as a count or a bound', () => {
  assert.equal(message(() => num('--bootstrap', '', integerAtLeast(0))), '--bootstrap: expected an integer ≥ 0, got ""');
  assert.equal(message(() => num('--init', '  ')), '--init: expected a number, got "  "');
  assert.equal(message(() => num('--shard-size', 'Infinity', integerAtLeast(1))), '--shard-size: expected an integer ≥ 1, got "Infinity"');
  assert.equal(message(() => num('--request-timeout', 'Infinity', greaterThan(0))), '--request-timeout: expected a number > 0, got "Infinity"');
  assert.equal(message(() => num('--seed', '1e300', integerAtLeast(0))), '--seed: expected an integer ≥ 0, got "1e300"');
});

test('valid values pass through as numbers; an absent flag stays undefined', () => {
  assert.equal(num('--threads', '2', integerAtLeast(1)), 2);
  assert.equal(num('--port', '0', integerInRange(0, 65535)), 0);
  assert.equal(num('--confidence', '0.9', between(0, 1)), 0.9);
  assert.equal(num('--init', '-3.5'), -3.5);
  assert.equal(num('--threads', undefined, integerAtLeast(1)), undefined);
});

test('the CLI: meta-eval --shard-size and --threads, worker --concurrency, bon --max-n say what they accept (exit 2)', () => {
  for (const [args, expected] of [
    [['meta-eval', '-j', 'x.jsonl', '-s', 'chrf', '--threads', '0'], '--threads: expected an integer ≥ 1, got "0"'],
    [['meta-eval', '-j', 'x.jsonl', '-s', 'chrf', '--shard-size', '-4'], '--shard-size: expected an integer ≥ 1, got "-4"'],
    [['meta-eval', '-j', 'x.jsonl', '--alpha', '2'], '--alpha: expected a number between 0 and 1 (exclusive), got "2"'],
    [['worker', '--queue', 'redis://127.0.0.1:6379', '--concurrency', 'many'], '--concurrency: expected an integer ≥ 1, got "many"'],
    [['bon', '-d', 'x.csv', '--proxy-field', 'rm', '--max-n', '2'], '--max-n: expected an integer ≥ 3 (the gold-gain fit needs two n > 1), got "2"'],
  ] as const) {
    const r = runCli([...args]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trim(), `error: ${expected}`);
  }
});
