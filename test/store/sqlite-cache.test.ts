// The SQLite score cache: what goes in comes out, a key is written once, signatures do not mix, the file persists.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openScoreCache } from '../../src/store/sqlite-cache.js';
import { defaultStorePath } from '../../src/store/paths.js';
import { StoreVersionError } from '../../src/store/schema.js';
import { openSqlite } from '../../src/store/sqlite-driver.js';
import type { Score } from '../../src/scorers/contract.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tmp = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'tc-store-'));
  dirs.push(d);
  return d;
};
const SIG = 'judge:test|model:m|version:trenchcoat-0.1.0';

test('scores round-trip: numbers, abstentions, probabilities and nested details', () => {
  const cache = openScoreCache(':memory:');
  const scores: [string, Score][] = [
    ['k-plain', { value: 0.1 + 0.2 }],
    ['k-null', { value: null }],
    ['k-null-details', { value: null, details: { raw: 'I cannot decide', parse: 'failed' } }],
    ['k-prob', { value: 1, prob: 0.7310585786300049 }],
    ['k-details', { value: -3.5e-300, prob: 0, details: { nested: { a: [1, 2.5, 'x'], b: null }, unicode: 'Grüße 👋' } }],
    ['k-negative', { value: -42 }],
    ['k-inf', { value: Infinity }],
  ];
  cache.putMany(SIG, scores);
  const got = cache.getMany(SIG, scores.map(([k]) => k));
  assert.equal(got.size, scores.length);
  for (const [k, s] of scores) assert.deepEqual(got.get(k), s, k);
  cache.close();
});

test('missing keys are absent; an unknown signature finds nothing and creates nothing', () => {
  const cache = openScoreCache(':memory:');
  cache.putMany(SIG, [['a', { value: 1 }]]);
  const got = cache.getMany(SIG, ['a', 'b']);
  assert.deepEqual([...got.keys()], ['a']);
  assert.equal(cache.getMany('other|version:x', ['a']).size, 0);
  const s = cache.stats();
  assert.equal(s.signatures, 1);
  assert.equal(s.hits, 1);
  assert.equal(s.misses, 2);
  cache.close();
});

test('the same key under two signatures holds two scores', () => {
  const cache = openScoreCache(':memory:');
  cache.putMany('A|version:1', [['k', { value: 1 }]]);
  cache.putMany('B|version:1', [['k', { value: 2 }]]);
  assert.equal(cache.getMany('A|version:1', ['k']).get('k')?.value, 1);
  assert.equal(cache.getMany('B|version:1', ['k']).get('k')?.value, 2);
  assert.deepEqual(cache.stats().entries, 2);
  assert.deepEqual(cache.signatureStats(), [
    { signature: 'A|version:1', entries: 1 },
    { signature: 'B|version:1', entries: 1 },
  ]);
  cache.close();
});

test('writing a key twice keeps the first row and counts one write', () => {
  const cache = openScoreCache(':memory:');
  cache.putMany(SIG, [['k', { value: 1 }], ['j', { value: 5 }]]);
  cache.putMany(SIG, [['k', { value: 2 }], ['m', { value: 3 }]]);
  assert.equal(cache.getMany(SIG, ['k']).get('k')?.value, 1);
  const s = cache.stats();
  assert.equal(s.entries, 3);
  assert.equal(s.writes, 3);
  cache.close();
});

test('NaN is refused before anything of the batch is written', () => {
  const cache = openScoreCache(':memory:');
  assert.throws(() => cache.putMany(SIG, [['ok', { value: 1 }], ['bad', { value: NaN }]]), /cannot cache score value NaN/);
  assert.throws(() => cache.putMany(SIG, [['bad', { value: 1, prob: NaN }]]), /cannot cache prob NaN/);
  assert.equal(cache.stats().entries, 0);
  cache.close();
});

test('many keys in one batch (more than any chunk) all come back', () => {
  const cache = openScoreCache(':memory:');
  const entries = Array.from({ length: 5000 }, (_, i) => [`key-${i}`, { value: i }] as const);
  cache.putMany(SIG, entries);
  const keys: string[] = entries.map(([k]) => k).reverse();
  keys.push('absent-1', 'absent-2');
  const got = cache.getMany(SIG, keys);
  assert.equal(got.size, 5000);
  for (let i = 0; i < 5000; i += 997) assert.equal(got.get(`key-${i}`)?.value, i);
  cache.close();
});

test('a cache file persists across connections; clear deletes scores of one or all signatures', () => {
  const file = path.join(tmp(), 'nested', 'dir', 'cache.sqlite');
  const a = openScoreCache(file);
  a.putMany('A|v', [['k1', { value: 1 }], ['k2', { value: 2, details: { n: 1 } }]]);
  a.putMany('B|v', [['k1', { value: 3 }]]);
  a.close();
  assert.ok(existsSync(file));
  const b = openScoreCache(file);
  assert.deepEqual(b.getMany('A|v', ['k2']).get('k2'), { value: 2, details: { n: 1 } });
  assert.equal(b.db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(b.clear('A|v'), 2);
  assert.equal(b.clear('never-stored'), 0);
  assert.equal(b.stats().entries, 1);
  assert.equal(b.stats().signatures, 1);
  assert.equal(b.clear(), 1);
  assert.equal(b.compact(), true);
  assert.deepEqual(b.stats().entries, 0);
  // a signature cleared and stored again still works
  b.putMany('A|v', [['k1', { value: 9 }]]);
  assert.equal(b.getMany('A|v', ['k1']).get('k1')?.value, 9);
  b.close();
});

test('a file written by a newer schema is refused', () => {
  const file = path.join(tmp(), 'cache.sqlite');
  const db = openSqlite(file);
  db.pragma('user_version = 99');
  db.close();
  assert.throws(() => openScoreCache(file), StoreVersionError);
});

test('default location: ./.trenchcoat/cache.sqlite, or $TRENCHCOAT_HOME/cache.sqlite', () => {
  assert.equal(defaultStorePath({}, '/data/proj'), path.resolve('/data/proj/.trenchcoat/cache.sqlite'));
  assert.equal(defaultStorePath({ TRENCHCOAT_HOME: '/var/tc' }, '/data/proj'), path.resolve('/var/tc/cache.sqlite'));
  assert.equal(defaultStorePath({ TRENCHCOAT_HOME: 'rel' }, '/data/proj'), path.resolve('/data/proj/rel/cache.sqlite'));
});
