// chrF / chrF++ parity with sacreBLEU 2.6.0: WMT21 goldens, the official WMT21 chrF table, a sacreBLEU-computed
// edge-case table, a naive differential oracle under fast-check, and the shared scorer contract.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { Item, StatisticsScorer } from '../../../src/scorers/contract.js';
import { createScorer, findScorerFactory, registerScorer } from '../../../src/scorers/registry.js';
import { SpecError } from '../../../src/scorers/spec.js';
import { SIGNATURE_VERSION } from '../../../src/version.js';
import { Chrf, chrfFactory, chrfFScore, chrfPlusPlusFactory } from '../../../src/scorers/lexical/chrf.js';
import { pySplit, removePyWhitespace } from '../../../src/scorers/lexical/text.js';
import {
  corpusGoldens,
  DE_EN_SYSTEMS,
  EN_DE_SYSTEMS,
  FIXTURE_DIR,
  hasShared,
  hypLines,
  REFS,
  refLines,
  sentenceGoldens,
  SHARED_DIR,
  sharedLines,
} from '../../fixtures/wmt21/load.js';
import { runScorerContract } from '../contract-suite.js';
import { ngramCounts, overlapTriple } from '../../helpers/naive-ngrams.js';

for (const f of [chrfFactory, chrfPlusPlusFactory]) if (!findScorerFactory(f.name)) registerScorer(f);

const CHRF_FIXTURES = path.resolve(FIXTURE_DIR, '../chrf');
const make = (spec: string): StatisticsScorer => createScorer(spec) as StatisticsScorer;

function itemsOf(hyps: readonly string[], refSets: readonly (readonly string[])[]): Item[] {
  return hyps.map((h, i) => ({ id: String(i + 1), output: h, references: refSets.map((r) => r[i]) }));
}

/** Our signature for a sacreBLEU signature body (`nrefs:1|…|version:2.6.0`) and name (`chrF2++`). */
function ourSignature(name: string, sacrebleuSignature: string): string {
  return `${name}|${sacrebleuSignature.replace(/version:2\.6\.0$/, `version:${SIGNATURE_VERSION}`)}`;
}

const METRIC_SPEC: Record<string, string> = { chrf: 'chrf', chrfpp: 'chrf++' };
const METRIC_NAME: Record<string, string> = { chrf: 'chrF2', chrfpp: 'chrF2++' };

// ---------------------------------------------------------------- WMT21 goldens (fixture slice, always run)

test('fixture corpus goldens: chrF and chrF++, reference A and all references, equal sacreBLEU bit for bit', () => {
  let n = 0;
  for (const g of corpusGoldens()) {
    if (!(g.metric in METRIC_SPEC)) continue;
    const scorer = make(METRIC_SPEC[g.metric]);
    const items = itemsOf(hypLines(g.lp, g.system), g.refs.map((r) => refLines(g.lp, r)));
    const label = `${g.lp} ${g.system} refs=${g.refs.join('')} ${g.metric}`;
    assert.equal(scorer.corpusScoreSync(items).value, g.score, label);
    assert.equal(scorer.signature({ nrefs: g.refs.length }), ourSignature(METRIC_NAME[g.metric], g.signature), label);
    n++;
  }
  assert.equal(n, 24); // 6 systems x {A, all} x {chrf, chrfpp}
});

test('VolcTrans-AT chrF against ref A is 59.54338756923051: the refs hold U+00A0, which str.split() removes', () => {
  const refA = refLines('en-de', 'A');
  assert.ok(refA.some((l) => l.includes('\u00a0')), 'the fixture reference still contains no-break spaces');
  const items = itemsOf(hypLines('en-de', 'VolcTrans-AT'), [refA]);
  assert.equal(make('chrf').corpusScoreSync(items).value, 59.54338756923051);
});

