import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importMtMetricsEval } from '../../src/judgments/importers/mt-metrics-eval.js';
import { findRatings } from '../../src/judgments/importers/result.js';
import { importJudgments } from '../../src/judgments/importers/index.js';
import { DataError } from '../../src/data/errors.js';
import { cell, fixture, row } from './_fixtures.js';

const ROOT = fixture('mtme');

/** A writable copy of the toy test set, to break one file per test. */
function toyCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tc-mtme-'));
  cpSync(path.join(ROOT, 'toy23'), path.join(dir, 'toy23'), { recursive: true });
  return path.join(dir, 'toy23');
}

test('layout: test set and language pair found, systems from system-outputs, refB is a human system', async () => {
  const set = await importMtMetricsEval(ROOT);
  assert.equal(set.testset, 'toy23');
  assert.equal(set.lp, 'en-de');
  assert.deepEqual(set.systems, ['refB', 'sysA', 'sysB', 'sysC']);
  assert.deepEqual(set.humanSystems, ['refB']);
  assert.deepEqual(set.domains, ['news', 'social']);
  assert.deepEqual(
    set.documents.map((d) => [d.name, d.domain, d.begin, d.end]),
    [['doc1', 'news', 0, 2], ['doc2', 'social', 2, 4], ['doc3', 'news', 4, 5]],
  );
  // Python text mode: "It rained.  \r\n" is one line, right-stripped
  assert.equal(set.sources![1], 'It rained.');
  assert.equal(set.outputs!.sysC[1], null); // [No translation supplied]
  assert.deepEqual(Object.keys(set.references!).sort(), ['refA', 'refB']);
});

test('human scores at every level: seg None = NaN, doc items are document names, domains sorted, sys one item', async () => {
  const set = await importMtMetricsEval(ROOT);
  const seg = findRatings(set.human, 'mqm', 'seg')!;
  assert.deepEqual(seg.systems, ['sysA', 'sysB', 'refB']);
  assert.deepEqual(seg.items, ['1', '2', '3', '4', '5']);
  assert.deepEqual(row(seg, 'sysA'), [0, -1, 0, -5, 0]);
  assert.ok(Number.isNaN(cell(seg, 'sysB', '3')));
  assert.equal(cell(seg, 'refB', '3'), -0.1);
  assert.equal(seg.group, 'en-de');
  const doc = findRatings(set.human, 'mqm', 'doc')!;
  assert.deepEqual(doc.items, ['doc1', 'doc2', 'doc3']);
  assert.deepEqual(row(doc, 'sysA'), [-0.5, -2.5, 0]);
  const domain = findRatings(set.human, 'mqm', 'domain')!;
  assert.deepEqual(domain.items, ['news', 'social']);
  assert.deepEqual(row(domain, 'sysB'), [-4, -10]);
  const sys = findRatings(set.human, 'mqm', 'sys')!;
  assert.deepEqual(sys.items, ['sys']);
  assert.equal(cell(sys, 'refB', 'sys'), -0.02);
});

test('metric scores are Ratings too (protocol metric:<name>), with texts attached at segment level', async () => {
  const set = await importMtMetricsEval(ROOT);
  assert.deepEqual(set.metrics.map((m) => `${m.protocol}.${m.level}`), ['metric:BLEU-refA.seg', 'metric:BLEU-refA.sys', 'metric:COMET-QE-src.seg']);
  const bleu = findRatings(set.metrics, 'metric:BLEU-refA', 'seg')!;
  assert.deepEqual(row(bleu, 'sysA'), [100, 100, 100, 35.9, 100]);
  assert.deepEqual(bleu.referenceNames, ['refA', 'refB']);
  assert.deepEqual(bleu.references![0], ['Die Katze sass.', 'Die Katze hat gesessen.']);
  const s = bleu.systems.indexOf('sysB');
  assert.equal(bleu.outputs![s * 5 + 0], 'Katze sitzt.');
  assert.equal(bleu.outputs![bleu.systems.indexOf('sysC') * 5 + 1], null);
  const qe = findRatings(set.metrics, 'metric:COMET-QE-src', 'seg')!;
  assert.deepEqual(qe.systems, ['sysA', 'sysB', 'sysC']); // a source-based metric need not score refB
  const noTexts = await importMtMetricsEval(ROOT, { texts: false, metrics: false, levels: ['sys'] });
  assert.equal(noTexts.metrics.length, 0);
  assert.deepEqual(noTexts.human.map((h) => h.level), ['sys']);
  assert.equal(noTexts.sources, undefined);
});

test('importJudgments detects the layout; human scores are judgments, metric scores are scores', async () => {
  const r = await importJudgments(path.join(ROOT, 'toy23'));
  assert.equal(r.format, 'mt-metrics-eval');
  assert.equal(r.judgments.length, 4);
  assert.equal(r.scores.length, 3);
});

test('errors: unknown system, wrong segment count, None in a metric, bad field count', async () => {
  let dir = toyCopy();
  writeFileSync(path.join(dir, 'human-scores/en-de.mqm.sys.score'), 'sysA -1\nsysZ -2\n');
  await assert.rejects(importMtMetricsEval(dir), (e: unknown) => e instanceof DataError && e.line === 2 && e.field === 'system' && /sysZ/.test(e.message));
  dir = toyCopy();
  writeFileSync(path.join(dir, 'human-scores/en-de.mqm.seg.score'), 'sysA 0\nsysA 0\n');
  await assert.rejects(importMtMetricsEval(dir), (e: unknown) => e instanceof DataError && e.kind === 'length-mismatch' && /2 seg scores, expected 5/.test(e.message));
  dir = toyCopy();
  writeFileSync(path.join(dir, 'metric-scores/en-de/BLEU-refA.sys.score'), 'sysA 1\nsysB None\n');
  await assert.rejects(importMtMetricsEval(dir), (e: unknown) => e instanceof DataError && e.line === 2 && e.field === 'score');
  dir = toyCopy();
  writeFileSync(path.join(dir, 'human-scores/en-de.mqm.domain.score'), 'news sysA\n');
  await assert.rejects(importMtMetricsEval(dir), (e: unknown) => e instanceof DataError && e.line === 1 && /3 fields/.test(e.message));
  dir = toyCopy();
  writeFileSync(path.join(dir, 'system-outputs/en-de/sysB.txt'), 'one line\n');
  await assert.rejects(importMtMetricsEval(dir), (e: unknown) => e instanceof DataError && e.kind === 'length-mismatch' && e.file.endsWith('sysB.txt'));
});
