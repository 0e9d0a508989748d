// Verifiable math rewards side by side with verl's own Python functions, on every golden input of
// test/fixtures/verifiable. The reference needs VERL_DIR (a verl checkout); without it only our times are printed.
import path from 'node:path';
import '../src/scorers/builtin.js';
import { createScorer } from '../src/scorers/registry.js';
import { isSyncScorer, type Item } from '../src/scorers/contract.js';
import { readGoldens } from '../test/scorers/verifiable/goldens.js';
import { BENCH_DIR, bestTime, maxAbsDiff, printRows, runPython, type BenchRow } from './harness.js';

interface Task {
  spec: string;
  file: string;
  module: string;
  kwargs: Record<string, unknown>;
}

const TASKS: Task[] = [
  { spec: 'gsm8k', file: 'gsm8k.jsonl.gz', module: 'gsm8k', kwargs: { method: 'strict' } },
  { spec: 'gsm8k:method=flexible', file: 'gsm8k.jsonl.gz', module: 'gsm8k', kwargs: { method: 'flexible' } },
  { spec: 'math-boxed', file: 'math-boxed.jsonl.gz', module: 'math_reward', kwargs: {} },
  { spec: 'math-dapo', file: 'math-dapo.jsonl.gz', module: 'math_dapo', kwargs: {} },
  { spec: 'math-dapo:strict-box=true', file: 'math-dapo.jsonl.gz', module: 'math_dapo', kwargs: { strict_box_verify: true } },
];

export async function benchVerifiable(repeats: number): Promise<BenchRow[]> {
  const inputs = TASKS.map((t) => readGoldens<{ output: string; gt: string }>(t.file));
  const py = runPython(path.join(BENCH_DIR, 'reference/verl_math_bench.py'), {
    repeats,
    tasks: TASKS.map((t, i) => ({ name: t.spec, module: t.module, kwargs: t.kwargs, outputs: inputs[i].map((c) => c.output), gts: inputs[i].map((c) => c.gt) })),
  });
  const rows: BenchRow[] = TASKS.map((t, i) => {
    const items: Item[] = inputs[i].map((c, k) => ({ id: String(k), output: c.output, references: [c.gt] }));
    const scorer = createScorer(t.spec);
    if (!isSyncScorer(scorer)) throw new Error(`${t.spec} is not synchronous`);
    scorer.scoreSync(items); // warm-up (JIT)
    const run = bestTime(() => scorer.scoreSync(items).map((s) => s.value as number), repeats);
    const ref = py.ok ? py.result[t.spec] : undefined;
    return {
      task: t.spec,
      items: items.length,
      ours: run.seconds,
      reference: ref?.seconds,
      maxAbsDiff: ref ? maxAbsDiff(run.out, ref.scores) : undefined,
      note: py.ok ? undefined : `reference skipped: ${py.reason}`,
    };
  });
  printRows('verifiable rewards (all golden inputs)', 'verl', rows);
  return rows;
}
