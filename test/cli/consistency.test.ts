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

// ------------------------------------------------------------------------------------------------ flag names, defaults

const PAIRS_DATA = () =>
  jsonl('pairs.jsonl', [
    { prompt: 'p1', chosen: 'a long good answer', rejected: 'short' },
    { prompt: 'p2', chosen: 'ok', rejected: 'a much longer but worse answer' },
    { prompt: 'p3', chosen: 'fine answer here', rejected: 'bad' },
  ]);

test('--judgment-format everywhere; probe keeps --judgments-format as a hidden alias with the same result', () => {
  const file = PAIRS_DATA();
  const canonical = cli(['probe', 'length', '-j', file, '--judgment-format', 'preferences', '-s', 'length', '--json']);
  const alias = cli(['probe', 'length', '-j', file, '--judgments-format', 'preferences', '-s', 'length', '--json']);
  assert.equal(canonical.code, alias.code);
  assert.equal(canonical.stdout, alias.stdout);
  for (const sub of ['length', 'position']) {
    const help = cli(['probe', sub, '--help']).stdout;
    assert.match(help, /--judgment-format <fmt>/);
    assert.doesNotMatch(help, /--judgments-format/);
  }
});

test('--bootstrap everywhere; probe keeps --resamples as a hidden alias with the same result', () => {
  const file = jsonl('decisions.jsonl', [
    { label: 1, original: 1, swapped: 1 },
    { label: 2, original: 1, swapped: 2 },
    { label: 1, original: 1, swapped: 2 },
    { label: 2, original: 2, swapped: 2 },
  ]);
  const canonical = cli(['probe', 'position', '--decisions', file, '--bootstrap', '50', '--json']);
  const alias = cli(['probe', 'position', '--decisions', file, '--resamples', '50', '--json']);
  assert.equal(canonical.code, 0, canonical.stderr);
  assert.equal(canonical.stdout, alias.stdout);
  assert.equal(JSON.parse(canonical.stdout).intervals.consistency.resamples, 50);
  for (const sub of [['probe', 'position'], ['probe', 'self-pref'], ['probe', 'hack']]) {
    const help = cli([...sub, '--help']).stdout;
    assert.match(help, /--bootstrap <n>/, sub.join(' '));
    assert.doesNotMatch(help, /--resamples/, sub.join(' '));
  }
});

test('one default --seed (1) in every command that has one', () => {
  const commands = [['meta-eval'], ['prefs', 'agreement'], ['prefs', 'bt'], ['prefs', 'elo'], ['prefs', 'pairs'], ['probe', 'position'], ['probe', 'self-pref'], ['probe', 'hack']];
  for (const c of commands) {
    const help = cli([...c, '--help']).stdout.replace(/\n\s+/g, ' ');
    assert.match(help, /--seed <n> [^-]*\(default: "1"\)/, c.join(' '));
  }
  const file = jsonl('decisions2.jsonl', [{ label: 1, original: 1, swapped: 2 }, { label: 2, original: 2, swapped: 2 }, { label: 1, original: 2, swapped: 1 }]);
  const r = cli(['probe', 'position', '--decisions', file, '--bootstrap', '20', '--json']);
  assert.equal(JSON.parse(r.stdout).intervals.consistency.seed, 1);
});

test('levels: segment|system|corpus with seg/sys accepted in score and meta-eval', () => {
  const file = jsonl('lv.jsonl', [{ output: 'a b c', ref: 'a b c' }, { output: 'x', ref: 'y' }]);
  const seg = cli(['score', '--data', file, '--ref-field', 'ref', '-s', 'chrf', '--level', 'seg', '--json']);
  const segment = cli(['score', '--data', file, '--ref-field', 'ref', '-s', 'chrf', '--level', 'segment', '--json']);
  assert.equal(seg.code, 0, seg.stderr);
  assert.equal(seg.stdout, segment.stdout);
  assert.equal(JSON.parse(seg.stdout).results[0].segments.length, 2);
  const bad = cli(['score', '--data', file, '--ref-field', 'ref', '-s', 'chrf', '--level', 'system']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--level must be corpus or segment \(seg\), not "system"/);
  const sample = path.join(REPO, 'examples/mqm-ted-ende/ted-ende.jsonl');
  const base = ['meta-eval', '-j', sample, '--value-field', 'mqm', '--item-field', 'seg_id', '--output-field', 'output', '--ref-field', 'reference', '-s', 'length', '-m', 'pearson', '--bootstrap', '0', '--no-cache', '--json'];
  const sys = cli([...base, '--level', 'sys']);
  const system = cli([...base, '--level', 'system']);
  assert.equal(sys.code, 0, sys.stderr);
  assert.equal(sys.stdout, system.stdout);
  assert.equal(JSON.parse(sys.stdout).tables[0].level, 'sys');
});

test('--help shows true defaults (no "[]"); score without -s says it uses BLEU', () => {
  for (const c of [['score'], ['meta-eval'], ['prefs', 'agreement'], ['probe', 'hack'], ['probe', 'length'], ['bon']]) {
    assert.doesNotMatch(cli([...c, '--help']).stdout, /default: \[\]/, c.join(' '));
  }
  const help = cli(['score', '--help']).stdout.replace(/\n\s+/g, ' ');
  assert.match(help, /--ref-field <name> [^-]*\(default: none\)/);
  assert.match(help, /-s, --scorer <spec> .*\(default: bleu, with a note on stderr\)/);
  for (const example of [/-s 'judge:model=/, /-s 'rm:api=/, /-s 'onnx-rm:path=/, /-s 'bertscore:path=/]) assert.match(help, example);
  const file = jsonl('nos.jsonl', [{ output: 'a b c d', ref: 'a b c d' }]);
  const r = cli(['score', '--data', file, '--ref-field', 'ref', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /no --scorer given: scoring with bleu \(the default\)/);
  assert.equal(JSON.parse(r.stdout).results[0].spec, 'bleu');
});

// ------------------------------------------------------------------------------------------------ scorers NAME

test('trenchcoat scorers NAME: one option per line with its default and meaning; every built-in scorer has lines', () => {
  const r = cli(['scorers', 'bleu']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^ {2}tokenize +13a\|intl\|zh\|char\|none; default 13a$/m);
  assert.match(r.stdout, /^ +sacreBLEU's tokenizer: /m);
  assert.match(r.stdout, /^ {2}eff +default false$/m);
  for (const line of r.stdout.split('\n')) assert.ok(line.length <= 120, `too wide: ${line}`);
  const judge = JSON.parse(cli(['scorers', 'judge', '--json']).stdout);
  const model = judge.options.find((o: { name: string }) => o.name === 'model');
  assert.deepEqual([model.values, model.default, model.note], ['NAME', undefined, 'required']);
  assert.equal(judge.options.find((o: { name: string }) => o.name === 'mode').default, 'pointwise');
  const all = JSON.parse(cli(['scorers', '--json']).stdout) as { name: string; options: string }[];
  for (const f of all.filter((x) => x.options)) {
    const one = JSON.parse(cli(['scorers', f.name, '--json']).stdout);
    assert.ok(one.options.length >= 1 && one.options.every((o: { name: string }) => /^[A-Za-z][\w-]*$/.test(o.name)), f.name);
  }
  const bad = cli(['scorers', 'nope']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown scorer "nope"/);
});
