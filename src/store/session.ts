// A scoring session: the scorers of one command wrapped with the score cache, and the run record that describes it.
// Shared by `score`, `meta-eval`, probes and best-of-n so every command caches and records the same way.
import { isStatisticsScorer, isSyncScorer, type Scorer } from '../scorers/contract.js';
import { FailureTally, type FailureSummary } from '../scorers/failure-tally.js';
import { trackFailures } from '../scorers/failure-tracking.js';
import { VERSION } from '../version.js';
import { benefitsFromCache, isCachedScorer, withCache } from './cached-scorer.js';
import { checkpointCommandRun, commandRunDisabled, commandRunId, noteCommandCounts, noteCommandError } from './command-run.js';
import type { RunStore } from './runs.js';
import { displayCacheLocation, runStorePathFor } from './cache-location.js';
import type { ScoreCache } from './types.js';

export interface SessionOptions {
  /** Cache file or Redis URL (`redis://HOST:PORT[/DB]`), or null for `--no-cache`. */
  cachePath: string | null;
  command: string;
  argv: string[];
  /** Input files whose content hash identifies the data of the run. */
  inputFiles: string[];
}

export interface ScoringSession {
  /** The scorers to use: model scorers wrapped with the cache, cheap ones unchanged. */
  scorers: Scorer[];
  /** The run this session's counts go to: the command's run when one is recorded (command-run.ts); else, for library
   * callers, a run of its own when the cache is in use; null when nothing is recorded. */
  runId: string | null;
  progress(counts: Record<string, number>, failures?: number): void;
  finish(counts: Record<string, number>, failures: number, signatures?: string[]): void;
  fail(err: unknown, counts?: Record<string, number>): void;
  /** `cache: H hits, M computed (PATH)`, or null when the cache was not used. */
  cacheSummary(): string | null;
  /** Per model scorer (by spec): items failed apart from abstained, the first failed ids and the last error. */
  failures(): { label: string; failures: FailureSummary }[];
  close(): void;
}

/**
 * Opens the cache only when a scorer benefits from it (model scorers: asynchronous and costly); lexical metrics are
 * cheaper to recompute than to look up. Inside a CLI command the command's run record takes the session's counts;
 * a library caller without one gets a run recorded when the cache is in use, in the same file.
 */
export async function openScoringSession(scorers: readonly Scorer[], opts: SessionOptions): Promise<ScoringSession> {
  const useCache = opts.cachePath !== null && scorers.some(benefitsFromCache);
  const commandRun = commandRunId();
  if (commandRun !== undefined || commandRunDisabled()) {
    const cachePath = useCache ? (opts.cachePath as string) : null;
    return attachedSession(scorers, cachePath, cachePath === null ? undefined : await (await import('./open-cache.js')).openCacheAt(cachePath), commandRun ?? null);
  }
  if (!useCache) {
    const tracked = tracking([...scorers]);
    return {
      scorers: tracked.scorers,
      failures: tracked.failures,
      runId: null,
      progress() {},
      finish() {},
      fail() {},
      cacheSummary: () => null,
      close() {},
    };
  }
  const path = opts.cachePath as string;
  // the stores are imported when a cache is used: a lexical run inside a CLI command (recorded by command-run.ts) needs neither
  const { openCacheAt } = await import('./open-cache.js');
  const { hashFiles, openRunStore } = await import('./runs.js');
  const cache: ScoreCache = await openCacheAt(path);
  let runs: RunStore | undefined;
  try {
    runs = openRunStore(runStorePathFor(path));
    const wrapped = scorers.map((s) => (benefitsFromCache(s) ? withCache(s, cache) : s));
    const runId = runs.startRun({
      command: opts.command,
      argv: opts.argv,
      signatures: wrapped.map((s) => s.signature()),
      dataHash: opts.inputFiles.length ? await hashFiles(opts.inputFiles) : null,
      version: VERSION,
    });
    const store = runs;
    const tracked = tracking(wrapped);
    return {
      scorers: tracked.scorers,
      failures: tracked.failures,
      runId,
      progress: (counts, failures = 0) => store.updateRun(runId, { counts, failures }),
      finish: (counts, failures, signatures) => store.finishRun(runId, { status: 'ok', counts, failures, signatures }),
      fail: (err, counts = {}) =>
        store.finishRun(runId, { status: 'failed', counts, failures: 0, error: err instanceof Error ? err.message : String(err) }),
      cacheSummary: () => formatCacheSummary(wrapped, path, runId),
      close() {
        cache.close();
        store.close();
      },
    };
  } catch (err) {
    cache.close();
    runs?.close();
    throw err;
  }
}

/**
 * A session inside a command whose run is already being recorded (see command-run.ts): its counts and signatures go to
 * that run, so a command is one record.
 */
function attachedSession(scorers: readonly Scorer[], cachePath: string | null, cache: ScoreCache | undefined, runId: string | null): ScoringSession {
  const wrapped = cache ? scorers.map((s) => (benefitsFromCache(s) ? withCache(s, cache) : s)) : [...scorers];
  const tracked = tracking(wrapped);
  return {
    scorers: tracked.scorers,
    failures: tracked.failures,
    runId,
    progress: (counts, failures = 0) => checkpointCommandRun(counts, failures),
    finish: (counts, failures, signatures) => noteCommandCounts(counts, failures, signatures),
    fail: (err, counts = {}) => {
      noteCommandCounts(counts, 0);
      noteCommandError(err);
    },
    cacheSummary: () => (cachePath === null ? null : formatCacheSummary(wrapped, cachePath, runId)),
    close() {
      cache?.close();
    },
  };
}

function formatCacheSummary(wrapped: readonly Scorer[], path: string, runId: string | null): string {
  let hits = 0;
  let misses = 0;
  let failed = 0;
  for (const s of wrapped) {
    if (!isCachedScorer(s)) continue;
    hits += s.counters.hits;
    misses += s.counters.misses;
    failed += s.counters.failed;
  }
  return `cache: ${hits} hits, ${misses} computed${failed ? `, ${failed} failed (not cached)` : ''} (${displayCacheLocation(path)})${runId ? `; run ${runId}` : ''}`;
}

/** Every scorer counting its failures and abstentions (see failure-tracking.ts). */
function tracking(scorers: Scorer[]): { scorers: Scorer[]; failures: ScoringSession['failures'] } {
  const tallies = scorers.map(() => new FailureTally());
  return {
    // cheap synchronous scorers neither fail nor abstain for transport reasons; leaving them unwrapped keeps their hot loops direct
    scorers: scorers.map((s, k) => (isStatisticsScorer(s) || isSyncScorer(s) ? s : trackFailures(s, tallies[k]))),
    failures: () => scorers.map((s, k) => ({ label: s.spec(), failures: tallies[k].summary() })),
  };
}
