// BLEU parity with sacreBLEU 2.6.0: WMT21 corpus and sentence goldens, tokenizer-coverage goldens, a table of edge cases
// run side by side in Python, properties, and the shared Scorer contract.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Item, Score, StatisticsScorer } from '../../../src/scorers/contract.js';
import { ScorerInputError, sumStatistics } from '../../../src/scorers/contract.js';
import { createScorer, findScorerFactory, registerScorer } from '../../../src/scorers/registry.js';
import { SpecError } from '../../../src/scorers/spec.js';
import { isPyWhitespace, pythonLower } from '../../../src/scorers/lexical/text.js';
import {
  Bleu,
  bleuFactory,
  formatFixed2,
  isPyWhitespaceAbove0x84,
  NgramMatchCounter,
  WordIdEncoder,
  type BleuDetails,
} from '../../../src/scorers/lexical/bleu.js';
import { TOKENIZERS, tokenizerWords } from '../../../src/scorers/lexical/tokenizers/index.js';
import {
  corpusGoldens,
  DE_EN_SYSTEMS,
  EN_DE_SYSTEMS,
  hasShared,
  hypLines,
  refLines,
  sentenceGoldens,
  sharedLines,
  type CorpusGolden,
} from '../../fixtures/wmt21/load.js';
import { tokcovCorpus, tokcovRows, type TokcovCorpusValue } from '../../fixtures/tokenizers/load.js';
import { runScorerContract } from '../contract-suite.js';

if (!findScorerFactory('bleu')) registerScorer(bleuFactory);

const bleu = (spec: string): StatisticsScorer => createScorer(spec) as StatisticsScorer;

/** The spec that builds each sacreBLEU configuration of the goldens (see shared/golden/lexical/README.md). */
const GOLDEN_METRIC_SPECS: Record<string, string> = {
  bleu: 'bleu',
  bleu_intl: 'bleu:tokenize=intl',
  bleu_char: 'bleu:tokenize=char',
  bleu_none: 'bleu:tokenize=none',
  bleu_lc: 'bleu:lowercase=true',
};

function itemsOf(hyps: readonly string[], refSets: readonly (readonly string[])[]): Item[] {
  for (const refs of refSets) assert.equal(refs.length, hyps.length);
  return hyps.map((output, i) => ({ id: String(i + 1), output, references: refSets.map((refs) => refs[i]) }));
}

/** Counts the values compared against a reference; every one must be bit-identical to sacreBLEU's Python float. */
class Parity {
  values = 0;

  /**
   * The same double as sacreBLEU (`===`; goldens are Python reprs, which round-trip). No tolerance: BLEU's log and exp
   * are CPython's bit for bit (src/stats/libm.ts), and a last-bit difference changes ties and every rank statistic.
   */
  identical(actual: number, expected: number, what: string): void {
    this.values++;
    assert.ok(actual === expected, `${what}: ${actual} vs sacreBLEU ${expected}`);
  }

  exact(actual: readonly number[], expected: readonly number[], what: string): void {
    this.values += expected.length;
    assert.deepEqual(actual, expected, what);
  }

  report(): string {
    return `${this.values} of ${this.values} values bit-identical`;
  }
}

interface BleuExpectation {
  score: number;
  counts: number[];
  totals: number[];
  sys_len: number;
  ref_len: number;
  bp?: number;
  precisions?: number[];
}

function compareBleu(parity: Parity, score: Score, expected: BleuExpectation, what: string): void {
  const d = score.details as BleuDetails;
  parity.identical(score.value as number, expected.score, `${what} score`);
  parity.exact(d.counts, expected.counts, `${what} counts`);
  parity.exact(d.totals, expected.totals, `${what} totals`);
  parity.exact([d.sys_len, d.ref_len], [expected.sys_len, expected.ref_len], `${what} sys_len/ref_len`);
  if (expected.bp !== undefined) parity.identical(d.bp, expected.bp, `${what} bp`);
  if (expected.precisions) expected.precisions.forEach((p, i) => parity.identical(d.precisions[i], p, `${what} precision ${i + 1}`));
}

/** Our signature for sacreBLEU's `nrefs:…|version:2.6.0` string: name in front, our version at the end. */
function expectedSignature(sacrebleuSignature: string): string {
  return `BLEU|${sacrebleuSignature.replace(/\|version:2\.6\.0$/, '')}|version:trenchcoat-0.1.0`;
}

function checkCorpusGoldens(rows: readonly CorpusGolden[], lines: (lp: string, kind: 'hyp' | 'ref', name: string) => string[], parity: Parity): number {
  let checked = 0;
  // One scorer per configuration, as a user scoring many systems would keep it: its reference cache is then exercised.
  const scorers = new Map<string, StatisticsScorer>();
  for (const row of rows) {
    const spec = GOLDEN_METRIC_SPECS[row.metric];
    if (spec === undefined) continue;
    const scorer = scorers.get(spec) ?? bleu(spec);
    scorers.set(spec, scorer);
    const items = itemsOf(lines(row.lp, 'hyp', row.system), row.refs.map((r) => lines(row.lp, 'ref', r)));
    const what = `${row.lp} ${row.system} refs=${row.refs.join('')} ${row.metric}`;
    compareBleu(parity, scorer.corpusScoreSync(items), row as BleuExpectation, what);
    assert.equal(scorer.signature({ nrefs: row.refs.length }), expectedSignature(row.signature), what);
    checked++;
  }
  return checked;
}

/** Reads each text file once. */
function cachedLines(read: (lp: string, kind: 'hyp' | 'ref', name: string) => string[]): (lp: string, kind: 'hyp' | 'ref', name: string) => string[] {
  const cache = new Map<string, string[]>();
  return (lp, kind, name) => {
    const key = `${lp}/${kind}/${name}`;
    let lines = cache.get(key);
    if (!lines) cache.set(key, (lines = read(lp, kind, name)));
    return lines;
  };
}

test('WMT21 fixture corpus goldens: BLEU 13a/intl/char/none/lowercased, ref A and all refs, equal sacreBLEU 2.6.0', (t) => {
  const parity = new Parity();
  const rows = corpusGoldens();
  const n = checkCorpusGoldens(rows, cachedLines((lp, kind, name) => (kind === 'hyp' ? hypLines(lp, name) : refLines(lp, name))), parity);
  // 6 systems x 2 reference sets x 5 BLEU variants.
  assert.equal(n, 60);
  t.diagnostic(`fixture corpus: ${n} rows, ${parity.report()}`);
});

