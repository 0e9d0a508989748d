// Shared by the meta-eval tests: paths, the CLI runner (a tiny program registering only `meta-eval`), lookups.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MetaEvalReport, MetaEvalRow } from '../../src/metaeval/report.js';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '../..');
export const FIXTURES = path.join(REPO, 'test/fixtures/metaeval-repro');
export const JUDGMENT_FIXTURES = path.join(REPO, 'test/fixtures/judgments');
export const SHARED = path.resolve(REPO, '../shared');
export const SHARED_DATA = path.join(SHARED, 'data');
export const hasShared = (): boolean => existsSync(SHARED_DATA);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `trenchcoat meta-eval ARGS` through test/metaeval/_program.ts. */
export function metaEvalCli(args: string[]): CliResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(HERE, '_program.ts'), 'meta-eval', ...args], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, TRENCHCOAT_HOME: path.join(tmpdir(), 'trenchcoat-test-metaeval') },
    maxBuffer: 64 << 20,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The row of `scorer` in the table of `measure` (and group / grouping when given). */
export function rowOf(report: MetaEvalReport, measure: string, scorer: string, where: { group?: string; grouping?: string | null } = {}): MetaEvalRow {
  const t = report.tables.find(
    (x) => x.measure === measure && (where.group === undefined || x.group === where.group) && (where.grouping === undefined || x.grouping === where.grouping),
  );
  if (!t) throw new Error(`no table ${measure} ${JSON.stringify(where)} (tables: ${report.tables.map((x) => `${x.measure}/${x.grouping}/${x.group}`).join(', ')})`);
  const r = t.rows.find((x) => x.scorer === scorer);
  if (!r) throw new Error(`no row ${scorer} in ${measure} (rows: ${t.rows.map((x) => x.scorer).join(', ')})`);
  return r;
}

/** Same as rowOf for a --json report parsed back (NaN arrives as null). */
export function jsonValue(v: unknown): number {
  return v === null ? NaN : (v as number);
}
