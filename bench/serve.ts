// `npm run bench -- serve`: the reward server under load on loopback, side by side with a FastAPI + uvicorn server
// wrapping sacreBLEU's sentence_chrf (bench/reference/chrf_server.py), both fed OpenRLHF-shaped /get_reward requests of
// 64 real items (the bundled WMT21 TED en-de sample). Both servers run in child processes; the load generator is this
// process (keep-alive sockets). Three phases per run, several runs per server, medians reported:
//   1. capacity: closed loop, 16 concurrent requests, items/s;
//   2. latency at half that load: open loop at 50% of the measured capacity, p50/p99;
//   3. overload: open loop at 4x capacity: admitted share and p99, how fast refusals come back, server RSS.
// The trenchcoat server runs with --max-concurrent 8 --max-queue 8 (16 places, the closed loop's concurrency) so that
// overload is refused instead of queued and admitted requests wait no longer than at capacity
// (extra flags from $SERVE_BENCH_ARGS, e.g. "--workers 2"). The load average is printed: on a shared machine the
// figures move with it. Run alone: `npx tsx bench/serve.ts [repeats] [seconds]`.
//
// Where the time went (--cpu-prof of the server, closed loop of 16, 2 cores shared with other work): the pool worker
// spent ~2/3 of its time in chrF itself (interning hypothesis n-grams, reference counts) — the bound with one worker, so
// the pool now has one worker per core. The main thread was 1/3 idle; of the rest, the WHATWG Request/web-stream body
// path (hono's bodyLimit re-wrapping the request) ~10%, the socket write (kernel loopback) ~9%, GC ~5%, posting items
// to the worker ~4%, JSON.parse ~1.4%; zod validation, prom-client and the log line under 1% each. Bodies are now read
// from node's IncomingMessage (main thread 55% idle at the same load) and scores come back as one transferred
// Float64Array.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BENCH_DIR, REPO_ROOT } from './harness.js';
import { freePort } from '../test/helpers/processes.js';

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

interface Sample {
  status: number;
  ms: number;
}

function send(agent: http.Agent, url: URL, body: string): Promise<Sample> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode as number, ms: performance.now() - t0 }));
    });
    req.on('error', () => resolve({ status: 0, ms: performance.now() - t0 }));
    req.end(body);
  });
}

function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

async function closedLoop(t: Target, bodies: string[], concurrency: number, seconds: number): Promise<{ itemsPerSec: number; p50: number; p99: number; errors: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const url = new URL(`${t.url}/get_reward`);
  const end = performance.now() + seconds * 1000;
  const lat: number[] = [];
  let ok = 0;
  let errors = 0;
  let k = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const s = await send(agent, url, bodies[k++ % bodies.length]);
        if (s.status === 200) {
          ok++;
          lat.push(s.ms);
        } else errors++;
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  return { itemsPerSec: (ok * ITEMS_PER_REQUEST) / elapsed, p50: quantile(lat, 0.5), p99: quantile(lat, 0.99), errors };
}

async function openLoop(t: Target, bodies: string[], requestsPerSec: number, seconds: number): Promise<{ sent: number; ok: Sample[]; refused: Sample[]; other: Sample[]; maxRss: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const url = new URL(`${t.url}/get_reward`);
  const pids = processTree(t.child.pid as number);
  const pending: Promise<Sample>[] = [];
  const interval = 1000 / requestsPerSec;
  const t0 = performance.now();
  let maxRss = rssBytes(pids);
  let sent = 0;
  let lastRss = t0;
  while (performance.now() - t0 < seconds * 1000) {
    const due = t0 + sent * interval;
    const now = performance.now();
    if (now < due) await new Promise((r) => setTimeout(r, Math.max(0, due - now)));
    pending.push(send(agent, url, bodies[sent % bodies.length]));
    sent++;
    if (performance.now() - lastRss > 200) {
      maxRss = Math.max(maxRss, rssBytes(pids));
      lastRss = performance.now();
    }
  }
  const samples = await Promise.all(pending);
  maxRss = Math.max(maxRss, rssBytes(pids));
  agent.destroy();
  return { sent, ok: samples.filter((s) => s.status === 200), refused: samples.filter((s) => s.status === 429 || s.status === 503), other: samples.filter((s) => s.status !== 200 && s.status !== 429 && s.status !== 503), maxRss };
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
  halfP50: number;
  halfP99: number;
  halfOkShare: number;
  overOkShare: number;
  overOkP99: number;
  refusedShare: number;
  refusedP50: number;
  refusedP99: number;
  other: number;
  maxRss: number;
}

