// Every number the prefs readers and meta-eval --scores read from a file follows the finite-number rule, and every data
// error names FILE:LINE and field (issue 8 §2): prefs agreement (mixed types, duplicate unit/rater pair, non-finite
// values), prefs pairs, prefs elicit, meta-eval --scores.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli, scratchDir, writeJsonl } from '../helpers/cli.js';
import { runPrefsAgreement, runPrefsElicit, runPrefsPairs, type AgreementFlags, type PairsFlags } from '../../src/cli/prefs.js';
import { reliabilityFromRecords } from '../../src/prefs/reliability.js';

const AGREEMENT: Omit<AgreementFlags, 'data'> = {
  unitField: 'item',
  raterField: 'annotator',
  valueField: 'label',
  level: [],
  weights: 'none',
  bootstrap: '0',
  seed: '1',
  confidence: '0.95',
  dsInit: 'vote-share',
};

const agreement = (data: string, extra: Partial<AgreementFlags> = {}) => runPrefsAgreement({ ...AGREEMENT, data, ...extra });

test('prefs agreement: numbers mixed with labels exit 1 naming FILE:LINE, field and the line of the other kind', () => {
  const dir = scratchDir();
  const file = writeJsonl(dir, 'mixed.jsonl', [
    { item: 'u1', annotator: 'r1', label: 1 },
    { item: 'u1', annotator: 'r2', label: 2 },
    { item: 'u2', annotator: 'r1', label: 'good' },
    { item: 'u2', annotator: 'r2', label: 1 },
  ]);
  const r = runCli(['prefs', 'agreement', '-d', file, '--bootstrap', '0']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr.split('\n')[0], `error: ${file}:3: field "label": label "good" mixes numbers and labels (number 1 at line 1); code every value one way`);
});

test('prefs agreement (JSON): a quoted number is a label, so "3" beside numbers is a mixed-type error, not 3', async () => {
  const dir = scratchDir();
  const file = writeJsonl(dir, 'quoted.jsonl', [
    { item: 'u1', annotator: 'r1', label: 1 },
    { item: 'u1', annotator: 'r2', label: '3' },
  ]);
  await assert.rejects(agreement(file), { message: `${file}:2: field "label": label "3" mixes numbers and labels (number 1 at line 1); code every value one way` });
});

test('prefs agreement: a second value for the same (unit, rater) names both lines', async () => {
  const dir = scratchDir();
  const file = writeJsonl(dir, 'dup.jsonl', [
    { item: 'u1', annotator: 'r1', label: 'a' },
    { item: 'u1', annotator: 'r2', label: 'b' },
    { item: 'u2', annotator: 'r1', label: 'a' },
    { item: 'u1', annotator: 'r1', label: 'b' },
  ]);
  await assert.rejects(agreement(file), { message: `${file}:4: field "label": unit u1 has two values from rater r1 (first at line 1): give one value per (unit, rater)` });
  const r = runCli(['prefs', 'agreement', '-d', file, '--bootstrap', '0']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: .*dup\.jsonl:4: field "label": unit u1 has two values/);
});

test('prefs agreement: 1e999 (JSON) and nan / inf (CSV) are errors at FILE:LINE, not labels or missing values', async () => {
  const dir = scratchDir();
  const json = path.join(dir, 'big.jsonl');
  writeFileSync(json, '{"item":"u1","annotator":"r1","label":1}\n{"item":"u1","annotator":"r2","label":1e999}\n');
  await assert.rejects(agreement(json), { message: new RegExp(`^${json}:2: field "label": number Infinity is not a finite number`) });
  const csv = path.join(dir, 'nan.csv');
  writeFileSync(csv, 'item,annotator,label\nu1,r1,1\nu1,r2,2\nu2,r1,nan\nu2,r2,\n');
  await assert.rejects(agreement(csv), { message: new RegExp(`^${csv}:4: field "label": string "nan" is not a finite number \\(leave the cell empty`) });
  // --labels reads every cell as a label: "nan" is then a category like any other
  const asLabels = await agreement(csv, { labels: true });
  assert.equal(asLabels.report.ratings, 3);
  // an empty cell is the format's "not rated"; hex and "Infinity" are not decimal numbers, so the column is labels
  const hex = path.join(dir, 'hex.csv');
  writeFileSync(hex, 'item,annotator,label\nu1,r1,0x1\nu1,r2,1\nu2,r1,2\nu2,r2,\n');
  const run = await agreement(hex, { level: ['interval'] }).catch((e: Error) => e);
  assert.ok(run instanceof Error, 'interval α on labels without --order must fail, not read 0x1 as 1');
});