test('fixture sentence goldens: sentence chrF and chrF++ against ref A for every fixture segment', () => {
  let n = 0;
  for (const [lp, systems] of [['en-de', EN_DE_SYSTEMS], ['de-en', DE_EN_SYSTEMS]] as const) {
    const goldens = sentenceGoldens(lp);
    const refA = refLines(lp, 'A');
    for (const system of systems) {
      const items = itemsOf(hypLines(lp, system), [refA]);
      const chrf = make('chrf').scoreSync(items);
      const chrfpp = make('chrfpp').scoreSync(items);
      const rows = goldens.filter((g) => g.system === system);
      assert.equal(rows.length, items.length, `${lp} ${system} golden rows`);
      for (const g of rows) {
        assert.equal(chrf[g.seg - 1].value, g.chrf, `${lp} ${system} seg ${g.seg} chrf`);
        assert.equal(chrfpp[g.seg - 1].value, g.chrfpp, `${lp} ${system} seg ${g.seg} chrfpp`);
        n += 2;
      }
    }
  }
  assert.equal(n, 2 * (4 * 1002 + 2 * 1000));
});

// ---------------------------------------------------------------- official WMT21 automatic scores

interface OfficialRow {
  pair: string;
  system: string;
  metric: string;
  score: number;
}

function officialChrfRows(file: string): OfficialRow[] {
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const header = lines[0].split('\t');
  const col = (name: string) => header.indexOf(name);
  return lines
    .slice(1)
    .map((l) => l.split('\t'))
    .map((c) => ({ pair: c[col('pair')], system: c[col('system')], metric: c[col('metric')], score: Number(c[col('score')]) }))
    .filter((r) => r.metric.startsWith('chrf-') && (r.pair === 'en-de' || r.pair === 'de-en'));
}

/** `chrf-all` uses every reference of the pair in the order A, C, D (en-de) / A, B (de-en); `chrf-X` uses ref X. */
function officialRefs(row: OfficialRow): string[] {
  const which = row.metric.slice('chrf-'.length);
  return which === 'all' ? REFS[row.pair] : [which];
}

/** The official table was made with sacreBLEU's same float operations, so the values agree to the last bit. */
function checkOfficial(rows: OfficialRow[], hyp: (lp: string, sys: string) => string[], ref: (lp: string, r: string) => string[]): void {
  const scorer = make('chrf');
  for (const row of rows) {
    const items = itemsOf(hyp(row.pair, row.system), officialRefs(row).map((r) => ref(row.pair, r)));
    assert.equal(scorer.corpusScoreSync(items).value, row.score, `${row.pair} ${row.system} ${row.metric}`);
  }
}

test('official WMT21 chrF (scores/automatic-scores.tsv) for the fixture systems: every reference and chrf-all', () => {
  const rows = officialChrfRows(path.join(CHRF_FIXTURES, 'automatic-scores.chrf.tsv'));
  assert.equal(rows.length, 22); // 4 en-de systems x {A, C, D, all} + 2 de-en systems x {A, B, all}
  checkOfficial(rows, hypLines, refLines);
});

// ---------------------------------------------------------------- the full shared goldens (developer machines)

const shared = new Map<string, string[]>();
function sharedText(lp: string, kind: 'hyp' | 'ref', name: string): string[] {
  const key = `${lp}/${kind}/${name}`;
  let lines = shared.get(key);
  if (!lines) shared.set(key, (lines = sharedLines(lp, kind, name)));
  return lines;
}

test('shared goldens: every chrf/chrfpp row of golden/lexical/corpus-scores.jsonl', (t) => {
  if (!hasShared()) return t.skip('../shared not present');
  let n = 0;
  for (const g of corpusGoldens(true)) {
    if (!(g.metric in METRIC_SPEC)) continue;
    const items = itemsOf(sharedText(g.lp, 'hyp', g.system), g.refs.map((r) => sharedText(g.lp, 'ref', r)));
    const scorer = make(METRIC_SPEC[g.metric]);
    const label = `${g.lp} ${g.system} refs=${g.refs.join('')} ${g.metric}`;
    assert.equal(scorer.corpusScoreSync(items).value, g.score, label);
    assert.equal(scorer.signature({ nrefs: g.refs.length }), ourSignature(METRIC_NAME[g.metric], g.signature), label);
    n++;
  }
  assert.equal(n, 156); // (20 en-de + 19 de-en systems) x {A, all} x {chrf, chrfpp}
});

