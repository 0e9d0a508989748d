// Meta-evaluation statistics side by side with mt-metrics-eval's stats.py on WMT21 en-de MQM (8 systems × 1002
// segments, 4216 rated cells; BLEU vs chrF sentence scores):
//  - tie-calibrated acc23 grouped by item (KendallWithTiesOpt, sample_rate 1.0): tau and epsilon must be identical;
//  - PERM-BOTH Pearson with k = 1000 resamples, no grouping and grouped by system: delta must be identical, p-values
//    agree within Monte-Carlo error (different random streams; the note prints both);
//  - the pairwise-outcome permutation test for acc23 grouped by item (ε = 0), k = 100;
//  - a segment-level acc23-tc bootstrap grouped by item, B = 1000 item resamples (the `meta-eval --bootstrap` path,
//    one sorted pair structure reused across resamples), against mt-metrics-eval running KendallWithTiesOpt on
//    each resample (timed on 10 resamples and scaled to 1000: the whole run would take minutes) and against our
//    own per-resample recomputation (timed on 100 resamples, scaled).
// Times are medians with [min–max] over several runs after warm-up; the speed-up is the ratio of medians.
// Where acc23-tie-calibrated-item spends its time (--cpu-prof and per-phase medians, steady state after warm-up,
// 2026-12-07, load 12–25): 14,756 pairs (2,079 with |Δ| = 0, 12,677 positive, 8,369 distinct thresholds); packing
// the rated cells 24 µs, building the pairs with their categories 160 µs, ordering them (tie-calibration-sort.ts:
// histogram 29, prefix + scatter into 16,384 buckets 101, per-bucket insertion sorts 110) 250 µs, the sweep 105 µs,
// argmax + the two curve copies 40–100 µs. The order and the sweep's additions are the reference's; what is left is
// proportional to the pairs.
// Python side: bench/reference/mtme_bench.py, which imports mt-metrics-eval from the checkout named by MTME_DIR.
import path from 'node:path';
import { existsSync } from 'node:fs';
import { loadMatrix } from '../test/fixtures/metaeval/load.js';
import { tieCalibratedKendall } from '../src/stats/tie-calibration.js';
import { pairwisePermutationSigDiff, permutationSigDiff } from '../src/stats/permutation.js';
import { itemResampledMeasure, segmentMeasure } from '../src/metaeval/segment.js';
import { parseMeasure } from '../src/metaeval/measures.js';
import { bootstrapInterval, ratedItems } from '../src/metaeval/uncertainty.js';
import { resampleColumns } from '../src/stats/resample.js';
import { BENCH_DIR, REPO_ROOT, SHARED, printRows, runPython, type BenchRow } from './harness.js';
import { fmtSpread, spreadOf, timeSpread, type Spread } from './spread.js';

interface Task {
  name: string;
  items: number;
  run: () => number[];
  /** What the Python job computes, and how its outputs map onto `run()`'s numbers. */
  job: Record<string, unknown>;
  reference: (r: Record<string, number>) => number[];
  note?: (ours: number[], ref?: Record<string, number>) => string;
  /** Python time scale (e.g. 100 when the reference ran 10 of 1000 resamples). */
  refScale?: number;
  runs?: number;
}

const PY_REPEATS = 3;
const BOOTSTRAP_B = 1000;
const PY_BOOTSTRAP_B = 10;
const NAIVE_BOOTSTRAP_B = 100;

