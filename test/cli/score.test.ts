// End-to-end: the real CLI in a child process, on the WMT21 fixture slice and hand-made bad inputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FIXTURE_DIR, REPO_ROOT, corpusGoldens } from '../fixtures/wmt21/load.js';
import { readRecords } from '../../src/data/index.js';

const MAIN = path.join(REPO_ROOT, 'src/cli/main.ts');

function cli(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const fx = (name: string) => path.join(FIXTURE_DIR, name);
const golden = (metric: string, refs: string[]) =>
  corpusGoldens().find((g) => g.lp === 'en-de' && g.system === 'Facebook-AI' && g.metric === metric && g.refs.join() === refs.join())!;

test('score --hyp/--ref reproduces sacreBLEU corpus BLEU, chrF and TER with 1 and 3 references', () => {
  const hyp = fx('newstest2021.en-de.hyp.Facebook-AI.de.gz');
  const one = cli(['score', '--hyp', hyp, '--ref', fx('newstest2021.en-de.ref.A.de.gz'), '-s', 'bleu', '-s', 'chrf', '-s', 'ter', '--json']);
  assert.equal(one.code, 0, one.stderr);
  const r1 = JSON.parse(one.stdout);
  assert.equal(r1.items, 1002);
  assert.equal(r1.results[0].corpus[0].value, golden('bleu', ['A']).score);
  assert.ok(Math.abs(r1.results[1].corpus[0].value - golden('chrf', ['A']).score) < 1e-9);
  assert.ok(Math.abs(r1.results[2].corpus[0].value - golden('ter', ['A']).score) < 1e-9);
  assert.match(r1.results[0].signature, /^BLEU\|nrefs:1\|case:mixed\|eff:no\|tok:13a\|smooth:exp\|version:trenchcoat-/);
  const refs = ['A', 'C', 'D'].flatMap((r) => ['--ref', fx(`newstest2021.en-de.ref.${r}.de.gz`)]);
  const three = cli(['score', '--hyp', hyp, ...refs, '-s', 'bleu', '--json']);
  const r3 = JSON.parse(three.stdout);
  assert.equal(r3.results[0].corpus[0].value, golden('bleu', ['A', 'C', 'D']).score);
  assert.match(r3.results[0].signature, /nrefs:3/);
});

test('the same inputs give the same bytes', () => {
  const args = ['score', '--hyp', fx('newstest2021.de-en.hyp.Watermelon.en.gz'), '--ref', fx('newstest2021.de-en.ref.A.en.gz'), '-s', 'chrf++', '--json'];
  const a = cli(args);
  const b = cli(args);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(a.stdout, b.stdout);
});

test('score --data with --group-by writes per-system corpus scores and a parquet of segment scores', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tc-cli-'));
  const data = path.join(dir, 'in.jsonl');
  const rows = [
    { id: 'a1', system: 'A', hyp: 'the cat sat on the mat', ref: 'the cat sat on the mat' },
    { id: 'a2', system: 'A', hyp: 'a dog', ref: 'a dog barked' },
    { id: 'b1', system: 'B', hyp: 'completely different words', ref: 'the cat sat on the mat' },
  ];
  writeFileSync(data, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const out = path.join(dir, 'seg.parquet');
  const r = cli(['score', '--data', data, '--output-field', 'hyp', '--ref-field', 'ref', '--meta-field', 'system', '-s', 'chrf', '-s', 'length:unit=tokens', '--group-by', 'system', '--out', out, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(j.results[1].corpus.map((c: { group: string; value: number }) => [c.group, c.value]), [['A', 4], ['B', 3]]);
  const seg: Record<string, unknown>[] = [];
  for await (const rec of readRecords(out)) seg.push(rec.record);
  assert.deepEqual(seg.map((s) => s.id), ['a1', 'a2', 'b1']);
  assert.equal(seg[0].chrf, 100);
  assert.equal(seg[1]['length:unit=tokens'], 2);
});

test('a hypothesis/reference line-count mismatch names both files and exits 1', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tc-cli-'));
  writeFileSync(path.join(dir, 'h.txt'), 'one\ntwo\nthree\n');
  writeFileSync(path.join(dir, 'r.txt'), 'one\ntwo\n');
  const r = cli(['score', '--hyp', path.join(dir, 'h.txt'), '--ref', path.join(dir, 'r.txt'), '-s', 'bleu']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /h\.txt/);
  assert.match(r.stderr, /r\.txt/);
  assert.equal(r.stdout, '');
});

test('bad rows stop the run with file, line and field; --on-error skip counts them into a rejects file', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tc-cli-'));
  const data = path.join(dir, 'in.jsonl');
  writeFileSync(data, ['{"id":"1","output":"a b c","ref":"a b c"}', '{"id":"2","output":17,"ref":"x"}', '{"id":"3", broken', '{"id":"4","output":"a b","ref":"a b"}'].join('\n') + '\n');
  const fail = cli(['score', '--data', data, '--ref-field', 'ref', '-s', 'chrf']);
  assert.equal(fail.code, 1);
  assert.match(fail.stderr, /in\.jsonl:2.*output/);
  const rejects = path.join(dir, 'bad.jsonl');
  const skip = cli(['score', '--data', data, '--ref-field', 'ref', '-s', 'chrf', '--on-error', 'skip', '--rejects', rejects, '--json']);
  assert.equal(skip.code, 0, skip.stderr);
  const j = JSON.parse(skip.stdout);
  assert.equal(j.items, 2);
  assert.equal(j.skipped, 2);
  assert.match(skip.stderr, /skipped 2 bad row/);
  const lines = readFileSync(rejects, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => l.line), [2, 3]);
  assert.equal(lines[0].field, 'output');
});

