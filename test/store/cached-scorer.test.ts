// withCache: computes only what the cache lacks, once, in chunks that survive a crash; transparent otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withCache, isCachedScorer, benefitsFromCache, type CachedScorer } from '../../src/store/cached-scorer.js';
import { openScoreCache } from '../../src/store/sqlite-cache.js';
import { itemContentKey } from '../../src/store/item-key.js';
import { createScorer } from '../../src/scorers/registry.js';
import '../../src/scorers/builtin.js';
import { ScorerInputError, type Scorer } from '../../src/scorers/contract.js';
import { runScorers } from '../../src/scoring.js';
import { CountingScorer, items } from './fake-scorer.js';

const words = (n: number, prefix = 'w') => Array.from({ length: n }, (_, i) => `${prefix}${i} ${'x'.repeat(i % 7)}`);

test('the wrapper is transparent: same id, family, mode, needs, direction, range, spec and signature', () => {
  const inner = new CountingScorer({ references: true });
  const cached = withCache(inner, openScoreCache(':memory:'));
  assert.notEqual(cached, inner);
  for (const k of ['id', 'family', 'mode', 'direction'] as const) assert.equal(cached[k], inner[k]);
  assert.deepEqual(cached.needs, inner.needs);
  assert.deepEqual(cached.range, inner.range);
  assert.equal(cached.spec(), inner.spec());
  assert.equal(cached.signature(), inner.signature());
  assert.equal(cached.signature({ nrefs: 2 }), inner.signature({ nrefs: 2 }));
  // scores are stored under the signature without data context (the item key covers the data)
  assert.equal((cached as CachedScorer).cacheSignature, 'fake|tag:v1|version:test');
  assert.equal(withCache(cached, (cached as CachedScorer).cache), cached, 'wrapping twice is a no-op');
});

test('statistics, precomputed and pairwise scorers are returned unchanged', () => {
  const cache = openScoreCache(':memory:');
  for (const spec of ['bleu', 'chrf', 'ter', 'column:COMET']) {
    const s = createScorer(spec);
    assert.equal(withCache(s, cache), s, spec);
  }
  const pairwise = Object.assign(new CountingScorer(), { mode: 'pairwise' as const }) as unknown as Scorer;
  assert.equal(withCache(pairwise, cache), pairwise);
  assert.ok(isCachedScorer(withCache(createScorer('rouge-l'), cache)));
});

test('only asynchronous (model-like) scorers benefit from the cache; cheap synchronous ones are left to compute', () => {
  assert.equal(benefitsFromCache(new CountingScorer()), true);
  for (const spec of ['rouge-l', 'token-f1', 'length', 'bleu', 'column:x']) assert.equal(benefitsFromCache(createScorer(spec)), false, spec);
});

test('each missing item is computed once, scores come back in input order, a second run is all hits', async () => {
  const cache = openScoreCache(':memory:');
  const inner = new CountingScorer();
  const cached = withCache(inner, cache, { chunkSize: 3 }) as CachedScorer;
  const outs = ['aa', 'b', 'aa', 'cccc', '?unparseable', 'b', 'ddddd', 'aa', 'e', 'ff'];
  const batch = items(outs);
  const first = await cached.score(batch);
  assert.deepEqual(first, batch.map(CountingScorer.valueOf));
  // distinct outputs in first-seen order, 3 per call
  assert.deepEqual(inner.calls, [['aa', 'b', 'cccc'], ['?unparseable', 'ddddd', 'e'], ['ff']]);
  assert.deepEqual(cached.counters, { hits: 3, misses: 7, failed: 0 });
  assert.equal(cache.stats().entries, 7);

  const again = await cached.score([...batch].reverse());
  assert.deepEqual(again, [...batch].reverse().map(CountingScorer.valueOf));
  assert.equal(inner.calls.length, 3, 'no new calls');
  assert.deepEqual(cached.counters, { hits: 13, misses: 7, failed: 0 });

  // a new wrapper (a new process) on the same cache: a partly-new batch computes only the new items
  const inner2 = new CountingScorer();
  const cached2 = withCache(inner2, cache, { chunkSize: 3 });
  const mixed = items(['aa', 'new1', 'ff', 'new2']);
  assert.deepEqual(await cached2.score(mixed), mixed.map(CountingScorer.valueOf));
  assert.deepEqual(inner2.calls, [['new1', 'new2']]);
});

test('items differing only in id or meta share a score; a different reference does not', async () => {
  const cache = openScoreCache(':memory:');
  const inner = new CountingScorer({ references: true });
  const cached = withCache(inner, cache);
  await cached.score([
    { id: 'a', output: 'same', references: ['r1'], meta: { system: 'A' } },
    { id: 'b', output: 'same', references: ['r1'], meta: { system: 'B' } },
    { id: 'c', output: 'same', references: ['r2'] },
  ]);
  assert.deepEqual(inner.calls, [['same', 'same']]);
  assert.equal(cache.stats().entries, 2);
});