test('shared goldens: every sentence chrF and chrF++ value of both language pairs', (t) => {
  if (!hasShared()) return t.skip('../shared not present');
  let n = 0;
  for (const lp of ['en-de', 'de-en']) {
    const bySystem = new Map<string, ReturnType<typeof sentenceGoldens>>();
    for (const g of sentenceGoldens(lp, true)) {
      const rows = bySystem.get(g.system) ?? [];
      rows.push(g);
      bySystem.set(g.system, rows);
    }
    const refA = sharedText(lp, 'ref', 'A');
    for (const [system, rows] of bySystem) {
      const items = itemsOf(sharedText(lp, 'hyp', system), [refA]);
      const chrf = make('chrf').scoreSync(items);
      const chrfpp = make('chrf++').scoreSync(items);
      for (const g of rows) {
        assert.equal(chrf[g.seg - 1].value, g.chrf, `${lp} ${system} seg ${g.seg} chrf`);
        assert.equal(chrfpp[g.seg - 1].value, g.chrfpp, `${lp} ${system} seg ${g.seg} chrfpp`);
        n += 2;
      }
    }
  }
  assert.equal(n, 2 * (20 * 1002 + 19 * 1000));
});

test('shared: every official WMT21 chrF value for en-de and de-en in automatic-scores.tsv', (t) => {
  if (!hasShared()) return t.skip('../shared not present');
  const rows = officialChrfRows(path.join(SHARED_DIR, 'data/wmt21-news-systems/scores/automatic-scores.tsv'));
  assert.equal(rows.length, 137);
  checkOfficial(
    rows,
    (lp, sys) => sharedText(lp, 'hyp', sys),
    (lp, r) => sharedText(lp, 'ref', r),
  );
});

// ---------------------------------------------------------------- edge cases computed by python sacrebleu 2.6.0

interface EdgeCases {
  sacrebleu: string;
  cases: { name: string; hyp: string; refs: string[] }[];
  configs: { spec: string; signature: string; name: string }[];
  sentence: { case: number; spec: string; score: number; stats: number[] }[];
  corpus: { cases: number[]; spec: string; score: number }[];
}

// Produced by test/fixtures/chrf/make-edge-cases.py (CHRF(...).sentence_score / corpus_score /
// _extract_corpus_statistics); see the README there. Expected values are sacreBLEU's, never ours.
const EDGE: EdgeCases = JSON.parse(readFileSync(path.join(CHRF_FIXTURES, 'edge-cases.json'), 'utf8'));

test('edge-case table: sentence scores and statistics rows equal sacreBLEU 2.6.0 for every case and option set', () => {
  assert.equal(EDGE.sacrebleu, '2.6.0');
  const scorers = new Map(EDGE.configs.map((c) => [c.spec, make(c.spec)]));
  for (const e of EDGE.sentence) {
    const c = EDGE.cases[e.case];
    const scorer = scorers.get(e.spec) as StatisticsScorer;
    const item: Item = { id: 'x', output: c.hyp, references: c.refs };
    const label = `[${e.spec}] ${c.name}`;
    assert.deepEqual(Array.from(scorer.segmentStatistics([item])), e.stats, `${label}: statistics`);
    assert.equal(scorer.scoreSync([item])[0].value, e.score, `${label}: score`);
  }
  assert.equal(EDGE.sentence.length, EDGE.cases.length * EDGE.configs.length);
});

test('edge-case table: corpus scores over the single- and two-reference cases', () => {
  for (const e of EDGE.corpus) {
    const cases = e.cases.map((k) => EDGE.cases[k]);
    const items = cases.map((c, i) => ({ id: String(i), output: c.hyp, references: c.refs }));
    assert.equal(make(e.spec).corpusScoreSync(items).value, e.score, `[${e.spec}] corpus of ${cases.length}`);
  }
});

