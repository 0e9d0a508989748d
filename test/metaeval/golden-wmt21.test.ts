// mt-metrics-eval @68a481a on WMT21 en-de MQM × sacreBLEU sentence metrics (test/fixtures/metaeval/results.en-de.json),
// recomputed through the meta-evaluation layer: the gold from the generic ratings importer, the metric columns as a
// precomputed score table — the same path `trenchcoat meta-eval --value-field mqm --scores …` takes.
// Tolerances as in test/stats/wmt21-en-de.test.ts: counting statistics exact, Pearson/Spearman 1e-9, tie-calibrated
// accuracy 1e-12 (the reference's float accumulation order differs in the last bits).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { importRatingsTable } from '../../src/judgments/importers/generic.js';
import { readScoreTable } from '../../src/metaeval/score-files.js';
import { metaEvaluate } from '../../src/metaeval/run.js';
import type { MetaEvalReport } from '../../src/metaeval/report.js';
import { REPO, metaEvalCli, rowOf } from './_helpers.js';

const MATRIX = path.join(REPO, 'test/fixtures/metaeval/matrix.en-de.tsv.gz');
const results = (await import('../fixtures/metaeval/load.js')).loadResults();
const METRICS = ['bleu', 'chrf', 'chrfpp', 'neg_ter', 'length'];

const gold = await importRatingsTable(MATRIX, { system: 'system', item: 'seg_id', value: 'mqm', recordFormat: 'tsv', protocol: 'mqm' });
const scores = await readScoreTable(MATRIX, { system: 'system', item: 'seg_id', exclude: ['mqm'] });

type Tol = 'exact' | 1e-9 | 1e-12;
function close(actual: number, expected: number, tol: Tol, where: string): void {
  if (tol === 'exact') assert.equal(actual, expected, where);
  else assert.ok(Math.abs(actual - expected) <= tol, `${where}: ${actual} vs ${expected}`);
}

const SEG: [string, string, Tol][] = [
  ['pearson', 'pearson', 1e-9],
  ['spearman', 'spearman', 1e-9],
  ['kendall', 'kendall_b', 'exact'],
  ['kendall-c', 'kendall_c', 'exact'],
];

test('segment level: every measure × grouping equals mt-metrics-eval (5 metrics)', async () => {
  let compared = 0;
  for (const grouping of ['none', 'item', 'sys'] as const) {
    const report = await metaEvaluate({ judgments: [gold], scores }, { measures: ['pearson', 'spearman', 'kendall', 'kendall-c', 'acc23', 'tau23'], grouping });
    for (const metric of METRICS) {
      const seg = results.segment[metric];
      for (const [ours, theirs, tol] of SEG) {
        const row = rowOf(report, ours, `column:${metric}`);
        close(row.value, seg[`${theirs}/${grouping}`][0], tol, `${metric} ${ours}/${grouping}`);
        // n: cells for `none`, groups averaged otherwise (the reference's third value)
        if (grouping !== 'none') assert.equal(row.n, seg[`${theirs}/${grouping}`][2], `${metric} ${ours}/${grouping} n`);
        else assert.equal(row.n, results.num_rated_cells);
        compared++;
      }
      if (grouping !== 'sys') {
        close(rowOf(report, 'acc23', `column:${metric}`).value, seg[`acc23/${grouping}`][0], 'exact', `${metric} acc23/${grouping}`);
        close(rowOf(report, 'tau23', `column:${metric}`).value, seg[`tau23/${grouping}`][0], 'exact', `${metric} tau23/${grouping}`);
        compared += 2;
      }
    }
  }
  assert.equal(compared, 3 * 5 * 4 + 2 * 5 * 2);
});

test('segment level: tie-calibrated acc23 grouped by item, with its ε (default measure grouping)', async () => {
  const report = await metaEvaluate({ judgments: [gold], scores }, { measures: ['acc23-tc'] });
  for (const metric of METRICS) {
    const expected = results.segment[metric]['acc23_tieopt/item'];
    const row = rowOf(report, 'acc23-tc', `column:${metric}`, { grouping: 'item' });
    close(row.value, expected.tau, 1e-12, `${metric} tau`);
    assert.equal(row.extra?.epsilon, expected.epsilon, `${metric} epsilon`);
    assert.equal(row.n, 527);
  }
});

test('system level: means over rated segments (Python sum), Pearson / Spearman / Kendall / pairwise accuracy', async () => {
  const report = await metaEvaluate({ judgments: [gold], scores }, { level: 'sys', measures: ['pearson', 'spearman', 'kendall', 'pairwise-acc'], system: { summation: 'sequential' } });
  for (const metric of METRICS) {
    const sys = results.system[metric];
    close(rowOf(report, 'pearson', `column:${metric}`).value, sys.pearson[0], 1e-9, `${metric} pearson`);
    close(rowOf(report, 'spearman', `column:${metric}`).value, sys.spearman[0], 1e-9, `${metric} spearman`);
    close(rowOf(report, 'kendall', `column:${metric}`).value, sys.kendall_b[0], 'exact', `${metric} kendall`);
    const acc = rowOf(report, 'pairwise-acc', `column:${metric}`);
    assert.equal(acc.value, sys.pairwise_accuracy.accuracy, `${metric} pairwise accuracy`);
    assert.equal(acc.extra?.agree, sys.pairwise_accuracy.agree);
    assert.equal(acc.extra?.pairs, sys.pairwise_accuracy.num_pairs);
    assert.equal(acc.n, 8);
  }
});

test('the CLI path gives the same numbers (--value-field + --scores, --json)', () => {
  const r = metaEvalCli([
    '-j', MATRIX, '--value-field', 'mqm', '--system-field', 'system', '--item-field', 'seg_id', '--scores', MATRIX,
    '-m', 'pearson,kendall', '--group', 'item', '--bootstrap', '0', '--json',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as MetaEvalReport;
  assert.equal(report.seed, 1);
  assert.deepEqual(report.scorers.map((s) => s.spec), METRICS.map((m) => `column:${m}`));
  for (const metric of METRICS) {
    close(rowOf(report, 'pearson', `column:${metric}`).value, results.segment[metric]['pearson/item'][0], 1e-9, `${metric} pearson/item`);
    close(rowOf(report, 'kendall', `column:${metric}`).value, results.segment[metric]['kendall_b/item'][0], 'exact', `${metric} kendall/item`);
  }
});
