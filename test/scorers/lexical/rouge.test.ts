// ROUGE parity with Google rouge-score. Expected numbers come from rouge-score runs (the golden file, its slice in
// test/fixtures/rouge, and reference-cases.json), from rouge-score's own upstream tests and README, or are derived by
// hand in the comments next to them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import fc from 'fast-check';
import type { Item } from '../../../src/scorers/contract.js';
import { createScorer, findScorerFactory, registerScorer } from '../../../src/scorers/registry.js';
import { SIGNATURE_VERSION } from '../../../src/version.js';
import { lcsLength, markLcsPositions } from '../../../src/scorers/lexical/lcs.js';
import {
  Rouge,
  rougeFactories,
  rougeScore,
  rougeScoreMulti,
  type RougePRF,
  type RougeType,
} from '../../../src/scorers/lexical/rouge.js';
import { rougeScoreTokenize, rougeTokenizer, rougeUnicodeTokenize } from '../../../src/scorers/lexical/tokenizers/rouge.js';
import { runScorerContract } from '../contract-suite.js';

for (const f of rougeFactories) if (!findScorerFactory(f.name)) registerScorer(f);

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/rouge');
const REPO_ROOT = path.resolve(FIXTURES, '../../..');
const GOLDEN = path.join(path.resolve(REPO_ROOT, '../shared'), 'golden/rouge/rouge-pairs.jsonl');

type GoldenScores = Record<string, RougePRF>;
interface GoldenPair {
  id: string;
  target: string;
  prediction: string;
  nostem: GoldenScores;
  stem: GoldenScores;
}

const TYPES: Record<string, RougeType> = {
  rouge1: { kind: 'n', n: 1 },
  rouge2: { kind: 'n', n: 2 },
  rouge3: { kind: 'n', n: 3 },
  rougeL: { kind: 'l' },
  rougeLsum: { kind: 'lsum' },
};
const FIELDS = ['precision', 'recall', 'fmeasure'] as const;

function readJsonl<T>(text: string): T[] {
  return text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as T);
}

const slice = readJsonl<GoldenPair>(gunzipSync(readFileSync(path.join(FIXTURES, 'rouge-pairs.slice.jsonl.gz'))).toString('utf8'));

/** Compares every P/R/F of every ROUGE type in `expected`, stemmed and not; returns [values compared, max |diff|]. */
function compareScores(
  label: string,
  expected: { nostem: GoldenScores; stem: GoldenScores },
  actual: (type: RougeType, stem: boolean) => RougePRF,
): [number, number] {
  let n = 0;
  let worst = 0;
  for (const stem of [false, true]) {
    const exp = stem ? expected.stem : expected.nostem;
    for (const [name, want] of Object.entries(exp)) {
      const got = actual(TYPES[name], stem);
      for (const f of FIELDS) {
        const d = Math.abs(got[f] - want[f]);
        assert.ok(d <= 1e-12, `${label} ${name} stem=${stem} ${f}: ${got[f]} vs rouge-score ${want[f]}`);
        worst = Math.max(worst, d);
        n++;
      }
    }
  }
  return [n, worst];
}

function assertPairs(pairs: GoldenPair[]): [number, number] {
  let n = 0;
  let worst = 0;
  for (const p of pairs) {
    const [k, d] = compareScores(p.id, p, (type, stem) => rougeScore(p.target, p.prediction, type, stem));
    n += k;
    worst = Math.max(worst, d);
  }
  return [n, worst];
}

// ------------------------------------------------------------------------------------------------------------
// Parity on real data

test('fixture slice: 300 LLMBar / alpaca_eval pairs, every P/R/F of rouge1/2/L/Lsum, stemmed and not, within 1e-12', () => {
  assert.equal(slice.length, 300);
  // the slice must keep exercising what it was cut for
  assert.ok(slice.filter((p) => p.nostem.rougeL.fmeasure !== p.nostem.rougeLsum.fmeasure).length >= 200, 'rougeLsum ≠ rougeL cases');
  assert.ok(slice.filter((p) => /[^\x00-\x7f]/.test(p.target + p.prediction)).length >= 50, 'non-ASCII cases');
  const [n, worst] = assertPairs(slice);
  assert.equal(n, 300 * 2 * 4 * 3);
  assert.ok(worst <= 1e-12);
});

