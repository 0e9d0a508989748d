// Rank statistics over sentence BLEU computed by trenchcoat itself (not read from the golden matrix) equal
// mt-metrics-eval's: the BLEU vector is bit-identical to the sacreBLEU vector mt-metrics-eval was fed, so ties fall
// the same way. With V8's Math.log/Math.exp about 14% of cells differed in the last bit and Kendall, acc23 and tau23
// moved (issue 8 §1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadMatrix, loadResults } from '../fixtures/metaeval/load.js';
import { hasShared, hypLines, refLines, sharedLines } from '../fixtures/wmt21/load.js';
import { MatrixCorrelation, type AverageBy, type AveragedCorrelation } from '../../src/stats/index.js';
import { createScorer, findScorerFactory, registerScorer } from '../../src/scorers/registry.js';
import { bleuFactory } from '../../src/scorers/lexical/bleu.js';
import type { StatisticsScorer } from '../../src/scorers/contract.js';

if (!findScorerFactory('bleu')) registerScorer(bleuFactory);

const matrix = loadMatrix();
const results = loadResults();
const FIXTURE_SYSTEMS = ['Facebook-AI', 'VolcTrans-AT', 'eTranslation', 'Online-W'];

function sentenceBleu(hyps: readonly string[], refs: readonly string[]): number[] {
  const scorer = createScorer('bleu:eff=true') as StatisticsScorer;
  return scorer.scoreSync(hyps.map((output, i) => ({ id: String(i + 1), output, references: [refs[i]] }))).map((s) => s.value as number);
}

function matrixColumn(system: string): Float64Array {
  const s = matrix.systems.indexOf(system);
  assert.ok(s >= 0, system);
  return matrix.metrics.bleu.subarray(s * matrix.numItems, (s + 1) * matrix.numItems);
}

test('our sentence BLEU of the 4 fixture systems is the matrix column mt-metrics-eval was fed, bit for bit', () => {
  const ref = refLines('en-de', 'A');
  let n = 0;
  for (const system of FIXTURE_SYSTEMS) {
    const ours = sentenceBleu(hypLines('en-de', system), ref);
    const theirs = matrixColumn(system);
    ours.forEach((v, i) => assert.ok(v === theirs[i], `${system} seg ${i + 1}: ${v} vs ${theirs[i]}`));
    n += ours.length;
  }
  assert.equal(n, 4 * 1002);
});

test('shared: rank statistics over our sentence BLEU of all 8 systems equal mt-metrics-eval exactly', (t) => {
  if (!hasShared()) {
    t.skip('../shared not present');
    return;
  }
  const ref = sharedLines('en-de', 'ref', 'A');
  const ours = new Float64Array(matrix.numSys * matrix.numItems);
  matrix.systems.forEach((system, s) => ours.set(sentenceBleu(sharedLines('en-de', 'hyp', system), ref), s * matrix.numItems));
  let differing = 0;
  ours.forEach((v, i) => (differing += v === matrix.metrics.bleu[i] ? 0 : 1));
  assert.equal(differing, 0, 'cells of our BLEU that differ from the sacreBLEU matrix');

  const seg = results.segment.bleu;
  const mc = new MatrixCorrelation(matrix.numSys, matrix.gold, ours);
  const same = (got: AveragedCorrelation, expected: number[], where: string) => {
    assert.equal(got[0], expected[0], `${where} corr`);
    assert.equal(got[2], expected[2], `${where} n`);
  };
  for (const avg of ['none', 'item', 'sys'] as AverageBy[]) {
    same(mc.kendall(avg, 'b'), seg[`kendall_b/${avg}`], `kendall_b/${avg}`);
    same(mc.kendall(avg, 'c'), seg[`kendall_c/${avg}`], `kendall_c/${avg}`);
    // Pearson and Spearman: the reference accumulates in another order (1e-9, as test/stats/wmt21-en-de.test.ts).
    for (const [m, got] of [['pearson', mc.pearson(avg)], ['spearman', mc.spearman(avg)]] as const) {
      assert.ok(Math.abs(got[0] - seg[`${m}/${avg}`][0]) <= 1e-9, `${m}/${avg}: ${got[0]} vs ${seg[`${m}/${avg}`][0]}`);
    }
  }
  for (const avg of ['none', 'item'] as AverageBy[]) {
    same(mc.kendallVariants(avg, 'acc23'), seg[`acc23/${avg}`], `acc23/${avg}`);
    same(mc.kendallVariants(avg, '23'), seg[`tau23/${avg}`], `tau23/${avg}`);
  }
  t.diagnostic(`${ours.length} of ${ours.length} sentence BLEU cells bit-identical to the mt-metrics-eval input`);
});