test('WMT21 fixture sentence BLEU (eff=true, ref A) equals sacreBLEU 2.6.0 for every segment', (t) => {
  const parity = new Parity();
  const scorer = bleu('bleu:eff=true');
  for (const [lp, systems] of [['en-de', EN_DE_SYSTEMS], ['de-en', DE_EN_SYSTEMS]] as const) {
    const goldens = sentenceGoldens(lp);
    const ref = refLines(lp, 'A');
    for (const system of systems) {
      const rows = goldens.filter((g) => g.system === system);
      assert.equal(rows.length, ref.length, `${lp} ${system}`);
      const scores = scorer.scoreSync(itemsOf(hypLines(lp, system), [ref]));
      for (const g of rows) parity.identical(scores[g.seg - 1].value as number, g.bleu, `${lp} ${system} seg ${g.seg}`);
    }
  }
  assert.equal(parity.values, 4 * 1002 + 2 * 1000);
  t.diagnostic(`fixture sentences: ${parity.report()}`);
});

test('tokcov goldens: sentence BLEU (eff=true) with counts and totals per tokenizer, and corpus BLEU, equal sacreBLEU', (t) => {
  const parity = new Parity();
  const corpus = tokcovCorpus();
  assert.equal(corpus.sacrebleu, '2.6.0');
  for (const [file, key] of [['zh', 'zh'], ['intl-de', 'intl']] as const) {
    const rows = tokcovRows(file);
    const expectedCorpus: Record<string, TokcovCorpusValue> = corpus[key].corpus;
    for (const tok of Object.keys(expectedCorpus)) {
      const items = itemsOf(rows.map((r) => r.hyp), [rows.map((r) => r.ref)]);
      const sentence = bleu(`bleu:tokenize=${tok},eff=true`).scoreSync(items);
      rows.forEach((r, i) => {
        compareBleu(parity, sentence[i], {
          score: r[`sent_bleu_${tok}`] as number,
          counts: r[`sent_bleu_${tok}_counts`] as number[],
          totals: r[`sent_bleu_${tok}_totals`] as number[],
          // the goldens give no lengths per sentence: the lengths are the 1-gram total and the reference word count
          sys_len: (r[`sent_bleu_${tok}_totals`] as number[])[0],
          ref_len: tokenizerWords(TOKENIZERS[tok as 'zh'], r.ref).length,
        }, `${file} row ${i + 1} tok=${tok}`);
      });
      const scorer = bleu(tok === '13a' ? 'bleu' : `bleu:tokenize=${tok}`);
      compareBleu(parity, scorer.corpusScoreSync(items), expectedCorpus[tok], `${file} corpus tok=${tok}`);
      assert.equal(scorer.signature({ nrefs: 1 }), expectedSignature(expectedCorpus[tok].signature));
    }
  }
  t.diagnostic(`tokcov: ${parity.report()}`);
});

test('shared goldens: every BLEU row of corpus-scores.jsonl and every sentence BLEU of both language pairs', (t) => {
  if (!hasShared()) {
    t.skip('../shared not present');
    return;
  }
  const lines = cachedLines(sharedLines);
  const parity = new Parity();
  const rows = corpusGoldens(true);
  const n = checkCorpusGoldens(rows, lines, parity);
  // (20 en-de + 19 de-en systems) x 2 reference sets x 5 BLEU variants
  assert.equal(n, 390);
  const sentences = new Parity();
  const scorer = bleu('bleu:eff=true');
  for (const lp of ['en-de', 'de-en']) {
    const goldens = sentenceGoldens(lp, true);
    const ref = lines(lp, 'ref', 'A');
    const bySystem = new Map<string, typeof goldens>();
    for (const g of goldens) bySystem.set(g.system, [...(bySystem.get(g.system) ?? []), g]);
    for (const [system, rows] of bySystem) {
      const scores = scorer.scoreSync(itemsOf(lines(lp, 'hyp', system), [ref]));
      for (const g of rows) sentences.identical(scores[g.seg - 1].value as number, g.bleu, `${lp} ${system} seg ${g.seg}`);
    }
  }
  assert.equal(sentences.values, 20 * 1002 + 19 * 1000);
  t.diagnostic(`shared corpus: ${n} rows, ${parity.report()}; shared sentences: ${sentences.report()}`);
});

