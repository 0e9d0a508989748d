// Active elicitation on a hand-made set of five pairs scored by three scorers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { elicitationScore, rankForElicitation, type ScoredPair } from '../../src/prefs/index.js';

const PAIRS: ScoredPair[] = [
  { id: 'agree-sure', probs: [0.9, 0.95, 0.92] }, // all say a, confidently
  { id: 'split', probs: [0.9, 0.1, 0.5] }, // a, b, tie: maximal vote entropy, largest spread
  { id: 'coin', probs: [0.5, 0.52, 0.48] }, // nobody knows: mean ½, tiny spread
  { id: 'two-vs-one', probs: [0.8, 0.7, 0.2] },
  { id: 'abstain', probs: [NaN, 0.6, NaN] }, // one scorer only
];

test('variance: largest disagreement first', () => {
  const order = rankForElicitation(PAIRS, 'variance').map((p) => p.id);
  // agree-sure: deviations −0.0233, 0.0267, −0.0033 (≈ 4.2e-4) spread more than coin's 0, ±0.02 (≈ 2.7e-4)
  assert.deepEqual(order, ['split', 'two-vs-one', 'agree-sure', 'coin', 'abstain']);
  // split: mean ½, deviations 0.4, −0.4, 0 → 0.32 / 3
  assert.ok(Math.abs(elicitationScore(PAIRS[1].probs, 'variance').score - 0.32 / 3) < 1e-15);
});

test('vote entropy: a / b / tie votes, in bits; ties in score keep input order', () => {
  const picks = rankForElicitation(PAIRS, 'vote-entropy');
  assert.deepEqual(picks.map((p) => p.id), ['split', 'coin', 'two-vs-one', 'agree-sure', 'abstain']);
  assert.ok(Math.abs(picks[0].score - Math.log2(3)) < 1e-15);
  // coin: one a, one b, one tie as well → also log2 3; two-vs-one: H(2/3, 1/3)
  assert.ok(Math.abs(picks[1].score - Math.log2(3)) < 1e-15);
  assert.ok(Math.abs(picks[2].score - (-(2 / 3) * Math.log2(2 / 3) - (1 / 3) * Math.log2(1 / 3))) < 1e-15);
});

test('uncertainty: mean P closest to ½ first; abstentions ignored; top-k', () => {
  const top2 = rankForElicitation(PAIRS, 'uncertainty', 2);
  assert.deepEqual(top2.map((p) => p.id), ['split', 'coin']);
  assert.equal(top2[0].score, 0.5);
  const abstain = rankForElicitation(PAIRS, 'uncertainty').find((p) => p.id === 'abstain')!;
  assert.equal(abstain.scorers, 1);
  assert.ok(Math.abs(abstain.meanProb - 0.6) < 1e-15);
  assert.deepEqual(rankForElicitation([{ id: 'none', probs: [NaN, NaN] }], 'variance'), []);
  assert.throws(() => rankForElicitation([{ id: 'bad', probs: [1.2] }], 'variance'), /outside \[0, 1\]/);
});