test('prefs agreement: a label outside --order names FILE:LINE', async () => {
  const dir = scratchDir();
  const file = writeJsonl(dir, 'order.jsonl', [
    { item: 'u1', annotator: 'r1', label: 'low' },
    { item: 'u1', annotator: 'r2', label: 'mid' },
  ]);
  await assert.rejects(agreement(file, { order: 'low,high', level: ['ordinal'] }), { message: `${file}:2: field "label": labels not in the given order: "mid" (order: "low", "high")` });
});

test('reliabilityFromRecords (library): errors name the unit and rater when records carry no location', () => {
  assert.throws(() => reliabilityFromRecords([{ unit: 'u', rater: 'r', value: 1 }, { unit: 'u', rater: 'r', value: 2 }]), {
    name: 'RangeError',
    message: 'unit u, rater r: unit u has two values from rater r: give one value per (unit, rater)',
  });
  assert.throws(() => reliabilityFromRecords([{ unit: 'u', rater: 'r', value: 1 }, { unit: 'u', rater: 's', value: 'x' }]), {
    name: 'TypeError',
    message: 'reliability values mix numbers and labels: label "x" mixes numbers and labels (number 1 at unit u, rater r); code every value one way',
  });
  assert.throws(() => reliabilityFromRecords([{ unit: 'u', rater: 'r', value: Infinity }]), { name: 'RangeError', message: 'unit u, rater r: value Infinity is not a finite number' });
});

const PAIRS: Omit<PairsFlags, 'data'> = {
  itemField: 'item',
  systemField: 'system',
  valueField: 'score',
  margin: '0',
  ties: 'drop',
  select: 'margin',
  balance: false,
  seed: '1',
  direction: 'higher',
  shape: 'preference',
};

test('prefs pairs: "0.7" (JSON), Infinity and null ratings are errors at FILE:LINE; --missing skip leaves null out and counts it', async () => {
  const dir = scratchDir();
  const rows = (v: unknown) => [
    { item: 'i1', system: 'A', score: 0.5 },
    { item: 'i1', system: 'B', score: v },
    { item: 'i1', system: 'C', score: 0.2 },
  ];
  const str = writeJsonl(dir, 'str.jsonl', rows('0.7'));
  await assert.rejects(runPrefsPairs({ ...PAIRS, data: str }), { message: new RegExp(`^${str}:2: field "score": expected a number, got string "0.7": strings are not numbers in JSON`) });
  const inf = path.join(dir, 'inf.csv');
  writeFileSync(inf, 'item,system,score\ni1,A,0.5\ni1,B,Infinity\n');
  await assert.rejects(runPrefsPairs({ ...PAIRS, data: inf }), { message: new RegExp(`^${inf}:3: field "score": string "Infinity" is not a finite decimal number`) });
  const nul = writeJsonl(dir, 'null.jsonl', rows(null));
  await assert.rejects(runPrefsPairs({ ...PAIRS, data: nul }), { message: new RegExp(`^${nul}:2: field "score": null: expected a finite number`) });
  const skipped = await runPrefsPairs({ ...PAIRS, data: nul, missing: 'skip' });
  assert.equal(skipped.stats.decided, 1);
  assert.deepEqual(skipped.missing, { count: 1, policy: 'skip', first: [`${nul}:2 field "score"`] });
  const out = path.join(dir, 'pairs.jsonl');
  const cli = runCli(['prefs', 'pairs', '-d', nul, '--shape', 'preference', '--missing', 'skip', '-o', out]);
  assert.equal(cli.code, 0, cli.stderr);
  assert.equal(cli.stdout.split('\n')[0], `missing values: 1 left out (${nul}:2 field "score"): not rated`);
});

