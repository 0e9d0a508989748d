// Best-of-n curves side by side with a NumPy implementation of the same estimator (sort by proxy, gold averaged in
// proxy tie groups, weights C(i−1, n−1)/C(N, n)): RewardBench's AlpacaEval best-of-16 candidates (805 prompts,
// test/fixtures/bon), proxy = output length. N = 16 with a seeded synthetic gold score (the public copy has judge
// labels for 11 candidates only), N = 11 with the judge's preferences as gold, and a 3-member uwo ensemble.
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { combineProxies, judgedCandidateSets, meanBestOfNCurve, type BonJudgedCandidates } from '../src/optimize/index.js';
import { createRng } from '../src/stats/rng.js';
import { REPO_ROOT, bestTime, maxAbsDiff, printRows, runPython, type BenchRow } from './harness.js';

const PY_REFERENCE = String.raw`
import json, sys, time
import numpy as np
from math import comb
job = json.load(sys.stdin)
def curve(sets, repeats):
    best = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        N = len(sets[0]['proxy'])
        W = np.array([[comb(i, n - 1) / comb(N, n) for i in range(N)] for n in range(1, N + 1)])
        P = np.array([s['proxy'] for s in sets], dtype=float)
        G = np.array([s['gold'] for s in sets], dtype=float)
        order = np.argsort(P, axis=1, kind='stable')
        Ps = np.take_along_axis(P, order, 1)
        Gs = np.take_along_axis(G, order, 1)
        for r in range(Ps.shape[0]):            # average gold within proxy tie groups
            vals, start, counts = np.unique(Ps[r], return_index=True, return_counts=True)
            for s0, c in zip(start, counts):
                if c > 1: Gs[r, s0:s0 + c] = Gs[r, s0:s0 + c].mean()
        out = (Gs @ W.T).mean(axis=0), (Ps @ W.T).mean(axis=0)
        dt = time.perf_counter() - t0
        best = dt if best is None or dt < best else best
    return best, out
res = {}
for name, sets in job['tasks'].items():
    t, (g, p) = curve(sets, job['repeats'])
    res[name] = {'seconds': t, 'gold': g.tolist(), 'proxy': p.tolist()}
print(json.dumps(res))
`;

export async function benchBon(repeats: number): Promise<BenchRow[]> {
  const data = JSON.parse(gunzipSync(readFileSync(path.join(REPO_ROOT, 'test/fixtures/bon/rewardbench-bon16.json.gz'))).toString('utf8')) as BonJudgedCandidates;
  const P = data.prompts;
  const rng = createRng(2024);
  const all16 = Array.from({ length: P }, (_, p) => ({
    proxy: Float64Array.from({ length: 16 }, (_, c) => data.lengths[c][p]),
    gold: Float64Array.from({ length: 16 }, () => rng.normal()),
  }));
  const judged11 = judgedCandidateSets(data, (c, p) => data.lengths[c][p]);
  // two noisy copies of the length proxy as the other ensemble members (seeded)
  const noisy = [1, 2].map((seed) => {
    const r = createRng(seed);
    return all16.map((s) => Float64Array.from(s.proxy, (x) => x + 300 * r.normal()));
  });
  const tasks: { name: string; items: number; run: () => { gold: Float64Array; proxy: Float64Array }; sets?: { proxy: Float64Array; gold: Float64Array }[] }[] = [
    { name: 'bon-curve N=16 (length proxy)', items: P * 16, run: () => meanBestOfNCurve(all16), sets: all16 },
    { name: 'bon-curve N=11 (judge gold)', items: P * 11, run: () => meanBestOfNCurve(judged11), sets: judged11 },
    {
      name: 'uwo ensemble of 3 + curve N=16',
      items: P * 16,
      run: () => {
        const combined = combineProxies([all16.map((s) => s.proxy), ...noisy], { rule: 'uwo', lambda: 0.5, spread: 'var' });
        return meanBestOfNCurve(combined.map((proxy, i) => ({ proxy, gold: all16[i].gold })));
      },
    },
  ];
  const rows: BenchRow[] = [];
  const ours = tasks.map((t) => {
    t.run(); // warm-up (JIT)
    return bestTime(t.run, repeats);
  });
  const job = {
    repeats,
    tasks: Object.fromEntries(tasks.filter((t) => t.sets).map((t) => [t.name, t.sets!.map((s) => ({ proxy: Array.from(s.proxy), gold: Array.from(s.gold) }))])),
  };
  const dir = mkdtempSync(path.join(tmpdir(), 'trenchcoat-bench-bon-'));
  const script = path.join(dir, 'bon_reference.py');
  writeFileSync(script, PY_REFERENCE);
  const ref = runPython(script, job);
  tasks.forEach((t, k) => {
    const row: BenchRow = { task: t.name, items: t.items, ours: ours[k].seconds };
    const r = ref.ok ? ref.result[t.name] : undefined;
    if (r) {
      row.reference = r.seconds;
      row.maxAbsDiff = Math.max(maxAbsDiff(Array.from(ours[k].out.gold), r.gold), maxAbsDiff(Array.from(ours[k].out.proxy), r.proxy));
    } else if (!ref.ok) {
      row.note = `numpy reference: ${ref.reason}`;
    }
    rows.push(row);
  });
  printRows('best-of-n curves (805 AlpacaEval prompts, RewardBench best-of-16)', 'numpy', rows);
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchBon(Number(process.argv[2] ?? 3));
