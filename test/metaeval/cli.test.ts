// `trenchcoat meta-eval` end to end on the bundled sample (examples/mqm-ted-ende: WMT21 TED en-de, expert MQM,
// Apache-2.0): the headline one-liner (a metric as a reward model on pairs built from human ratings), determinism
// for a seed, and the bad inputs a user meets first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { createScorer } from '../../src/scorers/registry.js';
import '../../src/scorers/builtin.js';
import { readRecordTable } from '../../src/judgments/importers/records.js';
import type { MetaEvalReport } from '../../src/metaeval/report.js';
import { JUDGMENT_FIXTURES, REPO, metaEvalCli, rowOf } from './_helpers.js';

const SAMPLE = path.join(REPO, 'examples/mqm-ted-ende/ted-ende.jsonl');
const RATINGS = ['--value-field', 'mqm', '--item-field', 'seg_id', '--output-field', 'output', '--ref-field', 'reference', '--source-field', 'source'];
const HEADLINE = ['-j', SAMPLE, ...RATINGS, '--as-preferences', 'margin=0,ties=keep', '-s', 'chrf', '-s', 'bleu:eff=true', '-s', 'length', '--bootstrap', '100', '--no-cache'];

test('headline: RewardBench accuracy, ½-tie accuracy, tie-calibrated accuracy + ε, ECE, Brier, each with a CI', () => {
  const r = metaEvalCli([...HEADLINE, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as MetaEvalReport;
  assert.equal(report.seed, 1);
  assert.deepEqual(report.bootstrap, { resamples: 100, confidence: 0.95, unit: 'pairs' });
  assert.deepEqual(report.scorers.map((s) => s.spec), ['chrf', 'bleu:eff=true', 'length']);
  assert.match(report.scorers[1].signature, /^BLEU\|nrefs:1\|case:mixed\|eff:yes\|/);
  // 120 segments × 8 systems, all rated: 28 pairs per segment
  assert.equal(report.data[0].pairs, 120 * 28);
  for (const m of ['accuracy', 'accuracy-half', 'acc23-tc', 'ece', 'brier']) {
    for (const s of report.scorers) {
      const row = rowOf(report, m, s.spec);
      assert.ok(row.ci && row.ci.lower <= row.ci.upper, `${m} ${s.spec} has a CI`);
      assert.ok(Number.isFinite(row.value), `${m} ${s.spec}`);
    }
  }
  assert.ok(rowOf(report, 'acc23-tc', 'chrf').extra!.epsilon >= 0);
});

test('headline: RewardBench accuracy equals a direct count over every differently-rated system pair', async () => {
  const r = metaEvalCli([...HEADLINE, '-m', 'accuracy,accuracy-half', '--bootstrap', '0', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as MetaEvalReport;
  // independent path: score every row with chrF, then compare the two systems of each segment pair by hand
  const { rows } = await readRecordTable(SAMPLE);
  const chrf = createScorer('chrf') as ReturnType<typeof createScorer> & { scoreSync(items: unknown[]): { value: number }[] };
  const scores = chrf.scoreSync(rows.map(({ record }) => ({ id: String(record.id), output: String(record.output), references: [String(record.reference)] })));
  const bySeg = new Map<number, { mqm: number; s: number }[]>();
  rows.forEach(({ record }, k) => {
    const seg = record.seg_id as number;
    if (!bySeg.has(seg)) bySeg.set(seg, []);
    bySeg.get(seg)!.push({ mqm: record.mqm as number, s: scores[k].value });
  });
  let decided = 0, strict = 0, half = 0;
  for (const cells of bySeg.values()) {
    for (let x = 0; x < cells.length; x++) {
      for (let y = x + 1; y < cells.length; y++) {
        const dg = cells[x].mqm - cells[y].mqm;
        if (dg === 0) continue;
        decided++;
        const ds = cells[x].s - cells[y].s;
        if (ds !== 0 && ds > 0 === dg > 0) strict++;
        half += ds === 0 ? 0.5 : ds > 0 === dg > 0 ? 1 : 0;
      }
    }
  }
  assert.equal(rowOf(report, 'accuracy', 'chrf').n, decided);
  assert.equal(rowOf(report, 'accuracy', 'chrf').value, strict / decided);
  assert.equal(rowOf(report, 'accuracy-half', 'chrf').value, half / decided);
});

test('headline: tie-aware accuracy on the pairs is the item-grouped tie-calibrated acc23 of the matrix (same ε)', () => {
  const pairs = metaEvalCli([...HEADLINE, '-m', 'acc23-tc', '--bootstrap', '0', '--json']);
  const seg = metaEvalCli(['-j', SAMPLE, ...RATINGS, '-s', 'chrf', '-s', 'bleu:eff=true', '-s', 'length', '-m', 'acc23-tc', '--group', 'item', '--bootstrap', '0', '--json', '--no-cache']);
  assert.equal(pairs.code, 0, pairs.stderr);
  assert.equal(seg.code, 0, seg.stderr);
  const p = JSON.parse(pairs.stdout) as MetaEvalReport;
  const s = JSON.parse(seg.stdout) as MetaEvalReport;
  // every segment has all 8 systems rated, so the mean over segments equals the mean over their 28 pairs
  for (const spec of ['chrf', 'bleu:eff=true', 'length']) {
    const a = rowOf(p, 'acc23-tc', spec);
    const b = rowOf(s, 'acc23-tc', spec);
    assert.ok(Math.abs(a.value - b.value) <= 1e-12, `${spec}: ${a.value} vs ${b.value}`);
    assert.equal(a.extra!.epsilon, b.extra!.epsilon, spec);
  }
});

test('human output: one table per measure, the calibration summary, signatures and the seed', () => {
  const r = metaEvalCli([...HEADLINE, '--bootstrap', '20']);
  assert.equal(r.code, 0, r.stderr);
  for (const title of ['accuracy · preference pairs', 'accuracy-half · preference pairs', 'acc23-tc · preference pairs', 'ece · preference pairs', 'brier · preference pairs', 'calibration summary (preference pairs):', 'signatures:']) {
    assert.ok(r.stdout.includes(title), `missing "${title}"`);
  }
  assert.match(r.stdout, /^seed: 1; bootstrap 20 resamples of pairs$/m);
  assert.match(r.stdout, /95% CI/);
});

test('same inputs and seed give the same bytes; another seed changes the intervals only', () => {
  const args = [...HEADLINE, '--bootstrap', '50', '--perm', '50', '--json'];
  const a = metaEvalCli(args);
  const b = metaEvalCli(args);
  const c = metaEvalCli([...args, '--seed', '7']);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(a.stdout, b.stdout);
  assert.notEqual(a.stdout, c.stdout);
  const ra = JSON.parse(a.stdout) as MetaEvalReport;
  const rc = JSON.parse(c.stdout) as MetaEvalReport;
  assert.equal(rc.seed, 7);
  assert.equal(rowOf(ra, 'accuracy', 'chrf').value, rowOf(rc, 'accuracy', 'chrf').value);
  assert.ok(rowOf(ra, 'accuracy', 'chrf').cluster !== undefined);
});

test('column:NAME reads a field of the judgment rows: the gold itself correlates perfectly', () => {
  const r = metaEvalCli(['-j', SAMPLE, ...RATINGS, '-s', 'column:mqm', '-s', 'length', '-m', 'pearson,kendall', '--bootstrap', '0', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as MetaEvalReport;
  // scipy.stats.pearsonr(x, x) on these 960 values is 0.9999999999999999 with both reproduced ddot kernels (numpy
  // 2.4.6; src/stats/blas-dot.ts), not 1: the reference's rounding, reproduced.
  assert.equal(rowOf(report, 'pearson', 'column:mqm').value, 0.9999999999999999);
  assert.equal(rowOf(report, 'kendall', 'column:mqm').value, 1);
  assert.equal(rowOf(report, 'pearson', 'column:mqm').n, 960);
});

// ------------------------------------------------------------------------------------------------ bad inputs

test('unknown measure: usage error (exit 2) naming the known ones', () => {
  const r = metaEvalCli(['-j', SAMPLE, ...RATINGS, '-s', 'chrf', '-m', 'pearsn']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^error: unknown measure "pearsn" \(known: pearson, spearman/m);
});

test('a measure of another data shape: usage error naming the ones that fit', () => {
  const r = metaEvalCli(['-j', SAMPLE, ...RATINGS, '--as-preferences', '-s', 'chrf', '-m', 'pearson', '--bootstrap', '0']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /measure pearson does not apply to preference pairs \(use: acc23-tc, accuracy/);
});

test('unknown scorer spec: usage error before any file is read', () => {
  const r = metaEvalCli(['-j', 'does-not-exist.jsonl', '-s', 'bleux']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown scorer "bleux"/);
});

test('a reference-based scorer on ratings without references: a clear error (exit 1)', () => {
  const r = metaEvalCli(['-j', SAMPLE, '--value-field', 'mqm', '--item-field', 'seg_id', '--output-field', 'output', '-s', 'bleu', '--bootstrap', '0']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: bleu needs references, but the ratings have none \(give --ref-field or --texts\)$/m);
});

test('ratings without outputs and a text scorer: the error names a rated cell', () => {
  const r = metaEvalCli(['-j', path.join(JUDGMENT_FIXTURES, 'mqm/mqm_newstest2021_ende.avg_seg_scores.tsv.gz'), '-s', 'length', '--bootstrap', '0']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: no output text for system "Facebook-AI", item "\d+" \(a rated cell\): the ratings carry no outputs/m);
});

test('misaligned systems between judgments and a score file: an error naming the missing system', () => {
  // the MQM file calls NVIDIA-NeMo `Nemo`; the score matrix uses the text-file name
  const r = metaEvalCli(['-j', path.join(JUDGMENT_FIXTURES, 'mqm/mqm_newstest2021_ende.avg_seg_scores.tsv.gz'), '--scores', path.join(REPO, 'test/fixtures/metaeval/matrix.en-de.tsv.gz'),
    '--item-field', 'seg_id', '--exclude-systems', 'ref-*,metricsystem*', '--bootstrap', '0']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: misaligned systems: column:\w+ has no scores for "Nemo" \(its systems: Facebook-AI, HuaweiTSC, NVIDIA-NeMo/m);
});

test('`recorded` on ratings, and bad flag values', () => {
  const rec = metaEvalCli(['-j', SAMPLE, ...RATINGS, '-s', 'recorded', '--bootstrap', '0']);
  assert.equal(rec.code, 1);
  assert.match(rec.stderr, /scorer "recorded" applies to preference files/);
  for (const [flag, value] of [['--group', 'items'], ['--level', 'corpus'], ['--bootstrap', '-1'], ['--seed', '1.5'], ['--as-preferences', 'ties=maybe']]) {
    const r = metaEvalCli(['-j', SAMPLE, ...RATINGS, '-s', 'chrf', flag, value]);
    assert.equal(r.code, 2, `${flag} ${value}`);
    assert.match(r.stderr, /^error: /m);
  }
});

test('--help documents the data shapes, the measures and an example', () => {
  const r = metaEvalCli(['--help']);
  assert.equal(r.code, 0);
  for (const s of ['--as-preferences', 'acc23-tc', 'PERM-BOTH', 'Examples:', 'examples/mqm-ted-ende/ted-ende.jsonl']) assert.ok(r.stdout.includes(s), s);
});

test('ECE and Brier intervals are BCa, say so, and contain their estimate (the percentile one of length was 0.0001 [0.0003, 0.0153])', () => {
  const r = metaEvalCli([...HEADLINE, '-m', 'accuracy,ece,brier', '--bootstrap', '200', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as MetaEvalReport;
  for (const s of report.scorers) {
    for (const m of ['ece', 'brier']) {
      const row = rowOf(report, m, s.spec);
      assert.equal(row.ci?.method, 'bca', `${m} ${s.spec}`);
      // length's ECE (T = ∞) is the same number in every resample up to the last bits: its interval is a point
      // a few ulps from the estimate, which is computed along another summation path
      const slack = s.spec === 'length' && m === 'ece' ? 1e-15 : 0;
      assert.ok(row.ci!.lower - slack <= row.value && row.value <= row.ci!.upper + slack, `${m} ${s.spec}: ${row.value} [${row.ci!.lower}, ${row.ci!.upper}]`);
    }
    assert.equal(rowOf(report, 'accuracy', s.spec).ci?.method, undefined);
  }
  const human = metaEvalCli([...HEADLINE, '-m', 'accuracy,ece,brier', '--bootstrap', '200']);
  assert.match(human.stdout, /^scorer +ece +95% CI \(BCa\)/m);
  const summary = human.stdout.slice(human.stdout.indexOf('calibration summary'));
  assert.match(summary, /accuracy +ece +95% CI \(BCa\) +brier +95% CI \(BCa\) +T/);
});