test('usage errors exit 2: unknown scorer, bad option, no input', () => {
  const hyp = fx('newstest2021.de-en.hyp.Watermelon.en.gz');
  const unknown = cli(['score', '--hyp', hyp, '--ref', hyp, '-s', 'bleurt']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown scorer "bleurt"/);
  const badOpt = cli(['score', '--hyp', hyp, '--ref', hyp, '-s', 'bleu:tokenize=moses']);
  assert.equal(badOpt.code, 2);
  assert.match(badOpt.stderr, /tokenize/);
  const none = cli(['score', '-s', 'bleu']);
  assert.equal(none.code, 2);
  const flag = cli(['score', '--no-such-flag']);
  assert.equal(flag.code, 2);
});

test('demo: scores, meta-evaluates, probes and shows the cache on the bundled MQM sample', () => {
  const r = cli(['demo']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /960 segments from 8 MT systems/);
  // Facebook-AI's corpus BLEU on the bundled sample, checked against sacreBLEU 2.6.0 (29.47229919386047)
  assert.match(r.stdout, /Facebook-AI\s+-1\.043\s+29\.47/);
  assert.match(r.stdout, /BLEU\|nrefs:1\|case:mixed/);
  // segment-level Pearson and Kendall of sentence chrF with MQM, checked against scipy on sacreBLEU sentence chrF:
  // pearsonr 0.18475384432196473, kendalltau 0.1629997513516705
  assert.match(r.stdout, /pearson · segment level[\s\S]*?\nchrf\s+0\.1848\s/);
  assert.match(r.stdout, /kendall · segment level[\s\S]*?\nchrf\s+0\.1630\s/);
  assert.match(r.stdout, /calibration summary \(preference pairs\)/);
  // the length baseline rises under every padding perturbation
  assert.match(r.stdout, /\nlength\s+1\.000 \[1\.00, 1\.00\]\s+1\.000 \[1\.00, 1\.00\]/);
  // the second run of the model scorer is served entirely from the cache
  assert.match(r.stdout, /second run: mean reward (\S+); cache: 960 hits, 0 computed/);
  const means = [...r.stdout.matchAll(/(first|second) run: mean reward (\S+);/g)].map((m) => m[2]);
  assert.equal(means.length, 2);
  assert.equal(means[0], means[1]);
  // the served reward of the first item: sentence chrF 49.30892498537213 from sacreBLEU 2.6.0 (bench/reference/chrf_server.py)
  assert.match(r.stdout, /== 5\. serve: [\s\S]*?\nFacebook-AI:1\s+49\.3089\s/);
  // npm start ends with the page of the run (its content is checked in a browser by test/report/browser.test.ts)
  assert.match(r.stdout, /\nreport: \S*trenchcoat-demo\.html \(open it in a browser/);
});

test('--level segment prints one tab-separated line per segment, like sacreBLEU --sentence-level', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tc-cli-'));
  writeFileSync(path.join(dir, 'h.txt'), 'the cat sat\na dog\n');
  writeFileSync(path.join(dir, 'r.txt'), 'the cat sat down\na dog barked\n');
  const r = cli(['score', '--hyp', path.join(dir, 'h.txt'), '--ref', path.join(dir, 'r.txt'), '-s', 'chrf', '-s', 'bleu:eff=true', '--level', 'segment']);
  assert.equal(r.code, 0, r.stderr);
  // sacreBLEU 2.6.0: sentence_chrf 66.01764142221674 / 32.879188099541224, sentence_bleu 71.65313105737896 / 60.653065971263366
  assert.match(r.stdout, /^id\tchrf\tbleu:eff=true\n1\t66\.0176\t71\.6531\n2\t32\.8792\t60\.6531\n\n/);
});

test('column:NAME and --group-by read their fields without --meta-field', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tc-cli-'));
  const data = path.join(dir, 'rm.jsonl');
  writeFileSync(data, ['{"id":"a","output":"x","reward":1.5,"system":"s1"}', '{"id":"b","output":"y","reward":-0.5,"system":"s2"}', '{"id":"c","output":"z","reward":0.5,"system":"s1"}'].join('\n') + '\n');
  const r = cli(['score', '--data', data, '-s', 'column:reward', '--group-by', 'system', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(j.results[0].corpus.map((c: { group: string; value: number }) => [c.group, c.value]), [['s1', 1], ['s2', -0.5]]);
});
