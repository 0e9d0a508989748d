// `withCache(scorer, cache)`: the same scorer, answering from the score cache and computing only what is missing.
import {
  checkNeeds,
  isStatisticsScorer,
  isSyncScorer,
  meanScore,
  type Item,
  type Score,
  type Scorer,
  type SignatureContext,
} from '../scorers/contract.js';
import { itemContentKey } from './item-key.js';
import type { ItemKeyFn, ScoreCache } from './types.js';

export interface WithCacheOptions {
  /** Items sent to the inner scorer per call; the cache is written after each chunk. Default 64. */
  chunkSize?: number;
  /** Item key; default `itemContentKey` over all scorer-visible fields. */
  itemKey?: ItemKeyFn;
}

/**
 * Per-wrapper counters. `misses`: distinct items sent to the inner scorer; `hits`: every other input item (a repeat
 * of an item computed in the same call counts as a hit); `failed`: misses whose score was a failure (not cached).
 */
export interface CachedScorerCounters {
  hits: number;
  misses: number;
  failed: number;
}

export interface CachedScorer extends Scorer {
  readonly inner: Scorer;
  readonly cache: ScoreCache;
  readonly counters: CachedScorerCounters;
  /** The signature scores are stored under: `inner.signature()` with no data context. */
  readonly cacheSignature: string;
}

export function isCachedScorer(s: Scorer): s is CachedScorer {
  return (s as CachedScorer).inner !== undefined && (s as CachedScorer).cacheSignature !== undefined;
}

/** Whether `withCache` would wrap this scorer (see there). Composites (`reward:file=`, `cosine-length`) are not: their
 * components may read meta (token ids, columns), which item keys omit, and an on-failure substitute must be retried. */
export function isCacheable(scorer: Scorer): boolean {
  return scorer.mode === 'pointwise' && scorer.family !== 'precomputed' && scorer.family !== 'composite' && !isStatisticsScorer(scorer);
}

/**
 * Whether caching pays: cacheable and not a synchronous scorer. Synchronous scorers (ROUGE, exact match, token F1,
 * length) are cheap by contract — computing one costs about what hashing its item and a lookup cost — while model
 * scorers (learned, reward models, judges) are asynchronous and cost milliseconds to seconds per item. Commands use
 * this to decide what to wrap; `withCache` itself wraps whatever is cacheable, for callers who want it anyway.
 */
export function benefitsFromCache(scorer: Scorer): boolean {
  return isCacheable(scorer) && !isSyncScorer(scorer);
}

/**
 * A failed computation rather than an answer: the convention of the remote scorers (scorers/model/http/types.ts),
 * which report transport errors, exhausted retries, budget and aborts as `value: null` with a string `details.error`.
 * Such a score is returned but never cached, so a rerun retries it. (A judge that answered but could not be parsed
 * is an abstention, not a failure, and is cached.)
 */
export function isFailedScore(s: Score): boolean {
  return s.details !== undefined && typeof s.details.error === 'string';
}

/**
 * Wraps `scorer` so that `score(items)` looks every item up in `cache` and computes only the missing ones, in chunks,
 * storing each chunk as soon as it is done: a run killed part-way keeps its finished chunks, and the rerun computes
 * only the rest. Identical items within a call are computed once. Scores come back in input order. Failed scores
 * (see `isFailedScore`) are returned but not stored.
 *
 * The wrapper is transparent: same id, family, mode, needs, direction, range, spec and signature.
 *
 * Returned unchanged (not wrapped):
 * - statistics scorers (BLEU, chrF, TER): cheap, and their corpus score needs the per-segment statistics, which
 *   a score cache does not hold;
 * - precomputed scorers (`column:`): the score is already in the data, and it lives in meta, which item keys omit;
 * - pairwise and listwise scorers: they compare pairs or rank lists, not items (store them with pair/list keys).
 *
 * Scores are keyed by `scorer.signature()` without a data context: data-dependent parts of a signature (the number
 * of references) are already covered by the item key.
 *
 * corpusScore is the mean of the (cached) segment scores — the contract's corpus score for every scorer that is not
 * a statistics scorer.
 */
export function withCache(scorer: Scorer, cache: ScoreCache, opts: WithCacheOptions = {}): Scorer {
  if (!isCacheable(scorer)) return scorer;
  if (isCachedScorer(scorer) && scorer.cache === cache) return scorer; // already wrapped: one lookup is enough
  return new CachingScorer(scorer, cache, opts.chunkSize ?? 64, opts.itemKey ?? ((item) => itemContentKey(item)));
}

class CachingScorer implements CachedScorer {
  readonly counters: CachedScorerCounters = { hits: 0, misses: 0, failed: 0 };
  readonly cacheSignature: string;

  constructor(
    readonly inner: Scorer,
    readonly cache: ScoreCache,
    private readonly chunkSize: number,
    private readonly itemKey: ItemKeyFn,
  ) {
    if (!(Number.isInteger(chunkSize) && chunkSize > 0)) throw new RangeError(`chunkSize must be a positive integer, not ${chunkSize}`);
    this.cacheSignature = inner.signature();
  }

  get id() {
    return this.inner.id;
  }
  get family() {
    return this.inner.family;
  }
  get mode() {
    return this.inner.mode;
  }
  get needs() {
    return this.inner.needs;
  }
  get direction() {
    return this.inner.direction;
  }
  get range() {
    return this.inner.range;
  }
  spec(): string {
    return this.inner.spec();
  }
  signature(ctx?: SignatureContext): string {
    return this.inner.signature(ctx);
  }

  // opts (a remote scorer's signal) pass through: aborted scores are failures, which are never cached
  async score(items: readonly Item[], opts?: { signal?: AbortSignal }): Promise<Score[]> {
    // the same input errors as the inner scorer, even when every score would come from the cache
    checkNeeds(this.inner, items);
    const keys = items.map((it) => this.itemKey(it));
    const firstIndex = new Map<string, number>(); // distinct key → first item carrying it
    for (let i = 0; i < keys.length; i++) if (!firstIndex.has(keys[i])) firstIndex.set(keys[i], i);
    const found = await this.cache.getMany(this.cacheSignature, [...firstIndex.keys()]);
    const missing: number[] = [];
    for (const [key, i] of firstIndex) if (!found.has(key)) missing.push(i);
    this.counters.hits += items.length - missing.length;

    for (let start = 0; start < missing.length; start += this.chunkSize) {
      const idx = missing.slice(start, start + this.chunkSize);
      const scores = await (this.inner.score as (items: readonly Item[], o?: { signal?: AbortSignal }) => Promise<Score[]>)(idx.map((i) => items[i]), opts);
      if (scores.length !== idx.length) {
        throw new Error(`${this.inner.spec()}: score() returned ${scores.length} scores for ${idx.length} items`);
      }
      const entries: [string, Score][] = [];
      idx.forEach((i, j) => {
        found.set(keys[i], scores[j]);
        if (isFailedScore(scores[j])) this.counters.failed++;
        else entries.push([keys[i], scores[j]]);
      });
      await this.cache.putMany(this.cacheSignature, entries);
      this.counters.misses += idx.length;
    }
    return keys.map((k) => found.get(k) as Score);
  }

  async corpusScore(items: readonly Item[]): Promise<Score> {
    return meanScore(await this.score(items));
  }
}
