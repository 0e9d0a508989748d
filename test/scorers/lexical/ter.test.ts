// TER parity with sacreBLEU 2.6.0: WMT21 corpus and sentence goldens, the tercom normaliser's four switches, edge
// cases and shift-search corner cases (several shifts, the 1000-candidate budget, a 2000-word line), properties under
// fast-check, and the shared scorer contract. Every expected number below was produced by python sacrebleu 2.6.0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Item, StatisticsScorer } from '../../../src/scorers/contract.js';
import { createScorer, findScorerFactory, registerScorer } from '../../../src/scorers/registry.js';
import { SpecError } from '../../../src/scorers/spec.js';
import { SIGNATURE_VERSION } from '../../../src/version.js';
import { performShift, Ter, terFactory } from '../../../src/scorers/lexical/ter.js';
import { TERCOM_DEFAULTS, tercomNormalize, type TercomOptions } from '../../../src/scorers/lexical/tokenizers/tercom.js';
import {
  corpusGoldens,
  DE_EN_SYSTEMS,
  EN_DE_SYSTEMS,
  hasShared,
  hypLines,
  REFS,
  refLines,
  sentenceGoldens,
  sharedLines,
} from '../../fixtures/wmt21/load.js';
import { runScorerContract } from '../contract-suite.js';

if (!findScorerFactory(terFactory.name)) registerScorer(terFactory);
const make = (spec = 'ter'): StatisticsScorer => createScorer(spec) as StatisticsScorer;

function itemsOf(hyps: readonly string[], refSets: readonly (readonly string[])[]): Item[] {
  return hyps.map((h, i) => ({ id: String(i + 1), output: h, references: refSets.map((r) => r[i]) }));
}

/** Sentence TER with sacreBLEU's sentence_score: [score, num_edits, ref_length]. */
function sentenceTer(hyp: string, refs: string[], spec = 'ter'): [number, number, number] {
  const [s] = make(spec).scoreSync([{ id: 'x', output: hyp, references: refs }]);
  const d = s.details as { num_edits: number; ref_length: number };
  return [s.value as number, d.num_edits, d.ref_length];
}

// ---------------------------------------------------------------- WMT21 goldens

test('corpus TER of the fixture systems equals sacreBLEU exactly (ref A and all references)', () => {
  const rows = corpusGoldens().filter((g) => g.metric === 'ter');
  assert.equal(rows.length, 12);
  const ter = make();
  for (const g of rows) {
    const items = itemsOf(hypLines(g.lp, g.system), g.refs.map((r) => refLines(g.lp, r)));
    const s = ter.corpusScoreSync(items);
    const d = s.details as { num_edits: number; ref_length: number };
    const where = `${g.lp} ${g.system} refs=${g.refs.join('')}`;
    assert.equal(s.value, g.score, where);
    assert.equal(d.num_edits, g.num_edits, where);
    assert.equal(d.ref_length, g.ref_length, where);
    assert.equal(ter.signature({ nrefs: g.refs.length }), `TER|${g.signature.replace('version:2.6.0', `version:${SIGNATURE_VERSION}`)}`);
  }
});

test('sentence TER of the fixture systems against ref A equals sacreBLEU exactly', () => {
  const ter = make();
  let compared = 0;
  for (const [lp, systems] of [['en-de', EN_DE_SYSTEMS], ['de-en', DE_EN_SYSTEMS]] as const) {
    const gold = sentenceGoldens(lp);
    const refA = refLines(lp, 'A');
    for (const system of systems) {
      const rows = gold.filter((g) => g.system === system);
      const scores = ter.scoreSync(itemsOf(hypLines(lp, system), [refA]));
      assert.equal(scores.length, rows.length);
      for (const g of rows) {
        assert.equal(scores[g.seg - 1].value, g.ter, `${lp} ${system} seg ${g.seg}`);
        compared++;
      }
    }
  }
  assert.equal(compared, 4 * 1002 + 2 * 1000);
});

