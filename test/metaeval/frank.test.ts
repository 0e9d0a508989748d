// FRANK (Pagnoni et al., NAACL 2021; artidoro/frank @80a88fb1): partial correlations of baseline metrics with human
// Factuality controlling for the summarisation system — subtract each system's mean from metric and Factuality over
// the joined, non-empty cells, then Pearson and Spearman of the residuals (evaluation/evaluate.py). Published values
// (shared/data/frank README; all 2,246 summaries, Dep Entail on the 2,163 it scored), to 4 decimals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { metaEvaluate } from '../../src/metaeval/run.js';
import { loadMetaEvalInput } from '../../src/metaeval/load.js';
import type { MetaEvalReport } from '../../src/metaeval/report.js';
import { FIXTURES, metaEvalCli, rowOf } from './_helpers.js';

const DIR = path.join(FIXTURES, 'frank');
const PUBLISHED: Record<string, [string, string]> = {
  Bleu: ['0.1014', '0.0670'],
  'Rouge L': ['0.1309', '0.0888'],
  Meteor: ['0.1370', '0.1053'],
  'BertScore P Art': ['0.2711', '0.2432'],
  FactCC: ['0.2039', '0.3041'],
  QAGS: ['0.0650', '0.0814'],
  'Dep Entail': ['0.1624', '0.1429'],
  FEQA: ['0.0045', '0.0111'],
};

function check(report: MetaEvalReport): void {
  for (const [metric, [p, s]] of Object.entries(PUBLISHED)) {
    assert.equal(rowOf(report, 'partial-pearson', `column:${metric}`).value.toFixed(4), p, `${metric} Pearson`);
    assert.equal(rowOf(report, 'partial-spearman', `column:${metric}`).value.toFixed(4), s, `${metric} Spearman`);
  }
  assert.equal(rowOf(report, 'partial-pearson', 'column:Bleu').n, 2246);
  assert.equal(rowOf(report, 'partial-pearson', 'column:Dep Entail').n, 2163);
}

test('library: 8 metrics × Pearson/Spearman of system-demeaned residuals equal the published values', async () => {
  const input = await loadMetaEvalInput({ judgments: DIR });
  const report = await metaEvaluate(input, { gold: ['factuality'], measures: ['partial-pearson', 'partial-spearman'] });
  check(report);
  assert.ok(report.notes.includes('column:Dep Entail: 83 rated cells without a score, left out'), report.notes.join('; '));
});

test('CLI: the same through `meta-eval -j <frank data folder> --gold factuality`', () => {
  const r = metaEvalCli(['-j', DIR, '--gold', 'factuality', '-m', 'partial-pearson,partial-spearman', '--bootstrap', '0', '--json']);
  assert.equal(r.code, 0, r.stderr);
  check(JSON.parse(r.stdout) as MetaEvalReport);
});

test('partial correlations only take grouping none', async () => {
  const input = await loadMetaEvalInput({ judgments: DIR });
  await assert.rejects(metaEvaluate(input, { gold: ['factuality'], measures: ['partial-pearson'], grouping: 'item' }), /takes --group none/);
});
