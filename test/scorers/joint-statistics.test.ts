// Joint statistics (chrF and chrF++ counting character n-grams once) give every scorer exactly its own rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Item, Scorer, StatisticsScorer } from '../../src/scorers/contract.js';
import { createScorer } from '../../src/scorers/registry.js';
import '../../src/scorers/builtin.js';
import { BatchStatistics } from '../../src/scorers/joint-statistics.js';
import { scoreBatchParts } from '../../src/scoring.js';

const make = (spec: string): StatisticsScorer => createScorer(spec) as StatisticsScorer;

// small alphabet: shared n-grams and equal f-scores across references (the first reference must win) are common
const unit = fc.constantFrom('a', 'b', 'ab', 'Σ', 'σ', '😀', ' ', '\u00a0', '.', ',', '(', ')', '3', 'A');
const text = fc.string({ unit, maxLength: 30 });

function batches(nRefs: number) {
  return fc.array(fc.tuple(text, fc.array(text, { minLength: nRefs, maxLength: nRefs })), { minLength: 1, maxLength: 8 }).map((rows) =>
    rows.map(([output, references], i): Item => ({ id: String(i + 1), output, references })),
  );
}

test('jointStatisticsKey: chrF scorers agreeing on char order, case and whitespace share a key; beta, eps, word order do not matter', () => {
  const key = (spec: string) => make(spec).jointStatisticsKey;
  assert.equal(key('chrf'), key('chrf++'));
  assert.equal(key('chrf'), key('chrf++:beta=1,eps-smoothing=true'));
  assert.equal(key('chrf:word-order=3'), key('chrf++'));
  assert.notEqual(key('chrf'), key('chrf:char-order=4'));
  assert.notEqual(key('chrf'), key('chrf:lowercase=true'));
  assert.notEqual(key('chrf'), key('chrf:whitespace=true'));
  assert.equal(make('bleu').jointStatisticsKey, undefined);
});

for (const nRefs of [1, 3]) {
  test(`property (${nRefs} reference${nRefs > 1 ? 's' : ''}): every scorer's joint rows equal its own segmentStatistics`, () => {
    const specs = ['chrf', 'bleu', 'chrf++', 'chrf:beta=1', 'chrf++:eps-smoothing=true', 'chrf:word-order=3', 'chrf:lowercase=true', 'chrf++:lowercase=true', 'ter'];
    const scorers: Scorer[] = specs.map(make);
    // the same instance twice (its rows must not be shared by reference with the other use)
    scorers.push(scorers[0]);
    fc.assert(
      fc.property(batches(nRefs), (items) => {
        const joint = new BatchStatistics(items, scorers);
        scorers.forEach((s, k) => {
          const own = (s as StatisticsScorer).segmentStatistics(items);
          assert.deepEqual(Array.from(joint.statisticsOf(k)), Array.from(own), `${specs[k] ?? 'chrf again'}`);
        });
      }),
      { numRuns: 150 },
    );
  });
}

test('scoreBatchParts with chrF and chrF++: the same statistics as each scorer alone, in scorer order', async () => {
  const items: Item[] = [
    { id: '1', output: 'Die Katze sitzt (auf) der Matte.', references: ['Die Katze saß auf der Matte.', 'Eine Katze sitzt auf der Matte!'] },
    { id: '2', output: 'Hallo, Welt', references: ['Hallo Welt', 'Hallo, Welt'] },
  ];
  const scorers = [make('chrf++'), make('chrf'), make('chrf:beta=3')];
  const parts = await scoreBatchParts(items, scorers);
  scorers.forEach((s, k) => assert.deepEqual(Array.from(parts[k].stats!), Array.from(s.segmentStatistics(items))));
});

test('a batch error surfaces at the first scorer of the group, as when each scorer runs alone', () => {
  const items: Item[] = [{ id: 'x7', output: 'a', references: [] }];
  const scorers = [make('chrf++'), make('chrf')];
  assert.throws(() => new BatchStatistics(items, scorers).statisticsOf(0), /chrf\+\+: item x7 has no references/);
});

test('jointSegmentStatistics refuses a scorer with another key instead of computing wrong rows', () => {
  const chrf = make('chrf');
  assert.throws(() => chrf.jointSegmentStatistics!([], [chrf, make('chrf:char-order=4')]), /does not share/);
});