test('one scorer per type over the whole slice in one batch (shared token dictionary) gives the golden values', async () => {
  const items: Item[] = slice.map((p) => ({ id: p.id, output: p.prediction, references: [p.target] }));
  const specs: [string, string, boolean][] = [
    ['rouge-1', 'rouge1', false],
    ['rouge-2:stem=true', 'rouge2', true],
    ['rouge-l', 'rougeL', false],
    ['rouge-lsum:stem=true', 'rougeLsum', true],
  ];
  for (const [spec, key, stem] of specs) {
    const scores = await createScorer(spec).score(items);
    slice.forEach((p, i) => {
      const want = (stem ? p.stem : p.nostem)[key];
      for (const f of FIELDS) assert.ok(Math.abs((scores[i].details?.[f] as number) - want[f]) <= 1e-12, `${spec} ${p.id} ${f}`);
    });
  }
});

test('full golden file: all 1000 pairs (24,000 values) when ../shared is present', (t) => {
  if (!existsSync(GOLDEN)) {
    t.skip('../shared not present');
    return;
  }
  const pairs = readJsonl<GoldenPair>(readFileSync(GOLDEN, 'utf8'));
  assert.equal(pairs.length, 1000);
  const [n] = assertPairs(pairs);
  assert.equal(n, 24000);
});

const cases = JSON.parse(readFileSync(path.join(FIXTURES, 'reference-cases.json'), 'utf8')) as {
  single: (GoldenPair & { name: string })[];
  multi: { name: string; targets: string[]; prediction: string; nostem: GoldenScores; stem: GoldenScores }[];
};

test('edge cases against rouge-score runs: İ and Kelvin sign, CRLF, blank lines, empty texts, Chinese, clipping, ROUGE-3', () => {
  for (const c of cases.single) compareScores(c.name, c, (type, stem) => rougeScore(c.target, c.prediction, type, stem));
  const chinese = cases.single.find((c) => c.name.startsWith('Chinese'));
  assert.equal(chinese?.nostem.rouge1.fmeasure, 0);
});

test('several references follow score_multi: the max-F reference (first on ties) with its own P and R', () => {
  for (const c of cases.multi) compareScores(c.name, c, (type, stem) => rougeScoreMulti(c.targets, c.prediction, type, stem).best);
  // The tie case: both references give F = 2/3, but with P and R swapped; the first one's P and R are reported.
  const [tie, swapped] = cases.multi;
  assert.equal(tie.nostem.rouge1.fmeasure, swapped.nostem.rouge1.fmeasure);
  assert.notEqual(tie.nostem.rouge1.precision, swapped.nostem.rouge1.precision);
  assert.equal(rougeScoreMulti(tie.targets, tie.prediction, TYPES.rouge1).index, 0);
});

test('the scorer reports the same numbers through createScorer, details and the measure option', async () => {
  const items: Item[] = cases.multi.map((c, i) => ({ id: `m${i}`, output: c.prediction, references: c.targets }));
  const specs: [string, string, 'precision' | 'recall' | 'fmeasure', boolean][] = [
    ['rouge-1', 'rouge1', 'fmeasure', false],
    ['rouge-2:measure=p', 'rouge2', 'precision', false],
    ['rouge:n=3,stem=true', 'rouge3', 'fmeasure', true],
    ['rouge-l:measure=r,stem=true', 'rougeL', 'recall', true],
    ['rouge-lsum', 'rougeLsum', 'fmeasure', false],
  ];
  for (const [spec, key, field, stem] of specs) {
    const scores = await createScorer(spec).score(items);
    cases.multi.forEach((c, i) => {
      const want = (stem ? c.stem : c.nostem)[key];
      assert.ok(Math.abs((scores[i].value as number) - want[field]) <= 1e-12, `${spec} item ${i}`);
      for (const f of FIELDS) assert.ok(Math.abs((scores[i].details?.[f] as number) - want[f]) <= 1e-12, `${spec} item ${i} ${f}`);
    });
    // the corpus score of a pointwise ROUGE is the plain mean of the item values
    const corpus = await createScorer(spec).corpusScore(items);
    const mean = scores.reduce((a, s) => a + (s.value as number), 0) / scores.length;
    assert.ok(Math.abs((corpus.value as number) - mean) <= 1e-15);
  }
});

