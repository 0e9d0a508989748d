// `prefs` subcommands end to end through commander (registerPrefsCommand on a fresh program; main.ts wiring is
// separate), on files written to a temp folder: bt / arena, agreement, elo, pairs, elicit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { registerPrefsCommand, runPrefsAgreement, runPrefsBt } from '../../src/cli/prefs.js';
import { alpacaBattleRows } from '../fixtures/prefs/load.js';

const dir = mkdtempSync(path.join(tmpdir(), 'tc-prefs-'));
const battlesFile = path.join(dir, 'battles.jsonl');
writeFileSync(battlesFile, alpacaBattleRows().map((r) => JSON.stringify(r)).join('\n') + '\n');

// Wikipedia's Krippendorff example in long form (coder, unit, value); missing cells are simply absent.
const WIKI = [
  [null, null, null, null, null, 3, 4, 1, 2, 1, 1, 3, 3, null, 3],
  [1, null, 2, 1, 3, 3, 4, 3, null, null, null, null, null, null, null],
  [null, null, 2, 1, 3, 4, 4, null, 2, 1, 1, 3, 3, null, 4],
];
const labelsFile = path.join(dir, 'labels.csv');
writeFileSync(
  labelsFile,
  'item,annotator,label\n' + WIKI.flatMap((row, c) => row.map((v, u) => (v === null ? '' : `u${u + 1},coder${'ABC'[c]},${v}\n`))).join(''),
);

async function run(args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  let stdout = '';
  let stderr = '';
  const program = new Command().name('trenchcoat').exitOverride();
  registerPrefsCommand(program, { out: (t) => (stdout += t), err: (t) => (stderr += t) });
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    await program.parseAsync(['node', 'trenchcoat', ...args]);
  } catch (e) {
    // commander's own usage errors (exitOverride): exit 2 as main.ts maps them
    stderr += String(e);
    process.exitCode = 2;
  }
  const exitCode = (process.exitCode as number | undefined) ?? 0;
  process.exitCode = before;
  return { stdout, stderr, exitCode };
}

test('prefs bt --json: the sklearn-parity ratings, bootstrap CIs, ranks; arena is an alias', async () => {
  const r = await run(['prefs', 'bt', '--data', battlesFile, '--bootstrap', '100', '--seed', '3', '--json']);
  assert.equal(r.exitCode, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.battles, 17484);
  assert.equal(j.ratings.length, 19);
  const nullModel = j.ratings.find((x: { model: string }) => x.model === 'NullModel');
  assert.ok(Math.abs(nullModel.rating - 1644.315112898) < 1e-6); // sklearn reference (see bradley-terry.test.ts)
  assert.equal(nullModel.rank, 1);
  assert.ok(nullModel.lower < nullModel.rating && nullModel.rating < nullModel.upper);
  assert.deepEqual(j.bootstrap, { rounds: 100, seed: 3, confidence: 0.95, skipped: 0 });
  const alias = await run(['prefs', 'arena', '--data', battlesFile, '--bootstrap', '100', '--seed', '3', '--json']);
  assert.equal(alias.stdout, r.stdout);
});

test('prefs bt table, --anchor, --out CSV; runPrefsBt returns the same numbers', async () => {
  const out = path.join(dir, 'board.csv');
  const r = await run(['prefs', 'bt', '--data', battlesFile, '--bootstrap', '0', '--anchor', 'claude-2.1=1114', '--out', out]);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.match(r.stdout, /claude-2\.1 anchored at 1114/);
  assert.match(r.stdout, /^\s+1\s+NullModel\s+1673\.23/m); // 1644.315113 + (1114 − 1085.087258)
  const csv = readFileSync(out, 'utf8').split('\n');
  assert.equal(csv[0], 'rank,model,rating,lower,upper,median,variance,battles,wins,losses,ties');
  assert.equal(csv.length, 21); // header, 19 rows, final newline
  const lib = await runPrefsBt({ data: battlesFile, modelAField: 'model_a', modelBField: 'model_b', winnerField: 'winner', bootstrap: '0', seed: '0', confidence: '0.95', scale: '400', base: '10', init: '1000', prior: '0', anchor: 'claude-2.1=1114' });
  assert.equal(lib.result.ratings.find((x) => x.model === 'claude-2.1')!.rating, 1114);
});

test('prefs bt: usage errors exit 2, bad data exits 1 with the file and line', async () => {
  assert.equal((await run(['prefs', 'bt', '--data', battlesFile, '--anchor', 'oops'])).exitCode, 2);
  const bad = path.join(dir, 'bad.jsonl');
  writeFileSync(bad, '{"model_a":"x","model_b":"y","winner":"model_a"}\n{"model_a":"x","model_b":"y","winner":"maybe"}\n');
  const r = await run(['prefs', 'bt', '--data', bad]);
  assert.equal(r.exitCode, 1);
  assert.match(r.stderr, /bad\.jsonl:2: field "winner"/);
  const oneSided = path.join(dir, 'one-sided.jsonl');
  writeFileSync(oneSided, '{"model_a":"x","model_b":"y","winner":"model_a"}\n');
  assert.match((await run(['prefs', 'bt', '--data', oneSided, '--bootstrap', '0'])).stderr, /no finite Bradley–Terry MLE: [xy] (won|lost) every battle against the other 1 model/);
});

