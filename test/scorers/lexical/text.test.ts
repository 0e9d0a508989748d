import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pySplit, pyStrip, pyRstrip, removePyWhitespace, codePointLength, isPyWhitespace } from '../../../src/scorers/lexical/text.js';

test('pySplit splits on the U+001C..U+001F separators and non-ASCII spaces like Python str.split()', () => {
  assert.deepEqual(pySplit('a\x1cb\x1dc\x1ed\x1fe'), ['a', 'b', 'c', 'd', 'e']);
  assert.deepEqual(pySplit('\u00a0x\u2009y\u3000 z\u202f'), ['x', 'y', 'z']);
  assert.deepEqual(pySplit('   '), []);
  assert.deepEqual(pySplit(''), []);
});

test('zero-width space U+200B and U+180E are not Python whitespace', () => {
  assert.deepEqual(pySplit('a\u200bb c'), ['a\u200bb', 'c']);
  assert.equal(isPyWhitespace(0x180e), false);
  assert.equal(isPyWhitespace(0x85), true);
});

test('strip helpers and whitespace removal', () => {
  assert.equal(pyStrip('\u2003 ab c\t\n'), 'ab c');
  assert.equal(pyRstrip('  ab \u00a0'), '  ab');
  assert.equal(removePyWhitespace('a b\u00a0c\u2028d'), 'abcd');
});

test('codePointLength counts astral characters once', () => {
  assert.equal(codePointLength('a😀b'), 3);
  assert.equal('a😀b'.length, 4);
  assert.equal(codePointLength(''), 0);
});
