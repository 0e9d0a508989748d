// Child process for concurrent.test.ts: waits for "go" on stdin, then opens the (possibly not yet existing) cache and
// writes keys [from, to) in many small transactions — half through withCache, half through putMany in reverse order,
// so that two of these processes contend for the same rows. Prints its write counts as JSON.
import { createInterface } from 'node:readline';
import { openScoreCache } from '../../src/store/sqlite-cache.js';
import { withCache, type CachedScorer } from '../../src/store/cached-scorer.js';
import { CountingScorer, items } from './fake-scorer.js';

const [file, fromArg, toArg] = process.argv.slice(2);
const from = Number(fromArg);
const to = Number(toArg);

export const RAW_SIGNATURE = 'raw|version:test';
export const rawValue = (i: number) => i * 0.5 - 7;

process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line.trim() !== 'go') continue;
  lines.close();
  const cache = openScoreCache(file);
  // through the wrapper: outputs "out-i", 5 items per chunk and per transaction
  const inner = new CountingScorer();
  const cached = withCache(inner, cache, { chunkSize: 5 }) as CachedScorer;
  const outs = Array.from({ length: to - from }, (_, k) => `out-${from + k}`);
  for (let s = 0; s < outs.length; s += 50) await cached.score(items(outs.slice(s, s + 50)));
  // raw putMany, walking the range backwards in batches of 7
  for (let hi = to; hi > from; hi -= 7) {
    const batch: [string, { value: number }][] = [];
    for (let i = Math.max(from, hi - 7); i < hi; i++) batch.push([`raw-${i}`, { value: rawValue(i) }]);
    cache.putMany(RAW_SIGNATURE, batch);
    cache.getMany(RAW_SIGNATURE, batch.map(([k]) => k));
  }
  process.stdout.write(JSON.stringify({ writes: cache.stats().writes, computed: inner.scoredCount }) + '\n');
  cache.close();
}
