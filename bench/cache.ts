// The score cache's hit path: 10^5 lookups from a SQLite cache file against the same lookups in a plain JS Map (the
// floor for any cache). Target: ≥ 10^5 lookups/s for `getMany`, the path `score`, `meta-eval`, probes and best-of-n
// take when a scorer's results are already cached.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Item, Score } from '../src/scorers/contract.js';
import { meanScore } from '../src/scorers/contract.js';
import type { Scorer } from '../src/scorers/contract.js';
import { openScoreCache } from '../src/store/sqlite-cache.js';
import { itemContentKey } from '../src/store/item-key.js';
import { withCache } from '../src/store/cached-scorer.js';
import type { CacheStats, ScoreCache } from '../src/store/types.js';
import { bestTime, bestTimeAsync, maxAbsDiff, printRows, type BenchRow } from './harness.js';

const N = 100_000;
const SIGNATURE = 'judge:bench|model:none|version:bench';

/** The reference: the same interface over a Map (no persistence, no sharing between processes). */
class MapScoreCache implements ScoreCache {
  private readonly bySig = new Map<string, Map<string, Score>>();
  getMany(signature: string, keys: readonly string[]): Map<string, Score> {
    const m = this.bySig.get(signature);
    const out = new Map<string, Score>();
    if (!m) return out;
    for (const k of keys) {
      const s = m.get(k);
      if (s !== undefined) out.set(k, s);
    }
    return out;
  }
  putMany(signature: string, entries: readonly (readonly [string, Score])[]): void {
    let m = this.bySig.get(signature);
    if (!m) this.bySig.set(signature, (m = new Map()));
    for (const [k, s] of entries) if (!m.has(k)) m.set(k, s);
  }
  stats(): CacheStats {
    return { path: ':map:', entries: 0, signatures: this.bySig.size, hits: 0, misses: 0, writes: 0 };
  }
  close(): void {}
}

/** A judge-like scorer that must never be called: every lookup in the benchmark is a hit. */
const neverCalled: Scorer = {
  id: 'bench',
  family: 'judge',
  mode: 'pointwise',
  needs: { prompt: true },
  direction: 'higher',
  range: [1, 10],
  spec: () => 'bench',
  signature: () => SIGNATURE,
  score: async () => {
    throw new Error('benchmark scorer called: the cache missed');
  },
  corpusScore: async (items: readonly Item[]) => meanScore(await neverCalled.score(items)),
};

function makeItems(): Item[] {
  return Array.from({ length: N }, (_, i) => ({
    id: `item-${i}`,
    prompt: `Rate the response to instruction ${i}: explain why the sky is blue in two sentences.`,
    output: `Response ${i}: sunlight is scattered by air molecules, and blue light is scattered more than red light.`,
  }));
}

const scoreOf = (i: number): Score => (i % 10 === 0 ? { value: null, details: { raw: 'no verdict' } } : { value: (i % 10) + 0.5, prob: 0.9 });

async function scoreAll(scorer: Scorer, items: readonly Item[]): Promise<number[]> {
  const values: number[] = [];
  for (let s = 0; s < items.length; s += 1000) for (const sc of await scorer.score(items.slice(s, s + 1000))) values.push(sc.value ?? -1);
  return values;
}

export async function benchCache(repeats: number): Promise<BenchRow[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tc-bench-cache-'));
  try {
    const items = makeItems();
    const keys = items.map((it) => itemContentKey(it));
    const entries = keys.map((k, i) => [k, scoreOf(i)] as const);
    const sqlite = openScoreCache(path.join(dir, 'cache.sqlite'));
    const map = new MapScoreCache();
    const write = bestTime(() => sqlite.putMany(SIGNATURE, entries), 1);
    const writeRef = bestTime(() => map.putMany(SIGNATURE, entries), 1);
    const lookupOrder = keys.slice().reverse();

    const values = (m: Map<string, Score>) => lookupOrder.map((k) => m.get(k)?.value ?? -1);
    sqlite.getMany(SIGNATURE, lookupOrder); // warm-up (page cache, JIT)
    const ours = bestTime(() => sqlite.getMany(SIGNATURE, lookupOrder), repeats);
    const ref = bestTime(() => map.getMany(SIGNATURE, lookupOrder), repeats);

    const cachedSqlite = withCache(neverCalled, sqlite);
    const cachedMap = withCache(neverCalled, map);
    await scoreAll(cachedSqlite, items);
    const wrapped = await bestTimeAsync(() => scoreAll(cachedSqlite, items), repeats);
    const wrappedRef = await bestTimeAsync(() => scoreAll(cachedMap, items), repeats);

    const rows: BenchRow[] = [
      {
        task: 'getMany, all hits (lookups)',
        items: N,
        ours: ours.seconds,
        reference: ref.seconds,
        maxAbsDiff: maxAbsDiff(values(ours.out), values(ref.out)),
        note: ours.out.size === N ? '' : `only ${ours.out.size} hits`,
      },
      {
        task: 'withCache.score, all hits (hash + lookup)',
        items: N,
        ours: wrapped.seconds,
        reference: wrappedRef.seconds,
        maxAbsDiff: maxAbsDiff(wrapped.out, wrappedRef.out),
      },
      { task: 'putMany, all new (writes)', items: N, ours: write.seconds, reference: writeRef.seconds },
    ];
    sqlite.close();
    printRows('score cache (SQLite WAL file vs in-memory Map)', 'Map', rows);
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// `tsx bench/cache.ts [repeats]` runs this section alone
if (import.meta.url === `file://${process.argv[1]}`) await benchCache(Number(process.argv[2] ?? 5));
