// Shared benchmark plumbing: best-of-R timing, the side-by-side table, and running a Python reference in one process.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(BENCH_DIR, '..');
export const SHARED = path.resolve(REPO_ROOT, '../shared');
export const hasShared = () => existsSync(path.join(SHARED, 'data'));

export function bestTime<T>(fn: () => T, repeats: number): { seconds: number; out: T } {
  let best = Infinity;
  let out!: T;
  for (let r = 0; r < repeats; r++) {
    const t0 = process.hrtime.bigint();
    out = fn();
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    if (s < best) best = s;
  }
  return { seconds: best, out };
}

export async function bestTimeAsync<T>(fn: () => Promise<T>, repeats: number): Promise<{ seconds: number; out: T }> {
  let best = Infinity;
  let out!: T;
  for (let r = 0; r < repeats; r++) {
    const t0 = process.hrtime.bigint();
    out = await fn();
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    if (s < best) best = s;
  }
  return { seconds: best, out };
}

/** Runs `python3 script` with a JSON job on stdin; returns its JSON, or the reason it could not run. */
export function runPython(script: string, job: unknown, env: Record<string, string> = {}): { ok: true; result: any } | { ok: false; reason: string } {
  const py = process.env.PYTHON ?? 'python3';
  const r = spawnSync(py, [script], { input: JSON.stringify(job), encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, ...env } });
  if (r.error) return { ok: false, reason: `${py}: ${r.error.message}` };
  if (r.status !== 0) return { ok: false, reason: (r.stderr || '').trim().split('\n').slice(-1)[0] || `exit ${r.status}` };
  return { ok: true, result: JSON.parse(r.stdout) };
}

export interface BenchRow {
  task: string;
  items: number;
  ours: number;
  reference?: number;
  maxAbsDiff?: number;
  note?: string;
}

export function printRows(title: string, refName: string, rows: BenchRow[]): void {
  const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x.toPrecision(3));
  console.log(`\n## ${title}`);
  console.log(['task', 'items', 'trenchcoat s', 'items/s', `${refName} s`, 'items/s', 'speed-up', 'max |diff|'].join('\t'));
  for (const r of rows) {
    const ref = r.reference;
    console.log(
      [
        r.task,
        r.items,
        r.ours.toFixed(4),
        fmt(r.items / r.ours),
        ref === undefined ? '—' : ref.toFixed(4),
        ref === undefined ? '—' : fmt(r.items / ref),
        ref === undefined ? '—' : `${(ref / r.ours).toFixed(1)}x`,
        r.maxAbsDiff === undefined ? '—' : r.maxAbsDiff.toExponential(2),
      ].join('\t') + (r.note ? `\t${r.note}` : ''),
    );
  }
}

export function maxAbsDiff(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
