// `npm run bench -- threads`: `trenchcoat score -s chrf` over a streamed 1M-row JSONL (WMT21 rows cycling) as a whole
// process, --threads 2 against --threads 1 in the same run (goal: ≥1.8× on 2 free cores), the outputs compared byte for
// byte; then peak RSS at 1M, 2M and 10M rows (goal: < 300 MB at 10M: input and output are streamed).
// Sizes: BENCH_THREADS_ROWS (default 1000000) and BENCH_THREADS_RSS_ROWS (default 1000000,2000000,10000000).
// CPU seconds are reported beside wall seconds: on a shared machine the wall ratio says how busy the other tenants
// were; CPU(threads 2) / CPU(threads 1) is the cost of sharding itself.
// The ceiling column is what two cores give this job at all, in the same run: two independent --threads 1 processes,
// each on half the rows, started together (no sharing, no merging), against one process on all rows. On a shared or
// SMT-sibling pair of vCPUs it falls well below 2×, and no executor can beat it.
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './harness.js';
import { measureProcess, wmt21JsonlStream, type ProcessRun } from './scale-harness.js';

// BENCH_DIST=1 runs the built CLI (dist/, `npm run build` first): what users run, without tsx compiling in every thread
const CLI = process.env.BENCH_DIST === '1' ? [path.join(REPO_ROOT, 'dist/cli/main.js')] : ['--import', 'tsx', path.join(REPO_ROOT, 'src/cli/main.ts')];

function score(rows: number, threads: number, extra: string[] = []): Promise<ProcessRun> {
  const args = [...CLI, 'score', '--data', '-', '--format', 'jsonl', '--ref-field', 'reference', '-s', 'chrf', '--group-by', 'system', '--threads', String(threads), '--no-cache', '--json', ...extra];
  return measureProcess(process.execPath, args, { stdin: wmt21JsonlStream(rows), cwd: REPO_ROOT, env: { ...process.env, TRENCHCOAT_HOME: '/tmp/trenchcoat-bench-threads' } });
}

const sizes = (v: string | undefined, d: string): number[] => (v ?? d).split(',').map(Number);

export async function benchThreads(repeats: number): Promise<void> {
  const rows = sizes(process.env.BENCH_THREADS_ROWS, '1000000')[0];
  console.log(`\n## threads: score -s chrf --group-by system, ${rows} rows streamed on stdin (${availableParallelism()} cores, load ${loadavg()[0].toFixed(1)})`);
  console.log(['run', 'threads 1 s', 'cpu s', 'threads 2 s', 'cpu s', 'speed-up', 'cpu cost', 'ceiling', 'identical', 'load'].join('\t'));
  const ratios: number[] = [];
  const ceilings: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const one = await score(rows, 1);
    const two = await score(rows, 2);
    if (one.code !== 0 || two.code !== 0) throw new Error(`score failed: ${one.stderr || two.stderr}`);
    const t0 = performance.now();
    const halves = await Promise.all([score(Math.ceil(rows / 2), 1), score(Math.floor(rows / 2), 1)]);
    const ceiling = one.wallSeconds / ((performance.now() - t0) / 1000);
    if (halves.some((h) => h.code !== 0)) throw new Error(`score failed: ${halves.map((h) => h.stderr).join('')}`);
    ratios.push(one.wallSeconds / two.wallSeconds);
    ceilings.push(ceiling);
    console.log([r + 1, one.wallSeconds.toFixed(2), one.cpuSeconds.toFixed(2), two.wallSeconds.toFixed(2), two.cpuSeconds.toFixed(2), `${(one.wallSeconds / two.wallSeconds).toFixed(2)}x`, `${(two.cpuSeconds / one.cpuSeconds).toFixed(2)}x`, `${ceiling.toFixed(2)}x`, one.stdout === two.stdout, loadavg()[0].toFixed(1)].join('\t'));
  }
  const summary = (xs: number[]): string => {
    xs.sort((a, b) => a - b);
    return `median ${xs[Math.floor(xs.length / 2)].toFixed(2)}x (min ${xs[0].toFixed(2)}, max ${xs[xs.length - 1].toFixed(2)})`;
  };
  console.log(`speed-up ${summary(ratios)}; ceiling of two independent processes ${summary(ceilings)}`);

  console.log(`\n## threads: peak RSS of score -s chrf, corpus (--json) and --level segment --out FILE (streamed in and out)`);
  console.log(['rows', 'threads', 'level', 'wall s', 'peak RSS MB'].join('\t'));
  for (const n of sizes(process.env.BENCH_THREADS_RSS_ROWS, '1000000,2000000,10000000')) {
    for (const threads of [1, 2]) {
      for (const level of ['corpus', 'segment']) {
        const run = await score(n, threads, level === 'segment' ? ['--level', 'segment', '--out', '/tmp/trenchcoat-bench-threads/segments.jsonl'] : []);
        if (run.code !== 0) throw new Error(`score failed: ${run.stderr}`);
        console.log([n, threads, level, run.wallSeconds.toFixed(1), run.peakRssMB.toFixed(0)].join('\t'));
      }
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchThreads(Number(process.argv[2] ?? 3));
