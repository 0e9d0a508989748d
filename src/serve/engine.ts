// The scoring side of the reward server: the served scorers (built once from spec strings), which one is the reward,
// and how each runs — CPU-bound scorers on the worker pool, model scorers through a micro-batcher (and the score
// cache when asked) — with a per-scorer timeout and an optional fallback value that is always marked as such.
// No scoring logic lives here: every number comes from the same `Scorer` that `trenchcoat score` runs.
import { existsSync, statSync } from 'node:fs';
import { checkNeeds, countReferences, isStatisticsScorer, isSyncScorer, scoreStatus, ScorerInputError, type Item, type Score, type Scorer } from '../scorers/contract.js';
import { createScorer } from '../scorers/registry.js';
import '../scorers/builtin.js';
import { benefitsFromCache, isCachedScorer, withCache, type CachedScorer } from '../store/index.js';
import { openCacheAt } from '../store/open-cache.js';
import type { ScoreCache } from '../store/types.js';
import type { ScoreCallOptions } from '../scorers/model/http/types.js';
import { MicroBatcher, type MicroBatchOptions } from './micro-batcher.js';
import type { ServeMetrics } from './metrics.js';
import { CpuPool } from './worker-pool.js';

export interface EngineOptions {
  specs: readonly string[];
  /** The reward: the name or spec of a served scorer, or a composite reward file (`reward:file=FILE`). Default: the first. */
  reward?: string;
  /** Worker threads for CPU-bound scorers; 0 scores them on the main thread. */
  workers: number;
  /** Nice increment of the pool's worker threads, so the main thread is scheduled first (thread-priority.ts). */
  workerNice?: number;
  batch: MicroBatchOptions;
  /** Per-scorer time limit for one request's items, ms. */
  scorerTimeoutMs: number;
  /** Value given to an item whose score failed or timed out; marked in the response, never silent. */
  fallbackValue?: number;
  /** Score cache (SQLite) shared with the CLI; model scorers only, as `trenchcoat score` does. */
  cachePath?: string;
  metrics: ServeMetrics;
}

export interface ServedScorer {
  /** The name requests and `extra_logs` use: the spec as given on the command line. */
  name: string;
  scorer: Scorer;
  /** Where it runs: the worker pool, a micro-batcher, or directly. */
  runner: 'pool' | 'batch' | 'direct';
  batcher?: MicroBatcher;
  k: number;
}

/** One scorer's scores for a request's items; `fallback[i]` marks items given the fallback value. */
export interface ScorerOutcome {
  served: ServedScorer;
  scores: Score[];
  fallback: boolean[];
}

/** Request items a scorer cannot take (a missing field); carries the item index for the 400 answer. */
export class ItemInputError extends Error {
  constructor(
    message: string,
    readonly index: number,
    readonly field: string,
  ) {
    super(message);
    this.name = 'ItemInputError';
  }
}

export class UnknownScorerError extends Error {
  constructor(readonly scorerName: string, known: readonly string[]) {
    super(`unknown scorer "${scorerName}" (served: ${known.join(', ')})`);
    this.name = 'UnknownScorerError';
  }
}

function looksLikeFile(reward: string): boolean {
  return /\.(ya?ml|json|toml)$/i.test(reward) || (existsSync(reward) && statSync(reward).isFile());
}

export class RewardEngine {
  readonly served: ServedScorer[];
  readonly reward: ServedScorer;
  /** The scorers RL protocols run: every pointwise one (pairwise judges answer /v1/compare only). */
  readonly rlScorers: ServedScorer[];
  private readonly pool?: CpuPool;
  private readonly cache?: ScoreCache;
  private readonly cacheHitsSeen = new Map<string, number>();

  private constructor(
    private readonly opts: EngineOptions,
    served: ServedScorer[],
    reward: ServedScorer,
    pool: CpuPool | undefined,
    cache: ScoreCache | undefined,
  ) {
    this.served = served;
    this.reward = reward;
    this.rlScorers = served.filter((s) => s.scorer.mode === 'pointwise');
    this.pool = pool;
    this.cache = cache;
  }