// ------------------------------------------------------------------------------------------------------------
// rouge-score's own tests (rouge/rouge_scorer_test.py) and README example

test('upstream unit vectors: "testing one two" against short predictions', () => {
  const near = (a: number, b: number) => assert.ok(Math.abs(a - b) <= 1e-12, `${a} vs ${b}`);
  const r1 = rougeScore('testing one two', 'testing', TYPES.rouge1);
  near(r1.precision, 1);
  near(r1.recall, 1 / 3);
  near(r1.fmeasure, 1 / 2);
  const r2 = rougeScore('testing one two', 'testing one', TYPES.rouge2);
  near(r2.precision, 1);
  near(r2.recall, 1 / 2);
  near(r2.fmeasure, 2 / 3);
  for (const pred of ['testing one', 'testing two']) {
    const l = rougeScore('testing one two', pred, TYPES.rougeL);
    near(l.precision, 1);
    near(l.recall, 2 / 3);
    near(l.fmeasure, 4 / 5);
  }
  for (const type of Object.values(TYPES)) assert.deepEqual(rougeScore('testing one two', '', type), { precision: 0, recall: 0, fmeasure: 0 });
  const lsum = rougeScore('w1 w2 w3 w4 w5', 'w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5', TYPES.rougeLsum);
  near(lsum.recall, 0.8);
  near(lsum.precision, 0.4);
  assert.ok(Math.abs(lsum.fmeasure - 0.5333) < 5e-4);
  for (const [t, p] of [['w1 w2 w3 w4 w5', ''], ['', 'w1'], ['w1 w2 w3 w4 w5', '/']]) {
    assert.deepEqual(rougeScore(t, p, TYPES.rougeLsum), { precision: 0, recall: 0, fmeasure: 0 });
  }
});

test('upstream ROUGE-1.5.5 agreement (5 decimals): rouge1/2/L with and without stemming, rougeLsum with stemming', () => {
  const data = JSON.parse(readFileSync(path.join(FIXTURES, 'upstream-testdata.json'), 'utf8')) as Record<string, string>;
  // rouge_scorer_test.py reads the files with readlines(): each line keeps its "\n"
  const targets = data['target.txt'].split(/(?<=\n)/);
  const predictions = data['prediction.txt'].split(/(?<=\n)/);
  const close5 = (got: number, want: number, what: string) => assert.ok(Math.abs(got - want) < 5e-6, `${what}: ${got} vs ${want}`);
  // [type, stem, line, R, P, F] as in rouge_scorer_test.py
  const expected: [string, boolean, number, number, number, number][] = [
    ['rouge1', false, 0, 0.40741, 0.6875, 0.51163],
    ['rouge1', false, 1, 0.40476, 0.65385, 0.5],
    ['rouge1', true, 0, 0.40741, 0.6875, 0.51163],
    ['rouge1', true, 1, 0.42857, 0.69231, 0.52941],
    ['rouge2', false, 0, 0.30769, 0.53333, 0.39024],
    ['rouge2', false, 1, 0.29268, 0.48, 0.36364],
    ['rouge2', true, 0, 0.30769, 0.53333, 0.39024],
    ['rouge2', true, 1, 0.29268, 0.48, 0.36364],
    ['rougeL', false, 0, 0.40741, 0.6875, 0.51163],
    ['rougeL', false, 1, 0.40476, 0.65385, 0.5],
  ];
  for (const [type, stem, i, r, p, f] of expected) {
    const s = rougeScore(targets[i], predictions[i], TYPES[type], stem);
    const what = `${type} stem=${stem} line ${i}`;
    close5(s.recall, r, what);
    close5(s.precision, p, what);
    close5(s.fmeasure, f, what);
  }
  const lsum = rougeScore(data['pyrouge_files/target_multi.0.txt'], data['pyrouge_files/prediction_multi.0.txt'], TYPES.rougeLsum, true);
  close5(lsum.recall, 0.36538, 'rougeLsum recall');
  close5(lsum.precision, 0.66667, 'rougeLsum precision');
  close5(lsum.fmeasure, 0.47205, 'rougeLsum F');
});

