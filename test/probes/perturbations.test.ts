import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getPerturbation, listPerturbations, perturbationRng } from '../../src/probes/perturbations/registry.js';
import { PADDING_CLOSERS, PADDING_OPENERS, SELF_PRAISE } from '../../src/probes/perturbations/padding.js';
import { splitSentences } from '../../src/probes/perturbations/_text.js';
import type { PerturbationInput } from '../../src/probes/perturbations/types.js';

/** Applies a perturbation with seeds 0…19 and returns the distinct results (sorted; null as 'null'). */
function outcomes(name: string, input: PerturbationInput | string): string[] {
  const inp = typeof input === 'string' ? { output: input } : input;
  const seen = new Set<string>();
  for (let seed = 0; seed < 20; seed++) seen.add(String(getPerturbation(name).apply(inp, perturbationRng(seed, name, 'item'))));
  return [...seen].sort();
}

test('the registry: 16 perturbations, 2 meaning-preserving, names unique', () => {
  const all = listPerturbations();
  assert.deepEqual(
    all.map((p) => p.name),
    ['markdown-bullets', 'whitespace', 'verbosity-padding', 'self-praise', 'repetition', 'truncation', 'sentence-shuffle', 'number-swap', 'negation', 'entity-swap', 'drop-content-word', 'copy-prompt', 'empty', 'wrong-language', 'second-boxed', 'empty-think'],
  );
  assert.deepEqual(all.filter((p) => p.kind === 'preserving').map((p) => p.name), ['markdown-bullets', 'whitespace']);
  assert.throws(() => getPerturbation('nope'), /unknown perturbation/);
});

test('per-item random streams: same (seed, perturbation, item) → same numbers; any change → different', () => {
  const draw = (seed: number, p: string, id: string) => perturbationRng(seed, p, id).nextUint32();
  assert.equal(draw(1, 'negation', 'a'), draw(1, 'negation', 'a'));
  assert.notEqual(draw(1, 'negation', 'a'), draw(2, 'negation', 'a'));
  assert.notEqual(draw(1, 'negation', 'a'), draw(1, 'negation', 'b'));
  assert.notEqual(draw(1, 'negation', 'a'), draw(1, 'truncation', 'a'));
  assert.throws(() => perturbationRng(-1, 'x', 'y'), RangeError);
});

test('sentence splitting keeps the whitespace between sentences; decimals and versions do not split', () => {
  assert.deepEqual(splitSentences('  One. Two!  Three?\n'), { sentences: ['One.', 'Two!', 'Three?'], separators: ['  ', ' ', '  ', '\n'] });
  assert.deepEqual(splitSentences('Pi is 3.14 in v1.2 docs'), { sentences: ['Pi is 3.14 in v1.2 docs'], separators: ['', ''] });
  assert.deepEqual(splitSentences('- a\n- b').sentences, ['- a', '- b']);
  assert.deepEqual(splitSentences('He said "Go." Then left.').sentences, ['He said "Go."', 'Then left.']);
});

test('markdown-bullets (preserving): one bullet per sentence', () => {
  assert.deepEqual(outcomes('markdown-bullets', 'One. Two!  Three?'), ['- One.\n- Two!\n- Three?']);
  assert.deepEqual(outcomes('markdown-bullets', 'Hello'), ['- Hello']);
  assert.deepEqual(outcomes('markdown-bullets', '   '), ['null']);
});

test('whitespace (preserving): doubled spaces and a trailing newline, nothing else', () => {
  assert.deepEqual(outcomes('whitespace', 'a b'), ['a  b\n']);
  for (const r of outcomes('whitespace', 'the quick brown fox jumps')) {
    assert.ok(r.endsWith('\n') && r.includes('  '));
    assert.equal(r.trimEnd().replace(/ +/g, ' '), 'the quick brown fox jumps');
  }
  assert.deepEqual(outcomes('whitespace', ''), ['null']);
});

test('verbosity-padding: a bank opener and closer around the unchanged text', () => {
  const allowed = new Set(PADDING_OPENERS.flatMap((o) => PADDING_CLOSERS.map((c) => `${o} The answer is 4. ${c}`)));
  const got = outcomes('verbosity-padding', ' The answer is 4. ');
  assert.ok(got.length > 1);
  for (const r of got) assert.ok(allowed.has(r), r);
  assert.deepEqual(outcomes('verbosity-padding', ' '), ['null']);
});

test('self-praise: one bank sentence appended', () => {
  const allowed = new Set(SELF_PRAISE.map((p) => `It is 4. ${p}`));
  for (const r of outcomes('self-praise', 'It is 4.\n')) assert.ok(allowed.has(r), r);
});

test('repetition: one sentence repeated in place', () => {
  assert.deepEqual(outcomes('repetition', 'Only one.'), ['Only one. Only one.']);
  assert.deepEqual(outcomes('repetition', 'A b. C d.'), ['A b. A b. C d.', 'A b. C d. C d.']);
  assert.deepEqual(outcomes('repetition', 'A b.\nC d.'), ['A b.\nA b.\nC d.', 'A b.\nC d. C d.']);
});

