// Item content keys: stable, blind to id and meta, and changed by every field a scorer can see.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { itemContentKey } from '../../src/store/item-key.js';
import type { Item } from '../../src/scorers/contract.js';

const base: Item = {
  id: 'seg-1',
  prompt: [
    { role: 'system', content: 'You are terse.' },
    { role: 'user', content: 'Translate: Guten Morgen' },
  ],
  output: 'Good morning',
  references: ['Good morning', 'Morning!'],
  context: ['doc one', 'doc two'],
  meta: { system: 'A', lang: 'de-en' },
};

test('the key is sha256 (base64url) of the documented JSON encoding', () => {
  // written out independently of the implementation: a change here invalidates every existing cache file
  const encoded = JSON.stringify([
    'trenchcoat-item-key-v1',
    'Good morning',
    ['Good morning', 'Morning!'],
    [
      ['system', 'You are terse.'],
      ['user', 'Translate: Guten Morgen'],
    ],
    ['doc one', 'doc two'],
  ]);
  assert.equal(itemContentKey(base), createHash('sha256').update(encoded, 'utf8').digest('base64url'));
  const minimal = JSON.stringify(['trenchcoat-item-key-v1', 'x', null, null, null]);
  assert.equal(itemContentKey({ id: 'q', output: 'x' }), createHash('sha256').update(minimal, 'utf8').digest('base64url'));
  assert.match(itemContentKey(base), /^[A-Za-z0-9_-]{43}$/);
});

test('id, meta and the key order of message objects do not change the key', () => {
  const k = itemContentKey(base);
  assert.equal(itemContentKey({ ...base, id: 'other' }), k);
  assert.equal(itemContentKey({ ...base, meta: { system: 'B', score: 3 } }), k);
  assert.equal(itemContentKey({ ...base, meta: undefined }), k);
  const reordered = (base.prompt as { role: string; content: string }[]).map((m) => ({ content: m.content, role: m.role }));
  assert.equal(itemContentKey({ ...base, prompt: reordered }), k);
});

test('every scorer-visible change gives a different key', () => {
  const variants: [string, Item][] = [
    ['output', { ...base, output: 'Good morning.' }],
    ['output whitespace', { ...base, output: 'Good morning ' }],
    ['first reference', { ...base, references: ['Good Morning', 'Morning!'] }],
    ['reference order', { ...base, references: ['Morning!', 'Good morning'] }],
    ['extra reference', { ...base, references: ['Good morning', 'Morning!', ''] }],
    ['no references', { ...base, references: undefined }],
    ['empty references', { ...base, references: [] }],
    ['prompt message text', { ...base, prompt: [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: 'Translate: Guten Abend' }] }],
    ['prompt role', { ...base, prompt: [{ role: 'developer', content: 'You are terse.' }, { role: 'user', content: 'Translate: Guten Morgen' }] }],
    ['prompt as one string', { ...base, prompt: 'You are terse.Translate: Guten Morgen' }],
    ['no prompt', { ...base, prompt: undefined }],
    ['context', { ...base, context: ['doc one', 'doc 2'] }],
    ['context order', { ...base, context: ['doc two', 'doc one'] }],
    ['no context', { ...base, context: undefined }],
  ];
  const keys = new Map<string, string>([[itemContentKey(base), 'base']]);
  for (const [what, item] of variants) {
    const k = itemContentKey(item);
    assert.ok(!keys.has(k), `${what} collides with ${keys.get(k)}`);
    keys.set(k, what);
  }
});

test('field boundaries cannot shift: splitting the same characters differently gives different keys', () => {
  const pairs: [Item, Item][] = [
    [{ id: '1', output: 'ab', references: ['c'] }, { id: '1', output: 'a', references: ['bc'] }],
    [{ id: '1', output: 'x', references: ['a', 'b'] }, { id: '1', output: 'x', references: ['a","b'] }],
    [{ id: '1', output: 'x', prompt: 'p', context: ['c'] }, { id: '1', output: 'x', prompt: 'pc' }],
    [{ id: '1', output: 'x', references: ['r'] }, { id: '1', output: 'x', context: ['r'] }],
    [{ id: '1', output: '' }, { id: '1', output: '', prompt: '' }],
    [{ id: '1', output: 'x', prompt: 'u' }, { id: '1', output: 'x', prompt: [{ role: 'user', content: 'u' }] }],
  ];
  for (const [a, b] of pairs) assert.notEqual(itemContentKey(a), itemContentKey(b), JSON.stringify([a, b]));
});

test('a lone surrogate does not collide with U+FFFD (what a UTF-8 encoder would turn it into)', () => {
  assert.notEqual(itemContentKey({ id: '1', output: 'a\ud800b' }), itemContentKey({ id: '1', output: 'a\ufffdb' }));
  assert.notEqual(itemContentKey({ id: '1', output: 'a\ud800b' }), itemContentKey({ id: '1', output: 'a\udc00b' }));
});

test('with needs, only the needed fields (and the output) enter the key', () => {
  const qe = { prompt: true };
  const narrowed = itemContentKey(base, qe);
  assert.equal(itemContentKey({ ...base, references: ['something else'], context: undefined }, qe), narrowed);
  assert.notEqual(itemContentKey({ ...base, prompt: 'another source' }, qe), narrowed);
  assert.notEqual(itemContentKey({ ...base, output: 'Hello' }, qe), narrowed);
  const refBased = { references: true };
  assert.equal(itemContentKey({ ...base, prompt: undefined }, refBased), itemContentKey(base, refBased));
  assert.notEqual(itemContentKey({ ...base, references: ['Good morning'] }, refBased), itemContentKey(base, refBased));
});
