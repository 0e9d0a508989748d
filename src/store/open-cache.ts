// `--cache LOCATION`: a SQLite file (the default) or a Redis server shared by many machines (cache-location.ts).
import { isRedisCacheUrl } from './cache-location.js';
import { openRedisScoreCache } from './redis-cache.js';
import { openScoreCache } from './sqlite-cache.js';
import type { ScoreCache } from './types.js';

export { isRedisCacheUrl, runStorePathFor } from './cache-location.js';

/** Opens the score cache named by `location`. Redis is connected (or fails clearly) before this resolves. */
export async function openCacheAt(location: string): Promise<ScoreCache> {
  return isRedisCacheUrl(location) ? openRedisScoreCache(location) : openScoreCache(location);
}
