// The load generator of bench/serve.ts, run as a process of its own so that the clock that times a request is not held
// up by the process that also watches the server (or by its garbage): `node --import tsx bench/serve-load.ts SPEC`,
// SPEC a JSON object on argv, one JSON result line on stdout.
//   closed loop: `concurrency` requests always outstanding, for `seconds`;
//   open loop: one request every 1/`rate` s on a fixed schedule (never waiting for answers), for `seconds`.
// Besides the latencies it reports its own CPU time (user + system, as a share of one core) and how late the schedule
// ran (send lag): a generator that cannot keep its schedule would measure itself, not the server.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { pathToFileURL } from 'node:url';

export interface LoadSpec {
  url: string;
  /** A JSON array of request bodies (strings), sent in turn. */
  bodiesFile: string;
  mode: 'closed' | 'open';
  concurrency?: number;
  rate?: number;
  seconds: number;
  maxSockets?: number;
}

export interface LoadResult {
  sent: number;
  elapsedSec: number;
  /** Latencies, ms, by outcome: 200; 429/503; anything else (0: connection error). */
  ok: number[];
  refused: number[];
  other: { status: number; ms: number }[];
  /** CPU time of this process over the run, as a share of one core. */
  cpuShare: number;
  /** How late the open loop's sends ran behind their schedule, ms (p50, p99, max). */
  sendLagP50: number;
  sendLagP99: number;
  sendLagMax: number;
}

function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const bodies = JSON.parse(readFileSync(spec.bodiesFile, 'utf8')) as string[];
  const buffers = bodies.map((b) => Buffer.from(b));
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.maxSockets ?? (spec.mode === 'closed' ? spec.concurrency : 512) });
  const url = new URL(`${spec.url}/get_reward`);
  const ok: number[] = [];
  const refused: number[] = [];
  const other: { status: number; ms: number }[] = [];
  const lags: number[] = [];
  let sent = 0;
  const send = (body: Buffer): Promise<void> => {
    const t0 = performance.now();
    sent++;
    return new Promise((resolve) => {
      const req = http.request(url, { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': body.length } }, (res) => {
        res.resume();
        res.on('end', () => {
          const ms = performance.now() - t0;
          const status = res.statusCode as number;
          if (status === 200) ok.push(ms);
          else if (status === 429 || status === 503) refused.push(ms);
          else other.push({ status, ms });
          resolve();
        });
      });
      req.on('error', () => {
        other.push({ status: 0, ms: performance.now() - t0 });
        resolve();
      });
      req.end(body);
    });
  };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const end = t0 + spec.seconds * 1000;
  if (spec.mode === 'closed') {
    let k = 0;
    await Promise.all(
      Array.from({ length: spec.concurrency ?? 16 }, async () => {
        while (performance.now() < end) await send(buffers[k++ % buffers.length]);
      }),
    );
  } else {
    const interval = 1000 / (spec.rate as number);
    const pending: Promise<void>[] = [];
    let k = 0;
    for (;;) {
      const due = t0 + k * interval;
      if (due >= end) break;
      const now = performance.now();
      if (now < due) await new Promise((r) => setTimeout(r, due - now));
      // several sends may be due at once after a timer tick: each goes out, none is skipped
      while (k * interval + t0 <= performance.now() && t0 + k * interval < end) {
        lags.push(performance.now() - (t0 + k * interval));
        pending.push(send(buffers[k % buffers.length]));
        k++;
      }
    }
    await Promise.all(pending);
  }
  const elapsedSec = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  agent.destroy();
  return {
    sent,
    elapsedSec,
    ok,
    refused,
    other,
    cpuShare: (cpu.user + cpu.system) / 1e6 / elapsedSec,
    sendLagP50: quantile(lags, 0.5),
    sendLagP99: quantile(lags, 0.99),
    sendLagMax: lags.length ? Math.max(...lags) : NaN,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runLoad(JSON.parse(process.argv[2]) as LoadSpec);
  process.stdout.write(JSON.stringify(result) + '\n');
}
