// Whole-process timing: several commands run round-robin (one of each per round, so load on a shared machine hits
// them alike), wall-clock per run, summarised as median with min/max. Ratios are of medians measured in the same run.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './harness.js';

export interface ProcessCommand {
  name: string;
  argv: string[];
  /** Checks the run's output, so a command that failed fast is never timed as a fast command. */
  check?: (stdout: string) => string | undefined;
  env?: Record<string, string>;
  cwd?: string;
}

export interface ProcessTiming {
  name: string;
  runs: number;
  median: number;
  min: number;
  max: number;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function runOnce(cmd: ProcessCommand): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd.argv[0], cmd.argv.slice(1), { encoding: 'utf8', maxBuffer: 1 << 28, cwd: cmd.cwd, env: { ...process.env, ...cmd.env } });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.error) throw new Error(`${cmd.name}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd.name}: exit ${r.status}: ${(r.stderr || '').trim().split('\n').slice(-3).join(' | ')}`);
  const wrong = cmd.check?.(r.stdout);
  if (wrong) throw new Error(`${cmd.name}: ${wrong}`);
  return seconds;
}

/** Times every command `rounds` times, interleaved, after one untimed warm-up round (file cache, JIT of the shell). */
export function timeProcesses(commands: readonly ProcessCommand[], rounds: number): ProcessTiming[] {
  for (const c of commands) runOnce(c);
  const times = commands.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) commands.forEach((c, i) => times[i].push(runOnce(c)));
  return commands.map((c, i) => ({ name: c.name, runs: rounds, median: median(times[i]), min: Math.min(...times[i]), max: Math.max(...times[i]) }));
}

export function printProcessTimings(title: string, rows: readonly ProcessTiming[], baseline: string): void {
  const base = rows.find((r) => r.name === baseline);
  console.log(`\n## ${title}`);
  console.log(['command', 'runs', 'median s', 'min s', 'max s', `÷ ${baseline}`].join('\t'));
  for (const r of rows) console.log([r.name, r.runs, r.median.toFixed(4), r.min.toFixed(4), r.max.toFixed(4), base ? (r.median / base.median).toFixed(2) : '—'].join('\t'));
}

/** The installed bin (package.json "bin"): the tsc build in dist/. Stale or missing builds are an error, not a number. */
export function builtCli(): string {
  const main = path.join(REPO_ROOT, 'dist/cli/main.js');
  if (!existsSync(main)) throw new Error('dist/cli/main.js is missing: run `npm run build` first');
  const built = statSync(main).mtimeMs;
  const newest = (dir: string): number =>
    Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(path.join(dir, e.name)) : statSync(path.join(dir, e.name)).mtimeMs)));
  if (newest(path.join(REPO_ROOT, 'src')) > built) throw new Error('dist/ is older than src/: run `npm run build` first');
  return main;
}
