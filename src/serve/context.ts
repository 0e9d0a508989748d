// What the routes share: the engine, limits, metrics, log sink and the drain flag.
import type { AdmissionQueue } from './admission.js';
import type { ServeToken } from './auth.js';
import type { RewardEngine } from './engine.js';
import type { ServeMetrics } from './metrics.js';
import type { ItemRateLimiter } from './rate-limit.js';

export interface ServeLimits {
  /** Largest request body, bytes (413 beyond). */
  maxBodyBytes: number;
  /** Most items in one request (413 beyond). */
  maxItems: number;
  /** Per-request deadline, ms (504 beyond). */
  requestTimeoutMs: number;
}

export interface ServeContext {
  engine: RewardEngine;
  metrics: ServeMetrics;
  limits: ServeLimits;
  /** undefined: authentication off (`--no-auth`, loopback only). */
  tokens?: readonly ServeToken[];
  rateLimiter?: ItemRateLimiter;
  admission: AdmissionQueue;
  /** slime's `/v1/reward` answers a dict instead of a number. */
  rewardDict: boolean;
  log: (line: string) => void;
  draining: boolean;
}
