// `npm run bench -- serve`: the reward server under load on loopback, side by side with a FastAPI + uvicorn server
// wrapping sacreBLEU's sentence_chrf (bench/reference/chrf_server.py), both fed OpenRLHF-shaped /get_reward requests of
// 64 real items (the bundled WMT21 TED en-de sample). Both servers run in child processes, and so does the load
// generator (bench/serve-load.ts, keep-alive sockets, a fixed send schedule in the open loop): its CPU share and how
// late it ran its schedule are reported with the figures, so a generator starved of CPU shows instead of passing for a
// slow server. Three phases per run, several runs per server, medians reported:
//   1. capacity: closed loop, 16 concurrent requests, items/s;
//   2. latency at half that load: open loop at 50% of the measured capacity, p50/p99;
//   3. overload: open loop at 4x capacity: admitted share and p99, how fast refusals come back, server RSS, and where
//      a refusal waits: the server main thread's share of wall time on a CPU and runnable-but-waiting for one
//      (/proc/PID/task/PID/schedstat) and its event-loop lag (prom-client's monitor, from /metrics).
// The trenchcoat server runs with --max-concurrent 8 --max-queue 8 (16 places, the closed loop's concurrency) so that
// overload is refused instead of queued and admitted requests wait no longer than at capacity (extra flags from
// $SERVE_BENCH_ARGS, e.g. "--workers 2" or "--max-queue-wait 100": a wait budget also refuses in the closed loop,
// whose clients resend at once, so capacity then counts admitted items only). The load average is printed: on a
// shared machine the figures move with it. Run alone: `npx tsx bench/serve.ts [repeats] [seconds]`.
//
// Where the time went (--cpu-prof of the server, closed loop of 16, 2 cores shared with other work): the pool worker
// spent ~2/3 of its time in chrF itself (interning hypothesis n-grams, reference counts) — the bound with one worker, so
// the pool now has one worker per core. The main thread was 1/3 idle; of the rest, the WHATWG Request/web-stream body
// path (hono's bodyLimit re-wrapping the request) ~10%, the socket write (kernel loopback) ~9%, GC ~5%, posting items
// to the worker ~4%, JSON.parse ~1.4%; zod validation, prom-client and the log line under 1% each. Bodies are now read
// from node's IncomingMessage (main thread 55% idle at the same load) and scores come back as one transferred
// Float64Array.
//
// Where a refusal waited at 4x overload (measured 2026-12-06, load average 10-16 on the 2 cores from other work):
// not in the accept queue or the client — the server's main thread was runnable but off the CPU for 0.75-0.95 of
// each second (schedstat wait) with an event-loop lag p99 of 150-400 ms, because (a) it was saturated: every 503 went
// through hono (WHATWG Request, middleware chain) at 0.15-0.23 ms of main-thread CPU, a bare node:http 503 of the same
// 31 KB request costs 0.05-0.06 ms; and (b) the two pool workers, at the same priority, took the cores it needed.
// Now overload 503s are answered from node:http's request event (src/serve/early-refusal.ts, 0.08-0.09 ms each) and
// the workers run niced (--worker-nice 10), so the main thread is scheduled first. Interleaved runs, medians of 3,
// refusal p50 / admitted p99 at 4x: 185 / 4060 ms before, 88 / 3340 ms with the early refusal only, 19 / 704 ms with
// both, 12 / 386 ms adding --max-queue-wait 100 (the queue's wait budget from measured throughput). The generator
// was 0.1-0.2 of a core; it now runs in a session of its own (autogroup scheduling would otherwise split one share).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BENCH_DIR, REPO_ROOT } from './harness.js';
import { freePort } from '../test/helpers/processes.js';
import type { LoadResult, LoadSpec } from './serve-load.js';

const ITEMS_PER_REQUEST = 64;

interface Target {
  name: string;
  url: string;
  child: ChildProcess;
}