test('README example (4 decimals): rouge1 P 0.75 R 0.6667 F 0.7059, rougeL F 0.5882 with the stemmer', () => {
  const target = 'The quick brown fox jumps over the lazy dog';
  const prediction = 'The quick brown dog jumps on the log.';
  const r1 = rougeScore(target, prediction, TYPES.rouge1, true);
  assert.ok(Math.abs(r1.precision - 0.75) < 5e-5);
  assert.ok(Math.abs(r1.recall - 0.6667) < 5e-5);
  assert.ok(Math.abs(r1.fmeasure - 0.7059) < 5e-5);
  assert.ok(Math.abs(rougeScore(target, prediction, TYPES.rougeL, true).fmeasure - 0.5882) < 5e-5);
});

test('upstream LCS vectors: table length and backtracked positions; union LCS of section 3.2', () => {
  const ids = (xs: number[]) => Int32Array.from(xs);
  const ref = ids([1, 2, 3, 4, 5]);
  assert.equal(lcsLength(ref, ids([2, 5, 3, 4])), 3);
  const used = new Uint8Array(5);
  markLcsPositions(ref, ids([2, 5, 3, 4]), used);
  assert.deepEqual([...used], [0, 1, 1, 1, 0]); // positions [1, 2, 3]
  assert.equal(lcsLength(ref, ids([8, 9])), 0);
  const none = new Uint8Array(5);
  markLcsPositions(ref, ids([8, 9]), none);
  assert.deepEqual([...none], [0, 0, 0, 0, 0]);
  // union over c1 = [1 2 6 7 8] (lcs 1 2) and c2 = [1 3 8 9 5] (lcs 1 3 5) is positions 0 1 2 4
  const union = new Uint8Array(5);
  markLcsPositions(ref, ids([1, 2, 6, 7, 8]), union);
  markLcsPositions(ref, ids([1, 3, 8, 9, 5]), union);
  assert.deepEqual([...union], [1, 1, 1, 0, 1]);
});

// ------------------------------------------------------------------------------------------------------------
// The bit-parallel LCS against the plain dynamic programme

function lcsByTable(a: Int32Array, b: Int32Array): number {
  let prev = new Int32Array(b.length + 1);
  let cur = new Int32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/** rouge-score's read-out, restated plainly: full (m+1)×(n+1) table, then walk back from the corner. */
function lcsPositionsPlain(a: Int32Array, b: Int32Array): number[] {
  const t = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) t[i][j] = a[i - 1] === b[j - 1] ? t[i - 1][j - 1] + 1 : Math.max(t[i - 1][j], t[i][j - 1]);
  }
  const out: number[] = [];
  let i = a.length;
  let j = b.length;
  while (i > 0 && j > 0) {
    if (a[i - 1] === b[j - 1]) {
      out.unshift(i - 1);
      i--;
      j--;
    } else if (t[i][j - 1] > t[i - 1][j]) j--;
    else i--;
  }
  return out;
}

