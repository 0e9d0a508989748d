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
import { benchServe } from './serve.js';
import { benchColdstart } from './coldstart.js';
import { benchWholeProcess } from './whole-process.js';

const args = process.argv.slice(2);
const repeatsAt = args.indexOf('--repeats');
const repeats = repeatsAt >= 0 ? Number(args[repeatsAt + 1]) : 3;
const only = args.filter((a, i) => !a.startsWith('--') && (repeatsAt < 0 || i !== repeatsAt + 1));
const sections: Record<string, (r: number) => Promise<unknown>> = { lexical: benchLexical, remote: benchRemote, cache: benchCache, prefs: benchPrefs, bon: benchBon, metaeval: benchMetaeval, onnx: benchOnnx, verifiable: benchVerifiable, serve: benchServe, coldstart: benchColdstart, 'whole-process': benchWholeProcess };
console.log(`trenchcoat bench — node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
for (const [name, fn] of Object.entries(sections)) {
  if (only.length && !only.includes(name)) continue;
  await fn(repeats);
}
