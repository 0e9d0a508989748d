// Plumbing for the scale-out benchmarks (threads, queue): a streamed JSONL input of any size built from the WMT21
// fixture rows, and a child process's wall time, CPU time and peak RSS read from /proc while it runs.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { wmt21Rows } from '../test/helpers/wmt21-rows.js';

/** `n` JSONL rows (ids r1…rn, the 6 fixture systems cycling), generated as they are read: no file of that size. */
export function wmt21JsonlStream(n: number): Readable {
  const pool = wmt21Rows(6006).map(({ id: _id, ...r }) => JSON.stringify(r).slice(1));
  let i = 0;
  return new Readable({
    read() {
      let chunk = '';
      while (i < n && chunk.length < 1 << 16) {
        chunk += `{"id":"r${i + 1}",${pool[i % pool.length]}\n`;
        i++;
      }
      this.push(chunk.length ? chunk : null);
    },
  });
}

export interface ProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
  wallSeconds: number;
  cpuSeconds: number;
  peakRssMB: number;
}

const CLK_TCK = 100;

function sample(pid: number): { cpu: number; hwm: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpu = (Number(f[11]) + Number(f[12])) / CLK_TCK;
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return { cpu, hwm: m ? Number(m[1]) / 1024 : 0 };
  } catch {
    return undefined;
  }
}

/** Runs a process (optionally fed `stdin`), sampling its CPU time and peak RSS every 100 ms until it exits. */
export function measureProcess(cmd: string, args: string[], opts: { stdin?: Readable; cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<ProcessRun> {
  const t0 = performance.now();
  const child: ChildProcess = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: [opts.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
  if (opts.stdin) opts.stdin.pipe(child.stdin!);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  let last = { cpu: 0, hwm: 0 };
  const timer = setInterval(() => {
    const s = child.pid ? sample(child.pid) : undefined;
    // an exiting process has no VmHWM line left: keep the last real sample
    if (s && s.hwm > 0) last = s;
  }, 100);
  return new Promise((resolve) =>
    child.once('close', (code) => {
      clearInterval(timer);
      resolve({ code, stdout, stderr, wallSeconds: (performance.now() - t0) / 1000, cpuSeconds: last.cpu, peakRssMB: last.hwm });
    }),
  );
}