test('LCS: bit-parallel length = O(mn) table, and the marked positions = rouge-score\'s backtracking, on random sequences', () => {
  const seq = (max: number) => fc.array(fc.integer({ min: -1, max: 5 }), { maxLength: max });
  fc.assert(
    fc.property(seq(140), seq(140), (a, b) => {
      const target = Int32Array.from(a);
      const prediction = Int32Array.from(b.map((x) => Math.max(x, 0))); // prediction ids are never -1
      const len = lcsLength(target, prediction);
      const marks = new Uint8Array(target.length);
      markLcsPositions(target, prediction, marks);
      const marked = [...marks.keys()].filter((i) => marks[i] === 1);
      assert.deepEqual(marked, lcsPositionsPlain(target, prediction));
      return len === lcsByTable(target, prediction) && len === marked.length;
    }),
    { numRuns: 400, seed: 20240611 },
  );
  // a long sequence with every bit position in play: 97 equal tokens against 65
  assert.equal(lcsLength(new Int32Array(97), new Int32Array(65)), 65);
});

// ------------------------------------------------------------------------------------------------------------
// Tokenizers

test('default tokenizer = rouge-score: lowercase, [a-z0-9] runs only, stem tokens longer than 3 characters', () => {
  assert.deepEqual(rougeScoreTokenize("The cat's 2 hats—naïve İs", false), ['the', 'cat', 's', '2', 'hats', 'na', 've', 'i', 's']);
  // "hats" (4 characters) is stemmed, "cats"-like 3-letter "its" is not: nltk gives stem("hats") = "hat", stem("dies") = "die"
  assert.deepEqual(rougeScoreTokenize('its hats dies', true), ['its', 'hat', 'die']);
  assert.deepEqual(rougeScoreTokenize('我爱北京天安门', false), []);
});

test('token ids: equal tokens share an id, and a dictionary past its cap starts afresh', () => {
  const tok = rougeTokenizer('default', true, 4);
  // "Cats" and "cat" are one token once lowercased and stemmed; "İt" lowercases to "i" + U+0307 + "t"
  assert.deepEqual([...tok.tokenIds('Cats cat DOGS dog İt')], [0, 0, 1, 1, 2, 3]);
  assert.equal(tok.idCount, 4);
  tok.resetIfLarge(); // 5 surface forms > 4
  assert.equal(tok.idCount, 0);
  assert.deepEqual([...tok.tokenIds('dog cats')], [0, 1]);
  const uni = rougeTokenizer('unicode', false, 2);
  assert.deepEqual([...uni.tokenIds('北京 北 Straße straße')], [0, 1, 0, 2, 2]);
  uni.resetIfLarge();
  assert.equal(uni.idCount, 0);
});

test('unicode tokenizer: any-script words, one token per Han / kana / Thai character, Hangul words whole', () => {
  assert.deepEqual(rougeUnicodeTokenize('Hello, 世界! Naïve café', false), ['hello', '世', '界', 'naïve', 'café']);
  assert.deepEqual(rougeUnicodeTokenize('コーヒー2杯', false), ['コ', 'ー', 'ヒ', 'ー', '2', '杯']);
  assert.deepEqual(rougeUnicodeTokenize('안녕하세요 세계', false), ['안녕하세요', '세계']);
  assert.deepEqual(rougeUnicodeTokenize('ΣΟΦΊΑ Straße', false), ['σοφία', 'straße']);
  // combining marks stay on their character: Thai ก + U+0E34 (Mn) is one token, ไ (Lo) another
  assert.deepEqual(rougeUnicodeTokenize('กิไ', false), ['กิ', 'ไ']);
  // stemming touches ASCII words only, also next to Han characters
  assert.deepEqual(rougeUnicodeTokenize('running跑步 running naïvely', true), ['run', '跑', '步', 'run', 'naïvely']);
});

test('Chinese scores 0 with the default tokenizer and by characters with tok=unicode', async () => {
  const items: Item[] = [{ id: 'zh', output: '我爱上海', references: ['我爱北京'] }];
  assert.equal((await createScorer('rouge-1').score(items))[0].value, 0);
  // characters 我 爱 上 海 vs 我 爱 北 京: 2 of 4 unigrams shared (P = R = F = 1/2); bigrams 我爱 爱上 上海 vs 我爱 爱北 北京: 1 of 3
  assert.equal((await createScorer('rouge-1:tokenizer=unicode').score(items))[0].value, 0.5);
  assert.ok(Math.abs(((await createScorer('rouge-2:tokenizer=unicode').score(items))[0].value as number) - 1 / 3) <= 1e-15);
  // LCS 我爱 = 2 of 4
  assert.equal((await createScorer('rouge-l:tokenizer=unicode').score(items))[0].value, 0.5);
});

