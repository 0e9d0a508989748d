// Runs the real CLI in a child process (not a test file itself).
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const MAIN = path.join(REPO_ROOT, 'src/cli/main.ts');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `stdinFile`: standard input redirected from a file (as `< FILE` in a shell). */
export function runCli(args: string[], opts: { stdinFile?: string; env?: Record<string, string> } = {}): CliRun {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', TRENCHCOAT_HOME: scratchDir(), ...opts.env };
  delete env.TRENCHCOAT_DEBUG;
  const fd = opts.stdinFile === undefined ? undefined : openSync(opts.stdinFile, 'r');
  try {
    const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env,
      stdio: [fd ?? 'pipe', 'pipe', 'pipe'],
    });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A fresh temporary folder. */
export function scratchDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'tc-strict-'));
}

/** Writes JSON lines (objects, or raw text lines) to `dir/name` and returns the path. */
export function writeJsonl(dir: string, name: string, rows: readonly (Record<string, unknown> | string)[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n');
  return file;
}

/** Ten scored rows `{id, output, r}` with r = 0, 0.1, …, 0.9 (exact decimals). */
export function tenRows(): Record<string, unknown>[] {
  return Array.from({ length: 10 }, (_, i) => ({ id: `s${i}`, output: `output ${i}`, r: i / 10 }));
}