test('prefs elicit: null is an abstention, a string or a probability outside [0, 1] is an error at FILE:LINE', async () => {
  const dir = scratchDir();
  const ok = writeJsonl(dir, 'ok.jsonl', [
    { id: 'p1', j1: 0.9, j2: null },
    { id: 'p2', j1: 0.2, j2: 0.8 },
  ]);
  const picks = await runPrefsElicit({ data: ok, probField: ['j1', 'j2'], method: 'variance' });
  assert.deepEqual(
    picks.map((p) => [p.id, p.scorers]),
    [
      ['p2', 2],
      ['p1', 1],
    ],
  );
  const str = writeJsonl(dir, 'str.jsonl', [{ id: 'p1', j1: '0.9', j2: 0.1 }]);
  await assert.rejects(runPrefsElicit({ data: str, probField: ['j1', 'j2'], method: 'variance' }), { message: new RegExp(`^${str}:1: field "j1": expected a number, got string "0.9"`) });
  const big = writeJsonl(dir, 'big.jsonl', [{ id: 'p1', j1: 0.9, j2: 1.5 }]);
  await assert.rejects(runPrefsElicit({ data: big, probField: ['j1', 'j2'], method: 'variance' }), { message: `${big}:1: field "j2": probability 1.5 is outside [0, 1]` });
});

test('meta-eval --scores: "nan", "0.7" in JSON and null are errors at FILE:LINE and column; --missing skip counts them', () => {
  const dir = scratchDir();
  const gold = writeJsonl(
    dir,
    'gold.jsonl',
    ['A', 'B', 'C'].flatMap((system, s) => [1, 2, 3, 4].map((i) => ({ system, item: `i${i}`, score: (s * 4 + i) % 5 }))),
  );
  const scores = (v: unknown) => ['A', 'B', 'C'].flatMap((system, s) => [1, 2, 3, 4].map((i) => ({ system, item: `i${i}`, m: s === 1 && i === 3 ? v : s + i / 10 })));
  const args = (f: string) => ['meta-eval', '-j', gold, '--value-field', 'score', '--scores', f, '-s', 'column:m', '-m', 'pearson', '--level', 'seg', '--bootstrap', '0'];
  const nanCsv = path.join(dir, 'nan.csv');
  writeFileSync(nanCsv, 'system,item,m\n' + scores('nan').map((r) => `${r.system},${r.item},${r.m}`).join('\n') + '\n');
  const a = runCli(args(nanCsv));
  assert.equal(a.code, 1);
  assert.match(a.stderr, new RegExp(`^error: ${nanCsv}:8: field "m": string "nan" is not a finite decimal number`));
  const str = writeJsonl(dir, 'str.jsonl', scores('0.7'));
  const b = runCli(args(str));
  assert.equal(b.code, 1);
  assert.match(b.stderr, new RegExp(`^error: ${str}:7: field "m": expected a number, got string "0.7"`));
  const nul = writeJsonl(dir, 'null.jsonl', scores(null));
  const c = runCli(args(nul));
  assert.equal(c.code, 1);
  assert.match(c.stderr, new RegExp(`^error: ${nul}:7: field "m": null: expected a finite number`));
  const d = runCli([...args(nul), '--missing', 'skip', '--json']);
  assert.equal(d.code, 0, d.stderr);
  assert.deepEqual(JSON.parse(d.stdout).missingScores, { count: 1, policy: 'skip', first: [`${nul}:7 field "m"`] });
});

test('judgment importers: a rating of 1e999 or "inf" is an error at FILE:LINE, not an infinite rating', async () => {
  const { ratingValue } = await import('../../src/judgments/importers/_values.js');
  const at = { file: 'r.tsv', line: 7, field: 'score' };
  assert.throws(() => ratingValue(Infinity, at), { message: /^r\.tsv:7: field "score": number Infinity is not a finite number/ });
  assert.throws(() => ratingValue('-inf', at), { message: /^r\.tsv:7: field "score": string "-inf" is not a finite number/ });
  assert.ok(Number.isNaN(ratingValue('None', at)), 'None stays the formats\' missing marker');
  assert.equal(ratingValue('-0.000000', at), 0);
});
