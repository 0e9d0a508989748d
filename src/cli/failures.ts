// `--max-failures N|RATE` and the report of failed items: a scorer that could not score some items (server down, HTTP
// errors) says so on stderr — how many, which ids, the last error and a hint — and the command exits 1 unless the
// user allowed that many failures.
import type { Command } from 'commander';
import { formatScoreError, type FailureSummary } from '../scorers/failure-tally.js';
import { UsageError } from './errors.js';

/** Failures a run may have and still exit 0: a count, or a fraction of the items scored. */
export type FailureAllowance = { count: number } | { rate: number };

export function addMaxFailuresOption(cmd: Command): Command {
  return cmd.option(
    '--max-failures <n|rate>',
    'items a model scorer may fail (server/HTTP errors) before the command exits 1: a count (5) or a fraction of the items (0.01, 1%)',
    '0',
  );
}

export function parseMaxFailures(text: string): FailureAllowance {
  const t = text.trim();
  if (/^\d+$/.test(t)) return { count: Number(t) };
  if (/^\d*\.\d+$/.test(t) && Number(t) <= 1) return { rate: Number(t) };
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(t);
  if (pct && Number(pct[1]) <= 100) return { rate: Number(pct[1]) / 100 };
  throw new UsageError(`--max-failures must be a count (5) or a fraction of the items (0.01 or 1%), not "${text}"`);
}

/** Whether `failed` of `total` items is more than the allowance. */
export function exceedsAllowance(failed: number, total: number, allow: FailureAllowance): boolean {
  return 'count' in allow ? failed > allow.count : failed > allow.rate * total;
}

export function describeAllowance(allow: FailureAllowance): string {
  return 'count' in allow ? String(allow.count) : `${allow.rate * 100}% of the items`;
}

/** Raised after the result is printed, when a scorer failed on more items than `--max-failures` allows (exit 1). */
export class TooManyFailuresError extends Error {
  constructor(
    message: string,
    readonly failed: number,
  ) {
    super(message);
    this.name = 'TooManyFailuresError';
  }
}

/** The stderr report of one scorer's failures, or '' when none failed. */
export function formatFailureReport(label: string, f: FailureSummary): string {
  if (f.failed === 0) return '';
  const more = f.failed - f.failedIds.length;
  const ids = f.failedIds.join(', ') + (more > 0 ? `, … ${more} more` : '');
  const lines = [`${label}: ${f.failed} of ${f.total} item(s) failed (${ids})`];
  if (f.abstained > 0) lines[0] += `; ${f.abstained} abstained`;
  if (f.lastError) lines.push(`  last error: ${formatScoreError(f.lastError)}`);
  return lines.join('\n') + '\n';
}

/**
 * Prints every scorer's failure report to `write` and throws TooManyFailuresError when any scorer failed on more items
 * than allowed. Call it after the result is printed: the numbers still come out, and the exit code tells.
 */
export function reportFailures(
  runs: readonly { label: string; failures: FailureSummary }[],
  allow: FailureAllowance,
  write: (text: string) => void = (t) => process.stderr.write(t),
): void {
  let over: { label: string; f: FailureSummary } | undefined;
  for (const r of runs) {
    const text = formatFailureReport(r.label, r.failures);
    if (text) write(text);
    if (!over && exceedsAllowance(r.failures.failed, r.failures.total, allow)) over = { label: r.label, f: r.failures };
  }
  if (over) {
    throw new TooManyFailuresError(
      `${over.f.failed} of ${over.f.total} item(s) failed for ${over.label} (allowed: ${describeAllowance(allow)}); ` +
        `failed items are not cached, so a rerun retries them; --max-failures N|RATE accepts failures`,
      over.f.failed,
    );
  }
}