test('every TER corpus golden in ../shared (78 system × reference-set rows)', (t) => {
  if (!hasShared()) return t.skip('../shared not present');
  const rows = corpusGoldens(true).filter((g) => g.metric === 'ter');
  assert.equal(rows.length, 78);
  const ter = make();
  for (const g of rows) {
    const items = itemsOf(sharedLines(g.lp, 'hyp', g.system), g.refs.map((r) => sharedLines(g.lp, 'ref', r)));
    const s = ter.corpusScoreSync(items);
    const d = s.details as { num_edits: number; ref_length: number };
    const where = `${g.lp} ${g.system} refs=${g.refs.join('')}`;
    assert.equal(s.value, g.score, where);
    assert.equal(d.num_edits, g.num_edits, where);
    assert.equal(d.ref_length, g.ref_length, where);
  }
});

test('every sentence TER golden in ../shared (both language pairs, ref A)', (t) => {
  if (!hasShared()) return t.skip('../shared not present');
  const ter = make();
  let compared = 0;
  for (const lp of Object.keys(REFS)) {
    const gold = sentenceGoldens(lp, true);
    const refA = sharedLines(lp, 'ref', 'A');
    for (const system of [...new Set(gold.map((g) => g.system))]) {
      const scores = ter.scoreSync(itemsOf(sharedLines(lp, 'hyp', system), [refA]));
      for (const g of gold) {
        if (g.system !== system) continue;
        assert.equal(scores[g.seg - 1].value, g.ter, `${lp} ${system} seg ${g.seg}`);
        compared++;
      }
    }
  }
  assert.equal(compared, 20 * 1002 + 19 * 1000);
});

// ---------------------------------------------------------------- the tercom normaliser

// Outputs of sacrebleu 2.6.0 `TercomTokenizer(**options)(s.rstrip())`, pasted from a side-by-side run.
const NONE = {};
const NORM = { normalized: true };
const NOPUNCT = { noPunct: true };
const CASE = { caseSensitive: true };
const NORM_ASIAN = { normalized: true, asianSupport: true };
const NOPUNCT_ASIAN = { noPunct: true, asianSupport: true };
const ALL = { normalized: true, noPunct: true, asianSupport: true, caseSensitive: true };
const TOKENIZER_TABLE: [string, Partial<TercomOptions>, string][] = [
  ["The U.S. economy grew 3.5% in 2021, didn't it?", NONE, "the u.s. economy grew 3.5% in 2021, didn't it?"],
  ["The U.S. economy grew 3.5% in 2021, didn't it?", NORM, "the u . s . economy grew 3.5 % in 2021 , didn't it ?"],
  ["The U.S. economy grew 3.5% in 2021, didn't it?", NOPUNCT, "the us economy grew 35% in 2021 didn't it"],
  ["The U.S. economy grew 3.5% in 2021, didn't it?", CASE, "The U.S. economy grew 3.5% in 2021, didn't it?"],
  ["The U.S. economy grew 3.5% in 2021, didn't it?", ALL, "The U S economy grew 35 % in 2021 didn't it"],
  ["John's dog's bone (1,000.50 $) -- 5-6 a-b x.y", NORM, "john 's dog 's bone ( 1,000.50 $ ) -- 5 - 6 a-b x . y"],
  ["John's dog's bone (1,000.50 $) -- 5-6 a-b x.y", NOPUNCT, "john's dog's bone 100050 $ -- 5-6 a-b xy"],
  ["John's dog's bone (1,000.50 $) -- 5-6 a-b x.y", ALL, "John 's dog 's bone 100050 $ -- 5 - 6 a-b x y"],
  ['&quot;Fish &amp; Chips&quot; &lt;b&gt; &AMP;', NONE, '&quot;fish &amp; chips&quot; &lt;b&gt; &amp;'],
  ['&quot;Fish &amp; Chips&quot; &lt;b&gt; &AMP;', NORM, '" fish & chips " < b > &'],
  ['&quot;Fish &amp; Chips&quot; &lt;b&gt; &AMP;', NOPUNCT, '&quotfish &amp chips&quot &ltb&gt &amp'],
  ['&quot;Fish &amp; Chips&quot; &lt;b&gt; &AMP;', ALL, 'Fish & Chips < b > & AMP'],
  ['Line one\n-continued and\nline two', NONE, 'line one -continued and line two'],
  ['Line one\n-continued and\nline two', NORM, 'line onecontinued and line two'],
  ['ΟΔΟΣ ΣΕ Straße İSTANBUL', NONE, 'οδος σε straße i̇stanbul'],
  ['ΟΔΟΣ ΣΕ Straße İSTANBUL', CASE, 'ΟΔΟΣ ΣΕ Straße İSTANBUL'],
  ['我爱北京天安门。你好，世界！', NORM, '我爱北京天安门。你好，世界！'],
  ['我爱北京天安门。你好，世界！', NOPUNCT, '我爱北京天安门。你好，世界！'],
  ['我爱北京天安门。你好，世界！', NORM_ASIAN, '我 爱 北 京 天 安 门 。 你 好 ， 世 界 ！'],
  ['我爱北京天安门。你好，世界！', NOPUNCT_ASIAN, '我爱北京天安门你好世界'],
  ['我爱北京天安门。你好，世界！', ALL, '我 爱 北 京 天 安 门 你 好 世 界'],
  ['日本語のテキスト、カタカナ「テスト」です。', NORM_ASIAN, '日 本 語 のテキスト 、 カタカナ 「 テスト 」 です 。'],
  ['日本語のテキスト、カタカナ「テスト」です。', NOPUNCT_ASIAN, '日本語のテキストカタカナテストです'],
  ['日本語のテキスト、カタカナ「テスト」です。', ALL, '日 本 語 のテキスト カタカナ テスト です'],
  ['（全角）？！：；，．', NORM_ASIAN, '（ 全 角 ） ？ ！ ： ； ， ．'],
  ['（全角）？！：；，．', NOPUNCT_ASIAN, '全角'],
  ['a\u00a0b\u3000c\x1cd\u2009e\u200bf', ALL, 'a b c d e\u200bf'],
  // Capitals added after Unicode 14 (Python 3.11's tables) stay as they are; Node's newer ICU would lowercase them.
  ['\u1c89A \u{10d50}B', NONE, '\u1c89a \u{10d50}b'],
];