test('edge-case table: names and signatures follow sacreBLEU (chrF<beta> plus one "+" per word order; eff:no iff eps)', () => {
  for (const c of EDGE.configs) {
    assert.equal(make(c.spec).signature({ nrefs: 1 }), ourSignature(c.name, c.signature), c.spec);
  }
});

test('equal sentence f-scores keep the FIRST reference (strict >), which changes the corpus statistics', () => {
  // 'aaa' and 'abbb' give hypothesis 'abca' the same f-score (20.833333333333332) from different statistics
  const s = make('chrf');
  const a = s.segmentStatistics([{ id: '1', output: 'abca', references: ['aaa', 'abbb'] }]);
  const b = s.segmentStatistics([{ id: '1', output: 'abca', references: ['abbb', 'aaa'] }]);
  assert.equal(s.scoreFromStatistics(a).value, s.scoreFromStatistics(b).value);
  assert.deepEqual(Array.from(a), Array.from(s.segmentStatistics([{ id: '1', output: 'abca', references: ['aaa'] }])));
  assert.deepEqual(Array.from(b), Array.from(s.segmentStatistics([{ id: '1', output: 'abca', references: ['abbb'] }])));
  assert.notDeepEqual(Array.from(a), Array.from(b));
});

test('a very long line does not disturb the segments scored after it (the n-gram table shrinks back)', () => {
  const long = EDGE.cases.find((c) => c.name === 'very long line');
  assert.ok(long && long.hyp.length > 10000);
  for (const spec of ['chrf', 'chrf++']) {
    const s = make(spec);
    const short: Item = { id: 's', output: 'Der Hund bellt.', references: ['Der Hund bellte laut.'] };
    const alone: number | null = s.scoreSync([short])[0].value;
    const after: number | null = s.scoreSync([{ id: 'l', output: long.hyp, references: long.refs }, short])[1].value;
    assert.equal(after, alone, spec);
  }
});

// ---------------------------------------------------------------- spec strings and options

test('spec strings: canonical form lists only non-defaults, chrf++ is chrF with word order 2, aliases resolve', () => {
  const cases: [string, string][] = [
    ['chrf', 'chrf'],
    ['chrf++', 'chrf++'],
    ['chrfpp', 'chrf++'],
    ['chrf:word-order=2', 'chrf++'],
    ['chrf++:word-order=0', 'chrf'],
    ['chrf++:word-order=1', 'chrf:word-order=1'],
    ['CHRF:beta=3,char_order=4', 'chrf:char-order=4,beta=3'],
    ['chrf:char-order=6,beta=2,lowercase=false', 'chrf'],
    ['chrf++:eps-smoothing=yes,whitespace=1,lowercase=true', 'chrf++:lowercase=true,whitespace=true,eps-smoothing=true'],
    ['chrf:char-order=0,word-order=2', 'chrf++:char-order=0'],
  ];
  for (const [spec, canonical] of cases) {
    const s = createScorer(spec);
    assert.equal(s.spec(), canonical, spec);
    assert.equal(createScorer(s.spec()).signature({ nrefs: 2 }), s.signature({ nrefs: 2 }), spec);
  }
  assert.equal(createScorer('chrf').id, 'chrf');
  assert.equal(createScorer('chrfpp').id, 'chrf++');
});

test('signatures: the sacreBLEU field set and order, with nrefs from the context', () => {
  assert.equal(
    createScorer('chrf').signature({ nrefs: 1 }),
    `chrF2|nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:${SIGNATURE_VERSION}`,
  );
  assert.equal(
    createScorer('chrf++:lowercase=true,whitespace=true,eps-smoothing=true').signature({ nrefs: 3 }),
    `chrF2++|nrefs:3|case:lc|eff:no|nc:6|nw:2|space:yes|version:${SIGNATURE_VERSION}`,
  );
  assert.match(createScorer('chrf').signature(), /\|nrefs:\?\|/);
});

