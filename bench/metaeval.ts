// Meta-evaluation statistics side by side with mt-metrics-eval's stats.py on WMT21 en-de MQM (8 systems × 1002
// segments, 4216 rated cells; BLEU vs chrF sentence scores):
//  - tie-calibrated acc23 grouped by item (KendallWithTiesOpt, sample_rate 1.0): tau and epsilon must be identical;
//  - PERM-BOTH Pearson with k = 1000 resamples, no grouping and grouped by system: delta must be identical, p-values
//    agree within Monte-Carlo error (different random streams; the note prints both);
//  - the pairwise-outcome permutation test for acc23 grouped by item (ε = 0), k = 100.
// Python side: bench/reference/mtme_bench.py, which imports mt-metrics-eval from the checkout named by MTME_DIR.
import path from 'node:path';
import { existsSync } from 'node:fs';
import { loadMatrix } from '../test/fixtures/metaeval/load.js';
import { tieCalibratedKendall } from '../src/stats/tie-calibration.js';
import { pairwisePermutationSigDiff, permutationSigDiff } from '../src/stats/permutation.js';
import { BENCH_DIR, REPO_ROOT, SHARED, bestTime, printRows, runPython, type BenchRow } from './harness.js';

interface Task {
  name: string;
  items: number;
  run: () => number[];
  /** What the Python job computes, and how its outputs map onto `run()`'s numbers. */
  job: Record<string, unknown>;
  reference: (r: Record<string, number>) => number[];
  note?: (ours: number[], ref?: Record<string, number>) => string;
}

const PY_REPEATS = 3;

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

  const tasks: Task[] = [
    {
      name: 'acc23-tie-calibrated-item',
      items: rated,
      run: () => {
        const r = tieCalibratedKendall(gold, bleu, { variant: 'acc23', numSys, averageBy: 'item', sampleRate: 1 });
        return [r.tau, r.epsilon];
      },
      job: { kind: 'ties_opt', metric: 'bleu', variant: 'acc23', average_by: 'item' },
      reference: (r) => [r.tau, r.epsilon],
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

  // Millisecond tasks need several runs before V8 optimises them: warm up, then take the best of at least 10.
  const ours = tasks.map((t) => {
    for (let w = 0; w < 20; w++) t.run();
    return bestTime(t.run, Math.max(repeats, 10));
  });
  // The reference gets the same treatment within reason: best of 3 (its PERM-BOTH takes seconds per run).
  const py = runPython(
    path.join(BENCH_DIR, 'reference/mtme_bench.py'),
    { matrix: matrixPath, repeats: PY_REPEATS, num_sys: numSys, tasks: tasks.map((t) => ({ name: t.name, ...t.job })) },
  );
  const rows: BenchRow[] = tasks.map((t, i) => {
    const o = ours[i];
    const row: BenchRow = { task: t.name, items: t.items, ours: o.seconds };
    if (py.ok) {
      const ref = py.result.tasks[t.name];
      const expected = t.reference(ref);
      row.reference = ref.seconds;
      row.maxAbsDiff = Math.max(...expected.map((e, k) => Math.abs(e - o.out[k])));
      if (t.note) row.note = t.note(o.out, ref);
    } else {
      row.note = `mt-metrics-eval not run: ${py.reason}`;
    }
    return row;
  });
  printRows(
    `meta-evaluation statistics — WMT21 en-de MQM, ${numSys} systems × ${m.numItems} segments, ${rated} rated (best of ${Math.max(repeats, 10)} after warm-up; mt-metrics-eval best of ${PY_REPEATS}${
      py.ok ? `, numpy ${py.result.numpy}, scipy ${py.result.scipy}` : ''
    })`,
    'mt-metrics-eval',
    rows,
  );
  return rows;
}