test('tercom normaliser: each switch on hand-picked strings equals sacreBLEU', () => {
  for (const [input, options, expected] of TOKENIZER_TABLE) {
    assert.equal(tercomNormalize(input, { ...TERCOM_DEFAULTS, ...options }), expected, `${JSON.stringify(input)} ${JSON.stringify(options)}`);
  }
});

// ---------------------------------------------------------------- edge cases and shift search

// [hypothesis, references, spec, sacreBLEU score, num_edits, ref_length]
const EDGE_TABLE: [string, string[], string, number, number, number][] = [
  // empty hypothesis: every reference word is inserted
  ['', ['a b c'], 'ter', 100.0, 3, 3.0],
  // empty reference, non-empty hypothesis: sacreBLEU's 100
  ['a b', [''], 'ter', 100.0, 2, 0.0],
  // both empty: 0, not NaN
  ['', [''], 'ter', 0.0, 0, 0.0],
  // an empty reference still counts in the mean reference length; the best reference is the first of equals
  ['x y', ['', 'x z w'], 'ter', 133.33333333333331, 2, 1.5],
  ['x y', ['x z w', ''], 'ter', 133.33333333333331, 2, 1.5],
  ['a b c', ['a b d', 'a b c'], 'ter', 0.0, 0, 3.0],
  // CJK: one token without asian-support, characters with it (and one shift of 北京)
  ['我爱北京天安门。', ['我爱天安门北京！'], 'ter', 100.0, 1, 1.0],
  ['我爱北京天安门。', ['我爱天安门北京！'], 'ter:normalized=true,asian-support=true', 25.0, 2, 8.0],
  // Python whitespace (NBSP, ideographic space, U+001C) splits; the zero-width space U+200B does not
  ['a\u00a0b\u3000c\x1cd', ['a b c d'], 'ter', 0.0, 0, 4.0],
  ['a\u200bb c', ['a b c'], 'ter', 66.66666666666666, 2, 3.0],
  // a 4-word block moves in one shift
  ['e f g h a b c d m n', ['a b c d e f g h m n'], 'ter', 10.0, 1, 10.0],
  ['p q r s t a b c d e f g h i j k l m n o', ['a b c d e f g h i j k l m n o p q r s t'], 'ter', 5.0, 1, 20.0],
  // several shifts in a row (sacreBLEU applies shifts with gains 2 then 4)
  ['c d a b g h e f', ['a b c d e f g h'], 'ter', 25.0, 2, 8.0],
  // five shifts (gains 4, 3, 1, 1, 2), nothing else
  [
    'sun over lazy the quick brown fox jumps while in warm cats dog sleep',
    ['the quick brown fox jumps over lazy dog while cats sleep in warm sun'],
    'ter',
    35.714285714285715,
    5,
    14.0,
  ],
  ['the mat sat on the cat quickly today', ['the cat sat on the mat today quickly'], 'ter', 37.5, 3, 8.0],
  ['g h e f c d a b', ['a b c d e f g h'], 'ter', 62.5, 5, 8.0],
  ['k l i j g h e f c d a b', ['a b c d e f g h i j k l'], 'ter', 75.0, 9, 12.0],
  // The 1000-candidate budget: a shift with gain 4 found at candidate 1001 is discarded (after one applied shift)...
  [
    'b a b a a a b a b b b b b b b a b a b a b a a b b a a b b',
    ['a b b a a b b a a b b b a a a b a a a a b a b b b b b'],
    'ter',
    29.629629629629626,
    8,
    27.0,
  ],
  // ... and one found when the count reaches exactly 1000 in the first round is discarded too.
  [
    'b a b b a a a a b a b b a b a b b b b b b b b b a b a a a b b a a b b b a a b a a a',
    ['b b a b a a b b b b b b a a a b b b b b a b a b b b b b a a a b a b a b a b a a b b a b a'],
    'ter',
    31.11111111111111,
    14,
    45.0,
  ],
];

