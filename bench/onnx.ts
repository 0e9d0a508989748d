// ONNX reward-model throughput on CPU, batched (batch-size=16, length-sorted, padded) against unbatched (batch-size=1),
// side by side with the same model through transformers + the Python onnxruntime when PYTHON points at a venv that has
// them. The default model is the tiny random-weight BERT RM fixture (hidden 32, 2 layers), where per-call overhead
// dominates; set TRENCHCOAT_BENCH_RM=/path/to/an/onnx/rm/folder to time a real one. Items: the LLMBar fixture
// conversations (MIT), repeated to 112.
import path from 'node:path';
import { readFileSync } from 'node:fs';
import type { ChatMessage, Item } from '../src/scorers/contract.js';
import { OnnxRewardModelScorer } from '../src/scorers/model/onnx/rm.js';
import { BENCH_DIR, REPO_ROOT, bestTimeAsync, maxAbsDiff, printRows, runPython, type BenchRow } from './harness.js';

const REPEAT_ITEMS = 8;

export async function benchOnnx(repeats: number): Promise<BenchRow[]> {
  const folder = process.env.TRENCHCOAT_BENCH_RM ?? path.join(REPO_ROOT, 'test/fixtures/onnx/bert-rm');
  const golden = JSON.parse(readFileSync(path.join(REPO_ROOT, 'test/fixtures/onnx/golden-rm.json'), 'utf8'));
  const base: Item[] = golden.bertRm.items;
  const items: Item[] = [];
  for (let r = 0; r < REPEAT_ITEMS; r++) for (const it of base) items.push({ ...it, id: `${it.id}#${r}` });
  const rows: BenchRow[] = [];
  const results = new Map<number, { seconds: number; rewards: number[] }>();
  for (const batchSize of [1, 16]) {
    const scorer = new OnnxRewardModelScorer({ path: folder, batchSize, truncate: false });
    await scorer.score(items.slice(0, 4)); // warm-up: session creation, JIT
    const { seconds, out } = await bestTimeAsync(() => scorer.score(items), repeats);
    results.set(batchSize, { seconds, rewards: out.map((s) => s.value as number) });
  }
  const conversations: ChatMessage[][] = items.map((it) => new OnnxRewardModelScorer({ path: folder, batchSize: 1, truncate: false }).messagesOf(it));
  const py = runPython(path.join(BENCH_DIR, 'reference/onnx_rm_bench.py'), { folder, conversations, batchSizes: [1, 16], repeats });
  for (const batchSize of [1, 16]) {
    const ours = results.get(batchSize)!;
    const ref = py.ok ? py.result.runs[String(batchSize)] : undefined;
    rows.push({
      task: `onnx-rm batch-size=${batchSize}`,
      items: items.length,
      ours: ours.seconds,
      reference: ref?.seconds,
      maxAbsDiff: ref ? maxAbsDiff(ours.rewards, ref.rewards) : undefined,
      note: py.ok ? undefined : `python reference skipped: ${py.reason}`,
    });
  }
  const speedup = results.get(1)!.seconds / results.get(16)!.seconds;
  rows.push({
    task: 'batched vs unbatched (ours)',
    items: items.length,
    ours: results.get(16)!.seconds,
    reference: results.get(1)!.seconds,
    maxAbsDiff: maxAbsDiff(results.get(16)!.rewards, results.get(1)!.rewards),
    note: `batch-size=16 is ${speedup.toFixed(2)}x batch-size=1 (the "reference" column here is our unbatched run)`,
  });
  printRows(`ONNX reward model on CPU (${path.relative(REPO_ROOT, folder) || folder})`, 'python onnxruntime', rows);
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchOnnx(Number(process.env.REPEATS ?? 3));
