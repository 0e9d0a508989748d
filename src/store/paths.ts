// Where the store lives when no path is given.
import path from 'node:path';

export const STORE_FILE = 'cache.sqlite';

/**
 * `$TRENCHCOAT_HOME/cache.sqlite` when TRENCHCOAT_HOME is set (one cache shared by every project of a user or a CI
 * job), otherwise `./.trenchcoat/cache.sqlite` beside the data being scored, like other per-project tool caches.
 */
export function defaultStorePath(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  const home = env.TRENCHCOAT_HOME;
  if (home) return path.resolve(cwd, home, STORE_FILE);
  return path.resolve(cwd, '.trenchcoat', STORE_FILE);
}