test('edge cases and shift-search corner cases equal sacreBLEU sentence TER', () => {
  for (const [hyp, refs, spec, score, edits, refLength] of EDGE_TABLE) {
    assert.deepEqual(sentenceTer(hyp, refs, spec), [score, edits, refLength], `${spec} ${JSON.stringify(hyp)} vs ${JSON.stringify(refs)}`);
  }
});

test('a 2000-word line: 20-word block moved 1000 words away (beyond the 50-word shift distance), 21 substitutions', () => {
  // MINSTD generator (seed 42), so Python can rebuild the same text: sacreBLEU gives 61 edits (2 shifts of gain 1).
  let s = 42;
  const next = (): number => (s = (s * 48271) % 2147483647);
  const ref = Array.from({ length: 2000 }, () => `w${next() % 60}`);
  const hyp = [...ref];
  const block = hyp.splice(500, 20);
  hyp.splice(1500, 0, ...block);
  for (let i = 0; i < 2000; i += 97) hyp[i] = 'x';
  assert.deepEqual(sentenceTer(hyp.join(' '), [ref.join(' ')]), [3.05, 61, 2000.0]);
});

test('performShift moves a block like sacreBLEU, including a target inside or right after the block', () => {
  // sacreBLEU `_perform_shift(list("abcdefgh"), start, length, target)`.
  const cases: [number, number, number, string][] = [
    [5, 2, 1, 'afgbcdeh'],
    [1, 2, 6, 'adefbcgh'],
    [1, 2, 2, 'adbcefgh'],
    [1, 2, 3, 'adebcfgh'],
    [5, 2, 6, 'abcdehfg'],
    [5, 3, 7, 'abcdefgh'],
    [0, 3, 0, 'abcdefgh'],
  ];
  const words = Int32Array.from('abcdefgh', (c) => c.charCodeAt(0));
  const out = new Int32Array(8);
  for (const [start, length, target, expected] of cases) {
    performShift(words, 8, start, length, target, out);
    assert.equal(String.fromCharCode(...out), expected, `${start},${length},${target}`);
  }
});

// ---------------------------------------------------------------- spec, signature, properties