test('truncation: the first half of the words', () => {
  assert.deepEqual(outcomes('truncation', 'one two three four five'), ['one two']);
  assert.deepEqual(outcomes('truncation', 'one two three four'), ['one two']);
  assert.deepEqual(outcomes('truncation', 'Hello, world! Bye.'), ['Hello']);
  assert.deepEqual(outcomes('truncation', 'one'), ['null']);
});

test('sentence-shuffle: another order, separators in place', () => {
  assert.deepEqual(outcomes('sentence-shuffle', 'A. B.'), ['B. A.']);
  assert.deepEqual(outcomes('sentence-shuffle', 'A.\nB.'), ['B.\nA.']);
  assert.deepEqual(outcomes('sentence-shuffle', 'Same. Same.'), ['null']);
  assert.deepEqual(outcomes('sentence-shuffle', 'Just one.'), ['null']);
  const three = outcomes('sentence-shuffle', 'A. B. C.');
  assert.ok(!three.includes('A. B. C.'));
  for (const r of three) assert.deepEqual(r.split(' ').sort(), ['A.', 'B.', 'C.']);
});

test('number-swap: two different numbers trade places; a lone number gets another last digit', () => {
  assert.deepEqual(outcomes('number-swap', '3 apples and 5 pears'), ['5 apples and 3 pears']);
  const lone = outcomes('number-swap', 'It costs 42 dollars');
  assert.ok(lone.length > 1);
  for (const r of lone) assert.match(r, /^It costs 4[013456789] dollars$/);
  for (const r of outcomes('number-swap', 'v 1.5 and 1.5')) assert.match(r, /^v 1\.[0-46-9] and 1\.5$|^v 1\.5 and 1\.[0-46-9]$/);
  assert.deepEqual(outcomes('number-swap', 'no numbers'), ['null']);
});

test('negation: remove a negation or add "not" after an auxiliary', () => {
  assert.deepEqual(outcomes('negation', 'It is red.'), ['It is not red.']);
  assert.deepEqual(outcomes('negation', 'It is not red.'), ['It is red.']);
  assert.deepEqual(outcomes('negation', "I can't go."), ['I can go.']);
  assert.deepEqual(outcomes('negation', "I won't go"), ['I will go']);
  assert.deepEqual(outcomes('negation', "It isn't"), ['It is']);
  assert.deepEqual(outcomes('negation', 'We cannot stop'), ['We can stop']);
  assert.deepEqual(outcomes('negation', 'Blue sky'), ['null']);
});

test('entity-swap: two capitalised mid-sentence words trade places', () => {
  assert.deepEqual(outcomes('entity-swap', 'We met Alice and Bob.'), ['We met Bob and Alice.']);
  assert.deepEqual(outcomes('entity-swap', 'Alice met Bob.'), ['null']); // sentence-initial Alice is not a candidate
  assert.deepEqual(outcomes('entity-swap', 'I saw Rome. Then I saw Rome.'), ['null']); // one distinct entity
});

test('drop-content-word: one non-stopword of 3+ letters and its space', () => {
  assert.deepEqual(outcomes('drop-content-word', 'the cat'), ['the']);
  assert.deepEqual(outcomes('drop-content-word', 'cats are here'), ['are here']);
  assert.deepEqual(outcomes('drop-content-word', 'a to the'), ['null']);
});

test('copy-prompt, empty: whole-output replacements', () => {
  assert.deepEqual(outcomes('copy-prompt', { output: 'x', prompt: 'Q?' }), ['Q?']);
  assert.deepEqual(outcomes('copy-prompt', { output: 'x', context: ['d1', 'd2'] }), ['d1\nd2']);
  assert.deepEqual(outcomes('copy-prompt', { output: 'x' }), ['null']);
  assert.deepEqual(outcomes('copy-prompt', { output: 'Q?', prompt: 'Q?' }), ['null']);
  assert.deepEqual(outcomes('empty', 'x'), ['']);
  assert.deepEqual(outcomes('empty', ''), ['null']);
});

test('wrong-language: at least as long, never the language of the reference', () => {
  const german = { output: 'Die Katze ist nicht hier und das ist gut so.', references: ['Die Katze ist nicht da und das ist gut.'] };
  const got = outcomes('wrong-language', german);
  assert.ok(got.length > 1);
  for (const r of got) {
    assert.ok([...r].length >= [...german.output].length);
    assert.ok(!/\b(Das|Sie|Weitere)\b/.test(r), `German picked: ${r}`);
  }
  // An empty output still becomes one foreign sentence.
  for (const r of outcomes('wrong-language', '')) assert.ok(r.length > 0);
});

test('second-boxed hedges with the reference as a second boxed answer; empty-think adds an empty reasoning block', () => {
  assert.deepEqual(outcomes('second-boxed', { output: 'So \\boxed{12}. ', references: [' 15 '] }), ['So \\boxed{12}. Or \\boxed{15}.']);
  assert.deepEqual(outcomes('second-boxed', { output: 'x' }), ['null']);
  assert.deepEqual(outcomes('second-boxed', { output: 'Answer: 12', references: ['15'] }), ['null']);
  assert.deepEqual(outcomes('empty-think', 'Answer: C'), ['<think>\n</think>\nAnswer: C']);
  assert.deepEqual(outcomes('empty-think', ' <think>a</think>b'), ['null']);
});
