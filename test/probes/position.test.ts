import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWinner, positionProbe, twoOrderRunsFromOutcomes } from '../../src/probes/position.js';
import { compareBothOrders } from '../../src/probes/predict.js';
import type { PairOutcome, PairwiseScorer, Pair, ComparePairsOptions, PairVerdict } from '../../src/scorers/pairwise.js';
import type { Preference } from '../../src/judgments/types.js';
import { llmbarSettings } from '../fixtures/rm/load.js';

/** A judge that always picks whichever output is shown first: the pure first-position bias. */
function firstSlotJudge(): PairwiseScorer {
  return {
    id: 'first-slot',
    family: 'judge',
    mode: 'pairwise',
    needs: {},
    direction: 'higher',
    range: [0, 1],
    spec: () => 'first-slot',
    signature: () => 'first-slot',
    score: async () => {
      throw new Error('pairs only');
    },
    corpusScore: async () => {
      throw new Error('pairs only');
    },
    async comparePairs(pairs: readonly Pair[], opts?: ComparePairsOptions): Promise<PairOutcome[]> {
      return pairs.map(() => {
        const first: PairVerdict = 'a';
        if (!opts?.bothOrders) return { pA: 1, first };
        // b shown first and picked: in the pair's terms that is 'b'
        return { pA: 0.5, first, second: 'b' };
      });
    },
  };
}

test('a judge that always picks the first slot: fully inconsistent, all first-position bias', async () => {
  const pairs: Preference[] = [
    { id: '0', prompt: 'q', a: 'x', b: 'y', label: 'a' },
    { id: '1', prompt: 'q', a: 'x', b: 'y', label: 'b' },
    { id: '2', prompt: 'q', a: 'x', b: 'y', label: 'tie' },
  ];
  const outcomes = await compareBothOrders(firstSlotJudge(), pairs);
  const { runs, dropped } = twoOrderRunsFromOutcomes(outcomes, pairs.map((p) => p.label));
  assert.deepEqual(dropped, [2]);
  const r = positionProbe(runs, { resamples: 200 });
  assert.equal(r.n, 2);
  assert.equal(r.consistency, 0);
  assert.equal(r.firstPositionBias, 1);
  assert.equal(r.secondPositionBias, 0);
  assert.equal(r.accuracyInconsistentHalf, 0.5);
  assert.equal(r.accuracyInconsistentWrong, 0);
  assert.deepEqual([r.intervals.firstPositionBias.lower, r.intervals.firstPositionBias.upper], [1, 1]);
});

test('one-order outcomes are refused', () => {
  assert.throws(() => twoOrderRunsFromOutcomes([{ pA: 1, first: 'a' }], ['a']), /both/);
});

test('winner spellings', () => {
  assert.deepEqual([1, '1', 'a', 'A', 2, '2', 'b', 'B', null, '-', 0].map(parseWinner), [1, 1, 1, 1, 2, 2, 2, 2, null, null, null]);
});

test('LLMBar evaluator settings: outcomes → runs → probe reproduce the published correct_both and equal counts', () => {
  // test/fixtures/rm/llmbar.json.gz (princeton-nlp/LLMBar, MIT): per setting, labels and the two-order winners.
  const verdict = (c: string): PairVerdict => (c === '1' ? 'a' : c === '2' ? 'b' : null);
  let checked = 0;
  for (const s of llmbarSettings()) {
    const outcomes: PairOutcome[] = [...s.original].map((c, i) => ({ pA: null, first: verdict(c), second: verdict(s.swapped[i]) }));
    const labels = [...s.labels].map((c) => (c === '1' ? 'a' : 'b') as 'a' | 'b');
    const { runs } = twoOrderRunsFromOutcomes(outcomes, labels);
    const r = positionProbe(runs, { resamples: 50 });
    const count = (field: string) => Number(String(s.statistics[field]).split(' / ')[0]);
    assert.equal(r.correctBoth, count('correct_both'), s.path);
    assert.equal(r.equal, count('equal'), s.path);
    assert.equal(r.correctOriginal, count('correct_False'), s.path);
    assert.equal(r.correctSwapped, count('correct_True'), s.path);
    assert.equal(r.accuracyInconsistentWrong, r.correctBoth / r.n);
    assert.ok(r.intervals.consistency.lower <= r.consistency && r.consistency <= r.intervals.consistency.upper);
    checked++;
  }
  assert.equal(checked, 70);
});
