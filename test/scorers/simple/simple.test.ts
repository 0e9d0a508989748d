import { test } from 'node:test';
import assert from 'node:assert/strict';
import '../../../src/scorers/builtin.js';
import { createScorer } from '../../../src/scorers/registry.js';
import { normalizeAnswer, tokenF1 } from '../../../src/scorers/simple/squad.js';
import { runScorerContract } from '../contract-suite.js';
import type { Item } from '../../../src/scorers/contract.js';

const qa: Item[] = [
  { id: 'q1', output: 'The Eiffel Tower!', references: ['eiffel tower', 'La tour Eiffel'] },
  { id: 'q2', output: 'in 1889', references: ['1889'] },
  { id: 'q3', output: '', references: ['Paris'] },
  { id: 'q4', output: 'an apple a day', references: ['apple day', 'a pear'] },
  { id: 'q5', output: 'Gustave Eiffel, engineer', references: ['Gustave Eiffel'] },
];

test('SQuAD normalisation drops punctuation, articles and extra whitespace', () => {
  assert.equal(normalizeAnswer('  The  Eiffel-Tower, (an icon)! '), 'eiffeltower icon');
  assert.equal(normalizeAnswer('theatre a'), 'theatre');
  // Python's \b treats é as a word character, so "thé" keeps its article-like prefix
  assert.equal(normalizeAnswer('thé the'), 'thé');
});

test('token F1 matches the SQuAD definition on hand-checked cases', () => {
  // pred tokens [gustave, eiffel, engineer], gold [gustave, eiffel]: P 2/3, R 1, F1 0.8
  const f = tokenF1('Gustave Eiffel, engineer', 'Gustave Eiffel');
  assert.equal(f.precision, 2 / 3);
  assert.equal(f.recall, 1);
  assert.ok(Math.abs(f.f1 - 0.8) < 1e-15);
  // repeated tokens are clipped: pred [x,x,y] vs gold [x,y,y] share one x and one y: P = R = 2/3
  assert.equal(tokenF1('x x y', 'x y y').f1, 2 / 3);
  assert.equal(tokenF1('', '').f1, 1);
  assert.equal(tokenF1('the', 'Paris').f1, 0);
});

test('exact match and F1 take the best reference', async () => {
  const em = await createScorer('exact').score(qa);
  // q4: "an apple a day" and "apple day" both normalise to "apple day"
  assert.deepEqual(em.map((s) => s.value), [1, 0, 0, 1, 0]);
  const f1 = await createScorer('f1').score(qa);
  assert.equal(f1[1].value, 2 / 3); // [in, 1889] vs [1889]: P 1/2, R 1
  assert.equal(f1[3].value, 1); // "apple day" after dropping articles
  const raw = await createScorer('exact:normalize=none').score([{ id: 'x', output: 'Paris', references: ['paris', 'Paris'] }]);
  assert.equal(raw[0].value, 1);
  assert.equal(raw[0].details?.matchedReference, 1);
});

test('length counts code points, Python whitespace tokens, or UTF-8 bytes', async () => {
  const items: Item[] = [{ id: 'a', output: 'naïve 😀\u00a0ok' }];
  assert.equal((await createScorer('length').score(items))[0].value, 10);
  assert.equal((await createScorer('length:unit=tokens').score(items))[0].value, 3);
  assert.equal((await createScorer('length:unit=bytes').score(items))[0].value, 15);
});

test('column scorer reads precomputed values, abstains on empty cells, and refuses junk', async () => {
  const items: Item[] = [
    { id: 'a', output: 'x', meta: { COMET: 0.81 } },
    { id: 'b', output: 'y', meta: { COMET: '-1.5e-1' } },
    { id: 'c', output: 'z', meta: { COMET: null } },
    { id: 'd', output: 'w', meta: { COMET: '' } },
  ];
  const s = createScorer('column:COMET');
  assert.deepEqual((await s.score(items)).map((x) => x.value), [0.81, -0.15, null, null]);
  assert.deepEqual((await s.corpusScore(items)).value, (0.81 - 0.15) / 2);
  await assert.rejects(s.score([{ id: 'e', output: 'v', meta: { COMET: '0x10' } }]), /item e has a non-numeric value "0x10"/);
  await assert.rejects(s.score([{ id: 'f', output: 'v', meta: {} }]), /item f has no field "COMET"/);
  assert.throws(() => createScorer('column'), /needs a column name/);
  assert.equal(createScorer('column:"a,b",direction=lower').spec(), 'column:"a,b",direction=lower');
});

test('unknown scorers and options are refused with the spec named', () => {
  assert.throws(() => createScorer('blue'), /unknown scorer "blue" in spec "blue"/);
  assert.throws(() => createScorer('length:units=chars'), /unknown option "units" for scorer "length"/);
  assert.throws(() => createScorer('length:unit=words'), /expected one of chars, tokens, bytes/);
});

runScorerContract({ create: createScorer, spec: 'exact', items: qa });
runScorerContract({ create: createScorer, spec: 'f1:normalize=lower', items: qa });
runScorerContract({ create: createScorer, spec: 'length:unit=tokens', items: qa });
runScorerContract({
  create: createScorer,
  spec: 'column:rm',
  items: qa.map((q, i) => ({ ...q, meta: { rm: i === 2 ? null : i * 0.5 - 1 } })),
});
