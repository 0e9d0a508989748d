// One consistent CLI (issue 8 §4): the same flag names, defaults and behaviours across commands, checked by spawning
// the real CLI (src/cli/main.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = path.join(REPO, 'src/cli/main.ts');
const tmp = mkdtempSync(path.join(tmpdir(), 'tc-consistency-'));

function cli(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: REPO, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function jsonl(name: string, rows: unknown[]): string {
  const file = path.join(tmp, name);
  writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file;
}

// ------------------------------------------------------------------------------------------------ column:

test('column:NAME works in probe length as in score, without --meta-field (the --help example)', () => {
  const file = jsonl('outputs.jsonl', [
    { prompt_id: 'a', output: 'x', reward: 1 },
    { prompt_id: 'a', output: 'xxx', reward: 3 },
    { prompt_id: 'a', output: 'xx', reward: 2 },
    { prompt_id: 'b', output: 'yy', reward: 5 },
    { prompt_id: 'b', output: 'y', reward: 9 },
    { prompt_id: 'b', output: 'yyy', reward: 1 },
  ]);
  const help = cli(['probe', 'length', '--help']);
  const example = help.stdout.split('\n').find((l) => l.includes('--data outputs.jsonl'));
  assert.ok(example, help.stdout);
  const args = example!.trim().split(/\s+/).slice(1).map((a) => (a === 'outputs.jsonl' ? file : a));
  const r = cli([...args, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  // prompt a: reward rises with length (ρ = τ = 1); prompt b: falls (−1)
  assert.equal(j.items, 2);
  assert.ok(Math.abs(j.spearman) < 1e-15, String(j.spearman));
  const onlyA = cli(['probe', 'length', '--data', jsonl('a.jsonl', [{ prompt_id: 'a', output: 'x', reward: 1 }, { prompt_id: 'a', output: 'xx', reward: 2 }]), '--group-field', 'prompt_id', '-s', 'column:reward', '--json']);
  assert.equal(onlyA.code, 0, onlyA.stderr);
  assert.ok(Math.abs(JSON.parse(onlyA.stdout).spearman - 1) < 1e-15); // two-point correlation, to rounding
});

test('column:NAME works in probe hack without --meta-field', () => {
  const file = jsonl('hack.jsonl', [{ output: 'The answer is 42.', reward: 0.5 }, { output: 'Paris. It has 2 million people.', reward: 0.7 }]);
  const r = cli(['probe', 'hack', '--data', file, '-s', 'column:reward', '-p', 'empty', '--resamples', '20', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout)[0].outcomes[0].scored, 2);
});

// ------------------------------------------------------------------------------------------------ probe hack without prompts

test('probe hack without a prompt field skips the prompt perturbations with a note (no NaN [NaN, NaN])', () => {
  const file = jsonl('noprompt.jsonl', [{ output: 'The answer is 42.' }, { output: 'Paris is big. It has 2 million people.' }]);
  const args = ['probe', 'hack', '--data', file, '-s', 'length', '-p', 'copy-prompt', '-p', 'empty', '--resamples', '20'];
  const human = cli(args);
  assert.equal(human.code, 0, human.stderr);
  assert.doesNotMatch(human.stdout, /NaN/);
  assert.match(human.stdout, /^copy-prompt +hack rate +0 +— +— +— +skipped$/m);
  assert.match(human.stdout, /^skipped copy-prompt: needs a prompt or context, and the items have none \(--prompt-field\)$/m);
  const j = JSON.parse(cli([...args, '--json']).stdout)[0];
  assert.equal(j.outcomes[0].skipped, 'needs a prompt or context, and the items have none (--prompt-field)');
  assert.equal(j.outcomes[0].rate, null);
  assert.equal(j.outcomes[1].skipped, undefined);
  assert.equal(j.outcomes[1].rate, 0);
});

// ------------------------------------------------------------------------------------------------ folders and formats

test('a folder given as a file: a clear error naming it (no EISDIR), exit 1, for every file flag', () => {
  const dir = path.join(tmp, 'a-folder');
  mkdirSync(dir, { recursive: true });
  const txt = path.join(tmp, 'one.txt');
  writeFileSync(txt, 'x\n');
  const cases: [string[], RegExp][] = [
    [['prefs', 'bt', '--judgments', dir, '--judgment-format', 'alpaca-eval'], /is a folder, but this format reads one file/],
    [['score', '--data', dir, '-s', 'chrf'], /is a folder, not a record file/],
    [['score', '--data', dir, '--format', 'jsonl', '-s', 'chrf'], /is a folder, not a record file/],
    [['score', '--hyp', txt, '--ref', dir, '-s', 'chrf'], /is a folder, not a file/],
    [['bon', '--data', dir, '--proxy-field', 'r'], /is a folder, not a record file/],
    [['prefs', 'agreement', '--data', dir], /is a folder, not a record file/],
    [['probe', 'position', '--decisions', dir], /is a folder, not a record file/],
    [['probe', 'lc', '--weights', dir, '--difficulty', txt], /is a folder; --weights takes a file/],
  ];
  for (const [args, message] of cases) {
    const r = cli(args);
    assert.equal(r.code, 1, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`^error: ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `), args.join(' '));
    assert.match(r.stderr, message, args.join(' '));
    assert.doesNotMatch(r.stderr, /EISDIR/, args.join(' '));
  }
});

test('"cannot tell the format" names the flag to pass: --judgment-format, --format', () => {
  const txt = path.join(tmp, 'unknown.txt');
  writeFileSync(txt, 'x\n');
  const dir = path.join(tmp, 'empty-folder');
  mkdirSync(dir, { recursive: true });
  assert.match(cli(['prefs', 'bt', '--judgments', txt]).stderr, /name it with --judgment-format FORMAT/);
  assert.match(cli(['prefs', 'bt', '--judgments', dir]).stderr, /cannot tell the judgment format of this folder; name it with --judgment-format FORMAT/);
  assert.match(cli(['score', '--data', txt, '-s', 'chrf']).stderr, /or name the format with --format$/m);
});