// ------------------------------------------------------------------------------------------------------------
// Specs and signatures

test('signatures name type, nrefs, stemming, tokenizer and measure; tok:unicode is a different variant', () => {
  const v = SIGNATURE_VERSION;
  assert.equal(createScorer('rouge-l').signature({ nrefs: 1 }), `ROUGE-L|nrefs:1|stem:no|tok:default|measure:f|version:${v}`);
  assert.equal(createScorer('rouge-lsum:stem=true').signature({ nrefs: 2 }), `ROUGE-Lsum|nrefs:2|stem:yes|tok:default|measure:f|version:${v}`);
  assert.equal(createScorer('rouge-2:measure=r').signature(), `ROUGE-2|nrefs:?|stem:no|tok:default|measure:r|version:${v}`);
  assert.equal(createScorer('rouge:n=3').signature({ nrefs: 1 }), `ROUGE-3|nrefs:1|stem:no|tok:default|measure:f|version:${v}`);
  assert.equal(createScorer('rouge-1:tokenizer=unicode').signature({ nrefs: 1 }), `ROUGE-1|nrefs:1|stem:no|tok:unicode|measure:f|version:${v}`);
});

test('canonical specs: defaults omitted, rouge:n=1|2 become rouge-1|2, aliases resolve, bad options are refused', () => {
  assert.equal(createScorer('rouge-l').spec(), 'rouge-l');
  assert.equal(createScorer('rouge:n=1').spec(), 'rouge-1');
  assert.equal(createScorer('rouge:n=3,stem=yes').spec(), 'rouge:n=3,stem=true');
  assert.equal(createScorer('rouge-lsum:tokenizer=unicode,measure=p,stem=1').spec(), 'rouge-lsum:stem=true,measure=p,tokenizer=unicode');
  assert.equal(createScorer('rougeLsum').spec(), 'rouge-lsum');
  assert.equal(createScorer('rouge1:stem=false').spec(), 'rouge-1');
  const s = createScorer('rouge-2:measure=r');
  assert.ok(s instanceof Rouge);
  assert.equal(s.id, 'rouge-2');
  assert.equal(s.family, 'lexical');
  assert.deepEqual(s.needs, { references: true });
  assert.throws(() => createScorer('rouge'), /needs n/);
  assert.throws(() => createScorer('rouge:n=0'), /must be >= 1/);
  assert.throws(() => createScorer('rouge:n=1.5'), /integer/);
  assert.throws(() => createScorer('rouge-l:measure=x'), /expected one of f, p, r/);
  assert.throws(() => createScorer('rouge-l:tokenizer=zh'), /expected one of default, unicode/);
  assert.throws(() => createScorer('rouge-l:n=2'), /unknown option "n"/);
});

test('empty prediction or target scores 0; a prediction without references is refused', async () => {
  const s = createScorer('rouge-lsum');
  const out = await s.score([
    { id: 'a', output: '', references: ['some text'] },
    { id: 'b', output: 'some text', references: [''] },
  ]);
  assert.deepEqual(
    out.map((x) => x.value),
    [0, 0],
  );
  await assert.rejects(s.score([{ id: 'c', output: 'x', references: [] }]), /item c has no references/);
});

// ------------------------------------------------------------------------------------------------------------
// The shared scorer contract, on real pairs (with newlines, so rougeLsum differs from rougeL)

const contractItems: Item[] = slice
  .filter((p) => p.target.length + p.prediction.length < 1500 && p.target.includes('\n'))
  .slice(0, 6)
  .map((p) => ({ id: p.id, output: p.prediction, references: [p.target] }));

for (const spec of ['rouge-l', 'rouge-lsum:stem=true', 'rouge-2:measure=r']) {
  runScorerContract({ create: createScorer, spec, items: contractItems });
}
