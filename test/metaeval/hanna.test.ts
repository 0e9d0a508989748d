// HANNA (Chhun et al., COLING 2022; dig-team/hanna-benchmark-asg @bf4a171e): the published correlation tables
// rankings/{pearson,spearman,kendall}.csv, recomputed through metaEvaluate. Recipe (shared/data README): leave out the
// `Human` row (10 systems); story level = per prompt across the 10 systems' stories, then the mean over prompts
// (segment level grouped by item); system level = per-system means over the 96 prompts (NumPy pairwise summation),
// then one correlation over 10 systems; the tables print absolute values.
// Fixture: the 9-column slice of hanna_metric_scores.csv (test/fixtures/judgments/hanna) and the table rows of its 3
// metrics (test/fixtures/metaeval-repro/hanna). The full 72 metrics × 6 criteria × 2 levels × 3 correlations = 2,592
// cells run when ../shared exists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { importJudgments } from '../../src/judgments/importers/index.js';
import type { Ratings } from '../../src/judgments/types.js';
import { metaEvaluate } from '../../src/metaeval/run.js';
import type { MetaEvalReport } from '../../src/metaeval/report.js';
import { parseDelimited, rowsToRecords } from '../../src/judgments/importers/_csv.js';
import { FIXTURES, JUDGMENT_FIXTURES, SHARED_DATA, hasShared, metaEvalCli, rowOf } from './_helpers.js';

const CORRS = ['pearson', 'spearman', 'kendall'] as const;

async function evaluate(file: string, summation: 'pairwise' | 'sequential' = 'pairwise'): Promise<{ story: MetaEvalReport; system: MetaEvalReport; scores: Ratings[] }> {
  const imp = await importJudgments(file, { hanna: { excludeSystems: ['Human'] } });
  const input = { judgments: imp.judgments, scores: imp.scores };
  const story = await metaEvaluate(input, { measures: [...CORRS], grouping: 'item' });
  const system = await metaEvaluate(input, { measures: [...CORRS], level: 'sys', system: { summation } });
  return { story, system, scores: imp.scores };
}

/** Compares every cell of the three ranking tables found in `dir` (files named <corr><suffix>). */
function compareTables(dir: string, suffix: string, r: { story: MetaEvalReport; system: MetaEvalReport }): { compared: number; misses: string[] } {
  let compared = 0;
  const misses: string[] = [];
  for (const corr of CORRS) {
    const file = path.join(dir, `${corr}${suffix}`);
    const { columns, records } = rowsToRecords(parseDelimited(readFileSync(file, 'utf8'), file, { delimiter: ',' }), file);
    for (const { record } of records) {
      for (const column of columns.slice(1)) {
        const [criterion, level] = column.split('_');
        const report = level === 'story' ? r.story : r.system;
        const row = rowOf(report, corr, `column:${record.Model}`, { group: `likert:${criterion}` });
        compared++;
        if (!(Math.abs(Math.abs(row.value) - Number(record[column])) <= 1e-9)) misses.push(`${corr} ${record.Model} ${column}: ${row.value} vs ${record[column]}`);
      }
    }
  }
  return { compared, misses };
}

test('fixture: 3 metrics × 6 criteria × story/system × 3 correlations = 108 published cells within 1e-9', async () => {
  const r = await evaluate(path.join(JUDGMENT_FIXTURES, 'hanna/hanna_metric_scores.9columns.csv.gz'));
  const { compared, misses } = compareTables(path.join(FIXTURES, 'hanna'), '.3metrics.csv', r);
  assert.equal(compared, 108);
  assert.deepEqual(misses, []);
});

test('system means need NumPy pairwise summation: BLEU/Complexity Kendall 0.5394 as published, not with a left-to-right sum', async () => {
  const file = path.join(JUDGMENT_FIXTURES, 'hanna/hanna_metric_scores.9columns.csv.gz');
  const pairwise = await evaluate(file, 'pairwise');
  const sequential = await evaluate(file, 'sequential');
  const bleu = 'column:BLEU Ξ§';
  assert.equal(rowOf(pairwise.system, 'kendall', bleu, { group: 'likert:Complexity' }).value.toFixed(4), '0.5394');
  // Two Complexity system means are near-ties (2.40972222222222 vs …223): a left-to-right sum orders them the other way.
  assert.notEqual(rowOf(sequential.system, 'kendall', bleu, { group: 'likert:Complexity' }).value.toFixed(4), '0.5394');
});

test('CLI: one criterion at system level (--gold, --exclude-systems Human)', () => {
  const r = metaEvalCli(['-j', path.join(JUDGMENT_FIXTURES, 'hanna/hanna_metric_scores.9columns.csv.gz'), '--exclude-systems', 'Human', '--gold', 'likert:Coherence', '--level', 'sys', '-m', 'pearson', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as MetaEvalReport;
  const published = readFileSync(path.join(FIXTURES, 'hanna/pearson.3metrics.csv'), 'utf8').split('\n')[1].split(',');
  // BLEU row, column Coherence_system_pearson (8th field)
  assert.ok(Math.abs(rowOf(report, 'pearson', 'column:BLEU Ξ§').value - Number(published[8])) <= 1e-9);
  assert.equal(rowOf(report, 'pearson', 'column:BLEU Ξ§').n, 10);
});

test('full tables: 2,592 of 2,592 cells within 1e-9 (CIDEr constant on 30 prompts: NaN, left out of the mean)', async (t) => {
  if (!hasShared()) {
    t.skip('../shared not present');
    return;
  }
  const dir = path.join(SHARED_DATA, 'hanna-benchmark-asg');
  const r = await evaluate(path.join(dir, 'hanna_metric_scores.csv'));
  const { compared, misses } = compareTables(path.join(dir, 'rankings'), '.csv', r);
  assert.equal(compared, 2592);
  assert.deepEqual(misses, []);
  // The CIDEr story-level cells are means over the 66 prompts where CIDEr varies across systems: a constant prompt
  // has no correlation and is dropped (mt-metrics-eval's rule), which is what the published numbers did.
  const cider = rowOf(r.story, 'pearson', 'column:CIDEr Ξ§', { group: 'likert:Coherence' });
  assert.equal(cider.n, 66);
  const m = r.scores.find((x) => x.protocol === 'metric:CIDEr Ξ§')!;
  let constant = 0;
  for (let i = 0; i < m.items.length; i++) if (new Set(m.systems.map((_, s) => m.values[s * m.items.length + i])).size === 1) constant++;
  assert.equal(constant, 30);
});
