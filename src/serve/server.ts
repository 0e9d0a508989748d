// `startRewardServer(options)`: the engine, limits and app on a real socket, with headers/request timeouts against
// slow clients, and a graceful drain: stop accepting, let in-flight requests finish within the drain timeout, close.
import { getRequestListener } from '@hono/node-server';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AdmissionQueue } from './admission.js';
import { isLoopbackHost, type ServeToken } from './auth.js';
import { createServeApp } from './app.js';
import { refuseEarly } from './early-refusal.js';
import type { ServeContext, ServeLimits } from './context.js';
import { RewardEngine, type EngineOptions } from './engine.js';
import { ServeMetrics } from './metrics.js';
import { ItemRateLimiter } from './rate-limit.js';

export interface RewardServerOptions extends Omit<EngineOptions, 'metrics'>, ServeLimits {
  host: string;
  port: number;
  /** undefined: no authentication, allowed only on a loopback host. */
  tokens?: readonly ServeToken[];
  /** Items per second per token; 0 turns the limit off. */
  rateLimit: number;
  rateBurst?: number;
  maxConcurrent: number;
  maxQueued: number;
  /** Wait budget of the admission queue, ms (admission.ts); 0 or undefined: bounded by places only. */
  maxQueueWaitMs?: number;
  rewardDict: boolean;
  /** Time allowed for a client to send the request headers, ms (slow-drip defence). */
  headersTimeoutMs: number;
  log?: (line: string) => void;
  metrics?: ServeMetrics;
}

export const SERVE_DEFAULTS = {
  host: '127.0.0.1',
  port: 8000,
  maxBodyBytes: 16 * 1024 * 1024,
  maxItems: 4096,
  requestTimeoutMs: 120_000,
  scorerTimeoutMs: 60_000,
  rateLimit: 200_000,
  maxConcurrent: 64,
  maxQueued: 256,
  maxQueueWaitMs: 0,
  batch: { maxBatch: 64, maxWaitMs: 5 },
  headersTimeoutMs: 10_000,
  workerNice: 10,
  drainTimeoutMs: 30_000,
} as const;

export class ServeConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServeConfigError';
  }
}

export interface RewardServer {
  url: string;
  port: number;
  context: ServeContext;
  server: Server;
  /** Stop accepting, wait up to `timeoutMs` for in-flight requests, then close everything. True if all finished. */
  drain(timeoutMs: number): Promise<boolean>;
}

export async function startRewardServer(o: RewardServerOptions): Promise<RewardServer> {
  if (!o.tokens && !isLoopbackHost(o.host)) {
    throw new ServeConfigError(`refusing to serve on ${o.host} without authentication: --no-auth is allowed only on a loopback host (127.0.0.1, ::1)`);
  }
  const metrics = o.metrics ?? new ServeMetrics();
  const engine = await RewardEngine.create({ ...o, metrics });
  const context: ServeContext = {
    engine,
    metrics,
    limits: { maxBodyBytes: o.maxBodyBytes, maxItems: o.maxItems, requestTimeoutMs: o.requestTimeoutMs },
    tokens: o.tokens,
    rateLimiter: o.rateLimit > 0 ? new ItemRateLimiter({ itemsPerSecond: o.rateLimit, burst: o.rateBurst }) : undefined,
    admission: new AdmissionQueue(o.maxConcurrent, o.maxQueued, o.maxQueueWaitMs ?? 0),
    rewardDict: o.rewardDict,
    log: o.log ?? ((line) => process.stderr.write(line + '\n')),
    draining: false,
  };
  const app = createServeApp(context);
  // @hono/node-server's own serve(), with overload refusals answered before hono (early-refusal.ts)
  const honoListener = getRequestListener(app.fetch, { hostname: o.host });
  const http = createServer(
    {
      headersTimeout: o.headersTimeoutMs,
      requestTimeout: Math.max(o.requestTimeoutMs + 5_000, o.headersTimeoutMs),
      // Node checks the two timeouts above on this interval (30 s by default): a slow-drip client would hold a
      // socket that long
      connectionsCheckingInterval: Math.min(1_000, o.headersTimeoutMs),
      keepAliveTimeout: 65_000,
    },
    (req, res) => {
      if (!refuseEarly(context, req, res)) void honoListener(req, res);
    },
  );
  try {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(o.port, o.host, () => {
        http.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await engine.close();
    throw err;
  }
  const port = (http.address() as AddressInfo).port;
  const hostForUrl = o.host.includes(':') ? `[${o.host}]` : o.host;
  let drained: Promise<boolean> | undefined;
  return {
    url: `http://${hostForUrl}:${port}`,
    port,
    context,
    server: http,
    drain(timeoutMs: number): Promise<boolean> {
      drained ??= (async () => {
        context.draining = true;
        const closed = new Promise<void>((resolve) => http.close(() => resolve()));
        http.closeIdleConnections();
        // keep-alive sockets that were busy close as soon as their response is sent
        const idle = setInterval(() => http.closeIdleConnections(), 50);
        let timer: NodeJS.Timeout | undefined;
        const finished = await Promise.race([closed.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), timeoutMs)))]);
        clearInterval(idle);
        clearTimeout(timer);
        if (!finished) http.closeAllConnections();
        await engine.close();
        return finished;
      })();
      return drained;
    },
  };
}
