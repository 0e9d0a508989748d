// `npm run bench -- queue`: the BullMQ executor on a real redis-server (loopback, started here).
//   1. `score -s chrf` over a streamed 1M-row JSONL through the queue with 2 workers against 1 worker (goal ≥1.8× on
//      2 free cores), each output compared byte for byte with the other. Rows: BENCH_QUEUE_ROWS (default 1000000).
//   2. Queue overhead per shard: 2000 shards of 10 items scored with `length` (nearly free) through the queue with one
//      worker, against the same shards scored in this process; (queue − local) / shards (goal < 2 ms).
import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { createScorer } from '../src/scorers/registry.js';
import '../src/scorers/builtin.js';
import type { Item } from '../src/scorers/contract.js';
import { scoreStream } from '../src/scoring.js';
import { openQueueSubmitter } from '../src/queue/submit.js';
import { REPO_ROOT } from './harness.js';
import { measureProcess, wmt21JsonlStream } from './scale-harness.js';
import { freePort } from '../test/helpers/processes.js';

const MAIN = path.join(REPO_ROOT, 'src/cli/main.ts');
const ENV = { ...process.env, TRENCHCOAT_HOME: '/tmp/trenchcoat-bench-queue' };

async function waitFor(child: ChildProcess, re: RegExp): Promise<void> {
  let text = '';
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (c) => reject(new Error(`exited with ${c}: ${text}`)));
    child.stderr!.on('data', (d) => {
      text += d;
      if (re.test(text)) resolve();
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || !child.pid) return Promise.resolve();
  const done = new Promise<void>((r) => child.once('exit', () => r()));
  process.kill(child.pid, 'SIGTERM');
  return done;
}

async function startWorkers(url: string, n: number): Promise<ChildProcess[]> {
  const ws = Array.from({ length: n }, () => spawn(process.execPath, ['--import', 'tsx', MAIN, 'worker', '--queue', url], { cwd: REPO_ROOT, env: ENV, stdio: ['ignore', 'ignore', 'pipe'] }));
  await Promise.all(ws.map((w) => waitFor(w, /ready on/)));
  return ws;
}

export async function benchQueue(repeats: number): Promise<void> {
  const port = await freePort();
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const url = `redis://127.0.0.1:${port}`;
  try {
    await new Promise<void>((resolve) => redis.stdout!.on('data', (d) => /Ready to accept/.test(String(d)) && resolve()));
    const rows = Number(process.env.BENCH_QUEUE_ROWS ?? 1_000_000);
    console.log(`\n## queue: score -s chrf, ${rows} rows streamed to the submitter, shards of 1000 (${availableParallelism()} cores, load ${loadavg()[0].toFixed(1)})`);
    // the submitter's CPU seconds say how much of a core the submitting process itself takes from the workers
    console.log(['run', '1 worker s', 'submitter cpu s', '2 workers s', 'submitter cpu s', 'speed-up', 'identical', 'load'].join('\t'));
    for (let r = 0; r < repeats; r++) {
      const outs: string[] = [];
      const walls: number[] = [];
      const cpus: number[] = [];
      for (const n of [1, 2]) {
        await new Promise<void>((res) => spawn('redis-cli', ['-p', String(port), 'flushall'], { stdio: 'ignore' }).once('exit', () => res()));
        const workers = await startWorkers(url, n);
        try {
          const run = await measureProcess(process.execPath, ['--import', 'tsx', MAIN, 'score', '--data', '-', '--format', 'jsonl', '--ref-field', 'reference', '-s', 'chrf', '--group-by', 'system', '--queue', url, '--no-cache', '--json'], { stdin: wmt21JsonlStream(rows), cwd: REPO_ROOT, env: ENV });
          if (run.code !== 0) throw new Error(run.stderr);
          outs.push(run.stdout);
          walls.push(run.wallSeconds);
          cpus.push(run.cpuSeconds);
        } finally {
          await Promise.all(workers.map(stop));
        }
      }
      console.log([r + 1, walls[0].toFixed(2), cpus[0].toFixed(2), walls[1].toFixed(2), cpus[1].toFixed(2), `${(walls[0] / walls[1]).toFixed(2)}x`, outs[0] === outs[1], loadavg()[0].toFixed(1)].join('\t'));
    }

    const SHARDS = 2000;
    const PER = 10;
    const items: Item[] = Array.from({ length: SHARDS * PER }, (_, i) => ({ id: `q${i}`, output: `row ${i}` }));
    const batches: Item[][] = [];
    for (let i = 0; i < items.length; i += PER) batches.push(items.slice(i, i + PER));
    const scorers = [createScorer('length')];
    console.log(`\n## queue: overhead per shard (${SHARDS} shards of ${PER} items, -s length, 1 worker)`);
    console.log(['run', 'local s', 'queue s', 'overhead ms/shard'].join('\t'));
    const overheads: number[] = [];
    for (let r = 0; r < repeats; r++) {
      await new Promise<void>((res) => spawn('redis-cli', ['-p', String(port), 'flushall'], { stdio: 'ignore' }).once('exit', () => res()));
      const [worker] = await startWorkers(url, 1);
      try {
        let t0 = performance.now();
        const local = await scoreStream(batches, scorers);
        const localS = (performance.now() - t0) / 1000;
        const submitter = await openQueueSubmitter(url, scorers);
        t0 = performance.now();
        const queued = await scoreStream(batches, scorers, { executor: submitter });
        const queueS = (performance.now() - t0) / 1000;
        await submitter.close();
        if (JSON.stringify(local) !== JSON.stringify(queued)) throw new Error('queued result differs');
        const ms = ((queueS - localS) * 1000) / SHARDS;
        overheads.push(ms);
        console.log([r + 1, localS.toFixed(3), queueS.toFixed(3), ms.toFixed(3)].join('\t'));
      } finally {
        await stop(worker);
      }
    }
    overheads.sort((a, b) => a - b);
    console.log(`overhead median ${overheads[Math.floor(overheads.length / 2)].toFixed(3)} ms/shard (min ${overheads[0].toFixed(3)}, max ${overheads[overheads.length - 1].toFixed(3)})`);
  } finally {
    await stop(redis);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchQueue(Number(process.argv[2] ?? 3));