export async function benchMetaeval(repeats: number): Promise<BenchRow[]> {
  const fixtureDir = path.join(REPO_ROOT, 'test/fixtures/metaeval');
  const m = loadMatrix(fixtureDir);
  const sharedMatrix = path.join(SHARED, 'golden/metaeval/matrix.en-de.tsv');
  const matrixPath = existsSync(sharedMatrix) ? sharedMatrix : path.join(fixtureDir, 'matrix.en-de.tsv.gz');
  const { gold, numSys } = m;
  const bleu = m.metrics.bleu;
  const chrf = m.metrics.chrf;
  let rated = 0;
  for (const g of gold) if (g !== null) rated++;
  const pNote = (ours: number[], ref?: Record<string, number>) =>
    `p ours ${ours[1].toFixed(3)}${ref ? ` / mt-metrics-eval ${ref.p_value.toFixed(3)}` : ''} (Monte-Carlo SE ≤ 0.016)`;

  const goldNaN = Float64Array.from(gold, (g) => (g === null ? NaN : g));
  const units = ratedItems(goldNaN, numSys);
  const acc23tc = parseMeasure('acc23-tc');
  const bootSettings = (resamples: number) => ({ resamples, confidence: 0.95, seed: 12345 });
  const fastBootstrap = () => {
    const at = itemResampledMeasure(acc23tc, goldNaN, bleu, numSys, 'item')!;
    const ci = bootstrapInterval(units, (sample) => at(sample).value, bootSettings(BOOTSTRAP_B))!;
    return [ci.lower, ci.upper];
  };
  const naiveBootstrap = (resamples: number) => {
    const ci = bootstrapInterval(
      units,
      (sample) => {
        const re = resampleColumns(goldNaN, [bleu], numSys, sample);
        return segmentMeasure(acc23tc, re.gold as number[], re.metrics[0], numSys, 'item').value;
      },
      bootSettings(resamples),
    )!;
    return [ci.lower, ci.upper];
  };
  // The fast path must give the recomputation's interval, bit for bit, before it is timed.
  const [fl, fu] = fastBootstrap();
  const [nl, nu] = naiveBootstrap(BOOTSTRAP_B);
  if (fl !== nl || fu !== nu) throw new Error(`bootstrap fast path ${fl}–${fu} ≠ recomputation ${nl}–${nu}`);
  const naive = timeSpread(() => naiveBootstrap(NAIVE_BOOTSTRAP_B), 3, 1).spread;
  const naiveScaled: Spread = { median: naive.median * 10, min: naive.min * 10, max: naive.max * 10, runs: naive.runs };

  const tasks: Task[] = [
    {
      name: 'acc23-tie-calibrated-item',
      items: rated,
      run: () => {
        const r = tieCalibratedKendall(gold, bleu, { variant: 'acc23', numSys, averageBy: 'item', sampleRate: 1 });
        return [r.tau, r.epsilon];
      },
      job: { kind: 'ties_opt', metric: 'bleu', variant: 'acc23', average_by: 'item', repeats: 7 },
      reference: (r) => [r.tau, r.epsilon],
    },
    {
      name: `acc23-tc-item-bootstrap-B${BOOTSTRAP_B}`,
      items: BOOTSTRAP_B,
      run: fastBootstrap,
      runs: 5,
      job: { kind: 'ties_opt_bootstrap', metric: 'bleu', variant: 'acc23', resamples: PY_BOOTSTRAP_B, repeats: 1 },
      refScale: BOOTSTRAP_B / PY_BOOTSTRAP_B,
      reference: () => [],
      note: () =>
        `interval [${fl.toFixed(4)}, ${fu.toFixed(4)}] = per-resample recomputation (checked); recomputation ${fmtSpread(naiveScaled)} (${NAIVE_BOOTSTRAP_B} timed ×10); mt-metrics-eval ${PY_BOOTSTRAP_B} resamples timed ×${BOOTSTRAP_B / PY_BOOTSTRAP_B}`,
    },
    ...(['none', 'sys'] as const).map(
      (averageBy): Task => ({
        name: `perm-both-pearson-${averageBy}-k1000`,
        items: 1000,
        run: () => {
          const r = permutationSigDiff(gold, bleu, chrf, { kind: 'pearson' }, { numSys, averageBy, k: 1000, seed: 20240601 });
          return [r.delta, r.pValue];
        },
        job: { kind: 'perm_both', metric1: 'bleu', metric2: 'chrf', average_by: averageBy, k: 1000 },
        reference: (r) => [r.delta],
        note: pNote,
      }),
    ),
    {
      name: 'pairwise-perm-acc23-eps0-item-k100',
      items: 100,
      run: () => {
        const r = pairwisePermutationSigDiff(gold, bleu, chrf, { variant: 'acc23', numSys, averageBy: 'item', k: 100, epsilon1: 0, epsilon2: 0, seed: 20240601 });
        return [r.delta, r.pValue];
      },
      job: { kind: 'pairwise_perm', metric1: 'bleu', metric2: 'chrf', variant: 'acc23', average_by: 'item', k: 100, epsilon1: 0.0, epsilon2: 0.0 },
      reference: (r) => [r.delta],
      note: pNote,
    },
  ];

  // Millisecond tasks need several runs before V8 optimises them: warm up, then time at least 10 runs.
  const ours = tasks.map((t) => {
    const runs = t.runs ?? Math.max(repeats, 10);
    return timeSpread(t.run, runs, t.runs ? 1 : 20);
  });
  // The reference: PY_REPEATS runs per task unless the task says otherwise (its PERM-BOTH takes seconds per run).
  const py = runPython(
    path.join(BENCH_DIR, 'reference/mtme_bench.py'),
    { matrix: matrixPath, repeats: PY_REPEATS, num_sys: numSys, tasks: tasks.map((t) => ({ name: t.name, ...t.job })) },
  );
  const rows: BenchRow[] = tasks.map((t, i) => {
    const o = ours[i];
    const row: BenchRow = { task: t.name, items: t.items, ours: o.spread.median };
    const notes = [`ours ${fmtSpread(o.spread)}`];
    if (py.ok) {
      const ref = py.result.tasks[t.name];
      const scale = t.refScale ?? 1;
      const refSpread = spreadOf((ref.times as number[]).map((x) => x * scale));
      const expected = t.reference(ref);
      row.reference = refSpread.median;
      if (expected.length) row.maxAbsDiff = Math.max(...expected.map((e, k) => Math.abs(e - o.out[k])));
      notes.push(`mt-metrics-eval ${fmtSpread(refSpread)}`, `speed-up of minima ${(refSpread.min / o.spread.min).toFixed(1)}x`);
      if (t.note) notes.push(t.note(o.out, ref));
    } else {
      notes.push(`mt-metrics-eval not run: ${py.reason}`);
      if (t.note) notes.push(t.note(o.out));
    }
    row.note = notes.join('; ');
    return row;
  });
  printRows(
    `meta-evaluation statistics — WMT21 en-de MQM, ${numSys} systems × ${m.numItems} segments, ${rated} rated (medians [min–max] after warm-up; mt-metrics-eval ${PY_REPEATS}–7 runs${
      py.ok ? `, numpy ${py.result.numpy}, scipy ${py.result.scipy}` : ''
    })`,
    'mt-metrics-eval',
    rows,
  );
  return rows;
}
