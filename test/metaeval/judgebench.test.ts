import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import {
  flipDecision,
  judgeBenchAccuracy,
  judgeBenchCategory,
  judgeBenchPairOutcome,
  rewardModelDecision,
  type JudgeBenchPair,
} from '../../src/metaeval/judgebench.js';
import { hasShared, readGzJson, sharedPath } from '../fixtures/rm/load.js';

test('two-game vote: flip the swapped game, +1 for the label, −1 for its flip', () => {
  assert.equal(flipDecision('A>B'), 'B>A');
  assert.equal(flipDecision('A=B'), 'A=B');
  assert.equal(flipDecision(null), null);
  // swapped game says B>A in its own order = A>B in the original order: two votes for the label
  assert.equal(judgeBenchPairOutcome('A>B', 'A>B', 'B>A'), 'correct');
  // position-biased judge (always the first shown): +1 −1 = 0, a tie, which is not correct
  assert.equal(judgeBenchPairOutcome('A>B', 'A>B', 'A>B'), 'tie');
  // one game right, one game A=B: +1
  assert.equal(judgeBenchPairOutcome('B>A', 'A=B', 'A>B'), 'correct');
  // one game wrong, one null: −1
  assert.equal(judgeBenchPairOutcome('B>A', 'A>B', null), 'incorrect');
  assert.equal(judgeBenchPairOutcome('B>A', null, null), 'tie');
});

test('categories by source prefix, as run_judge.py', () => {
  assert.equal(judgeBenchCategory('mmlu-pro-law'), 'knowledge');
  assert.equal(judgeBenchCategory('livebench-reasoning'), 'reasoning');
  assert.equal(judgeBenchCategory('livebench-math'), 'math');
  assert.equal(judgeBenchCategory('livecodebench'), 'coding');
  assert.equal(judgeBenchCategory('other'), null);
});

test('accuracy tallies ties as wrong and keeps uncategorised pairs in overall only', () => {
  const pairs: JudgeBenchPair[] = [
    { label: 'A>B', source: 'mmlu-pro-math', original: 'A>B', swapped: 'B>A' }, // correct
    { label: 'B>A', source: 'mmlu-pro-law', original: 'A>B', swapped: 'A>B' }, // tie (first-position judge)
    { label: 'B>A', source: 'livecodebench', original: 'A>B', swapped: 'B>A' }, // incorrect
    { label: 'A>B', source: 'elsewhere', original: 'A>B', swapped: 'A=B' }, // correct
  ];
  const r = judgeBenchAccuracy(pairs);
  assert.equal(r.knowledge.accuracy, 50);
  assert.equal(r.knowledge.ties, 1);
  assert.equal(r.coding.accuracy, 0);
  assert.ok(Number.isNaN(r.math.accuracy));
  assert.equal(r.overall.pairs, 4);
  assert.equal(r.overall.accuracy, 50);
  assert.equal(r.overall.bothCorrect, 1);
  assert.equal(r.overall.bothIncorrect, 1);
  assert.equal(r.overall.oneCorrect, 2);
  assert.equal(r.overall.inconsistent, 2);
  // single game: only the original-order decision
  assert.equal(judgeBenchAccuracy(pairs, { singleGame: true }).overall.accuracy, 50);
  assert.throws(() => judgeBenchAccuracy([{ label: 'A>B', source: 'x', original: 'A>B' }]), /swapped/);
});

test('reward-model decisions send a tie to B>A', () => {
  assert.equal(rewardModelDecision(2, 1), 'A>B');
  assert.equal(rewardModelDecision(20.75, 20.75), 'B>A');
});

interface Fixture {
  labels: string[];
  sources: string[];
  judges: Record<string, { original: (string | null)[]; swapped: (string | null)[]; scoresOriginal?: number[][]; scoresSwapped?: number[][] }>;
}