// Expected values from sacrebleu 2.6.0 on CPython 3.11.7, computed side by side (`BLEU(**options).corpus_score([hyp],
// [[r] for r in refs])` and `get_signature().format()`, script: test/fixtures/tokenizers/make-expected-tables.py) and
// pasted here; not computed by this code. `<LONG_HYP>` and
// the like stand for generated lines, built by `generatedLine` exactly as the Python script built them.
const SACREBLEU_EDGE_CASES: readonly (BleuExpectation & { name: string; spec: string; hyp: string; refs: string[]; bp: number; precisions: number[]; signature: string })[] = [
  { name: "empty hypothesis", spec: "bleu", hyp: "", refs: ["The cat sat on the mat."], score: 0.0, counts: [0, 0, 0, 0], totals: [0, 0, 0, 0], sys_len: 0, ref_len: 7, bp: 0.0, precisions: [0.0, 0.0, 0.0, 0.0], signature: "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0" },
  { name: "empty hypothesis, effective order", spec: "bleu:eff=true", hyp: "", refs: ["The cat sat on the mat."], score: 0.0, counts: [0, 0, 0, 0], totals: [0, 0, 0, 0], sys_len: 0, ref_len: 7, bp: 0.0, precisions: [0.0, 0.0, 0.0, 0.0], signature: "nrefs:1|case:mixed|eff:yes|tok:13a|smooth:exp|version:2.6.0" },
  { name: "empty reference", spec: "bleu", hyp: "The cat sat on the mat.", refs: [""], score: 0.0, counts: [0, 0, 0, 0], totals: [7, 6, 5, 4], sys_len: 7, ref_len: 0, bp: 1.0, precisions: [0.0, 0.0, 0.0, 0.0], signature: "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0" },
  { name: "empty reference, effective order", spec: "bleu:eff=true", hyp: "The cat sat on the mat.", refs: [""], score: 0.0, counts: [0, 0, 0, 0], totals: [7, 6, 5, 4], sys_len: 7, ref_len: 0, bp: 1.0, precisions: [0.0, 0.0, 0.0, 0.0], signature: "nrefs:1|case:mixed|eff:yes|tok:13a|smooth:exp|version:2.6.0" },
  { name: "both empty", spec: "bleu", hyp: "", refs: [""], score: 0.0, counts: [0, 0, 0, 0], totals: [0, 0, 0, 0], sys_len: 0, ref_len: 0, bp: 1.0, precisions: [0.0, 0.0, 0.0, 0.0], signature: "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0" },
  { name: "whitespace-only hypothesis", spec: "bleu:eff=true", hyp: " \t\u3000", refs: ["a b"], score: 0.0, counts: [0, 0, 0, 0], totals: [0, 0, 0, 0], sys_len: 0, ref_len: 2, bp: 0.0, precisions: [0.0, 0.0, 0.0, 0.0], signature: "nrefs:1|case:mixed|eff:yes|tok:13a|smooth:exp|version:2.6.0" },
  { name: "one word, exact", spec: "bleu:eff=true", hyp: "Hello", refs: ["Hello"], score: 100.00000000000004, counts: [1, 0, 0, 0], totals: [1, 0, 0, 0], sys_len: 1, ref_len: 1, bp: 1.0, precisions: [100.0, 0.0, 0.0, 0.0], signature: "nrefs:1|case:mixed|eff:yes|tok:13a|smooth:exp|version:2.6.0" },
  { name: "one word, exact, no effective order", spec: "bleu", hyp: "Hello", refs: ["Hello"], score: 0.0, counts: [1, 0, 0, 0], totals: [1, 0, 0, 0], sys_len: 1, ref_len: 1, bp: 1.0, precisions: [100.0, 0.0, 0.0, 0.0], signature: "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0" },
  { name: "three words, effective order", spec: "bleu:eff=true", hyp: "the cat sat", refs: ["the cat sat"], score: 100.00000000000004, counts: [3, 2, 1, 0], totals: [3, 2, 1, 0], sys_len: 3, ref_len: 3, bp: 1.0, precisions: [100.0, 100.0, 100.0, 0.0], signature: "nrefs:1|case:mixed|eff:yes|tok:13a|smooth:exp|version:2.6.0" },
  { name: "no 4-gram match, exp smoothing", spec: "bleu", hyp: "a b c d x e f g", refs: ["a b c y d e f z"], score: 27.054113452696992, counts: [6, 3, 1, 0], totals: [8, 7, 6, 5], sys_len: 8, ref_len: 8, bp: 1.0, precisions: [75.0, 42.857142857142854, 16.666666666666668, 10.0], signature: "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0" },
  { name: "no 4-gram match, floor", spec: "bleu:smooth=floor", hyp: "a b c d x e f g", refs: ["a b c y d e f z"], score: 18.092176081223304, counts: [6, 3, 1, 0], totals: [8, 7, 6, 5], sys_len: 8, ref_len: 8, bp: 1.0, precisions: [75.0, 42.857142857142854, 16.666666666666668, 2.0], signature: "nrefs:1|case:mixed|eff:no|tok:13a|smooth:floor[0.10]|version:2.6.0" },
  { name: "no 4-gram match, floor 0.125", spec: "bleu:smooth=floor,smooth-value=0.125", hyp: "a b c d x e f g", refs: ["a b c y d e f z"], score: 19.130147081392245, counts: [6, 3, 1, 0], totals: [8, 7, 6, 5], sys_len: 8, ref_len: 8, bp: 1.0, precisions: [75.0, 42.857142857142854, 16.666666666666668, 2.5], signature: "nrefs:1|case:mixed|eff:no|tok:13a|smooth:floor[0.12]|version:2.6.0" },
  { name: "no 4-gram match, add-k", spec: "bleu:smooth=add-k", hyp: "a b c d x e f g", refs: ["a b c y d e f z"], score: 36.55552228545125, counts: [6, 4, 2, 1], totals: [8, 8, 7, 6], sys_len: 8, ref_len: 8, bp: 1.0, precisions: [75.0, 50.0, 28.571428571428573, 16.666666666666668], signature: "nrefs:1|case:mixed|eff:no|tok:13a|smooth:add-k[1.00]|version:2.6.0" },
  { name: "no 4-gram match, add-k 0.625", spec: "bleu:smooth=add-k,smooth-value=0.625", hyp: "a b c d x e f g", refs: ["a b c y d e f z"], score: 31.397032308257156, counts: [6, 3.625, 1.625, 0.625], totals: [8, 7.625, 6.625, 5.625], sys_len: 8, ref_len: 8, bp: 1.0, precisions: [75.0, 47.540983606557376, 24.528301886792452, 11.11111111111111], signature: "nrefs:1|case:mixed|eff:no|tok:13a|smooth:add-k[0.62]|version:2.6.0" },
  { name: "no 4-gram match, no smoothing", spec: "bleu:smooth=none", hyp: "a b c d x e f g", refs: ["a b c y d e f z"], score: 0.0, counts: [6, 3, 1, 0], totals: [8, 7, 6, 5], sys_len: 8, ref_len: 8, bp: 1.0, precisions: [75.0, 42.857142857142854, 16.666666666666668, 0.0], signature: "nrefs:1|case:mixed|eff:no|tok:13a|smooth:none|version:2.6.0" },
  { name: "short, no smoothing, effective order", spec: "bleu:smooth=none,eff=true", hyp: "a cat", refs: ["a cat sat"], score: 60.653065971263366, counts: [2, 1, 0, 0], totals: [2, 1, 0, 0], sys_len: 2, ref_len: 3, bp: 0.6065306597126334, precisions: [100.0, 100.0, 0.0, 0.0], signature: "nrefs:1|case:mixed|eff:yes|tok:13a|smooth:none|version:2.6.0" },
  { name: "short, floor, effective order", spec: "bleu:smooth=floor,eff=true", hyp: "one two", refs: ["two one"], score: 31.622776601683803, counts: [2, 0, 0, 0], totals: [2, 1, 0, 0], sys_len: 2, ref_len: 2, bp: 1.0, precisions: [100.0, 10.0, 0.0, 0.0], signature: "nrefs:1|case:mixed|eff:yes|tok:13a|smooth:floor[0.10]|version:2.6.0" },
  { name: "max order 2", spec: "bleu:max-ngram-order=2", hyp: "the cat sat on a red mat", refs: ["the cat sat on the mat"], score: 59.76143046671968, counts: [5, 3], totals: [7, 6], sys_len: 7, ref_len: 6, bp: 1.0, precisions: [71.42857142857143, 50.0], signature: "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0" },
  { name: "max order 6, effective order", spec: "bleu:max-ngram-order=6,eff=true", hyp: "the cat sat on the mat", refs: ["the cat sat on the mat"], score: 100.00000000000013, counts: [6, 5, 4, 3, 2, 1], totals: [6, 5, 4, 3, 2, 1], sys_len: 6, ref_len: 6, bp: 1.0, precisions: [100.0, 100.0, 100.0, 100.0, 100.0, 100.0], signature: "nrefs:1|case:mixed|eff:yes|tok:13a|smooth:exp|version:2.6.0" },
  { name: "no match at all", spec: "bleu", hyp: "x y z", refs: ["a b c"], score: 0.0, counts: [0, 0, 0, 0], totals: [3, 2, 1, 0], sys_len: 3, ref_len: 3, bp: 1.0, precisions: [0.0, 0.0, 0.0, 0.0], signature: "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0" },
  { name: "Python whitespace U+001C-U+001F, 13a", spec: "bleu:eff=true", hyp: "a\u001cb\u001dc\u001ed\u001fe", refs: ["a b c d e"], score: 100.00000000000004, counts: [5, 4, 3, 2], totals: [5, 4, 3, 2], sys_len: 5, ref_len: 5, bp: 1.0, precisions: [100.0, 100.0, 100.0, 100.0], signature: "nrefs:1|case:mixed|eff:yes|tok:13a|smooth:exp|version:2.6.0" },
  { name: "Python whitespace U+001C-U+001F, none", spec: "bleu:tokenize=none", hyp: "a\u001cb\u001dc\u001ed\u001fe f", refs: ["a b c d e f"], score: 100.00000000000004, counts: [6, 5, 4, 3], totals: [6, 5, 4, 3], sys_len: 6, ref_len: 6, bp: 1.0, precisions: [100.0, 100.0, 100.0, 100.0], signature: "nrefs:1|case:mixed|eff:no|tok:none|smooth:exp|version:2.6.0" },
  { name: "Python whitespace U+001C-U+001F, char", spec: "bleu:tokenize=char,eff=true", hyp: "ab\u001ccd", refs: ["abcd"], score: 100.00000000000004, counts: [4, 3, 2, 1], totals: [4, 3, 2, 1], sys_len: 4, ref_len: 4, bp: 1.0, precisions: [100.0, 100.0, 100.0, 100.0], signature: "nrefs:1|case:mixed|eff:yes|tok:char|smooth:exp|version:2.6.0" },
  { name: "non-ASCII spaces NBSP, U+2009, U+3000, U+0085, U+2028", spec: "bleu:eff=true", hyp: "a\u00a0b\u2009c\u3000d\u0085e\u2028f", refs: ["a b c d e f"], score: 100.00000000000004, counts: [6, 5, 4, 3], totals: [6, 5, 4, 3], sys_len: 6, ref_len: 6, bp: 1.0, precisions: [100.0, 100.0, 100.0, 100.0], signature: "nrefs:1|case:mixed|eff:yes|tok:13a|smooth:exp|version:2.6.0" },
  { name: "U+200B is not whitespace", spec: "bleu:eff=true", hyp: "a\u200bb c", refs: ["a b c"], score: 30.326532985631665, counts: [1, 0, 0, 0], totals: [2, 1, 0, 0], sys_len: 2, ref_len: 3, bp: 0.6065306597126334, precisions: [50.0, 50.0, 0.0, 0.0], signature: "nrefs:1|case:mixed|eff:yes|tok:13a|smooth:exp|version:2.6.0" },
  { name: "trailing Unicode whitespace is stripped", spec: "bleu:eff=true", hyp: "the cat \u3000\u2003", refs: ["the cat"], score: 100.00000000000004, counts: [2, 1, 0, 0], totals: [2, 1, 0, 0], sys_len: 2, ref_len: 2, bp: 1.0, precisions: [100.0, 100.0, 0.0, 0.0], signature: "nrefs:1|case:mixed|eff:yes|tok:13a|smooth:exp|version:2.6.0" },
  { name: "very long line (100k tokens), 13a", spec: "bleu", hyp: "<LONG_HYP>", refs: ["<LONG_REF>"], score: 0.0062810435691983335, counts: [99605, 0, 0, 0], totals: [100000, 99999, 99998, 99997], sys_len: 100000, ref_len: 100000, bp: 1.0, precisions: [99.605, 0.0005000050000500005, 0.000250005000100002, 0.00012500375011250338], signature: "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0" },
  { name: "very long line (100k tokens), none", spec: "bleu:tokenize=none", hyp: "<LONG_HYP>", refs: ["<LONG_HYP>"], score: 100.00000000000004, counts: [100000, 99999, 99998, 99997], totals: [100000, 99999, 99998, 99997], sys_len: 100000, ref_len: 100000, bp: 1.0, precisions: [100.0, 100.0, 100.0, 100.0], signature: "nrefs:1|case:mixed|eff:no|tok:none|smooth:exp|version:2.6.0" },
  { name: "long line with 5003 distinct words (n-gram ids beyond the direct table)", spec: "bleu:eff=true", hyp: "<WIDE_HYP>", refs: ["<WIDE_REF>", "<WIDE_HALF>"], score: 59.44994912856055, counts: [19992, 9999, 9998, 9997], totals: [20000, 19999, 19998, 19997], sys_len: 20000, ref_len: 20000, bp: 1.0, precisions: [99.96, 49.99749987499375, 49.99499949995, 49.99249887483123], signature: "nrefs:2|case:mixed|eff:yes|tok:13a|smooth:exp|version:2.6.0" },
  { name: "CJK, zh", spec: "bleu:tokenize=zh,eff=true", hyp: "我们今天去北京。", refs: ["今天我们去北京了。"], score: 27.568673181924442, counts: [8, 4, 1, 0], totals: [8, 7, 6, 5], sys_len: 8, ref_len: 9, bp: 0.8824969025845955, precisions: [100.0, 57.142857142857146, 16.666666666666668, 10.0], signature: "nrefs:1|case:mixed|eff:yes|tok:zh|smooth:exp|version:2.6.0" },
  { name: "CJK, char", spec: "bleu:tokenize=char,eff=true", hyp: "我们今天去北京。", refs: ["今天我们去北京了。"], score: 27.568673181924442, counts: [8, 4, 1, 0], totals: [8, 7, 6, 5], sys_len: 8, ref_len: 9, bp: 0.8824969025845955, precisions: [100.0, 57.142857142857146, 16.666666666666668, 10.0], signature: "nrefs:1|case:mixed|eff:yes|tok:char|smooth:exp|version:2.6.0" },
  { name: "CJK, 13a", spec: "bleu:eff=true", hyp: "我们今天去北京。", refs: ["今天我们去北京了。"], score: 0.0, counts: [0, 0, 0, 0], totals: [1, 0, 0, 0], sys_len: 1, ref_len: 1, bp: 1.0, precisions: [0.0, 0.0, 0.0, 0.0], signature: "nrefs:1|case:mixed|eff:yes|tok:13a|smooth:exp|version:2.6.0" },
  { name: "CJK, intl", spec: "bleu:tokenize=intl,eff=true", hyp: "我们今天去北京。", refs: ["今天我们去北京了。"], score: 49.99999999999999, counts: [1, 0, 0, 0], totals: [2, 1, 0, 0], sys_len: 2, ref_len: 2, bp: 1.0, precisions: [50.0, 50.0, 0.0, 0.0], signature: "nrefs:1|case:mixed|eff:yes|tok:intl|smooth:exp|version:2.6.0" },
  { name: "CJK with Latin and digits, zh", spec: "bleu:tokenize=zh,eff=true", hyp: "iPhone 12售价5,999元。", refs: ["iPhone 12 售价 5999 元。"], score: 48.892302243490086, counts: [6, 4, 2, 1], totals: [7, 6, 5, 4], sys_len: 7, ref_len: 7, bp: 1.0, precisions: [85.71428571428571, 66.66666666666667, 40.0, 25.0], signature: "nrefs:1|case:mixed|eff:yes|tok:zh|smooth:exp|version:2.6.0" },
  { name: "zh splits U+2001..U+2A6D (a quirk)", spec: "bleu:tokenize=zh,eff=true", hyp: "a—b→c", refs: ["a — b → c"], score: 100.00000000000004, counts: [5, 4, 3, 2], totals: [5, 4, 3, 2], sys_len: 5, ref_len: 5, bp: 1.0, precisions: [100.0, 100.0, 100.0, 100.0], signature: "nrefs:1|case:mixed|eff:yes|tok:zh|smooth:exp|version:2.6.0" },
  { name: "numbers next to punctuation, 13a", spec: "bleu:eff=true", hyp: "In 1990-2000, prices rose 3.5% to $1,000.50.", refs: ["In 1990 - 2000 , prices rose 3.5 % to $ 1,000.50 ."], score: 100.00000000000004, counts: [13, 12, 11, 10], totals: [13, 12, 11, 10], sys_len: 13, ref_len: 13, bp: 1.0, precisions: [100.0, 100.0, 100.0, 100.0], signature: "nrefs:1|case:mixed|eff:yes|tok:13a|smooth:exp|version:2.6.0" },
  { name: "numbers next to punctuation, intl", spec: "bleu:tokenize=intl,eff=true", hyp: "In 1990-2000, prices rose 3.5% to $1,000.50.", refs: ["In 1990 - 2000 , prices rose 3.5 % to $ 1,000.50 ."], score: 48.94088625380656, counts: [8, 6, 5, 4], totals: [10, 9, 8, 7], sys_len: 10, ref_len: 13, bp: 0.7408182206817179, precisions: [80.0, 66.66666666666667, 62.5, 57.142857142857146], signature: "nrefs:1|case:mixed|eff:yes|tok:intl|smooth:exp|version:2.6.0" },
  { name: "sentence-final year, 13a vs intl", spec: "bleu:tokenize=intl,eff=true", hyp: "It was 2020.", refs: ["It was 2020 ."], score: 39.43223765116288, counts: [2, 1, 0, 0], totals: [3, 2, 1, 0], sys_len: 3, ref_len: 4, bp: 0.7165313105737893, precisions: [66.66666666666667, 50.0, 50.0, 0.0], signature: "nrefs:1|case:mixed|eff:yes|tok:intl|smooth:exp|version:2.6.0" },
  { name: "ellipsis and commas", spec: "bleu:eff=true", hyp: "Well...yes,,no", refs: ["Well . . . yes , , no"], score: 100.00000000000004, counts: [8, 7, 6, 5], totals: [8, 7, 6, 5], sys_len: 8, ref_len: 8, bp: 1.0, precisions: [100.0, 100.0, 100.0, 100.0], signature: "nrefs:1|case:mixed|eff:yes|tok:13a|smooth:exp|version:2.6.0" },
  { name: "astral code points, char", spec: "bleu:tokenize=char,eff=true", hyp: "𝐀𝐁 😀!", refs: ["𝐀𝐁😀 !"], score: 100.00000000000004, counts: [4, 3, 2, 1], totals: [4, 3, 2, 1], sys_len: 4, ref_len: 4, bp: 1.0, precisions: [100.0, 100.0, 100.0, 100.0], signature: "nrefs:1|case:mixed|eff:yes|tok:char|smooth:exp|version:2.6.0" },
  { name: "astral code points, intl", spec: "bleu:tokenize=intl,eff=true", hyp: "I ❤ 😀 NY𝐀.", refs: ["I ❤ 😀 NY𝐀 ."], score: 100.00000000000004, counts: [5, 4, 3, 2], totals: [5, 4, 3, 2], sys_len: 5, ref_len: 5, bp: 1.0, precisions: [100.0, 100.0, 100.0, 100.0], signature: "nrefs:1|case:mixed|eff:yes|tok:intl|smooth:exp|version:2.6.0" },
  { name: "astral CJK Ext B is not split by zh", spec: "bleu:tokenize=zh,eff=true", hyp: "𠀀𠀁中", refs: ["𠀀 𠀁 中"], score: 30.326532985631665, counts: [1, 0, 0, 0], totals: [2, 1, 0, 0], sys_len: 2, ref_len: 3, bp: 0.6065306597126334, precisions: [50.0, 50.0, 0.0, 0.0], signature: "nrefs:1|case:mixed|eff:yes|tok:zh|smooth:exp|version:2.6.0" },
  { name: "<skipped> removed by 13a", spec: "bleu:eff=true", hyp: "the <skipped> cat sat", refs: ["the cat sat"], score: 100.00000000000004, counts: [3, 2, 1, 0], totals: [3, 2, 1, 0], sys_len: 3, ref_len: 3, bp: 1.0, precisions: [100.0, 100.0, 100.0, 0.0], signature: "nrefs:1|case:mixed|eff:yes|tok:13a|smooth:exp|version:2.6.0" },
  { name: "<skipped> kept by intl", spec: "bleu:tokenize=intl,eff=true", hyp: "the <skipped> cat sat", refs: ["the cat sat"], score: 17.965205598154213, counts: [3, 1, 0, 0], totals: [6, 5, 4, 3], sys_len: 6, ref_len: 3, bp: 1.0, precisions: [50.0, 20.0, 12.5, 8.333333333333334], signature: "nrefs:1|case:mixed|eff:yes|tok:intl|smooth:exp|version:2.6.0" },
  { name: "<SKIPPED> removed after lowercasing", spec: "bleu:lowercase=true,eff=true", hyp: "The <SKIPPED> Cat sat", refs: ["the cat sat"], score: 100.00000000000004, counts: [3, 2, 1, 0], totals: [3, 2, 1, 0], sys_len: 3, ref_len: 3, bp: 1.0, precisions: [100.0, 100.0, 100.0, 0.0], signature: "nrefs:1|case:lc|eff:yes|tok:13a|smooth:exp|version:2.6.0" },
  { name: "HTML entities, 13a", spec: "bleu:eff=true", hyp: "&quot;Tom &amp; Jerry&quot; &lt;3 &amp;lt; &apos;", refs: ["\" Tom & Jerry \" < 3 < &apos;"], score: 100.00000000000004, counts: [11, 10, 9, 8], totals: [11, 10, 9, 8], sys_len: 11, ref_len: 11, bp: 1.0, precisions: [100.0, 100.0, 100.0, 100.0], signature: "nrefs:1|case:mixed|eff:yes|tok:13a|smooth:exp|version:2.6.0" },
  { name: "hyphenated line break and newline, 13a", spec: "bleu:eff=true", hyp: "a well-\nknown\nfact", refs: ["a wellknown fact"], score: 100.00000000000004, counts: [3, 2, 1, 0], totals: [3, 2, 1, 0], sys_len: 3, ref_len: 3, bp: 1.0, precisions: [100.0, 100.0, 100.0, 0.0], signature: "nrefs:1|case:mixed|eff:yes|tok:13a|smooth:exp|version:2.6.0" },
  { name: "lowercase final sigma and dotted I", spec: "bleu:lowercase=true,eff=true", hyp: "ΟΔΟΣ ΣΑΣ İstanbul", refs: ["οδος σας i\u0307stanbul"], score: 100.00000000000004, counts: [3, 2, 1, 0], totals: [3, 2, 1, 0], sys_len: 3, ref_len: 3, bp: 1.0, precisions: [100.0, 100.0, 100.0, 0.0], signature: "nrefs:1|case:lc|eff:yes|tok:13a|smooth:exp|version:2.6.0" },
  { name: "lowercase leaves Unicode-16 capitals as CPython 3.11 does", spec: "bleu:lowercase=true,eff=true", hyp: "\ua7cb\u{10d50} ABC", refs: ["ɤ\u{10d70} abc"], score: 49.99999999999999, counts: [1, 0, 0, 0], totals: [2, 1, 0, 0], sys_len: 2, ref_len: 2, bp: 1.0, precisions: [50.0, 50.0, 0.0, 0.0], signature: "nrefs:1|case:lc|eff:yes|tok:13a|smooth:exp|version:2.6.0" },
  { name: "multi-reference, closest length tie takes the shorter", spec: "bleu", hyp: "a b c d e f", refs: ["a b c d e", "a b c d e f g"], score: 100.00000000000004, counts: [6, 5, 4, 3], totals: [6, 5, 4, 3], sys_len: 6, ref_len: 5, bp: 1.0, precisions: [100.0, 100.0, 100.0, 100.0], signature: "nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0" },
  { name: "multi-reference, max count over references", spec: "bleu:eff=true", hyp: "the the the cat", refs: ["the cat", "the the dog"], score: 42.044820762685724, counts: [3, 2, 0, 0], totals: [4, 3, 2, 1], sys_len: 4, ref_len: 3, bp: 1.0, precisions: [75.0, 66.66666666666667, 25.0, 25.0], signature: "nrefs:2|case:mixed|eff:yes|tok:13a|smooth:exp|version:2.6.0" },
  { name: "multi-reference, one empty reference", spec: "bleu:eff=true", hyp: "the cat sat", refs: ["", "the cat sat down"], score: 71.65313105737896, counts: [3, 2, 1, 0], totals: [3, 2, 1, 0], sys_len: 3, ref_len: 4, bp: 0.7165313105737893, precisions: [100.0, 100.0, 100.0, 0.0], signature: "nrefs:2|case:mixed|eff:yes|tok:13a|smooth:exp|version:2.6.0" },
];