test('spec round-trips; signature names every option as sacreBLEU does', () => {
  assert.equal(make().spec(), 'ter');
  assert.equal(make().signature({ nrefs: 2 }), `TER|nrefs:2|case:lc|tok:tercom|norm:no|punct:yes|asian:no|version:${SIGNATURE_VERSION}`);
  const s = make('ter:case_sensitive=yes,no-punct=true,normalized=1');
  assert.equal(s.spec(), 'ter:normalized=true,no-punct=true,case-sensitive=true');
  // sacreBLEU: TER(normalized=True, no_punct=True, case_sensitive=True) → nrefs:2|case:mixed|tok:tercom|norm:yes|punct:no|asian:no
  assert.equal(s.signature({ nrefs: 2 }), `TER|nrefs:2|case:mixed|tok:tercom|norm:yes|punct:no|asian:no|version:${SIGNATURE_VERSION}`);
  assert.equal(make('ter:asian-support=true').signature({ nrefs: 2 }), `TER|nrefs:2|case:lc|tok:tercom|norm:no|punct:yes|asian:yes|version:${SIGNATURE_VERSION}`);
  assert.equal(make(s.spec()).signature({ nrefs: 1 }), s.signature({ nrefs: 1 }));
  assert.throws(() => make('ter:beam=10'), SpecError);
  assert.throws(() => make('ter:normalized=maybe'), SpecError);
  const ter = make();
  assert.equal(ter.direction, 'lower');
  assert.deepEqual(ter.range, [0, Infinity]);
  assert.ok(ter instanceof Ter);
});

const WORDS = ['a', 'b', 'c', 'd', 'the', 'The', 'cat', 'sat.', ','];
const sentence = fc.array(fc.constantFrom(...WORDS), { maxLength: 25 }).map((ws) => ws.join(' '));

test('property: a hypothesis equal to its reference has TER 0', () => {
  const ter = make();
  fc.assert(
    fc.property(sentence, (s) => {
      const [score] = ter.scoreSync([{ id: '1', output: s, references: [s] }]);
      assert.equal(score.value, 0);
    }),
  );
});

test('property: TER is >= 0, and the edits are at most max(|hyp|, |ref|) words (substitute, insert or delete each)', () => {
  const ter = make();
  fc.assert(
    fc.property(sentence, fc.array(sentence, { minLength: 1, maxLength: 3 }), (hyp, refs) => {
      const stats = ter.segmentStatistics([{ id: '1', output: hyp, references: refs }]);
      const [score] = ter.scoreSync([{ id: '1', output: hyp, references: refs }]);
      assert.ok((score.value as number) >= 0);
      const hypLen = hyp.split(' ').filter(Boolean).length;
      const refLen = refs[0].split(' ').filter(Boolean).length;
      assert.ok(stats[0] <= Math.max(hypLen, refLen), `${stats[0]} edits for ${hypLen} vs ${refLen} words`);
    }),
  );
});

test('property: corpus TER does not depend on the order of the segments', () => {
  const ter = make();
  fc.assert(
    fc.property(fc.array(fc.tuple(sentence, sentence), { minLength: 1, maxLength: 8 }), fc.nat(), (pairs, seed) => {
      const items = pairs.map(([h, r], i) => ({ id: String(i), output: h, references: [r] }));
      const shuffled = [...items];
      for (let i = shuffled.length - 1, x = seed; i > 0; i--) {
        x = (x * 48271 + 11) % 2147483647;
        const j = x % (i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
      }
      const a = ter.corpusScoreSync(items).value as number;
      const b = ter.corpusScoreSync(shuffled).value as number;
      assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, a), `${a} vs ${b}`);
    }),
  );
});

// ---------------------------------------------------------------- the shared contract

const contractItems = itemsOf(hypLines('en-de', 'Facebook-AI').slice(0, 6), [refLines('en-de', 'A').slice(0, 6)]);
runScorerContract({ create: createScorer, spec: 'ter', items: contractItems });
runScorerContract({ create: createScorer, spec: 'ter:normalized=true,no-punct=true,case-sensitive=true', items: contractItems });