// `published`: the values listed in shared/data/JudgeBench/README.md (two decimals; that README notes they were not
// re-checked against the paper's text). `upstream`: what upstream's utils/metrics.py compute_final_metrics returns
// on the full output files, run side by side in Python. Order: knowledge, reasoning, math, coding, overall.
const EXPECTED: Record<string, { published: string[]; upstream: number[] }> = {
  'Skywork_Skywork-Reward-Gemma-2-27B': {
    published: ['59.74', '66.33', '83.93', '50.00', '64.29'],
    upstream: [59.74025974025974, 66.3265306122449, 83.92857142857143, 50.0, 64.28571428571429],
  },
  'internlm_internlm2-20b-reward': {
    published: ['62.34', '69.39', '66.07', '50.00', '63.43'],
    upstream: [62.33766233766234, 69.38775510204081, 66.07142857142857, 50.0, 63.42857142857143],
  },
  'Skywork_Skywork-Reward-Llama-3.1-8B': {
    published: ['59.09', '64.29', '76.79', '50.00', '62.29'],
    upstream: [59.09090909090909, 64.28571428571429, 76.78571428571429, 50.0, 62.285714285714285],
  },
  'Ray2333_GRM-Gemma-2B-rewardmodel-ft': {
    published: ['62.99', '53.06', '64.29', '54.76', '59.43'],
    upstream: [62.98701298701299, 53.06122448979592, 64.28571428571429, 54.76190476190476, 59.42857142857143],
  },
  'internlm_internlm2-7b-reward': {
    published: ['56.49', '61.22', '71.43', '50.00', '59.43'],
    upstream: [56.493506493506494, 61.224489795918366, 71.42857142857143, 50.0, 59.42857142857143],
  },
  'o1-mini-2024-09-12': {
    published: ['58.44', '62.24', '82.14', '78.57', '65.71'],
    upstream: [58.44155844155844, 62.244897959183675, 82.14285714285714, 78.57142857142857, 65.71428571428571],
  },
};
const ORDER = ['knowledge', 'reasoning', 'math', 'coding', 'overall'] as const;

const fixture = readGzJson<Fixture>('judgebench.json.gz');

function pairsOf(judge: Fixture['judges'][string]): JudgeBenchPair[] {
  return fixture.labels.map((label, i) => ({ label, source: fixture.sources[i], original: judge.original[i], swapped: judge.swapped[i] }));
}

test('fixture: six published JudgeBench rows (5 reward models, Arena-Hard o1-mini)', () => {
  assert.equal(Object.keys(fixture.judges).length, 6);
  for (const [name, expected] of Object.entries(EXPECTED)) {
    const report = judgeBenchAccuracy(pairsOf(fixture.judges[name]));
    ORDER.forEach((cat, k) => {
      assert.equal(report[cat].accuracy, expected.upstream[k], `${name} ${cat}`);
      assert.equal(report[cat].accuracy.toFixed(2), expected.published[k], `${name} ${cat} (published)`);
    });
    assert.deepEqual(ORDER.map((c) => report[c].pairs), [154, 98, 56, 42, 350]);
  }
});

test('fixture: reward-model decisions follow from the recorded scores (ties go to B)', () => {
  let checked = 0;
  let tiedGames = 0;
  for (const [name, judge] of Object.entries(fixture.judges)) {
    if (!judge.scoresOriginal) continue;
    for (let i = 0; i < fixture.labels.length; i++) {
      for (const [scores, decision] of [
        [judge.scoresOriginal[i], judge.original[i]],
        [judge.scoresSwapped![i], judge.swapped[i]],
      ] as const) {
        assert.equal(rewardModelDecision(scores[0], scores[1]), decision, `${name} pair ${i}`);
        if (scores[0] === scores[1]) tiedGames++;
        checked++;
      }
    }
  }
  assert.equal(checked, 5 * 350 * 2);
  assert.ok(tiedGames > 0, 'the fixture holds at least one tied game (Skywork-Reward-Llama-3.1-8B)');
});

test('shared: same numbers from the full upstream output files', (t) => {
  const dir = ['data', 'JudgeBench', 'outputs'];
  if (!hasShared(...dir)) {
    t.skip('…/shared not present');
    return;
  }
  for (const name of Object.keys(EXPECTED)) {
    const judgeName = name.startsWith('o1-mini') ? 'arena_hard' : 'reward_model';
    const file = sharedPath(...dir, `dataset=judgebench,response_model=gpt-4o-2024-05-13,judge_name=${judgeName},judge_model=${name}.jsonl.gz`);
    type Rec = { label: string; source: string; judgments: ({ decision: string | null } | null)[] };
    const recs = gunzipSync(readFileSync(file)).toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Rec);
    const pairs = recs.map((r) => ({ label: r.label, source: r.source, original: r.judgments[0]?.decision ?? null, swapped: r.judgments[1]?.decision ?? null }));
    const report = judgeBenchAccuracy(pairs);
    ORDER.forEach((cat, k) => assert.equal(report[cat].accuracy, EXPECTED[name].upstream[k], `${name} ${cat}`));
  }
});