/** `' '.join(f'w{(i * mul) % mod}' for i in range(n))`, as in the Python script. */
function generatedLine(n: number, mul: number, mod: number): string {
  const words = new Array<string>(n);
  for (let i = 0; i < n; i++) words[i] = `w${(i * mul) % mod}`;
  return words.join(' ');
}

const GENERATED: Record<string, () => string> = {
  '<LONG_HYP>': () => generatedLine(100000, 7919, 1009),
  '<LONG_REF>': () => generatedLine(100000, 104729, 1013),
  '<WIDE_HYP>': () => generatedLine(20000, 7919, 5003),
  '<WIDE_REF>': () => generatedLine(20000, 104729, 4999),
  '<WIDE_HALF>': () => generatedLine(10000, 7919, 5003),
};
const expand = (s: string): string => (GENERATED[s] ? GENERATED[s]() : s);

test('sacreBLEU edge cases: empty sides, Unicode whitespace, 100k-token lines, CJK, numbers, astral, entities, smoothing', (t) => {
  const parity = new Parity();
  assert.equal(SACREBLEU_EDGE_CASES.length, 52);
  for (const c of SACREBLEU_EDGE_CASES) {
    const scorer = bleu(c.spec);
    const item: Item = { id: c.name, output: expand(c.hyp), references: c.refs.map(expand) };
    const corpus = scorer.corpusScoreSync([item]);
    compareBleu(parity, corpus, c, c.name);
    assert.ok(Number.isFinite(corpus.value as number), c.name);
    // A single segment's sentence score is the corpus score of that segment.
    assert.equal(scorer.scoreSync([item])[0].value, corpus.value, c.name);
    // sacreBLEU never prints the n-gram order; ours adds `ngram:N` before the version when it is not 4.
    const order = /max-ngram-order=(\d+)/.exec(c.spec)?.[1];
    const sig = expectedSignature(c.signature);
    assert.equal(scorer.signature({ nrefs: c.refs.length }), order ? sig.replace('|version:', `|ngram:${order}|version:`) : sig, c.name);
  }
  t.diagnostic(`edge cases: ${parity.report()}`);
});