test('prefs agreement: Krippendorff 0.691358 (nominal) and 0.810845 (interval) from a CSV; --json; runPrefsAgreement', async () => {
  const r = await run(['prefs', 'agreement', '--data', labelsFile, '--level', 'nominal', '--level', 'interval', '--bootstrap', '200', '--seed', '1', '--json']);
  assert.equal(r.exitCode, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  // CSV cells are text; all of them are numeric, so they are read as numbers and interval α applies
  assert.equal(j.raters, 3);
  assert.equal(Math.round(j.alpha[0].value * 1e6) / 1e6, 0.691358);
  assert.equal(Math.round(j.alpha[1].value * 1e6) / 1e6, 0.810845);
  assert.ok(j.alpha[0].ci.lower < j.alpha[0].value);
  const table = await run(['prefs', 'agreement', '--data', labelsFile, '--bootstrap', '0']);
  assert.match(table.stdout, /Krippendorff's α \(nominal\)\s+0\.6914/);
  assert.match(table.stdout, /Fleiss' κ left out/);
  const lib = await runPrefsAgreement({ data: labelsFile, unitField: 'item', raterField: 'annotator', valueField: 'label', level: ['interval'], weights: 'none', bootstrap: '0', seed: '0', confidence: '0.95', dsInit: 'vote-share' });
  assert.equal(Math.round(lib.report.alpha[0].value * 1e6) / 1e6, 0.810845);
});

test('prefs agreement --dawid-skene reports class marginals and labels', async () => {
  const r = await run(['prefs', 'agreement', '--data', labelsFile, '--bootstrap', '0', '--dawid-skene', '--json']);
  assert.equal(r.exitCode, 0, r.stderr);
  const ds = JSON.parse(r.stdout).dawidSkene;
  assert.deepEqual(ds.classes, ['1', '2', '3', '4']);
  assert.ok(Math.abs(ds.classMarginals.reduce((a: number, b: number) => a + b, 0) - 1) < 1e-12);
  assert.equal(ds.labels.u7, '4'); // all three coders said 4
});

test('prefs elo, pairs and elicit run end to end', async () => {
  const elo = JSON.parse((await run(['prefs', 'elo', '--data', battlesFile, '--json'])).stdout);
  assert.ok(Math.abs(elo.ratings.find((x: { model: string }) => x.model === 'gpt4_1106_preview').rating - 1491.9646216266044) < 1e-9);

  const ratings = path.join(dir, 'ratings.jsonl');
  writeFileSync(
    ratings,
    [
      { item: 'q1', system: 'a', score: 5, response: 'A1', prompt: 'P1' },
      { item: 'q1', system: 'b', score: 2, response: 'B1', prompt: 'P1' },
      { item: 'q2', system: 'a', score: 3, response: 'A2', prompt: 'P2' },
      { item: 'q2', system: 'b', score: 3, response: 'B2', prompt: 'P2' },
    ]
      .map((x) => JSON.stringify(x))
      .join('\n') + '\n',
  );
  const pairsOut = path.join(dir, 'pairs.jsonl');
  const p = await run(['prefs', 'pairs', '--data', ratings, '--output-field', 'response', '--prompt-field', 'prompt', '--shape', 'trl', '--out', pairsOut, '--json']);
  assert.equal(p.exitCode, 0, p.stderr);
  assert.equal(JSON.parse(p.stdout).written, 1);
  assert.deepEqual(JSON.parse(readFileSync(pairsOut, 'utf8')), { prompt: 'P1', chosen: 'A1', rejected: 'B1' });
  assert.equal((await run(['prefs', 'pairs', '--data', ratings, '--out', pairsOut])).exitCode, 2); // no texts for trl

  const scored = path.join(dir, 'scored.jsonl');
  writeFileSync(scored, [{ id: 'p1', j1: 0.9, j2: 0.1 }, { id: 'p2', j1: 0.6, j2: 0.7 }].map((x) => JSON.stringify(x)).join('\n') + '\n');
  const e = JSON.parse((await run(['prefs', 'elicit', '--data', scored, '--prob-field', 'j1', '--prob-field', 'j2', '--top', '1', '--json'])).stdout);
  assert.deepEqual(e.picks.map((x: { id: string }) => x.id), ['p1']);
});

test('prefs agreement --labels keeps numeric-looking values as labels (then interval α is refused)', async () => {
  const r = await run(['prefs', 'agreement', '--data', labelsFile, '--labels', '--level', 'interval', '--bootstrap', '0']);
  assert.equal(r.exitCode, 1);
  assert.match(r.stderr, /interval α needs numeric values/);
  const nominal = await run(['prefs', 'agreement', '--data', labelsFile, '--labels', '--bootstrap', '0', '--json']);
  assert.equal(Math.round(JSON.parse(nominal.stdout).alpha[0].value * 1e6) / 1e6, 0.691358);
});

test('an empty integer flag is a usage error, never read as 0', async () => {
  const r = await run(['prefs', 'bt', '--data', battlesFile, '--bootstrap', '', '--json']);
  assert.equal(r.exitCode, 2);
  assert.match(r.stderr, /--bootstrap: expected an integer ≥ 0, got ""/);
  assert.equal(r.stdout, '');
});