async function waitHealthy(url: string, child: ChildProcess, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not come up`);
}

function rssBytes(pids: number[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) total += Number(m[1]) * 1024;
    } catch {
      // process gone
    }
  }
  return total;
}

/** The server process and its children (uvicorn workers). */
function processTree(pid: number): number[] {
  const out = [pid];
  try {
    for (const c of readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) out.push(...processTree(Number(c)));
  } catch {
    // no children file
  }
  return out;
}

function makeBodies(): string[] {
  const rows = readFileSync(path.join(REPO_ROOT, 'examples/mqm-ted-ende/ted-ende.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const bodies: string[] = [];
  for (let start = 0; start + ITEMS_PER_REQUEST <= rows.length; start += ITEMS_PER_REQUEST) {
    const slice = rows.slice(start, start + ITEMS_PER_REQUEST);
    bodies.push(JSON.stringify({ query: slice.map((r) => r.source + r.output), prompts: slice.map((r) => r.source), labels: slice.map((r) => r.reference) }));
  }
  return bodies;
}

function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

/** Run-queue figures of one thread from /proc/PID/task/TID/schedstat: seconds on a CPU and seconds runnable but waiting. */
function schedstat(pid: number, tid = pid): { run: number; wait: number } {
  try {
    const [run, wait] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ').map(Number);
    return { run: run / 1e9, wait: wait / 1e9 };
  } catch {
    return { run: NaN, wait: NaN };
  }
}

/** The server's event-loop delay since the last scrape (prom-client resets its monitor on each collect), ms; trenchcoat only. */
async function eventLoopLag(t: Target): Promise<{ p99: number; max: number }> {
  const text = await fetch(`${t.url}/metrics`).then(
    (r) => (r.ok ? r.text() : ''),
    () => '',
  );
  const grab = (name: string) => Number(new RegExp(`^trenchcoat_nodejs_eventloop_lag_${name}_seconds (\\S+)$`, 'm').exec(text)?.[1] ?? NaN) * 1000;
  return { p99: grab('p99'), max: grab('max') };
}

interface Phase extends LoadResult {
  maxRss: number;
  /** The server's main thread over the phase, as shares of the wall time: on a CPU, and runnable but waiting for one. */
  mainRun: number;
  mainWait: number;
  lagP99: number;
  lagMax: number;
}

/** One load phase from a generator process of its own (bench/serve-load.ts), the server's RSS sampled meanwhile. */
async function phase(t: Target, bodiesFile: string, spec: Omit<LoadSpec, 'url' | 'bodiesFile'>): Promise<Phase> {
  const pids = processTree(t.child.pid as number);
  const main = t.child.pid as number;
  await eventLoopLag(t);
  const s0 = schedstat(main);
  let maxRss = rssBytes(pids);
  // detached: a session of its own, so on Linux with autogroup scheduling the generator and the server do not split one
  // group's CPU share (with other users' work on the machine that share is small, and the generator took most of it)
  const gen = spawn(process.execPath, ['--import', 'tsx', path.join(BENCH_DIR, 'serve-load.ts'), JSON.stringify({ ...spec, url: t.url, bodiesFile })], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  let out = '';
  gen.stdout.on('data', (d) => (out += d));
  const sampler = setInterval(() => (maxRss = Math.max(maxRss, rssBytes(pids))), 200);
  const code = await new Promise<number | null>((r) => gen.once('exit', r));
  clearInterval(sampler);
  if (code !== 0) throw new Error(`load generator exited with ${code}`);
  const result = JSON.parse(out) as LoadResult;
  const s1 = schedstat(main);
  maxRss = Math.max(maxRss, rssBytes(pids));
  // the generator's start-up (tsx) is in the schedstat window, but the server is idle then: shares of the phase itself
  const lag = await eventLoopLag(t);
  return { ...result, maxRss, mainRun: (s1.run - s0.run) / result.elapsedSec, mainWait: (s1.wait - s0.wait) / result.elapsedSec, lagP99: lag.p99, lagMax: lag.max };
}

async function startTrenchcoat(extra: string[] = []): Promise<Target> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(REPO_ROOT, 'src/cli/main.ts'), 'serve', '-s', 'chrf', '--no-auth', '--port', String(port), '--no-cache', '--rate-limit', '0', '--max-concurrent', '8', '--max-queue', '8', ...extra],
    { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'ignore'] },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitHealthy(url, child, 'trenchcoat serve');
  return { name: `trenchcoat serve -s chrf${extra.length ? ' ' + extra.join(' ') : ''}`, url, child };
}

async function startFastapi(workers: number): Promise<Target> {
  const port = await freePort();
  const child = spawn(process.env.PYTHON ?? 'python3', [path.join(BENCH_DIR, 'reference/chrf_server.py'), String(port), String(workers)], { stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  await waitHealthy(url, child, 'FastAPI server');
  return { name: `FastAPI+uvicorn sacrebleu (${workers} worker${workers > 1 ? 's' : ''})`, url, child };
}

/** The floor for refusal latency on this machine at this moment: a bare node:http server that answers 503 at once. */
async function startBareRefuser(): Promise<Target> {
  const port = await freePort();
  const code = `require('node:http').createServer((q, s) => { if (q.url === '/health') return s.end('ok'); s.writeHead(503, { 'Retry-After': '1', 'Content-Type': 'application/json' }); s.end('{"error":"busy"}'); }).listen(${port}, '127.0.0.1')`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  await waitHealthy(url, child, 'bare node:http refuser');
  return { name: 'bare node:http 503', url, child };
}

async function stop(t: Target): Promise<void> {
  if (t.child.exitCode !== null) return;
  const exited = new Promise((r) => t.child.once('exit', r));
  t.child.kill('SIGTERM');
  await exited;
}

const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`;
const f1 = (x: number) => x.toFixed(1);
const median = (xs: number[]) => quantile(xs.filter((x) => !Number.isNaN(x)), 0.5);
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** One repeat's figures; the report gives the median of each over the repeats. */
interface RunFigures {
  capItemsPerSec: number;
  capP50: number;
  capP99: number;
  capMainRun: number;
  capMainWait: number;
  capLagP99: number;
  halfP50: number;
  halfP99: number;
  halfOkShare: number;
  overItemsPerSec: number;
  overOkShare: number;
  overOkP50: number;
  overOkP99: number;
  refusedShare: number;
  refusedP50: number;
  refusedP99: number;
  other: number;
  maxRss: number;
  overMainRun: number;
  overMainWait: number;
  overLagP99: number;
  overLagMax: number;
  genCpu: number;
  genLagP99: number;
}

async function measure(t: Target, bodiesFile: string, seconds: number): Promise<RunFigures> {
  const cap = await phase(t, bodiesFile, { mode: 'closed', concurrency: 16, seconds });
  const capReq = cap.ok.length / cap.elapsedSec;
  const half = await phase(t, bodiesFile, { mode: 'open', rate: capReq / 2, seconds });
  const over = await phase(t, bodiesFile, { mode: 'open', rate: capReq * 4, seconds });
  return {
    capItemsPerSec: capReq * ITEMS_PER_REQUEST,
    capP50: quantile(cap.ok, 0.5),
    capP99: quantile(cap.ok, 0.99),
    capMainRun: cap.mainRun,
    capMainWait: cap.mainWait,
    capLagP99: cap.lagP99,
    halfP50: quantile(half.ok, 0.5),
    halfP99: quantile(half.ok, 0.99),
    halfOkShare: half.ok.length / half.sent,
    overItemsPerSec: (over.ok.length * ITEMS_PER_REQUEST) / over.elapsedSec,
    overOkShare: over.ok.length / over.sent,
    overOkP50: quantile(over.ok, 0.5),
    overOkP99: quantile(over.ok, 0.99),
    refusedShare: over.refused.length / over.sent,
    refusedP50: quantile(over.refused, 0.5),
    refusedP99: quantile(over.refused, 0.99),
    other: over.other.length,
    maxRss: over.maxRss,
    overMainRun: over.mainRun,
    overMainWait: over.mainWait,
    overLagP99: over.lagP99,
    overLagMax: over.lagMax,
    genCpu: over.cpuShare,
    genLagP99: over.sendLagP99,
  };
}

/**
 * `repeats` runs of each phase per server, `seconds` each; medians over the runs. $SERVE_BENCH_SERVERS (comma-separated:
 * trenchcoat, fastapi1, fastapi2, floor) picks the servers; all by default.
 */
export async function benchServe(repeats = 3, seconds = 5): Promise<void> {
  const bodiesFile = path.join(mkdtempSync(path.join(tmpdir(), 'serve-bench-')), 'bodies.json');
  writeFileSync(bodiesFile, JSON.stringify(makeBodies()));
  const firstBody = makeBodies()[0];
  const picked = new Set((process.env.SERVE_BENCH_SERVERS ?? 'trenchcoat,fastapi1,fastapi2,floor').split(','));
  console.log(`\n## serve: OpenRLHF /get_reward, ${ITEMS_PER_REQUEST} sentence-chrF items per request, loopback; medians of ${repeats} runs, ${seconds} s per phase`);
  console.log(`load average at start: ${loadavg()} (${availableParallelism()} cores); load from a generator process of its own (bench/serve-load.ts)`);
  const trenchcoatArgs = (process.env.SERVE_BENCH_ARGS ?? '').split(' ').filter(Boolean);
  const servers: [string, () => Promise<Target>][] = [
    ['trenchcoat', () => startTrenchcoat(trenchcoatArgs)],
    ['fastapi1', () => startFastapi(1)],
    ['fastapi2', () => startFastapi(2)],
  ];
  const results: { name: string; cap: number; p99: number }[] = [];
  for (const [key, start] of servers) {
    if (!picked.has(key)) continue;
    let t: Target;
    try {
      t = await start();
    } catch (err) {
      console.log(`skipped: ${(err as Error).message}`);
      continue;
    }
    try {
      // parity first: the same rewards from both (sacreBLEU's chrF)
      const probe = await fetch(`${t.url}/get_reward`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: firstBody }).then((r) => r.json() as Promise<{ rewards: number[] }>);
      await phase(t, bodiesFile, { mode: 'closed', concurrency: 8, seconds: 1 }); // warm-up
      const idleRss = rssBytes(processTree(t.child.pid as number));
      const runs: RunFigures[] = [];
      for (let r = 0; r < repeats; r++) runs.push(await measure(t, bodiesFile, seconds));
      const m = (f: (x: RunFigures) => number) => median(runs.map(f));
      const cap = m((x) => x.capItemsPerSec);
      results.push({ name: t.name, cap, p99: m((x) => x.capP99) });
      const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
      const share = (x: number) => (Number.isNaN(x) ? 'n/a' : x.toFixed(2));
      console.log(`\n### ${t.name}`);
      console.log(`first reward ${probe.rewards[0]}; RSS after warm-up ${mb(idleRss)}; load average now ${loadavg()}`);
      console.log(
        `capacity (closed loop, 16 concurrent): ${cap.toFixed(0)} items/s (${(cap / ITEMS_PER_REQUEST).toFixed(0)} req/s), p50 ${f1(m((x) => x.capP50))} ms, p99 ${f1(m((x) => x.capP99))} ms  [runs: ${runs.map((x) => x.capItemsPerSec.toFixed(0)).join(', ')}]; ` +
          `server main thread on CPU ${share(m((x) => x.capMainRun))}, waiting for one ${share(m((x) => x.capMainWait))}, event-loop lag p99 ${f1(m((x) => x.capLagP99))} ms`,
      );
      console.log(`half load (open loop): p50 ${f1(m((x) => x.halfP50))} ms, p99 ${f1(m((x) => x.halfP99))} ms, ${pct(m((x) => x.halfOkShare))} answered 200`);
      console.log(
        `overload (open loop, 4x capacity): ${pct(m((x) => x.overOkShare))} admitted, ${m((x) => x.overItemsPerSec).toFixed(0)} items/s (p50 ${f1(m((x) => x.overOkP50))} ms, p99 ${f1(m((x) => x.overOkP99))} ms), ` +
          `${pct(m((x) => x.refusedShare))} refused 429/503 (p50 ${f1(m((x) => x.refusedP50))} ms, p99 ${f1(m((x) => x.refusedP99))} ms), ${m((x) => x.other)} other; ` +
          `server RSS max ${mb(m((x) => x.maxRss))}; still up: ${t.child.exitCode === null}`,
      );
      console.log(
        `  overload, where the time went: server main thread on CPU ${share(m((x) => x.overMainRun))}, waiting for one ${share(m((x) => x.overMainWait))}, ` +
          `event-loop lag p99 ${f1(m((x) => x.overLagP99))} ms (max ${f1(m((x) => x.overLagMax))} ms); load generator CPU ${share(m((x) => x.genCpu))} of a core, send lag p99 ${f1(m((x) => x.genLagP99))} ms`,
      );
    } finally {
      await stop(t);
    }
  }
  if (results.length > 0 && picked.has('floor')) {
    // same client, same rate as the first server's overload phase: what scheduling on this machine alone costs a refusal
    const floor = await startBareRefuser();
    try {
      const runs: Phase[] = [];
      for (let r = 0; r < repeats; r++) runs.push(await phase(floor, bodiesFile, { mode: 'open', rate: (results[0].cap / ITEMS_PER_REQUEST) * 4, seconds }));
      console.log(
        `\nrefusal floor (${floor.name}, same client and rate as the overload phase): p50 ${f1(median(runs.map((x) => quantile(x.refused, 0.5))))} ms, ` +
          `p99 ${f1(median(runs.map((x) => quantile(x.refused, 0.99))))} ms`,
      );
    } finally {
      await stop(floor);
    }
  }
  if (results.length > 1) {
    console.log('');
    for (const r of results.slice(1)) {
      console.log(`throughput ratio ${results[0].name} / ${r.name}: ${(results[0].cap / r.cap).toFixed(1)}x (p99 at capacity ${f1(results[0].p99)} ms vs ${f1(r.p99)} ms)`);
    }
  }
  console.log(`load average at end: ${loadavg()}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await benchServe(Number(process.argv[2] ?? 3), Number(process.argv[3] ?? 5));