  static async create(opts: EngineOptions): Promise<RewardEngine> {
    const specs = [...opts.specs];
    let rewardName = opts.reward;
    if (opts.reward !== undefined && !specs.includes(opts.reward) && looksLikeFile(opts.reward)) {
      // composite reward files are scorers of their own (registered as `reward:file=…`)
      rewardName = `reward:file=${opts.reward}`;
      if (!specs.includes(rewardName)) specs.unshift(rewardName);
    }
    if (specs.length === 0) throw new Error('no scorer to serve: give -s SPEC or --reward FILE');
    if (new Set(specs).size !== specs.length) throw new Error(`a scorer is served twice: ${specs.join(', ')}`);
    const cache = opts.cachePath ? await openCacheAt(opts.cachePath) : undefined;
    const built = specs.map((spec) => {
      const scorer = createScorer(spec);
      return cache && benefitsFromCache(scorer) ? withCache(scorer, cache) : scorer;
    });
    const usePool = opts.workers > 0 && built.some((s) => isSyncScorer(s) && !isCachedScorer(s));
    const pool = usePool ? new CpuPool(specs, opts.workers, (k, n) => opts.metrics.droppedItems.inc({ scorer: specs[k] }, n), opts.workerNice ?? 0) : undefined;
    const served = built.map((scorer, k): ServedScorer => {
      if (pool && isSyncScorer(scorer) && !isCachedScorer(scorer)) return { name: specs[k], scorer, runner: 'pool', k };
      if (!isSyncScorer(scorer)) {
        const batcher = new MicroBatcher(scorer, opts.batch, { onDropped: (n) => opts.metrics.droppedItems.inc({ scorer: specs[k] }, n) });
        return { name: specs[k], scorer, runner: 'batch', batcher, k };
      }
      return { name: specs[k], scorer, runner: 'direct', k };
    });
    const reward = rewardName === undefined ? served[0] : served.find((s) => s.name === rewardName || s.scorer.spec() === rewardName || s.scorer.id === rewardName);
    if (!reward) {
      await pool?.close();
      cache?.close();
      throw new UnknownScorerError(rewardName as string, served.map((s) => s.name));
    }
    if (reward.scorer.mode !== 'pointwise') {
      await pool?.close();
      cache?.close();
      throw new Error(`the reward must be a pointwise scorer; ${reward.name} is ${reward.scorer.mode}`);
    }
    try {
      await pool?.ready();
    } catch (err) {
      await pool?.close();
      cache?.close();
      throw err;
    }
    return new RewardEngine(opts, served, reward, pool, cache);
  }

  get fallbackConfigured(): boolean {
    return this.opts.fallbackValue !== undefined;
  }

  /** The served scorers named in `names` (by name, spec or id), or all of them. */
  select(names?: readonly string[]): ServedScorer[] {
    if (!names || names.length === 0) return this.served;
    return names.map((n) => {
      const s = this.served.find((x) => x.name === n || x.scorer.spec() === n || x.scorer.id === n);
      if (!s) throw new UnknownScorerError(n, this.served.map((x) => x.name));
      return s;
    });
  }

  /** Throws ItemInputError (with the item's index) when an item lacks what a selected scorer needs. */
  check(items: readonly Item[], selected: readonly ServedScorer[]): void {
    const indexOf = (id: string) => items.findIndex((it) => it.id === id);
    for (const s of selected) {
      try {
        checkNeeds(s.scorer, items);
        if (isStatisticsScorer(s.scorer)) countReferences(items);
      } catch (err) {
        if (err instanceof ScorerInputError) throw new ItemInputError(err.message.startsWith(`${s.scorer.id}:`) ? err.message : `${s.name}: ${err.message}`, indexOf(err.itemId), err.field);
        throw err;
      }
    }
  }