test('bad options are refused with a SpecError naming the problem', () => {
  assert.throws(() => createScorer('chrf:order=3'), (e: unknown) => e instanceof SpecError && /unknown option "order"/.test(e.message));
  assert.throws(() => createScorer('chrf:char-order=-1'), /must be >= 0/);
  assert.throws(() => createScorer('chrf:beta=1.5'), /integer/);
  assert.throws(() => createScorer('chrf:lowercase=maybe'), /true or false/);
  // sacreBLEU returns 0.0 (or divides by zero with eps smoothing) when there is no order at all
  assert.throws(() => createScorer('chrf:char-order=0'), (e: unknown) => e instanceof SpecError && /both be 0/.test(e.message));
  assert.throws(() => new Chrf({ charOrder: 0, wordOrder: 0 }), RangeError);
});

// ---------------------------------------------------------------- properties

const PUNCT = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
/** Small alphabets make repeated and shared n-grams likely; whitespace, punctuation and astral characters included. */
const unit = fc.constantFrom('a', 'b', 'c', 'ab', 'Σ', 'σ', '😀', '𝒳', ' ', ' ', '\u00a0', '\x1c', '\u3000', '.', ',', '(', ')', '-', '$', '3');
const text = fc.string({ unit, maxLength: 40 });

/** Naive chrF statistics, straight from the definition with string n-grams: the oracle for the interning code. */
function naiveStats(hyp: string, ref: string, nc: number, nw: number, keepWhitespace: boolean): number[] {
  const chars = (s: string) => Array.from(keepWhitespace ? s : removePyWhitespace(s));
  const words = (s: string) =>
    pySplit(s).flatMap((w) => {
      const cps = Array.from(w);
      if (cps.length === 1) return [w];
      if (PUNCT.includes(cps[cps.length - 1])) return [cps.slice(0, -1).join(''), cps[cps.length - 1]];
      if (PUNCT.includes(cps[0])) return [cps[0], cps.slice(1).join('')];
      return [w];
    });
  const out: number[] = [];
  const add = (h: Map<string, number>, r: Map<string, number>) => out.push(...overlapTriple(h, r));
  for (let n = 1; n <= nc; n++) add(ngramCounts(chars(hyp), n, ''), ngramCounts(chars(ref), n, ''));
  for (let n = 1; n <= nw; n++) add(ngramCounts(words(hyp), n, ' '), ngramCounts(words(ref), n, ' '));
  return out;
}

test('property: statistics equal a naive string-n-gram count for random Unicode text (chrF, chrF++, whitespace)', () => {
  const configs = [
    { spec: 'chrf', nc: 6, nw: 0, ws: false },
    { spec: 'chrf++', nc: 6, nw: 2, ws: false },
    { spec: 'chrf:char-order=3,word-order=3,whitespace=true', nc: 3, nw: 3, ws: true },
  ];
  for (const c of configs) {
    const s = make(c.spec);
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text), { minLength: 1, maxLength: 6 }), (pairs) => {
        // several segments per call so the reused workspace is exercised between segments
        const items = pairs.map(([h, r], i) => ({ id: String(i), output: h, references: [r] }));
        const stats = s.segmentStatistics(items);
        const w = s.statisticsWidth;
        pairs.forEach(([h, r], i) => assert.deepEqual(Array.from(stats.subarray(i * w, (i + 1) * w)), naiveStats(h, r, c.nc, c.nw, c.ws)));
      }),
      { numRuns: 300 },
    );
  }
});

test('property: scores lie in 0..100; with several references the sentence score is the best single-reference score', () => {
  for (const spec of ['chrf', 'chrf++', 'chrf:eps-smoothing=true', 'chrf++:whitespace=true,beta=1']) {
    const s = make(spec);
    fc.assert(
      fc.property(text, text, text, (h, r1, r2) => {
        const both = s.scoreSync([{ id: 'x', output: h, references: [r1, r2] }])[0].value as number;
        const one = s.scoreSync([{ id: 'x', output: h, references: [r1] }])[0].value as number;
        const two = s.scoreSync([{ id: 'x', output: h, references: [r2] }])[0].value as number;
        assert.ok(both >= 0 && both <= 100, `${spec}: ${both}`);
        assert.equal(both, Math.max(one, two));
      }),
      { numRuns: 200 },
    );
  }
});