test('spec(): canonical, only non-default options in a fixed order; round-trips to the same signature', () => {
  const s = createScorer('bleu:eff=true,smooth-value=0.1,smooth=floor,tokenize=intl,lowercase=false');
  assert.equal(s.spec(), 'bleu:tokenize=intl,smooth=floor,eff=true');
  assert.equal(createScorer(s.spec()).signature({ nrefs: 2 }), s.signature({ nrefs: 2 }));
  assert.equal(createScorer('bleu').spec(), 'bleu');
  assert.equal(createScorer('sacrebleu:lowercase=true').spec(), 'bleu:lowercase=true');
  const odd = createScorer('bleu:smooth=add-k,smooth-value=0.5,max-ngram-order=3');
  assert.equal(odd.spec(), 'bleu:smooth=add-k,smooth-value=0.5,max-ngram-order=3');
  assert.equal(createScorer(odd.spec()).signature(), odd.signature());
});

test('signature(): sacreBLEU fields; nrefs "?" without context; ngram only when not 4 (sacreBLEU never prints it)', () => {
  assert.equal(createScorer('bleu').signature(), 'BLEU|nrefs:?|case:mixed|eff:no|tok:13a|smooth:exp|version:trenchcoat-0.1.0');
  assert.equal(
    createScorer('bleu:max-ngram-order=2,eff=true').signature({ nrefs: 1 }),
    'BLEU|nrefs:1|case:mixed|eff:yes|tok:13a|smooth:exp|ngram:2|version:trenchcoat-0.1.0',
  );
  // sacreBLEU: BLEU(smooth_method='add-k').get_signature() -> smooth:add-k[1.00]; floor with 0.2 -> floor[0.20]
  assert.match(createScorer('bleu:smooth=add-k').signature(), /\|smooth:add-k\[1\.00\]\|/);
  assert.match(createScorer('bleu:smooth=floor,smooth-value=0.2').signature(), /\|smooth:floor\[0\.20\]\|/);
});

