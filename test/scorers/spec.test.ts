import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSpec, formatSpec, SpecOptions, SpecError, formatSignature } from '../../src/scorers/spec.js';

test('parseSpec splits name, positional values and options; keys are normalised', () => {
  const p = parseSpec('BLEU:tokenize=intl,lowercase=true,smooth_value=0.2');
  assert.equal(p.name, 'bleu');
  assert.deepEqual([...p.options], [['tokenize', 'intl'], ['lowercase', 'true'], ['smooth-value', '0.2']]);
  const c = parseSpec('column:"COMET, v2",direction=lower');
  assert.deepEqual(c.positional, ['COMET, v2']);
  assert.equal(c.options.get('direction'), 'lower');
  assert.deepEqual(parseSpec('ter').positional, []);
});

test('formatSpec quotes values that need it and round-trips through parseSpec', () => {
  const s = formatSpec('column', ['a,b "c"'], [['direction', 'lower']]);
  assert.equal(s, 'column:"a,b ""c""",direction=lower');
  const p = parseSpec(s);
  assert.deepEqual(p.positional, ['a,b "c"']);
});

test('malformed specs and bad option values are SpecErrors naming the spec', () => {
  assert.throws(() => parseSpec('column:"open'), SpecError);
  assert.throws(() => parseSpec('bleu:tokenize=intl,tokenize=13a'), /given twice/);
  const o = new SpecOptions(parseSpec('x:n=abc,flag=maybe,k=2.5'), 'x:n=abc,flag=maybe,k=2.5');
  assert.throws(() => o.number('n', 1), /n=abc .*not a number/);
  assert.throws(() => o.bool('flag', false), /expected true or false/);
  assert.throws(() => o.number('k', 1, { integer: true }), /expected an integer/);
  const u = new SpecOptions(parseSpec('x:typo=1'), 'x:typo=1');
  assert.throws(() => u.done(), /unknown option "typo"/);
});

test('signatures follow the sacreBLEU layout with our version last', () => {
  assert.match(formatSignature('BLEU', [['nrefs', 1], ['case', 'mixed']]), /^BLEU\|nrefs:1\|case:mixed\|version:trenchcoat-\d+\.\d+\.\d+$/);
});
