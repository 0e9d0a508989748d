import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importFrank } from '../../src/judgments/importers/frank.js';
import { findRatings } from '../../src/judgments/importers/result.js';
import { importJudgments } from '../../src/judgments/importers/index.js';
import { DataError } from '../../src/data/errors.js';
import type { Ratings } from '../../src/judgments/types.js';
import { cell, fixture, hasSharedData, pearson, rated, row, shared, tempFile } from './_fixtures.js';

/** FRANK's partial correlation (evaluate.py, README): drop missing cells, subtract per-system means, Pearson. */
function partialPearson(metric: Ratings, human: Ratings): { r: number; n: number } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of human.systems) {
    const hx: number[] = [];
    const hy: number[] = [];
    const mrow = row(metric, s);
    const hrow = row(human, s);
    for (let i = 0; i < hrow.length; i++) {
      if (Number.isNaN(mrow[i]) || Number.isNaN(hrow[i])) continue;
      hx.push(mrow[i]);
      hy.push(hrow[i]);
    }
    if (hx.length === 0) continue;
    const mx = hx.reduce((a, b) => a + b, 0) / hx.length;
    const my = hy.reduce((a, b) => a + b, 0) / hy.length;
    hx.forEach((v, k) => {
      xs.push(v - mx);
      ys.push(hy[k] - my);
    });
  }
  return { r: pearson(xs, ys), n: xs.length };
}

test('slice: model_name × article hash; metric and human matrices share one layout; missing metrics are NaN', async () => {
  const b = await importFrank(fixture('frank/human_annotations.json.gz'), { metricsFile: fixture('frank/baseline_factuality_metrics_outputs.json.gz') });
  const fact = findRatings(b.human, 'factuality')!;
  assert.deepEqual(fact.systems, ['bart', 'bert_sum', 'bus', 'pgn', 's2s']);
  assert.equal(fact.items.length, 60);
  assert.equal(rated(Array.from(fact.values)).length, 300);
  assert.equal(cell(fact, 'bart', 'b71b7737562c6aa7c3ceefcbb2073a35c9854e54'), 1);
  assert.equal(b.metrics.length, 15);
  const dae = findRatings(b.metrics, 'metric:Dep Entail')!;
  assert.deepEqual(dae.items, fact.items);
  assert.equal(300 - rated(Array.from(dae.values)).length, 6); // 6 null Dep Entail values in the slice (Python)
  assert.equal(cell(findRatings(b.metrics, 'metric:Bleu')!, 'bart', 'b71b7737562c6aa7c3ceefcbb2073a35c9854e54'), 14.5031074737);
  assert.ok(b.human.some((r) => r.protocol === 'frank:Flip_EntE'));
});

test('numbers written as strings and empty strings are read; a non-number names file, line and field', async () => {
  const rec = { hash: 'h1', model_name: 'm', dataset: 'bbc', Factuality: '0.5', EntE: '', split: 'test' };
  const ok = await importFrank(tempFile('human_annotations.json', JSON.stringify([rec])), { metricsFile: false });
  assert.equal(cell(findRatings(ok.human, 'factuality')!, 'm', 'h1'), 0.5);
  assert.ok(Number.isNaN(cell(findRatings(ok.human, 'frank:EntE')!, 'm', 'h1')));
  const bad = tempFile('human_annotations.json', `[\n${JSON.stringify(rec)},\n${JSON.stringify({ ...rec, hash: 'h2', Factuality: 'high' })}\n]`);
  await assert.rejects(importFrank(bad, { metricsFile: false }), (e: unknown) => e instanceof DataError && e.line === 3 && e.field === 'Factuality');
});

test('full data: 2,246 summaries of 9 systems; README partial correlations (Pearson, 4 decimals)', async (t) => {
  if (!hasSharedData()) return t.skip('../shared not present');
  const r = await importJudgments(shared('frank/data'));
  assert.equal(r.format, 'frank');
  const fact = findRatings(r.judgments as Ratings[], 'factuality')!;
  assert.equal(fact.systems.length, 9);
  assert.equal(rated(Array.from(fact.values)).length, 2246);
  const published: [string, number, number][] = [
    ['Bleu', 0.1014, 2246], ['Rouge L', 0.1309, 2246], ['Meteor', 0.137, 2246], ['BertScore P Art', 0.2711, 2246],
    ['FactCC', 0.2039, 2246], ['QAGS', 0.065, 2246], ['Dep Entail', 0.1624, 2163], ['FEQA', 0.0045, 2242],
  ];
  for (const [metric, pearsonR, n] of published) {
    const p = partialPearson(findRatings(r.scores, `metric:${metric}`)!, fact);
    assert.equal(Number(p.r.toFixed(4)), pearsonR, metric);
    assert.equal(p.n, n, metric);
  }
  const cnndm = await importFrank(shared('frank/data'), { dataset: 'cnndm' });
  assert.equal(rated(Array.from(findRatings(cnndm.human, 'factuality')!.values)).length, 1250);
});