test('different scorer signatures never share entries', async () => {
  const cache = openScoreCache(':memory:');
  const a = new CountingScorer({}, 'a');
  const b = new CountingScorer({}, 'b');
  await withCache(a, cache).score(items(['x', 'y']));
  await withCache(b, cache).score(items(['x', 'y']));
  assert.equal(a.scoredCount, 2);
  assert.equal(b.scoredCount, 2);
  assert.equal(cache.stats().signatures, 2);
});

test('a run killed after two chunks resumes: the rerun computes only the remaining items', async () => {
  const cache = openScoreCache(':memory:');
  const outs = words(25);
  const crashing = new CountingScorer();
  crashing.failOnCall = 2; // chunks 0 and 1 succeed, chunk 2 throws
  await assert.rejects(withCache(crashing, cache, { chunkSize: 10 }).score(items(outs)), /killed/);
  assert.equal(crashing.scoredCount, 20);
  assert.equal(cache.stats().entries, 20);

  const rerun = new CountingScorer();
  const scores = await withCache(rerun, cache, { chunkSize: 10 }).score(items(outs));
  assert.deepEqual(rerun.calls, [outs.slice(20)]);
  assert.deepEqual(scores, items(outs).map(CountingScorer.valueOf));
  assert.equal(cache.stats().entries, 25);
});

test('failed scores are returned but not cached, so a rerun retries them; abstentions are cached', async () => {
  const cache = openScoreCache(':memory:');
  const outs = ['ok', '!transport', '?abstain'];
  const first = new CountingScorer();
  const c1 = withCache(first, cache) as CachedScorer;
  const s1 = await c1.score(items(outs));
  assert.deepEqual(s1[1], { value: null, details: { error: 'HTTP 503' } });
  assert.equal(c1.counters.failed, 1);
  assert.equal(cache.stats().entries, 2);
  const second = new CountingScorer();
  await withCache(second, cache).score(items(outs));
  assert.deepEqual(second.calls, [['!transport']]);
});

test('missing inputs fail as they would without the cache, even when everything else is cached', async () => {
  const cache = openScoreCache(':memory:');
  const cached = withCache(new CountingScorer({ references: true }), cache);
  await cached.score(items(['a'], ['r']));
  await assert.rejects(cached.score([{ id: 'no-ref', output: 'a' }]), (e: unknown) => e instanceof ScorerInputError && e.itemId === 'no-ref');
});

test('a scorer returning the wrong number of scores is an error, and nothing of that chunk is cached', async () => {
  const cache = openScoreCache(':memory:');
  const broken = new CountingScorer();
  broken.score = async () => [{ value: 1 }];
  await assert.rejects(withCache(broken, cache).score(items(['a', 'b'])), /returned 1 scores for 2 items/);
  assert.equal(cache.stats().entries, 0);
});

test('a custom item key is used for lookups and writes', async () => {
  const cache = openScoreCache(':memory:');
  const inner = new CountingScorer({ prompt: true });
  const qe = withCache(inner, cache, { itemKey: (it) => itemContentKey(it, inner.needs) });
  await qe.score([{ id: '1', output: 'o', prompt: 'p', references: ['r1'] }]);
  await qe.score([{ id: '1', output: 'o', prompt: 'p', references: ['r2'] }]);
  assert.equal(inner.scoredCount, 1);
});

test('through scoreStream: cached segment and corpus scores equal uncached ones, and the rerun computes nothing', async () => {
  const cache = openScoreCache(':memory:');
  const hyps = ['the cat sat on the mat', 'a dog', 'the cat sat', 'the cat sat on the mat'];
  const refs = ['the cat sat on the mat', 'a dog barked', 'a cat sat here', 'the cat is on a mat'];
  const data = items(hyps, refs);
  const plain = await runScorers(data, [createScorer('rouge-l'), createScorer('token-f1')], { level: 'segment' });
  for (let pass = 0; pass < 2; pass++) {
    const wrapped = [withCache(createScorer('rouge-l'), cache), withCache(createScorer('token-f1'), cache)] as CachedScorer[];
    const got = await runScorers(data, wrapped, { level: 'segment', batchSize: 3 });
    assert.deepEqual(got, plain);
    assert.deepEqual(
      wrapped.map((w) => w.counters.misses),
      pass === 0 ? [4, 4] : [0, 0],
    );
  }
});

test('corpusScore of a wrapped scorer is the mean of its segment scores, abstentions left out', async () => {
  const cached = withCache(new CountingScorer(), openScoreCache(':memory:'));
  const c = await cached.corpusScore(items(['ab', 'abcd', '?x']));
  assert.deepEqual(c, { value: 3, details: { n: 2, abstained: 1, failed: 0 } });
});
