// The intl tokenizer runs sacreBLEU's three regex passes as one table-driven scan (V8's property-escape regexes are
// slow). These tests pin the scan to the three-regex specification: the class table equals the property escapes on
// every code point, and the scanned output equals the regex passes on real text and on random strings built from the
// characters where the passes interact (digits between punctuation, symbols, astral and lone surrogates).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { intlClassOf, intlClassOfByRegex, spacedIntl, spacedIntlRegex, tokenizerIntl } from '../../../src/scorers/lexical/tokenizers/intl.js';
import { FIXTURE_DIR, readFixtureLines } from '../../fixtures/wmt21/load.js';

test('intl class table equals \\p{N}, \\p{P}, \\p{S} on every code point', () => {
  let differ = 0;
  let classified = 0;
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) {
      assert.equal(intlClassOf(cp), 0, `lone surrogate U+${cp.toString(16)} has no class`);
      continue;
    }
    const c = intlClassOf(cp);
    if (c !== intlClassOfByRegex(cp)) differ++;
    if (c !== 0) classified++;
  }
  assert.equal(differ, 0);
  // Unicode 15+ has several thousand N, P and S code points: a table left empty would fail here.
  assert.ok(classified > 9000, `${classified} classified code points`);
});

test('intl scan equals the three regex passes on every WMT21 fixture line', () => {
  let lines = 0;
  for (const f of readdirSync(FIXTURE_DIR).filter((n) => n.endsWith('.gz'))) {
    for (const line of readFixtureLines(f)) {
      assert.equal(spacedIntl(line), spacedIntlRegex(line), `${f}: ${JSON.stringify(line)}`);
      lines++;
    }
  }
  assert.ok(lines > 1000);
});

const INTERACTING = [
  'a', 'Z', 'é', '1', '9', '٣', '½', '〇', '𝟙', ',', '.', '-', '(', ')', '"', '«', '·', '。', '、', '$', '€', '%', '^', '`',
  '+', '=', '😀', '🏻', '𐄀', ' ', '\t', '\u2028', '\u00a0', '\ud800', '\udc00', '_', '@', '#', '…',
];

test('intl scan equals the three regex passes on random strings of interacting characters', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...INTERACTING), { maxLength: 24 }), (chars) => {
      const s = chars.join('');
      assert.equal(spacedIntl(s), spacedIntlRegex(s), JSON.stringify(s));
    }),
    { numRuns: 20000, seed: 20261206 },
  );
});

// Expected outputs printed by sacrebleu 2.6.0's TokenizerV14International on CPython 3.11.7 (not computed by this code).
test('intl tokenizer on sentences: digits keep inner punctuation, final "5!" and "2020." stay whole', () => {
  assert.equal(tokenizerIntl.tokenize('1,000.50 kosten $5!'), '1,000.50 kosten $ 5!');
  assert.equal(tokenizerIntl.tokenize('Ende 2020.'), 'Ende 2020.');
  assert.equal(tokenizerIntl.tokenize('\u201eHallo\u201c'), '\u201e Hallo \u201c');
  assert.equal(tokenizerIntl.tokenize(''), '');
});
