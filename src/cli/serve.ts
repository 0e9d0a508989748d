// `trenchcoat serve`: any scorer as the reward of an RL training loop, over the protocols RL frameworks speak
// (OpenRLHF /get_reward, slime /v1/reward, the verl and TRL files in integrations/) plus /v1/score.
import { Option, type Command } from 'commander';
import { availableParallelism } from 'node:os';
import { generatedTokenPath, isLoopbackHost, loadOrCreateToken, parseTokensEnv, readTokenFile, type ServeToken } from '../serve/auth.js';
import { SERVE_DEFAULTS, startRewardServer, type RewardServer } from '../serve/server.js';
import { addCacheOptions, resolveCachePath, type CacheFlags } from './cache.js';
import { action, UsageError } from './errors.js';
import { atLeast, collect, greaterThan, integerAtLeast, integerInRange, num } from './options.js';

interface ServeFlags extends CacheFlags {
  scorer: string[];
  reward?: string;
  rewardDict?: boolean;
  host: string;
  port: string;
  tokenFile?: string;
  auth: boolean;
  maxBody: string;
  maxItems: string;
  rateLimit: string;
  rateBurst?: string;
  maxConcurrent: string;
  maxQueue: string;
  maxQueueWait: string;
  requestTimeout: string;
  scorerTimeout: string;
  fallbackReward?: string;
  batchSize: string;
  batchWait: string;
  workers?: string;
  workerNice: string;
  headersTimeout: string;
  drainTimeout: string;
}

const positiveInt = integerAtLeast(1);
const nonNegative = atLeast(0);

export function registerServeCommand(program: Command): void {
  const d = SERVE_DEFAULTS;
  const cmd = program
    .command('serve')
    .description('serve scorers as an authenticated reward endpoint (OpenRLHF, slime, verl, TRL, native /v1/score)')
    .option('-s, --scorer <spec>', 'scorer spec to serve, repeatable', collect, [])
    .option('--reward <name|file>', 'which value is the reward: a served scorer (name or spec) or a composite reward file (default: the first -s)')
    .option('--reward-dict', 'slime /v1/reward answers {"reward", "extra_logs"} instead of a number')
    .option('--host <host>', 'interface to bind', d.host)
    .option('--port <port>', 'port (0: any free port)', String(d.port))
    .option('--token-file <file>', 'bearer tokens, one name:token per line (else $TRENCHCOAT_TOKENS, else a generated token)')
    .option('--no-auth', 'no authentication (only with a loopback --host)')
    .option('--max-body <bytes>', 'largest request body in bytes (413 beyond)', String(d.maxBodyBytes))
    .option('--max-items <n>', 'most items per request (413 beyond)', String(d.maxItems))
    .option('--rate-limit <items/s>', 'items per second per token, token bucket (429 beyond; 0: off)', String(d.rateLimit))
    .option('--rate-burst <items>', 'token bucket size (default: 2 s of --rate-limit)')
    .option('--max-concurrent <n>', 'requests scored at once', String(d.maxConcurrent))
    .option('--max-queue <n>', 'requests waiting for admission (503 beyond)', String(d.maxQueued))
    .option('--max-queue-wait <ms>', 'refuse (503) from the headers when the queued work would take longer than this at the measured throughput (0: off)', String(d.maxQueueWaitMs))
    .option('--request-timeout <ms>', 'per-request deadline (504 beyond)', String(d.requestTimeoutMs))
    .option('--scorer-timeout <ms>', 'per-scorer time limit for a request', String(d.scorerTimeoutMs))
    .option('--fallback-reward <value>', 'value for an item whose score failed or timed out, flagged as NAME/fallback (default: the request fails with 502)')
    .option('--batch-size <n>', 'micro-batch size for model scorers', String(d.batch.maxBatch))
    .option('--batch-wait <ms>', 'longest wait to fill a micro-batch', String(d.batch.maxWaitMs))
    .option('--workers <n>', 'worker threads for CPU-bound scorers (default: one per core, at most 8; 0: main thread)')
    .option('--worker-nice <n>', 'nice increment of the worker threads, so the thread answering requests is scheduled first (0: same priority)', String(d.workerNice))
    .option('--headers-timeout <ms>', 'time a client has to send its request headers', String(d.headersTimeoutMs))
    .option('--drain-timeout <ms>', 'on SIGTERM/SIGINT, time in-flight requests get to finish', String(d.drainTimeoutMs));
  // hidden alias: the name verl/miles users know
  cmd.addOption(new Option('--timeout-reward <value>').hideHelp());
  addCacheOptions(cmd);
  cmd.addHelpText(
    'after',
    `
Examples:
  trenchcoat serve -s chrf -s bleu --reward chrf --port 8000
  trenchcoat serve -s onnx-rm:path=./rm -s length --token-file tokens.txt --host 0.0.0.0
  trenchcoat serve -s "judge:model=qwen,url=http://127.0.0.1:8001/v1" --fallback-reward 0 --scorer-timeout 20000

Routes: POST /get_reward (OpenRLHF), POST /v1/reward (slime), POST /v1/score, POST /v1/compare, GET /v1/scorers,
GET /health, GET /ready, GET /metrics. Authenticate with "Authorization: Bearer TOKEN" (or a URL with user info,
http://name:TOKEN@host:port/get_reward, which aiohttp sends as Basic auth).`,
  );
  cmd.action(action(async (flags: ServeFlags & { timeoutReward?: string }) => runServeCommand(flags)));
}

