// WMT20 Metrics Shared Task, system level, the 9 out-of-English pairs (test/fixtures/metaeval-repro/wmt20, copied from
// WMT-Metrics-task/wmt20-metrics @3e434fc3): DA z-scores (HUMAN) against every metric column of
// DA-newstest2020-<lp>-sys-scores.csv, human translations (SYSTEM Human*) left out.
//   - Kendall: every value of DA-<lp>-cor.csv (full precision) and its N;
//   - Pearson and Kendall: every cell of the findings-paper LaTeX tables (3 decimals). Only the first two columns
//     of those tables carry the right header; the value columns are in the order cs, de, ja, pl, ru, ta, zh,
//     iu_full, iu_news (checked here through the N row, which travels with the values).
// HUMAN_RAW is listed as a "metric" in both sources: it is the raw-DA gold matrix, passed as a precomputed scorer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { importJudgments } from '../../src/judgments/importers/index.js';
import type { Ratings } from '../../src/judgments/types.js';
import { metaEvaluate } from '../../src/metaeval/run.js';
import type { MetaEvalReport } from '../../src/metaeval/report.js';
import { FIXTURES, metaEvalCli, rowOf } from './_helpers.js';

const DIR = path.join(FIXTURES, 'wmt20');
const EXPECTED_CELLS = 242; // every non-"−" cell: the same 242 (metric, pair) combinations as the cor.csv files
const LPS = ['cs', 'de', 'iu_full', 'iu_news', 'ja', 'pl', 'ru', 'ta', 'zh'];
/** The language pair of each value column of the .tex tables, left to right. */
const TEX_COLUMNS = ['cs', 'de', 'ja', 'pl', 'ru', 'ta', 'zh', 'iu_full', 'iu_news'];

async function evaluate(lp: string): Promise<MetaEvalReport> {
  const imp = await importJudgments(path.join(DIR, `DA-newstest2020-en${lp}-sys-scores.csv`), { daSys: { stripSubmissionIds: false } });
  const raw = imp.judgments.find((j) => j.kind === 'ratings' && j.protocol === 'da-raw') as Ratings;
  return metaEvaluate(
    { judgments: imp.judgments, scores: [...imp.scores, { ...raw, protocol: 'metric:HUMAN_RAW' }] },
    { gold: ['da-z'], excludeSystems: ['Human*'], measures: ['pearson', 'kendall'], level: 'sys' },
  );
}

const reports = new Map<string, MetaEvalReport>();
for (const lp of LPS) reports.set(lp, await evaluate(lp));

const valueOf = (lp: string, measure: string, metric: string): number | undefined =>
  reports.get(lp)!.tables.find((t) => t.measure === measure)!.rows.find((r) => r.scorer === `column:${metric}`)?.value;

test('Kendall tau equals DA-<lp>-cor.csv for every metric of all 9 pairs (and N)', () => {
  let compared = 0;
  for (const lp of LPS) {
    const lines = readFileSync(path.join(DIR, `DA-en${lp}-cor.csv`), 'utf8').trim().split('\n').slice(1);
    for (const line of lines) {
      const [metric, tau, n] = line.split('\t');
      const row = rowOf(reports.get(lp)!, 'kendall', `column:${metric}`);
      assert.equal(row.value, Number(tau), `en-${lp} ${metric}`);
      assert.equal(row.n, Number(n), `en-${lp} ${metric} N`);
      compared++;
    }
  }
  assert.equal(compared, 242);
});

test('BLEU Kendall per pair as published (README)', () => {
  const expected: Record<string, string> = { cs: '0.515', de: '0.802', iu_full: '0.236', iu_news: '0.236', ja: '0.818', pl: '0.582', ru: '0.889', ta: '0.829', zh: '0.727' };
  for (const lp of LPS) assert.equal(valueOf(lp, 'kendall', 'BLEU')!.toFixed(3), expected[lp], `en-${lp}`);
});

