// The store: score cache and run records. Only re-exports.
export type { ScoreCache, CacheStats, RunRecord, ItemKeyFn } from './types.js';
export { openScoreCache, SqliteScoreCache, type SignatureStats } from './sqlite-cache.js';
export { itemContentKey } from './item-key.js';
export { withCache, isCacheable, benefitsFromCache, isCachedScorer, isFailedScore, type CachedScorer, type CachedScorerCounters, type WithCacheOptions } from './cached-scorer.js';
export { openRunStore, RunStore, hashFile, hashFiles, processIsAlive, type StartRunInput, type FinishRunInput, type RunProgress } from './runs.js';
export { defaultStorePath } from './paths.js';
export { StoreVersionError } from './schema.js';
