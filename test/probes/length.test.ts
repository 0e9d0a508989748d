import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  goldWinner,
  groupIndicesBy,
  lengthsSimilar,
  preferenceLengthReport,
  preferencePairsLengthReport,
  withinItemLengthCorrelation,
} from '../../src/probes/length.js';
import { predictPreferences } from '../../src/probes/predict.js';
import { importHhRlhf } from '../../src/judgments/importers/hh-rlhf.js';
import { createScorer } from '../../src/scorers/registry.js';
import '../../src/scorers/builtin.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const FIX = path.join(here, '../fixtures/probes');
const SHARED = path.resolve(here, '../../../shared');
const expected = JSON.parse(readFileSync(path.join(FIX, 'expected.json'), 'utf8'));

test('similar length: within 10% of the longer output by default, or an absolute allowance', () => {
  assert.equal(lengthsSimilar(1000, 910), true); // Δ 90 ≤ 100
  assert.equal(lengthsSimilar(1000, 899), false); // Δ 101 > 100
  assert.equal(lengthsSimilar(100, 85), false); // Δ 15 > 10
  assert.equal(lengthsSimilar(100, 85, { chars: 20 }), true);
  assert.equal(lengthsSimilar(100, 85, { relative: 0.2 }), true);
  assert.equal(lengthsSimilar(0, 0), true);
});

test('gold winners of hard and soft labels', () => {
  assert.deepEqual(['a', 'b', 'tie', 0.7, 0.2, 0.5].map((l) => goldWinner(l as never)), ['a', 'b', null, 'a', 'b', null]);
});

test('within-item correlation: hand-checked groups, undefined items skipped, abstentions dropped', () => {
  const r = withinItemLengthCorrelation([
    { lengths: [10, 20, 30], scores: [1, 2, 3] }, // rho = tau = 1
    { lengths: [10, 20, 30, 40], scores: [4, 3, 2, 1] }, // rho = tau = −1
    { lengths: [10, 20, 30], scores: [1, 3, 2] }, // rho = 0.5, tau = 1/3
    { lengths: [5, 5, 5], scores: [1, 2, 3] }, // constant lengths: undefined
    { lengths: [10, 20, 30], scores: [1, NaN, 5] }, // abstention dropped: two points, rho = tau = 1
  ]);
  assert.equal(r.items, 4);
  assert.equal(r.skipped, 1);
  assert.ok(Math.abs(r.spearman - (1 - 1 + 0.5 + 1) / 4) < 1e-15);
  assert.ok(Math.abs(r.kendall - (1 - 1 + 1 / 3 + 1) / 4) < 1e-15);
  assert.deepEqual(groupIndicesBy(['x', 'y', 'x', 'z', 'y']), [[0, 2], [1, 4], [3]]);
});

test('preference report on five hand-made pairs', () => {
  // pair: lenA lenB gold predicted
  //  0: 100  50  a   1     chosen longer, right
  //  1:  50 100  a   0     chosen shorter, wrong (picked the longer)
  //  2: 100  95  b   0.5   chosen (b) shorter but similar; predicted tie → ½
  //  3:  80  80  a   NaN   equal length; abstained
  //  4:  10  30  tie 1     no gold winner: left out
  const r = preferenceLengthReport({
    lengthA: [100, 50, 100, 80, 10],
    lengthB: [50, 100, 95, 80, 30],
    labels: ['a', 'a', 'b', 'a', 'tie'],
    predicted: [1, 0, 0.5, NaN, 1],
  });
  assert.equal(r.pairs, 5);
  assert.equal(r.decisive, 4);
  assert.deepEqual(r.buckets, { longer: 1, shorter: 1, similar: 2 });
  assert.equal(r.baselines.preferLonger, 1 / 4); // pair 0
  assert.equal(r.baselines.preferShorter, 2 / 4); // pairs 1, 2
  assert.equal(r.baselines.equalLength, 1);
  const s = r.scorer!;
  assert.equal(s.abstained, 1);
  assert.equal(s.accuracy, 1.5 / 3);
  assert.deepEqual(s.byBucket.longer, { n: 1, credit: 1, accuracy: 1 });
  assert.deepEqual(s.byBucket.shorter, { n: 1, credit: 0, accuracy: 0 });
  assert.deepEqual(s.byBucket.similar, { n: 1, credit: 0.5, accuracy: 0.5 });
  assert.equal(s.lengthMatched, 0.5);
  assert.equal(s.lengthBalanced, 0.5);
  assert.equal(s.prefersLonger, 1); // pairs 0 and 1: picked 100 over 50 both times
});

test('hh-rlhf harmless-base slice (600 pairs): length baselines and the length scorer, against a Python side-by-side', async () => {
  const prefs = await importHhRlhf(path.join(FIX, 'hh-rlhf-harmless-base-test.slice600.jsonl.gz'));
  const e = expected.hh;
  assert.equal(prefs.pairs.length, e.n);
  assert.equal(prefs.pairs.filter((p) => p.meta?.prefixMismatch).length, 5);
  const scorer = createScorer('length');
  const predicted = await predictPreferences(scorer, prefs.pairs);
  const r = preferencePairsLengthReport(prefs.pairs, { predicted });
  assert.equal(r.decisive, e.n);
  assert.equal(r.baselines.preferLonger, e.preferLonger);
  assert.equal(r.baselines.preferShorter, e.preferShorter);
  assert.equal(r.baselines.equalLength, e.equal);
  assert.deepEqual(r.buckets, e.buckets);
  const s = r.scorer!;
  assert.equal(s.accuracy, e.lengthScorer.accuracy);
  for (const b of ['longer', 'shorter', 'similar'] as const) {
    assert.equal(s.byBucket[b].n, e.lengthScorer.byBucket[b].n);
    assert.equal(s.byBucket[b].credit, e.lengthScorer.byBucket[b].credit);
  }
  assert.equal(s.prefersLonger, e.lengthScorer.prefersLonger);
  // "prefer shorter" under a lower-is-better length scorer mirrors it
  const shorter = await predictPreferences(createScorer('length:direction=lower'), prefs.pairs);
  for (let i = 0; i < shorter.length; i++) assert.equal(shorter[i], 1 - predicted[i]);
});

test('full hh-rlhf harmless-base test: prefer-longer 44.25%, prefer-shorter 55.28%, 11 equal (published anchors)', async (t) => {
  const file = path.join(SHARED, 'data/hh-rlhf/harmless-base/test.jsonl.gz');
  if (!existsSync(file)) {
    t.skip('../shared not present');
    return;
  }
  const prefs = await importHhRlhf(file);
  const r = preferencePairsLengthReport(prefs.pairs);
  assert.equal(r.decisive, 2312);
  assert.equal(r.baselines.preferLonger, 1023 / 2312);
  assert.equal(r.baselines.preferShorter, 1278 / 2312);
  assert.equal(r.baselines.equalLength, 11);
  assert.equal((r.baselines.preferLonger * 100).toFixed(2), '44.25');
  assert.equal((r.baselines.preferShorter * 100).toFixed(2), '55.28');
});
