// `meta-eval --sig williams`: significance clusters from one-sided Williams p-values (stats/williams.ts), checked
// against williamsSigDiff / holmAdjustMatrix / assignRanks called directly on vectors read straight from the WMT20
// en-de system-level file (test/fixtures/metaeval-repro/wmt20, WMT-Metrics-task/wmt20-metrics), Human* left out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { assignRanks, orderByCorrelation, significanceMatrix } from '../../src/stats/clusters.js';
import { defaultDotKernel } from '../../src/stats/blas-dot.js';
import { pearson } from '../../src/stats/correlation.js';
import { holmAdjustMatrix } from '../../src/stats/holm.js';
import { williamsSigDiff } from '../../src/stats/williams.js';
import type { MetaEvalReport } from '../../src/metaeval/report.js';
import { FIXTURES, REPO, jsonValue, metaEvalCli } from './_helpers.js';

const FILE = path.join(FIXTURES, 'wmt20/DA-newstest2020-ende-sys-scores.csv');
const ARGS = ['-j', FILE, '--keep-submission-ids', '--gold', 'da-z', '--exclude-systems', 'Human*', '--level', 'sys', '-m', 'pearson', '--sig', 'williams', '--bootstrap', '0'];

/** The file read by hand: the HUMAN (z) column and every metric column, rows of SYSTEM Human* dropped. */
function readColumns(): { gold: number[]; metrics: Map<string, number[]> } {
  const [head, ...lines] = readFileSync(FILE, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const names = head.trim().split(/\s+/);
  const rows = lines.map((l) => l.trim().split(/\s+/)).filter((c) => !c[1].startsWith('Human'));
  const col = (k: number) => rows.map((c) => (c[k] === undefined || c[k] === '-' || c[k] === '−' ? NaN : Number(c[k])));
  const metrics = new Map<string, number[]>();
  names.forEach((n, k) => {
    if (k >= 3) metrics.set(`column:${n}`, col(k));
  });
  return { gold: col(2), metrics };
}

/** Williams on the cells both metrics scored. */
function directP(gold: number[], a: number[], b: number[]): number {
  const keep = gold.map((_, c) => !Number.isNaN(a[c]) && !Number.isNaN(b[c]));
  const f = (v: number[]) => v.filter((_, c) => keep[c]);
  return williamsSigDiff(f(gold), f(a), f(b), (x, y) => pearson(x as number[], y).r).pValue;
}

test('--sig williams: every pair p-value equals williamsSigDiff, clusters equal Holm + AssignRanks on them', () => {
  const r = metaEvalCli([...ARGS, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as MetaEvalReport;
  assert.equal(report.significance?.method, 'Williams');
  const table = report.tables.find((t) => t.measure === 'pearson')!;
  const { gold, metrics } = readColumns();
  assert.ok(table.rows.length >= 20, `${table.rows.length} scorers`);
  assert.equal(table.pValues!.length, (table.rows.length * (table.rows.length - 1)) / 2);
  // BLEU vs chrF named explicitly (the pair the issue asks about), then every other pair
  const bleuChrf = table.pValues!.find((p) => new Set([p.better, p.worse]).size === 2 && [p.better, p.worse].sort().join() === ['column:BLEU', 'column:chrF'].join())!;
  assert.ok(bleuChrf, 'BLEU/chrF pair present');
  assert.ok(Math.abs(bleuChrf.p - directP(gold, metrics.get('column:BLEU')!, metrics.get('column:chrF')!)) <= 1e-12);
  // Yisi-combi and bleurt-Yisi-combi correlate perfectly here: Williams's K is ≤ 0 and p is NaN (null in JSON),
  // as in the reference; both sides must agree on that too.
  let maxDiff = 0;
  let nans = 0;
  for (const p of table.pValues!) {
    const got = jsonValue(p.p);
    const want = directP(gold, metrics.get(p.better)!, metrics.get(p.worse)!);
    if (Number.isNaN(want)) {
      assert.ok(Number.isNaN(got), `${p.better} vs ${p.worse}: ${got}, expected NaN`);
      nans++;
      continue;
    }
    maxDiff = Math.max(maxDiff, Math.abs(got - want));
  }
  assert.ok(maxDiff <= 1e-12, `max |Δp| ${maxDiff}`);
  assert.ok(nans < table.pValues!.length / 10, `${nans} NaN p-values`);
  // clusters: order by the directly computed Pearson, Holm-adjust, AssignRanks
  const corrs: Record<string, number> = {};
  for (const row of table.rows) {
    const m = metrics.get(row.scorer)!;
    const keep = gold.map((_, c) => !Number.isNaN(m[c]));
    corrs[row.scorer] = pearson(gold.filter((_, c) => keep[c]), m.filter((_, c) => keep[c])).r;
  }
  const order = orderByCorrelation(corrs);
  const sig = holmAdjustMatrix(significanceMatrix(order.length, (i, j) => directP(gold, metrics.get(order[i])!, metrics.get(order[j])!)));
  const ranks = assignRanks(sig, 0.05);
  for (const row of table.rows) assert.equal(row.cluster, ranks[order.indexOf(row.scorer)], row.scorer);
  assert.ok(new Set(table.rows.map((x) => x.cluster)).size > 1, 'more than one cluster');
});

test('--sig williams: the seed line names the method; default stays PERM-BOTH', () => {
  const r = metaEvalCli(ARGS);
  assert.equal(r.code, 0, r.stderr);
  // Pearson's last bits follow the CPU's OpenBLAS ddot kernel (src/stats/blas-dot.ts), so the line names the kernel used
  assert.ok(r.stdout.split('\n').includes(`seed: 1; Williams one-sided, α 0.05, Holm-adjusted; Pearson with the ${defaultDotKernel()} ddot`), r.stdout);
  assert.equal((JSON.parse(metaEvalCli([...ARGS, '--json']).stdout) as MetaEvalReport).dotKernel, defaultDotKernel());
  const perm = metaEvalCli([...ARGS.slice(0, -4), '--bootstrap', '0', '--perm', '20']);
  assert.equal(perm.code, 0, perm.stderr);
  assert.match(perm.stdout, /PERM-BOTH 20 permutations/);
});

test('--sig williams with a non-Pearson measure or item grouping is a usage error (exit 2)', () => {
  const kendall = metaEvalCli(['-j', FILE, '--gold', 'da-z', '--level', 'sys', '-m', 'kendall', '--sig', 'williams']);
  assert.equal(kendall.code, 2, kendall.stderr);
  assert.match(kendall.stderr, /williams/i);
  const sample = path.join(REPO, 'examples/mqm-ted-ende/ted-ende.jsonl');
  const grouped = metaEvalCli(['-j', sample, '--value-field', 'mqm', '--item-field', 'seg_id', '--output-field', 'output', '--ref-field', 'reference', '-s', 'chrf', '-s', 'length', '-m', 'pearson', '--group', 'item', '--sig', 'williams', '--bootstrap', '0', '--no-cache']);
  assert.equal(grouped.code, 2, grouped.stderr);
  const bad = metaEvalCli(['-j', FILE, '--gold', 'da-z', '--level', 'sys', '-m', 'pearson', '--sig', 'wiliams']);
  assert.equal(bad.code, 2, bad.stderr);
});
