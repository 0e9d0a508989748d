// loadScorersFor registers only the light modules of common metrics, and the very factories builtin.ts registers.
// Order matters in this file: the registry is per process, and the first test runs before builtin.ts is loaded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createScorer, findScorerFactory, listScorers } from '../../src/scorers/registry.js';
import { LIGHT_SCORER_MODULES, loadScorersFor } from '../../src/scorers/load-scorers.js';

test('light specs register their own factories only, and create the scorers they name', async () => {
  assert.equal(listScorers().length, 0, 'nothing registered before');
  await loadScorersFor(['BLEU:tokenize=intl', 'chrf++', 'length']);
  assert.deepEqual(listScorers().map((f) => f.name).sort(), ['bleu', 'chrf', 'chrf++', 'length']);
  assert.equal(createScorer('bleu:tokenize=intl').signature({ nrefs: 1 }).split('|')[0], 'BLEU');
  assert.equal(createScorer('chrfpp').spec(), createScorer('chrf++').spec());
  // an unknown name loads every built-in scorer, so its error lists them all
  await loadScorersFor(['length', 'no-such-scorer']);
  assert.ok(listScorers().length > 20, `${listScorers().length} scorers after the fallback`);
  assert.throws(() => createScorer('no-such-scorer'), /unknown scorer "no-such-scorer".*known: .*rouge-l/);
});

test('every light name resolves to the factory builtin.ts registers for it', async () => {
  const { BUILTIN_FACTORIES } = await import('../../src/scorers/builtin.js');
  assert.ok(LIGHT_SCORER_MODULES.size >= 9);
  for (const [name, load] of LIGHT_SCORER_MODULES) {
    const loaded = await load();
    const named = loaded.filter((f) => f.name === name || (f.aliases ?? []).includes(name));
    assert.equal(named.length, 1, `${name}: one loaded factory answers to it`);
    assert.equal(findScorerFactory(name), named[0], `${name}: the registered factory`);
    assert.ok(BUILTIN_FACTORIES.includes(named[0]), `${name}: a builtin factory`);
  }
});

test('a malformed spec loads every scorer and leaves the error to createScorer', async () => {
  await loadScorersFor([':x']);
  assert.throws(() => createScorer(':x'), /empty scorer name/);
});