test('bad specs are refused with a SpecError naming the problem', () => {
  for (const spec of ['bleu:smooth-value=0.2', 'bleu:smooth=none,smooth-value=1', 'bleu:tokenize=ja-mecab', 'bleu:max-ngram-order=0',
    'bleu:max-ngram-order=2.5', 'bleu:smooth=floor,smooth-value=abc', 'bleu:smoth=floor', 'bleu:lowercase=maybe']) {
    assert.throws(() => createScorer(spec), SpecError, spec);
  }
});

test('every item needs the same number of references, as in sacreBLEU', () => {
  const s = bleu('bleu');
  assert.throws(() => s.corpusScoreSync([
    { id: 'a', output: 'x y', references: ['x y'] },
    { id: 'b', output: 'x y', references: ['x y', 'x'] },
  ]), ScorerInputError);
});

test("formatFixed2 is Python's f'{x:.2f}', exact binary ties rounding half to even", () => {
  // Python 3.11: f'{x:.2f}' for each x
  const python: [number, string][] = [[0.125, '0.12'], [0.625, '0.62'], [0.375, '0.38'], [0.165, '0.17'], [0.145, '0.14'],
    [1, '1.00'], [2.675, '2.67'], [0.005, '0.01'], [0.015, '0.01'], [1e-9, '0.00'], [12.345, '12.35'], [0.875, '0.88']];
  for (const [x, s] of python) assert.equal(formatFixed2(x), s, String(x));
});

