// `trenchcoat worker`: a long-running process that scores shards queued by `score --queue` (BullMQ on Redis).
import type { Command } from 'commander';
import { action, UsageError } from './errors.js';
import { integerAtLeast, num } from './options.js';

interface WorkerFlags {
  queue: string;
  concurrency: string;
  lockDuration?: string;
  stalledInterval?: string;
}

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('score shards queued by `score --queue` (BullMQ on Redis); runs until SIGTERM/SIGINT')
    .requiredOption('--queue <redis-url>', 'the Redis the submitters use, e.g. redis://127.0.0.1:6379')
    .option('--concurrency <n>', 'shards scored at once by this process (raise it for model scorers)', '1')
    .option('--lock-duration <ms>', "how long a shard stays this worker's without a lock renewal (BullMQ default 30000)")
    .option('--stalled-interval <ms>', "how often this worker looks for shards of killed workers (BullMQ default 30000)")
    .addHelpText(
      'after',
      `
Every worker needs only the Redis URL: shards carry their rows, so workers share no filesystem. Run the same
trenchcoat version everywhere (a worker whose scorer signature differs refuses the shard).

Examples:
  trenchcoat worker --queue redis://10.0.0.5:6379                  # on each scoring machine
  trenchcoat score --data big.jsonl -s bleu -s chrf --queue redis://10.0.0.5:6379 --shard-size 2000`,
    )
    .action(action(async (flags: WorkerFlags) => runWorkerCommand(flags)));
}

const positiveInteger = integerAtLeast(1);

async function runWorkerCommand(flags: WorkerFlags): Promise<void> {
  const concurrency = num('--concurrency', flags.concurrency, positiveInteger);
  const lockDuration = num('--lock-duration', flags.lockDuration, positiveInteger);
  const stalledInterval = num('--stalled-interval', flags.stalledInterval, positiveInteger);
  const { redisConnection, RedisUrlError, redactedUrl } = await import('../queue/connection.js');
  try {
    redisConnection(flags.queue);
  } catch (err) {
    if (err instanceof RedisUrlError) throw new UsageError(`--queue: ${err.message}`);
    throw err;
  }
  const { startScoringWorker } = await import('../queue/worker.js');
  const worker = await startScoringWorker(flags.queue, {
    concurrency,
    lockDuration,
    stalledInterval,
    onShard: (index, items) => process.stderr.write(`worker ${process.pid}: shard ${index} done (${items} items)\n`),
    onError: (message) => process.stderr.write(`worker ${process.pid}: ${message}\n`),
  });
  process.stderr.write(`worker ${process.pid}: ready on ${redactedUrl(flags.queue)}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
  await worker.close();
}
