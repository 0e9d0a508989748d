// The entry URL of a worker thread. Worker entries are separate modules (in the build, separate bundle entry points:
// scripts/bundle.mjs lists them), located from the package root: src/NAME.ts from the sources, dist/NAME.js from the
// build. From the sources on Node 20 a worker does not inherit the TypeScript loader, even with the parent's flags, so
// its entry is a small ES module that registers tsx and then imports the real one.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot, RUNNING_FROM_SOURCES } from '../package-root.js';

/** The worker thread entries, by their path under src/ (and dist/) without extension. */
export type WorkerEntry = 'serve/cpu-worker' | 'parallel/shard-thread';

export function workerEntryUrl(entry: WorkerEntry): URL {
  const target = pathToFileURL(path.join(packageRoot(), RUNNING_FROM_SOURCES ? `src/${entry}.ts` : `dist/${entry}.js`));
  if (!RUNNING_FROM_SOURCES) return target;
  const code = `const { register } = await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}); register(); await import(${JSON.stringify(target.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}
