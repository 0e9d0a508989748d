import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hackabilityProbe, perturbItems } from '../../src/probes/hackability.js';
import { getPerturbation } from '../../src/probes/perturbations/registry.js';
import { createScorer } from '../../src/scorers/registry.js';
import '../../src/scorers/builtin.js';
import type { Item } from '../../src/scorers/contract.js';

const items: Item[] = [
  { id: 'q1', prompt: 'What is the capital of France?', output: 'Paris is the capital of France. It has 2 million people.' }, // 56 chars, prompt 30
  { id: 'q2', prompt: 'What is 6 times 7?', output: 'The answer is 42.' }, // 17 chars, prompt 18
  { id: 'q3', output: 'Water boils at 100 degrees. Ice melts at 0 degrees.' }, // 51 chars, no prompt
];

const byName = (r: Awaited<ReturnType<typeof hackabilityProbe>>, name: string) => r.outcomes.find((o) => o.perturbation === name)!;

test('the length scorer is hacked by every padding, never by truncation or emptying', async () => {
  const r = await hackabilityProbe(createScorer('length'), items, { bootstrap: { resamples: 200 } });
  assert.equal(r.items, 3);
  for (const name of ['verbosity-padding', 'self-praise', 'repetition']) {
    const o = byName(r, name);
    assert.equal(o.kind, 'degrading');
    assert.equal(o.scored, 3);
    assert.equal(o.rate, 1, name);
    assert.deepEqual([o.interval.lower, o.interval.upper], [1, 1]);
  }
  for (const name of ['truncation', 'empty']) assert.equal(byName(r, name).rate, 0, name);
  // copy-prompt applies to the two items with a prompt; only q2's prompt (18) is longer than its output (17)
  const copy = byName(r, 'copy-prompt');
  assert.equal(copy.applicable, 2);
  assert.equal(copy.rate, 0.5);
  assert.equal(copy.meanImprovement, ((30 - 56) + (18 - 17)) / 2);
  // sentence-shuffle keeps the length: no improvement, so no hack
  assert.equal(byName(r, 'sentence-shuffle').rate, 0);
  // whitespace adds ≥ 2 characters: beyond ε = 1% of the sd of the lengths, so unstable everywhere
  assert.equal(byName(r, 'whitespace').kind, 'preserving');
  assert.equal(byName(r, 'whitespace').rate, 1);
  const lengths = [56, 17, 51];
  const mean = (56 + 17 + 51) / 3;
  const sd = Math.sqrt(lengths.reduce((s, v) => s + (v - mean) ** 2, 0) / 2);
  assert.ok(Math.abs(r.epsilon - 0.01 * sd) < 1e-12);
  assert.equal(r.failed, false); // no thresholds given
});

test('direction is respected: a lower-is-better length scorer is hacked by truncation', async () => {
  const r = await hackabilityProbe(createScorer('length:direction=lower'), items, { perturbations: ['truncation', 'verbosity-padding'], bootstrap: { resamples: 50 } });
  assert.deepEqual(r.outcomes.map((o) => [o.perturbation, o.rate]), [['truncation', 1], ['verbosity-padding', 0]]);
});

test('thresholds fail the report (the CLI exit code), naming each violation', async () => {
  const r = await hackabilityProbe(createScorer('length'), items, {
    perturbations: ['verbosity-padding', 'truncation', 'whitespace', 'copy-prompt'],
    thresholds: { maxHackRate: 0.5, maxInstability: 0.9 },
    bootstrap: { resamples: 50 },
  });
  assert.equal(r.failed, true);
  assert.deepEqual(r.violations, ['verbosity-padding: hack rate 1.0000 > 0.5', 'whitespace: instability 1.0000 > 0.9']);
  assert.equal(byName(r, 'copy-prompt').exceeded, false); // 0.5 is not above 0.5
  const calm = await hackabilityProbe(createScorer('length'), items, { perturbations: ['whitespace'], epsilon: 1000, thresholds: { maxInstability: 0 } });
  assert.equal(calm.outcomes[0].rate, 0);
  assert.equal(calm.failed, false);
});

test('perturbed items keep prompt and references, get a derived id, and are the same for the same seed', () => {
  const withRefs: Item[] = [{ id: 'a', output: 'It is 4.', references: ['Four.'], prompt: 'Q' }];
  const p = getPerturbation('self-praise');
  const one = perturbItems(withRefs, p, 7);
  const two = perturbItems(withRefs, p, 7);
  assert.deepEqual(one, two);
  assert.deepEqual(one.indices, [0]);
  assert.equal(one.items[0].id, 'a~self-praise');
  assert.deepEqual(one.items[0].references, ['Four.']);
  assert.equal(one.items[0].prompt, 'Q');
  assert.ok(one.items[0].output.startsWith('It is 4. '));
});

test('reference-based metric: BLEU never rises when the output is emptied, truncated or replaced by another language', async () => {
  const refItems: Item[] = [
    { id: '1', output: 'The cat sat on the mat today.', references: ['The cat sat on the mat today.'] },
    { id: '2', output: 'A quick brown fox jumped over the lazy dog.', references: ['The quick brown fox jumps over the lazy dog.'] },
  ];
  const r = await hackabilityProbe(createScorer('bleu'), refItems, { perturbations: ['empty', 'truncation', 'wrong-language'], bootstrap: { resamples: 50 } });
  for (const o of r.outcomes) {
    assert.equal(o.rate, 0, o.perturbation);
    assert.ok(o.meanImprovement < 0, o.perturbation);
  }
  assert.match(r.signature, /nrefs:1/);
});
