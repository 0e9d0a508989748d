// `npm run bench`: every benchmark side by side with its reference implementation, in one run, as ratios.
// Usage: npm run bench [-- lexical …] [-- --repeats N]
import { benchLexical } from './lexical.js';
import { benchRemote } from './remote.js';
import { benchCache } from './cache.js';
import { benchPrefs } from './prefs.js';
import { benchBon } from './bon.js';
import { benchMetaeval } from './metaeval.js';
import { benchOnnx } from './onnx.js';
import { benchVerifiable } from './verifiable.js';
import { benchRewards } from './rewards.js';
import { benchServe } from './serve.js';
import { benchPool } from './pool.js';
import { benchThreads } from './threads.js';
import { benchQueue } from './queue.js';
import { benchTerMemory } from './ter-memory.js';
import { benchReport } from './report.js';
import { benchColdstart } from './coldstart.js';
import { benchWholeProcess } from './whole-process.js';

const args = process.argv.slice(2);
const repeatsAt = args.indexOf('--repeats');
const repeats = repeatsAt >= 0 ? Number(args[repeatsAt + 1]) : 3;
const only = args.filter((a, i) => !a.startsWith('--') && (repeatsAt < 0 || i !== repeatsAt + 1));
const sections: Record<string, (r: number) => Promise<unknown>> = {
  lexical: benchLexical,
  remote: benchRemote,
  cache: benchCache,
  prefs: benchPrefs,
  bon: benchBon,
  metaeval: benchMetaeval,
  onnx: benchOnnx,
  verifiable: benchVerifiable,
  rewards: benchRewards,
  serve: benchServe,
  pool: benchPool,
  threads: benchThreads,
  queue: benchQueue,
  'ter-memory': benchTerMemory,
  report: benchReport,
  coldstart: benchColdstart,
  'whole-process': benchWholeProcess,
};
console.log(`trenchcoat bench — node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
// minutes-long whole-process runs (1M+ rows, a 20 MB TER line): only when named (`npm run bench -- threads queue ter-memory`)
const ON_REQUEST = new Set(['threads', 'queue', 'ter-memory']);
for (const [name, fn] of Object.entries(sections)) {
  if (only.length ? !only.includes(name) : ON_REQUEST.has(name)) continue;
  await fn(repeats);
}
