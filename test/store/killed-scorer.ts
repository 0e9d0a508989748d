// Child process for cached-scorer-kill.test.ts: scores 25 items through withCache in chunks of 10 and, when the third
// chunk starts, reports "hung" and waits forever — to be killed with SIGKILL mid-run.
import { openScoreCache } from '../../src/store/sqlite-cache.js';
import { withCache } from '../../src/store/cached-scorer.js';
import { CountingScorer, items } from './fake-scorer.js';

const [file, n] = process.argv.slice(2);
const outs = Array.from({ length: Number(n) }, (_, i) => `output ${i}`);
const inner = new CountingScorer();
inner.beforeCall = async (call) => {
  if (call < 2) return;
  process.stdout.write('hung\n');
  await new Promise(() => setInterval(() => {}, 1 << 30));
};
await withCache(inner, openScoreCache(file), { chunkSize: 10 }).score(items(outs));
