// Whole-process timing: several commands run round-robin (one of each per round, so load on a shared machine hits
// them alike), wall-clock per run, summarised as median with min/max. Ratios are of medians measured in the same run.
// With python3 on the PATH each run also reports the child's CPU time (user + system; bench/reference/child_times.py
// waits for it with wait4), which a loaded machine disturbs much less than wall-clock time.
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
  /** CPU seconds (user + system) of the process: median, min, max; absent without python3. */
  cpu?: { median: number; min: number; max: number };
}

const CHILD_TIMES = path.join(REPO_ROOT, 'bench/reference/child_times.py');
const CHILD_TIMES_LINE = /\nchild-times wall=([\d.]+) cpu=([\d.]+)\n$/;
let measuresCpu: boolean | undefined;
function cpuTimesAvailable(): boolean {
  return (measuresCpu ??= spawnSync('python3', ['--version']).status === 0);
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function runOnce(cmd: ProcessCommand): { wall: number; cpu?: number } {
  const argv = cpuTimesAvailable() ? ['python3', CHILD_TIMES, ...cmd.argv] : cmd.argv;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', maxBuffer: 1 << 28, cwd: cmd.cwd, env: { ...process.env, ...cmd.env } });
  let wall = Number(process.hrtime.bigint() - t0) / 1e9;
  let cpu: number | undefined;
  const times = CHILD_TIMES_LINE.exec(r.stderr ?? '');
  if (times) {
    // the wrapper's own start-up is not the command's: its timer starts at the fork
    wall = Number(times[1]);
    cpu = Number(times[2]);
  }
  if (r.error) throw new Error(`${cmd.name}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd.name}: exit ${r.status}: ${(r.stderr || '').trim().split('\n').slice(-3).join(' | ')}`);
  const wrong = cmd.check?.(r.stdout);
  if (wrong) throw new Error(`${cmd.name}: ${wrong}`);
  return { wall, cpu };
}

/** Times every command `rounds` times, interleaved, after one untimed warm-up round (file cache, JIT of the shell). */
export function timeProcesses(commands: readonly ProcessCommand[], rounds: number): ProcessTiming[] {
  for (const c of commands) runOnce(c);
  const walls = commands.map(() => [] as number[]);
  const cpus = commands.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    commands.forEach((c, i) => {
      const t = runOnce(c);
      walls[i].push(t.wall);
      if (t.cpu !== undefined) cpus[i].push(t.cpu);
    });
  }
  return commands.map((c, i) => ({
    name: c.name,
    runs: rounds,
    median: median(walls[i]),
    min: Math.min(...walls[i]),
    max: Math.max(...walls[i]),
    ...(cpus[i].length === rounds ? { cpu: { median: median(cpus[i]), min: Math.min(...cpus[i]), max: Math.max(...cpus[i]) } } : {}),
  }));
}

export function printProcessTimings(title: string, rows: readonly ProcessTiming[], baseline: string): void {
  const base = rows.find((r) => r.name === baseline);
  const withCpu = rows.every((r) => r.cpu);
  console.log(`\n## ${title}`);
  console.log(['command', 'runs', 'median s', 'min s', 'max s', `÷ ${baseline}`, ...(withCpu ? ['cpu median s', 'cpu min s', 'cpu max s', `cpu ÷ ${baseline}`] : [])].join('\t'));
  for (const r of rows) {
    const wall = [r.name, r.runs, r.median.toFixed(4), r.min.toFixed(4), r.max.toFixed(4), base ? (r.median / base.median).toFixed(2) : '—'];
    const cpu = withCpu && r.cpu ? [r.cpu.median.toFixed(4), r.cpu.min.toFixed(4), r.cpu.max.toFixed(4), base?.cpu ? (r.cpu.median / base.cpu.median).toFixed(2) : '—'] : [];
    console.log([...wall, ...cpu].join('\t'));
  }
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
