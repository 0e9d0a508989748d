// `--threads`, `--shard-size` and `--queue`: where `score` (and meta-eval's scoring step) scores its shards. Every
// executor feeds the same in-order merge (src/scoring.ts), so the numbers never depend on these flags.
import type { Command } from 'commander';
import type { Scorer } from '../scorers/contract.js';
import type { BatchExecutor } from '../scoring.js';
import { UsageError } from './errors.js';
import { integerAtLeast, num } from './options.js';

export const DEFAULT_SHARD_SIZE = 1000;

export interface ScaleFlags {
  threads?: string;
  shardSize?: string;
  queue?: string;
}

export function addScaleOptions(cmd: Command): void {
  cmd
    .option('--threads <n>', 'score shards on N worker threads (default: available cores; 1 = this thread only); lexical metrics and simple checks only')
    .option('--shard-size <n>', 'items per shard (threads and --queue)', String(DEFAULT_SHARD_SIZE))
    .option('--queue <redis-url>', 'score shards on `trenchcoat worker` processes through this Redis (BullMQ); same numbers as a local run');
}

export interface OpenedExecutor {
  executor?: BatchExecutor;
  shardSize: number;
  /** A line for stderr after the run (e.g. queue reuse counts), or null. */
  summary(): string | null;
  close(): Promise<void>;
}

const positiveInteger = integerAtLeast(1);

/** `--shard-size`: items per shard. */
export function shardSizeOf(flags: ScaleFlags): number {
  return num('--shard-size', flags.shardSize ?? String(DEFAULT_SHARD_SIZE), positiveInteger);
}

/** The flags checked without opening anything (usage errors, exit 2), so a command can check them before reading input. */
export async function checkScaleFlags(flags: ScaleFlags): Promise<{ shardSize: number; threads?: number }> {
  const shardSize = shardSizeOf(flags);
  const threads = flags.threads === undefined ? undefined : num('--threads', flags.threads, positiveInteger);
  if (flags.queue !== undefined) {
    if (threads !== undefined) throw new UsageError('--threads and --queue cannot be combined: with --queue, workers choose their own --concurrency');
    const { redisConnection, RedisUrlError } = await import('../queue/connection.js');
    try {
      redisConnection(flags.queue);
    } catch (err) {
      if (err instanceof RedisUrlError) throw new UsageError(`--queue: ${err.message}`);
      throw err;
    }
  }
  return { shardSize, threads };
}

export async function openExecutor(flags: ScaleFlags, scorers: readonly Scorer[]): Promise<OpenedExecutor> {
  const { shardSize, threads } = await checkScaleFlags(flags);
  if (flags.queue !== undefined) {
    const { openQueueSubmitter } = await import('../queue/submit.js');
    const submitter = await openQueueSubmitter(flags.queue, scorers);
    return { executor: submitter, shardSize, summary: () => submitter.summary(), close: () => submitter.close() };
  }
  const { ThreadExecutor, defaultThreadCount } = await import('../parallel/thread-executor.js');
  const n = threads ?? defaultThreadCount();
  if (n === 1) return { shardSize, summary: () => null, close: async () => {} };
  const executor = new ThreadExecutor(scorers, { threads: n });
  return { executor, shardSize, summary: () => null, close: () => executor.close() };
}
