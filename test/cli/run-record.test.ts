// Every command records a run — lexical `score`, `meta-eval`, `probe` included — with its argv, seed, input hashes,
// signatures, duration, exit code and the result it printed; `runs show ID --json` prints that result again, byte for
// byte; `--no-record` records nothing; a failed command is recorded as failed with its error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../fixtures/wmt21/load.js';

const MAIN = path.join(REPO_ROOT, 'src/cli/main.ts');
const dir = mkdtempSync(path.join(tmpdir(), 'tc-record-'));
const STORE = path.join(dir, 'home', 'cache.sqlite');

function cli(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, TRENCHCOAT_HOME: path.dirname(STORE) },
    maxBuffer: 64 << 20,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function runs(): any[] {
  const r = cli(['runs', '--limit', '0', '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

const HYP = path.join(dir, 'hyp.txt');
const REF = path.join(dir, 'ref.txt');
writeFileSync(HYP, 'the cat sat on the mat\na quick brown fox\n');
writeFileSync(REF, 'the cat sat on a mat\nthe quick brown fox jumps\n');

test('score with lexical metrics is recorded; runs show --json gives back the exact --json bytes', () => {
  const before = runs().length;
  const args = ['score', '--hyp', HYP, '--ref', REF, '-s', 'bleu', '-s', 'chrf', '--json'];
  const r = cli(args);
  assert.equal(r.code, 0, r.stderr);
  const all = runs();
  assert.equal(all.length, before + 1);
  const rec = all[0];
  assert.equal(rec.command, 'score');
  assert.deepEqual(rec.argv, args);
  assert.equal(rec.status, 'ok');
  assert.equal(rec.exitCode, 0);
  assert.ok(typeof rec.durationMs === 'number' && rec.durationMs >= 0);
  assert.deepEqual(rec.inputHashes, { [HYP]: sha256(HYP), [REF]: sha256(REF) });
  assert.equal(rec.dataHash, createHash('sha256').update(`${sha256(HYP)}\n${sha256(REF)}\n`).digest('hex'));
  assert.deepEqual(rec.signatures, JSON.parse(r.stdout).results.map((x: any) => x.signature));
  assert.match(rec.signatures[0], /^BLEU\|nrefs:1\|/);
  assert.deepEqual(rec.result, JSON.parse(r.stdout));
  assert.deepEqual(rec.counts, { items: 2, skipped: 0, failed: 0 });
  const show = cli(['runs', 'show', rec.id, '--json']);
  assert.equal(show.code, 0, show.stderr);
  assert.equal(show.stdout, r.stdout);
  // a unique prefix of the id is enough
  assert.equal(cli(['runs', 'show', rec.id.slice(0, -3), '--json']).stdout, r.stdout);
});

test('the result is recorded without --json too: the same object --json prints', () => {
  const withJson = cli(['score', '--hyp', HYP, '--ref', REF, '-s', 'ter', '--json']);
  const plain = cli(['score', '--hyp', HYP, '--ref', REF, '-s', 'ter']);
  assert.equal(plain.code, 0, plain.stderr);
  assert.match(plain.stdout, /^scorer\s+n\s+score/);
  const rec = runs()[0];
  assert.deepEqual(rec.result, JSON.parse(withJson.stdout));
  assert.equal(cli(['runs', 'show', rec.id, '--json']).stdout, withJson.stdout);
  const human = cli(['runs', 'show', rec.id]);
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stdout, new RegExp(`^run ${rec.id}\\n  command   trenchcoat score --hyp `));
  assert.match(human.stdout, /\n  status    ok \(exit 0\)\n/);
  assert.match(human.stdout, /\n    results\[0\]\.corpus\[0\]\.value = \d/);
  assert.match(human.stdout, /\n  signatures\n    TER\|/);
});

test('meta-eval and probe are recorded, with their seed', () => {
  const sample = path.join(REPO_ROOT, 'examples/mqm-ted-ende/ted-ende.jsonl');
  const m = cli(['meta-eval', '-j', sample, '--value-field', 'mqm', '--item-field', 'seg_id', '--output-field', 'output', '--ref-field', 'reference',
    '-s', 'length', '-m', 'pearson', '--bootstrap', '20', '--seed', '7', '--json']);
  assert.equal(m.code, 0, m.stderr);
  const mrec = runs()[0];
  assert.equal(mrec.command, 'meta-eval');
  assert.equal(mrec.seed, 7);
  assert.deepEqual(Object.keys(mrec.inputHashes), [sample]);
  assert.equal(cli(['runs', 'show', mrec.id, '--json']).stdout, m.stdout);

  const items = path.join(dir, 'items.jsonl');
  writeFileSync(items, ['short', 'a much longer answer here', 'mid answer'].map((o, i) => JSON.stringify({ id: `i${i}`, prompt: `q${i}`, output: o })).join('\n') + '\n');
  const p = cli(['probe', 'hack', '--data', items, '--prompt-field', 'prompt', '-s', 'length', '-p', 'verbosity-padding', '--resamples', '50', '--seed', '3']);
  assert.equal(p.code, 0, p.stderr);
  const prec = runs()[0];
  assert.equal(prec.command, 'probe hack');
  assert.equal(prec.seed, 3);
  assert.equal(prec.status, 'ok');
  assert.ok(prec.result !== undefined && typeof prec.result === 'object', 'probe result recorded without --json');
});

test('--no-record records nothing; a failing command is recorded as failed with its exit code and error', () => {
  const before = runs().length;
  const r = cli(['score', '--hyp', HYP, '--ref', REF, '-s', 'bleu', '--no-record']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(runs().length, before);
  const bad = path.join(dir, 'bad.jsonl');
  writeFileSync(bad, '{"id":"a","output":"x"}\n{not json\n');
  const f = cli(['score', '--data', bad, '-s', 'length']);
  assert.equal(f.code, 1);
  const rec = runs()[0];
  assert.equal(runs().length, before + 1);
  assert.equal(rec.status, 'failed');
  assert.equal(rec.exitCode, 1);
  assert.match(rec.error, /bad\.jsonl:2/);
  assert.equal(rec.result, undefined);
  const show = cli(['runs', 'show', rec.id, '--json']);
  assert.equal(show.code, 1);
  assert.match(show.stderr, /printed no result/);
  assert.equal(cli(['runs', 'show', 'no-such-run']).code, 1);
});