function resolveTokens(flags: ServeFlags): { tokens?: ServeToken[]; generated?: { token: ServeToken; file: string } } {
  if (!flags.auth) {
    if (!isLoopbackHost(flags.host)) throw new UsageError(`--no-auth is allowed only with a loopback --host (127.0.0.1, ::1), not ${flags.host}`);
    if (flags.tokenFile) throw new UsageError('--no-auth and --token-file contradict each other');
    return {};
  }
  if (flags.tokenFile) return { tokens: readTokenFile(flags.tokenFile) };
  const env = process.env.TRENCHCOAT_TOKENS;
  if (env !== undefined && env.trim() !== '') return { tokens: parseTokensEnv(env) };
  if (!isLoopbackHost(flags.host)) {
    throw new UsageError(`refusing to bind ${flags.host} with a generated token: give --token-file or TRENCHCOAT_TOKENS for a non-loopback host`);
  }
  const file = generatedTokenPath();
  const { token, created } = loadOrCreateToken(file);
  return { tokens: [token], generated: created ? { token, file } : undefined };
}

export async function runServeCommand(flags: ServeFlags & { timeoutReward?: string }): Promise<void> {
  if (flags.scorer.length === 0 && flags.reward === undefined) throw new UsageError('give at least one -s SPEC (or --reward FILE)');
  const fallback = flags.fallbackReward ?? flags.timeoutReward;
  const { tokens, generated } = resolveTokens(flags);
  const cachePath = resolveCachePath(flags);
  // one worker per core: the main thread only moves HTTP and JSON (under half a core at full load on two cores), so
  // cores - 1 workers would leave chrF-like scorers one core short on small machines; capped for memory
  const workers = flags.workers === undefined ? Math.min(8, availableParallelism()) : num('--workers', flags.workers, integerAtLeast(0));
  const server: RewardServer = await startRewardServer({
    specs: flags.scorer,
    reward: flags.reward,
    rewardDict: flags.rewardDict === true,
    host: flags.host,
    port: num('--port', flags.port, integerInRange(0, 65535)),
    tokens,
    maxBodyBytes: num('--max-body', flags.maxBody, positiveInt),
    maxItems: num('--max-items', flags.maxItems, positiveInt),
    rateLimit: num('--rate-limit', flags.rateLimit, nonNegative),
    rateBurst: num('--rate-burst', flags.rateBurst, greaterThan(0)),
    maxConcurrent: num('--max-concurrent', flags.maxConcurrent, positiveInt),
    maxQueued: num('--max-queue', flags.maxQueue, integerAtLeast(0)),
    maxQueueWaitMs: num('--max-queue-wait', flags.maxQueueWait, nonNegative),
    requestTimeoutMs: num('--request-timeout', flags.requestTimeout, greaterThan(0)),
    scorerTimeoutMs: num('--scorer-timeout', flags.scorerTimeout, greaterThan(0)),
    fallbackValue: num('--fallback-reward', fallback),
    batch: { maxBatch: num('--batch-size', flags.batchSize, positiveInt), maxWaitMs: num('--batch-wait', flags.batchWait, nonNegative) },
    workers,
    workerNice: num('--worker-nice', flags.workerNice, integerInRange(0, 19)),
    cachePath: cachePath ?? undefined,
    headersTimeoutMs: num('--headers-timeout', flags.headersTimeout, greaterThan(0)),
  });
  const drainTimeout = num('--drain-timeout', flags.drainTimeout, nonNegative);
  const c = server.context;
  const say = (s: string) => process.stdout.write(s + '\n');
  say(`trenchcoat serve: listening on ${server.url}`);
  say(`  reward: ${c.engine.reward.name}; scorers: ${c.engine.served.map((s) => s.name).join(', ')}`);
  say(`  auth: ${tokens ? `${tokens.length} token(s)` : 'off (loopback only)'}`);
  if (generated) say(`  token (printed once; saved to ${generated.file}, mode 0600): ${generated.token.token}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: draining (up to ${drainTimeout} ms)\n`);
    server.drain(drainTimeout).then(
      (finished) => {
        process.stderr.write(finished ? 'drained; bye\n' : `drain timeout: closed the remaining connections\n`);
        process.exit(0);
      },
      (err) => {
        process.stderr.write(`error while draining: ${(err as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