test('isPyWhitespaceAbove0x84 agrees with isPyWhitespace on every BMP unit from 0x85', () => {
  for (let c = 0x85; c <= 0xffff; c++) assert.equal(isPyWhitespaceAbove0x84(c), isPyWhitespace(c), c.toString(16));
});

test('pythonLower: like CPython 3.11 str.lower(), capitals newer than Unicode 14 stay as they are', () => {
  // CPython 3.11: chr(c).lower() == chr(c) for these; Node 20 (Unicode 17) would lowercase them.
  for (const c of [0x1c89, 0xa7cb, 0xa7cc, 0xa7ce, 0xa7d2, 0xa7d4, 0xa7da, 0xa7dc, 0x10d50, 0x10d65, 0x16ea0, 0x16eb8]) {
    const ch = String.fromCodePoint(c);
    assert.equal(pythonLower(`AB${ch}CD`), `ab${ch}cd`, c.toString(16));
  }
  // CPython 3.11: 'ΟΔΟΣ ΣΑΣ İ'.lower() == 'οδος σας i̇'
  assert.equal(pythonLower('ΟΔΟΣ ΣΑΣ İ'), 'οδος σας i\u0307');
});

test('word-id caches that reset between segments give the same statistics as one big cache', () => {
  const items = itemsOf(hypLines('en-de', 'Online-W').slice(0, 300), [refLines('en-de', 'A').slice(0, 300), refLines('en-de', 'C').slice(0, 300)]);
  const scorer = new Bleu();
  const expected = scorer.segmentStatistics(items);
  // Tiny caches: 3 lines and 50 words force a reset every segment or two.
  const encoder = new WordIdEncoder((line) => TOKENIZERS['13a'].spaced(line), 3, 50);
  const counter = new NgramMatchCounter(4);
  const got = new Float64Array(expected.length);
  items.forEach((item, i) => {
    const { hyp, refs } = encoder.encodeSegment(item.output, item.references as string[]);
    counter.countInto(hyp, refs, encoder.vocabularySize, got, i * 10);
  });
  assert.deepEqual(got, expected);
});