async function measure(t: Target, bodies: string[], seconds: number): Promise<RunFigures> {
  const cap = await closedLoop(t, bodies, 16, seconds);
  const capReq = cap.itemsPerSec / ITEMS_PER_REQUEST;
  const half = await openLoop(t, bodies, capReq / 2, seconds);
  const over = await openLoop(t, bodies, capReq * 4, seconds);
  return {
    capItemsPerSec: cap.itemsPerSec,
    capP50: cap.p50,
    capP99: cap.p99,
    halfP50: quantile(half.ok.map((x) => x.ms), 0.5),
    halfP99: quantile(half.ok.map((x) => x.ms), 0.99),
    halfOkShare: half.ok.length / half.sent,
    overOkShare: over.ok.length / over.sent,
    overOkP99: quantile(over.ok.map((x) => x.ms), 0.99),
    refusedShare: over.refused.length / over.sent,
    refusedP50: quantile(over.refused.map((x) => x.ms), 0.5),
    refusedP99: quantile(over.refused.map((x) => x.ms), 0.99),
    other: over.other.length,
    maxRss: over.maxRss,
  };
}

/** `repeats` runs of each phase per server, `seconds` each; medians over the runs. */
export async function benchServe(repeats = 3, seconds = 5): Promise<void> {
  const bodies = makeBodies();
  console.log(`\n## serve: OpenRLHF /get_reward, ${ITEMS_PER_REQUEST} sentence-chrF items per request, loopback; medians of ${repeats} runs, ${seconds} s per phase`);
  console.log(`load average at start: ${loadavg()} (${availableParallelism()} cores)`);
  const trenchcoatArgs = (process.env.SERVE_BENCH_ARGS ?? '').split(' ').filter(Boolean);
  const results: { name: string; cap: number; p99: number }[] = [];
  for (const start of [() => startTrenchcoat(trenchcoatArgs), () => startFastapi(1), () => startFastapi(2)]) {
    let t: Target;
    try {
      t = await start();
    } catch (err) {
      console.log(`skipped: ${(err as Error).message}`);
      continue;
    }
    try {
      // parity first: the same rewards from both (sacreBLEU's chrF)
      const probe = await fetch(`${t.url}/get_reward`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: bodies[0] }).then((r) => r.json() as Promise<{ rewards: number[] }>);
      await closedLoop(t, bodies, 8, 1); // warm-up
      const idleRss = rssBytes(processTree(t.child.pid as number));
      const runs: RunFigures[] = [];
      for (let r = 0; r < repeats; r++) runs.push(await measure(t, bodies, seconds));
      const m = (f: (x: RunFigures) => number) => median(runs.map(f));
      const cap = m((x) => x.capItemsPerSec);
      results.push({ name: t.name, cap, p99: m((x) => x.capP99) });
      const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
      console.log(`\n### ${t.name}`);
      console.log(`first reward ${probe.rewards[0]}; RSS after warm-up ${mb(idleRss)}; load average now ${loadavg()}`);
      console.log(`capacity (closed loop, 16 concurrent): ${cap.toFixed(0)} items/s (${(cap / ITEMS_PER_REQUEST).toFixed(0)} req/s), p50 ${f1(m((x) => x.capP50))} ms, p99 ${f1(m((x) => x.capP99))} ms  [runs: ${runs.map((x) => x.capItemsPerSec.toFixed(0)).join(', ')}]`);
      console.log(`half load (open loop): p50 ${f1(m((x) => x.halfP50))} ms, p99 ${f1(m((x) => x.halfP99))} ms, ${pct(m((x) => x.halfOkShare))} answered 200`);
      console.log(
        `overload (open loop, 4x capacity): ${pct(m((x) => x.overOkShare))} admitted (p99 ${f1(m((x) => x.overOkP99))} ms), ${pct(m((x) => x.refusedShare))} refused 429/503 ` +
          `(p50 ${f1(m((x) => x.refusedP50))} ms, p99 ${f1(m((x) => x.refusedP99))} ms), ${m((x) => x.other)} other; server RSS max ${mb(m((x) => x.maxRss))}; still up: ${t.child.exitCode === null}`,
      );
    } finally {
      await stop(t);
    }
  }
  if (results.length > 0) {
    // same client, same rate as trenchcoat's overload phase: what scheduling on this machine alone costs a refusal
    const floor = await startBareRefuser();
    try {
      const runs = [];
      for (let r = 0; r < repeats; r++) runs.push(await openLoop(floor, bodies, (results[0].cap / ITEMS_PER_REQUEST) * 4, seconds));
      console.log(
        `\nrefusal floor (${floor.name}, same client and rate as the overload phase): p50 ${f1(median(runs.map((x) => quantile(x.refused.map((y) => y.ms), 0.5))))} ms, ` +
          `p99 ${f1(median(runs.map((x) => quantile(x.refused.map((y) => y.ms), 0.99))))} ms`,
      );
    } finally {
      await stop(floor);
    }
  }
  if (results.length > 1) {
    console.log('');
    for (const r of results.slice(1)) {
      console.log(`throughput ratio trenchcoat / ${r.name}: ${(results[0].cap / r.cap).toFixed(1)}x (p99 at capacity ${f1(results[0].p99)} ms vs ${f1(r.p99)} ms)`);
    }
  }
  console.log(`load average at end: ${loadavg()}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await benchServe(Number(process.argv[2] ?? 3), Number(process.argv[3] ?? 5));