function texCells(file: string): { n: number[]; rows: [string, string[]][] } {
  const lines = readFileSync(path.join(DIR, file), 'utf8').split('\n');
  const n = lines.find((l) => /^\{\} &\s+\d/.test(l))!.split('&').slice(1).map((c) => parseInt(c, 10));
  const rows = lines
    .filter((l) => l.startsWith('\\metric{'))
    .map((l): [string, string[]] => {
      const cells = l.replace(/\\\\\s*$/, '').split('&').map((c) => c.trim());
      const name = cells[0].replace(/^\\metric\{(.*)\}$/, '$1').replace(/\\_/g, '_');
      return [name, cells.slice(1).map((c) => c.replace(/^\\textbf\{(.*)\}$/, '$1'))];
    });
  return { n, rows };
}

for (const [file, measure] of [
  ['tbl-DA-Pearson-MTall-exclhuman-ento.tex', 'pearson'],
  ['tbl-DA-Kendall-MTall-exclhuman-ento.tex', 'kendall'],
] as const) {
  test(`${measure}: every cell of ${file} (3 decimals; "−" = metric not submitted)`, () => {
    const { n, rows } = texCells(file);
    TEX_COLUMNS.forEach((lp, j) => assert.equal(n[j], rowOf(reports.get(lp)!, measure, 'column:BLEU').n, `N of column ${j} (en-${lp})`));
    let compared = 0;
    for (const [metric, cells] of rows) {
      TEX_COLUMNS.forEach((lp, j) => {
        const v = valueOf(lp, measure, metric);
        if (cells[j] === '$-$') {
          assert.ok(v === undefined || Number.isNaN(v), `en-${lp} ${metric}: published "−", computed ${v}`);
          return;
        }
        assert.equal(v?.toFixed(3), cells[j].replace('$-$', '-'), `en-${lp} ${metric}`);
        compared++;
      });
    }
    assert.equal(compared, EXPECTED_CELLS, `${compared} cells compared`);
  });
}

test('CLI: en-de headline Pearson (BLEU 0.928, chrF 0.962, COMET 0.972, sentBLEU 0.934, TER 0.941)', () => {
  const r = metaEvalCli(['-j', path.join(DIR, 'DA-newstest2020-ende-sys-scores.csv'), '--gold', 'da-z', '--exclude-systems', 'Human*', '-m', 'pearson', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as MetaEvalReport;
  const published: Record<string, string> = { BLEU: '0.928', chrF: '0.962', COMET: '0.972', sentBLEU: '0.934', TER: '0.941' };
  for (const [metric, v] of Object.entries(published)) assert.equal(rowOf(report, 'pearson', `column:${metric}`).value.toFixed(3), v, metric);
  assert.equal(rowOf(report, 'pearson', 'column:BLEU').n, 14);
  assert.equal(report.bootstrap, null, 'system-level gold without items: no bootstrap');
  assert.ok(report.notes.some((n) => n.includes('no items to resample')));
});

test('CLI: en-pl lists two Tilde submissions; --keep-submission-ids keeps them apart', () => {
  const file = path.join(DIR, 'DA-newstest2020-enpl-sys-scores.csv');
  const plain = metaEvalCli(['-j', file, '--gold', 'da-z', '--exclude-systems', 'Human*', '-m', 'kendall']);
  assert.equal(plain.code, 1);
  assert.match(plain.stderr, /duplicate rating for system "Tilde"/);
  const kept = metaEvalCli(['-j', file, '--gold', 'da-z', '--exclude-systems', 'Human*', '-m', 'kendall', '--keep-submission-ids', '--json']);
  assert.equal(kept.code, 0, kept.stderr);
  const report = JSON.parse(kept.stdout) as MetaEvalReport;
  const published = readFileSync(path.join(DIR, 'DA-enpl-cor.csv'), 'utf8').split('\n').find((l) => l.startsWith('BLEU\t'))!.split('\t');
  assert.equal(rowOf(report, 'kendall', 'column:BLEU').value, Number(published[1]));
  assert.equal(rowOf(report, 'kendall', 'column:BLEU').n, Number(published[2]));
});