  /** Every selected scorer's scores for `items`, in parallel across scorers. */
  async score(items: readonly Item[], selected: readonly ServedScorer[], signal?: AbortSignal): Promise<ScorerOutcome[]> {
    this.check(items, selected);
    return Promise.all(selected.map((s) => this.runScorer(s, items, signal)));
  }

  private async runScorer(s: ServedScorer, items: readonly Item[], signal?: AbortSignal): Promise<ScorerOutcome> {
    const m = this.opts.metrics;
    const t0 = performance.now();
    const work =
      s.runner === 'pool'
        ? (this.pool as CpuPool).score(s.k, items, signal)
        : s.runner === 'batch'
          ? (s.batcher as MicroBatcher).score(items, signal)
          : // scorers without ScoreCallOptions ignore the second argument
            (s.scorer.score as (items: readonly Item[], o: ScoreCallOptions) => Promise<Score[]>)(items, { signal });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), this.opts.scorerTimeoutMs)));
    let scores: Score[];
    try {
      const r = await Promise.race([work, timeout]);
      if (r === 'timeout') {
        m.failures.inc({ scorer: s.name, kind: 'timeout' }, items.length);
        scores = items.map(() => ({ value: null, details: { error: `timed out after ${this.opts.scorerTimeoutMs} ms`, timeout: true } }));
        work.catch(() => {}); // the late answer (or error) has no one to go to
      } else scores = r;
      // a cancelled request's "aborted" scores are not scorer failures: nobody is waiting for them
      if (signal?.aborted) throw signal.reason;
    } catch (err) {
      if (signal?.aborted) throw err;
      const msg = err instanceof Error ? err.message : String(err);
      scores = items.map(() => ({ value: null, details: { error: msg } }));
    } finally {
      clearTimeout(timer);
    }
    m.scorerLatency.observe({ scorer: s.name }, (performance.now() - t0) / 1000);
    if (isCachedScorer(s.scorer)) this.noteCacheHits(s.name, s.scorer);
    const fallback = scores.map(() => false);
    for (let i = 0; i < scores.length; i++) {
      if (scoreStatus(scores[i]) !== 'failed') continue;
      if (!scores[i].details?.timeout) m.failures.inc({ scorer: s.name, kind: 'error' });
      if (this.opts.fallbackValue !== undefined) {
        scores[i] = { value: this.opts.fallbackValue, details: { ...scores[i].details, fallback: true } };
        fallback[i] = true;
        m.fallbacks.inc({ scorer: s.name });
      }
    }
    return { served: s, scores, fallback };
  }

  private noteCacheHits(name: string, s: CachedScorer): void {
    const seen = this.cacheHitsSeen.get(name) ?? 0;
    if (s.counters.hits > seen) this.opts.metrics.cacheHits.inc({ scorer: name }, s.counters.hits - seen);
    this.cacheHitsSeen.set(name, s.counters.hits);
  }

  /** Readiness: model backends named by a `url=` option answer HTTP at all (any status). */
  async readiness(timeoutMs = 2000): Promise<{ ready: boolean; backends: { scorer: string; url: string; reachable: boolean; error?: string }[] }> {
    const backends = await Promise.all(
      this.served.flatMap((s) => {
        const url = /(?:^|[:,])url=([^,]+)/.exec(s.name)?.[1];
        if (!url) return [];
        return [
          fetch(url, { method: 'GET', signal: AbortSignal.timeout(timeoutMs) }).then(
            async (r) => {
              await r.body?.cancel();
              return { scorer: s.name, url, reachable: true };
            },
            (e: Error) => ({ scorer: s.name, url, reachable: false, error: e.cause instanceof Error ? e.cause.message : e.message }),
          ),
        ];
      }),
    );
    return { ready: backends.every((b) => b.reachable), backends };
  }

  async close(): Promise<void> {
    await this.pool?.close();
    this.cache?.close();
  }
}