test('property: batches with 1, 3, then 2 references per segment on one scorer give the rows a fresh scorer gives', () => {
  for (const spec of ['chrf', 'chrf++']) {
    const s = make(spec);
    const batch = (nRefs: number) => fc.array(fc.tuple(text, fc.array(text, { minLength: nRefs, maxLength: nRefs })), { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(batch(1), batch(3), batch(2), (...batches) => {
        for (const segs of batches) {
          // a batch needs one reference count; the workspace's reference buffers are reused across counts
          const items = segs.map(([h, refs], i) => ({ id: String(i), output: h, references: refs }));
          assert.deepEqual(Array.from(s.segmentStatistics(items)), Array.from(make(spec).segmentStatistics(items)));
        }
      }),
      { numRuns: 200 },
    );
  }
});

test('property: a hypothesis identical to its reference scores exactly 100 (0 when it has no characters at all)', () => {
  for (const spec of ['chrf', 'chrf++', 'chrf:char-order=4,beta=1,lowercase=true']) {
    const s = make(spec);
    fc.assert(
      fc.property(text, (t) => {
        const v = s.scoreSync([{ id: 'x', output: t, references: [t] }])[0].value;
        assert.equal(v, removePyWhitespace(t) === '' ? 0 : 100);
      }),
      { numRuns: 300 },
    );
  }
});

test('property: the corpus score does not depend on the order of the segments', () => {
  const s = make('chrf++');
  fc.assert(
    fc.property(fc.array(fc.tuple(text, text, fc.double({ noNaN: true })), { minLength: 1, maxLength: 12 }), (rows) => {
      const items = rows.map(([h, r], i) => ({ id: String(i), output: h, references: [r] }));
      const shuffled = rows
        .map(([h, r, key], i) => ({ key, item: { id: String(i), output: h, references: [r] } }))
        .sort((a, b) => a.key - b.key)
        .map((x) => x.item);
      assert.equal(s.corpusScoreSync(shuffled).value, s.corpusScoreSync(items).value);
    }),
    { numRuns: 200 },
  );
});

test('chrfFScore: statistics with no n-gram on either side give 0 in effective-order mode', () => {
  assert.equal(chrfFScore(new Float64Array(18), 0, 6, 2, false), 0);
  assert.equal(chrfFScore([3, 3, 3, 0, 0, 0], 0, 2, 2, false), 100);
});

// ---------------------------------------------------------------- the shared scorer contract

const contractItems = itemsOf(hypLines('en-de', 'Facebook-AI').slice(0, 8), [
  refLines('en-de', 'A').slice(0, 8),
  refLines('en-de', 'C').slice(0, 8),
]);
for (const spec of ['chrf', 'chrf++', 'chrf:char-order=4,beta=1,lowercase=true']) {
  runScorerContract({ create: createScorer, spec, items: contractItems });
}

test('lines long and varied enough for the hashed fallbacks (spelling and n-gram key tables over 2^20 keys) count exactly', () => {
  // 400 distinct letters and ~6,000 characters: (length + 1) × V and distinct prefixes × V both exceed 2^20
  let seed = 7;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const word = () => Array.from({ length: 1 + Math.floor(rand() * 6) }, () => String.fromCodePoint(0x400 + Math.floor(rand() * 400))).join('');
  const line = (n: number) => Array.from({ length: n }, word).join(' ');
  const hyp = line(1500);
  const ref = `${hyp.slice(0, 3000)} ${line(800)}`;
  for (const [spec, nc, nw] of [['chrf', 6, 0], ['chrf++', 6, 2]] as const) {
    const stats = make(spec).segmentStatistics([{ id: '1', output: hyp, references: [ref] }]);
    assert.deepEqual(Array.from(stats), naiveStats(hyp, ref, nc, nw, false), spec);
  }
});