test('one-reference counting equals the general path (the same reference twice clips exactly as it does once)', () => {
  // Word ids from a small alphabet, so that n-grams repeat within and across lines.
  const line = fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 40 }).map((a) => Int32Array.from(a));
  const counted = (hyp: Int32Array, refs: Int32Array[], order: number) => {
    const out = new Float64Array(2 + 2 * order);
    new NgramMatchCounter(order).countInto(hyp, refs, 7, out, 0);
    return out;
  };
  fc.assert(
    fc.property(line, line, fc.integer({ min: 1, max: 6 }), (hyp, ref, order) => {
      const one = counted(hyp, [ref], order);
      assert.deepEqual(one, counted(hyp, [ref, ref], order));
      // against n-gram strings counted with Maps, as sacreBLEU counts them
      for (let n = 1; n <= order; n++) {
        const grams = (a: Int32Array) => {
          const m = new Map<string, number>();
          for (let i = 0; i + n <= a.length; i++) m.set(a.slice(i, i + n).join(' '), (m.get(a.slice(i, i + n).join(' ')) ?? 0) + 1);
          return m;
        };
        const r = grams(ref);
        let correct = 0;
        for (const [g, c] of grams(hyp)) correct += Math.min(c, r.get(g) ?? 0);
        assert.equal(one[1 + n], correct, `order ${n}`);
        assert.equal(one[1 + order + n], Math.max(0, hyp.length - n + 1));
      }
    }),
    { numRuns: 2000 },
  );
  // Counters are reused across segments (generation stamps): a sequence of segments gives each its own counts.
  const counter = new NgramMatchCounter(4);
  const seq = [Int32Array.of(1, 2, 3, 1, 2), Int32Array.of(2, 2, 2), Int32Array.of(), Int32Array.of(1, 2, 3, 1, 2)];
  for (let k = 0; k < seq.length; k++) {
    const out = new Float64Array(10);
    counter.countInto(seq[k], [seq[(k + 1) % seq.length]], 4, out, 0);
    assert.deepEqual(out, counted(seq[k], [seq[(k + 1) % seq.length]], 4), `segment ${k}`);
  }
});

test('lines longer than the encoder\'s initial span buffers (256 words) count every word, on the spaced and the span path', () => {
  const words = Array.from({ length: 700 }, (_, i) => `w${i % 97}`);
  const items: Item[] = [{ id: 'long', output: words.join(' '), references: [words.slice(3).join('  ')] }, { id: 'short', output: 'w1 w2', references: ['w1 w2'] }];
  const none = bleu('bleu:tokenize=none').segmentStatistics(items);
  const t13a = bleu('bleu').segmentStatistics(items);
  assert.deepEqual(t13a, none);
  assert.equal(none[0], 700);
  assert.equal(none[1], 697);
  // the reference is the hypothesis without its first 3 words: every reference n-gram is in the hypothesis
  assert.deepEqual(Array.from(none.subarray(2, 6)), [697, 696, 695, 694]);
});

test('add-k smoothing reports the smoothed counts and totals in details, as sacreBLEU BLEUScore does', () => {
  // sacreBLEU: BLEU(smooth_method='add-k').corpus_score(['a b c'], [['a b d']]) -> counts [2, 2, 1, 1], totals [3, 3, 2, 1]
  const s = bleu('bleu:smooth=add-k').corpusScoreSync([{ id: '1', output: 'a b c', references: ['a b d'] }]);
  assert.deepEqual((s.details as BleuDetails).counts, [2, 2, 1, 1]);
  assert.deepEqual((s.details as BleuDetails).totals, [3, 3, 2, 1]);
});

// Words from a small alphabet, so that n-grams repeat and match often.
const sentence = fc.array(fc.constantFrom('the', 'cat', 'sat', 'on', 'mat', 'a', 'dog', '.', ',', '3.5', 'well-known', 'Ünïcödé', '中文'), { maxLength: 25 }).map((w) => w.join(' '));
const anyText = fc.string({ unit: 'binary', maxLength: 40 });

test('property: every score lies in [0, 100] and statistics are consistent, for any text and option', () => {
  fc.assert(
    fc.property(
      fc.oneof(sentence, anyText),
      fc.array(fc.oneof(sentence, anyText), { minLength: 1, maxLength: 3 }),
      fc.constantFrom('bleu', 'bleu:eff=true', 'bleu:tokenize=intl', 'bleu:tokenize=zh,smooth=floor', 'bleu:tokenize=char,smooth=add-k', 'bleu:tokenize=none,smooth=none,eff=true', 'bleu:lowercase=true,max-ngram-order=2'),
      (hyp, refs, spec) => {
        const s = bleu(spec);
        const [score] = s.scoreSync([{ id: 'p', output: hyp, references: refs }]);
        const v = score.value as number;
        assert.ok(v >= 0 && v <= 100 + 1e-9, `${spec}: ${v}`);
        const row = s.segmentStatistics([{ id: 'p', output: hyp, references: refs }]);
        const n = (s.statisticsWidth - 2) / 2;
        for (let i = 0; i < n; i++) {
          assert.ok(Number.isInteger(row[2 + i]) && row[2 + i] <= row[2 + n + i]);
          assert.equal(row[2 + n + i], Math.max(0, row[0] - i));
        }
      },
    ),
    { numRuns: 400 },
  );
});

test('property: a hypothesis identical to its reference scores 100 once it has 4 words', () => {
  fc.assert(
    fc.property(sentence.filter((s) => s.split(' ').length >= 4), fc.constantFrom('bleu', 'bleu:tokenize=intl', 'bleu:tokenize=none'), (text, spec) => {
      const v = bleu(spec).corpusScoreSync([{ id: 'p', output: text, references: [text] }]).value as number;
      assert.ok(Math.abs(v - 100) < 1e-9, `${spec}: ${v}`);
    }),
    { numRuns: 200 },
  );
});

test('property: corpus BLEU does not depend on segment order', () => {
  const items = itemsOf(hypLines('de-en', 'Borderline').slice(0, 60), [refLines('de-en', 'A').slice(0, 60), refLines('de-en', 'B').slice(0, 60)]);
  const s = bleu('bleu');
  const expected = s.corpusScoreSync(items).value;
  fc.assert(
    fc.property(fc.shuffledSubarray(items, { minLength: items.length, maxLength: items.length }), (shuffled) => {
      assert.equal(s.corpusScoreSync(shuffled).value, expected);
    }),
    { numRuns: 50 },
  );
  // and the corpus score is the score of the summed statistics rows
  assert.equal(s.scoreFromStatistics(sumStatistics(s.segmentStatistics(items), s.statisticsWidth)).value, expected);
});

const contractItems = itemsOf(hypLines('en-de', 'Facebook-AI').slice(0, 8), [refLines('en-de', 'A').slice(0, 8)]);
for (const spec of ['bleu', 'bleu:tokenize=intl,lowercase=true', 'bleu:eff=true,smooth=floor']) {
  runScorerContract({ create: createScorer, spec, items: contractItems });
}
