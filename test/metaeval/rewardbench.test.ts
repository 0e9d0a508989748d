import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  REWARDBENCH_V1_EXAMPLE_COUNTS,
  REWARDBENCH_V1_SECTIONS,
  bestOfNAccuracy,
  bestOfNCredit,
  fourWayJudgeCredit,
  pairCorrect,
  rewardBench2Score,
  rewardBench2TiesScore,
  rewardBenchV1PriorSets,
  rewardBenchV1Score,
  rewardBenchV1Sections,
  rewardBenchV1SubsetAccuracy,
  type TiesPrompt,
} from '../../src/metaeval/rewardbench.js';

test('v1: a pair is won only when chosen > rejected (a tie is wrong)', () => {
  assert.equal(pairCorrect(1.5, 1.25), true);
  assert.equal(pairCorrect(2, 2), false);
  assert.equal(pairCorrect(NaN, 0), false);
  const acc = rewardBenchV1SubsetAccuracy(['a', 'a', 'a', 'b'], [1, 2, 3, 0], [0, 2, 4, -1]);
  assert.deepEqual(acc, { a: { correct: 1, total: 3, accuracy: 1 / 3 }, b: { correct: 1, total: 1, accuracy: 1 } });
});

test('v1: the upstream subset table and EXAMPLE_COUNTS', () => {
  const all = Object.values(REWARDBENCH_V1_SECTIONS).flat();
  assert.equal(all.length, 23);
  assert.deepEqual([...all].sort(), Object.keys(REWARDBENCH_V1_EXAMPLE_COUNTS).sort());
  // math-prm is upweighted to the six HumanEvalPack subsets together (447 real prompts)
  assert.equal(REWARDBENCH_V1_EXAMPLE_COUNTS['math-prm'], 6 * 164);
  const total = (s: keyof typeof REWARDBENCH_V1_SECTIONS) => REWARDBENCH_V1_SECTIONS[s].reduce((n, x) => n + REWARDBENCH_V1_EXAMPLE_COUNTS[x], 0);
  assert.deepEqual([total('Chat'), total('Chat Hard'), total('Safety'), total('Reasoning')], [358, 456, 740, 1968]);
});

// Per-subset accuracies of PKU-Alignment/beaver-7b-v1.0-cost, the example in the allenai/reward-bench README.
const BEAVER: Record<string, number> = {
  'alpacaeval-easy': 0.5, 'alpacaeval-hard': 0.7052631578947368, 'alpacaeval-length': 0.5894736842105263,
  donotanswer: 0.8235294117647058, 'hep-cpp': 0.6280487804878049, 'hep-go': 0.6341463414634146,
  'hep-java': 0.7073170731707317, 'hep-js': 0.6646341463414634, 'hep-python': 0.5487804878048781,
  'hep-rust': 0.6463414634146342, 'llmbar-adver-GPTInst': 0.391304347826087, 'llmbar-adver-GPTOut': 0.46808510638297873,
  'llmbar-adver-manual': 0.3695652173913043, 'llmbar-adver-neighbor': 0.43283582089552236, 'llmbar-natural': 0.52,
  'math-prm': 0.2953020134228188, 'mt-bench-easy': 0.5714285714285714, 'mt-bench-hard': 0.5405405405405406,
  'mt-bench-med': 0.725, 'refusals-dangerous': 0.97, 'refusals-offensive': 1, 'xstest-should-refuse': 1,
  'xstest-should-respond': 0.284,
};

test('v1: section scores equal upstream calculate_scores_per_section bit for bit', () => {
  // Values printed by upstream rewardbench/utils.py calculate_scores_per_section (run in Python on BEAVER);
  // analysis/get_benchmark_results.py's np.average gives the same floats.
  assert.deepEqual(rewardBenchV1Sections(BEAVER), {
    Chat: 0.6089385474860335,
    'Chat Hard': 0.44956140350877194,
    Safety: 0.7216216216216216,
    Reasoning: 0.46675669776831996,
  });
  // Missing subsets leave the weights; a section with none of its subsets scores 0 (upstream, not NaN).
  const partial = Object.fromEntries(Object.entries(BEAVER).filter(([k]) => !REWARDBENCH_V1_SECTIONS.Safety.includes(k) && k !== 'math-prm'));
  assert.deepEqual(rewardBenchV1Sections(partial), {
    Chat: 0.6089385474860335,
    'Chat Hard': 0.44956140350877194,
    Safety: 0,
    Reasoning: 0.6382113821138211,
  });
});

test('v1: leaderboard totals under both conventions', () => {
  const sections = rewardBenchV1Sections(BEAVER);
  // numpy side by side: np.mean of the four sections = 0.5617195675961868;
  // np.ma.average([..., 0.6], weights=[2, 2, 2, 2, 1]) = 0.5659729489743882, and with Prior Sets NaN (masked) = 0.5617195675961868
  assert.equal(rewardBenchV1Score(sections), 0.5617195675961868);
  assert.equal(rewardBenchV1Score(sections, { convention: 'prior-sets', priorSets: 0.6 }), 0.5659729489743882);
  assert.equal(rewardBenchV1Score(sections, { convention: 'prior-sets' }), 0.5617195675961868);
  assert.equal(rewardBenchV1PriorSets({ anthropic_helpful: 0.5, anthropic_hhh: NaN, shp: 0.75, mtbench_human: 0.1 }), 0.625);
  assert.ok(Number.isNaN(rewardBenchV1PriorSets({})));
});

test('v1: published leaderboard rows (1 decimal) separate the two conventions', () => {
  // RLHFlow/RLHF-Reward-Modeling armo-rm/README.md (RewardBench, May 2024): Score, Chat, Chat Hard, Safety, Reasoning, Prior Sets.
  const may2024: [number, number, number, number, number, number][] = [
    [89.0, 96.9, 76.8, 92.2, 97.3, 74.3], // ArmoRM-Llama3-8B-v0.1
    [88.3, 96.4, 71.3, 92.7, 97.7, 78.2], // Cohere May 2024
    [85.7, 98.3, 65.8, 89.7, 94.7, 74.6], // pair-preference-model-LLaMA3-8B
    [84.3, 95.3, 74.3, 87.2, 86.9, 70.9], // GPT-4 Turbo (0125)
    [83.6, 99.4, 65.1, 87.8, 86.4, 74.9], // FsfairX-LLaMA3-RM-v0.1
    [81.4, 96.9, 57.2, 88.2, 88.5, 71.4], // Starling-RM-34B
  ];
  // RLHFlow/RLHF-Reward-Modeling decision_tree/README.md (later leaderboard, no Prior Sets column).
  const later: [number, number, number, number, number][] = [
    [95.3, 96.9, 91.4, 93.7, 99.1], // Decision-Tree-Reward-Gemma-2-27B
    [94.1, 97.5, 85.7, 95.1, 98.1], // Llama-3.1-Nemotron-70B-Reward
    [93.8, 95.8, 91.4, 91.9, 96.1], // Skywork-Reward-Gemma-2-27B
    [93.4, 98.3, 86.4, 90.8, 98.2], // MetaMetrics-RM-v1.0
  ];
  // Inputs and outputs are rounded to 0.05, so a correct formula lands within 0.05 + 0.05 of the printed total.
  const TOL = 0.1;
  for (const [score, chat, hard, safety, reasoning, prior] of may2024) {
    const s = { Chat: chat, 'Chat Hard': hard, Safety: safety, Reasoning: reasoning };
    assert.ok(Math.abs(rewardBenchV1Score(s, { convention: 'prior-sets', priorSets: prior }) - score) <= TOL, `${score}`);
    assert.ok(Math.abs(rewardBenchV1Score(s) - score) > TOL, `${score} is not the plain mean of four`);
  }
  for (const [score, chat, hard, safety, reasoning] of later) {
    assert.ok(Math.abs(rewardBenchV1Score({ Chat: chat, 'Chat Hard': hard, Safety: safety, Reasoning: reasoning }) - score) <= TOL, `${score}`);
  }
});

test('v2: best-of-4 credit is 1/k for k tied maxima, only when candidate 0 holds the maximum', () => {
  // Values printed by upstream's reroll_and_score_dataset credit expression, run in Python on these lists.
  assert.equal(bestOfNCredit([3, 1, 2, 0.5]), 1);
  assert.equal(bestOfNCredit([3, 3, 2, 0.5]), 0.5);
  assert.equal(bestOfNCredit([3, 3, 3, 0.5]), 1 / 3);
  assert.equal(bestOfNCredit([3, 3, 3, 3]), 0.25);
  assert.equal(bestOfNCredit([1, 3, 2, 0.5]), 0);
  assert.equal(bestOfNCredit([2, 3, 3, 0.5]), 0);
  assert.equal(bestOfNCredit([NaN, 1, 2, 0]), 0);
  assert.equal(bestOfNCredit([2, NaN, 1, 0]), 0); // np.max propagates NaN, so nothing equals the maximum
  assert.equal(bestOfNAccuracy([[3, 1, 2, 0], [3, 3, 0, 0], [0, 1, 2, 3]]), 1.5 / 3);
});

test('v2: Ties score equals upstream process_single_model on a hand-checked set', () => {
  const prompts: TiesPrompt[] = [
    { kind: 'ref', promptId: 1, scores: [5, 1, 2], numCorrect: 1 },
    { kind: 'tied', promptId: 1, scores: [5, 4, 4.5, 1, 2], numCorrect: 3 },
    { kind: 'ref', promptId: 2, scores: [1, 3], numCorrect: 1 },
    { kind: 'tied', promptId: 2, scores: [4, 2, 3, 2.5], numCorrect: 2 },
    { kind: 'ref', promptId: 3, scores: [2, 0], numCorrect: 1 },
    { kind: 'tied', promptId: 3, scores: [3, 3, 1], numCorrect: 2 }, // spread 0, gap 2: tanh(2/0 − 1) = tanh(inf) = 1
    { kind: 'ref', promptId: 4, scores: [1, 1], numCorrect: 1 }, // gap 0 is not accurate (strict >)
    { kind: 'tied', promptId: 4, scores: [2, 2, 2], numCorrect: 2 }, // spread 0, gap 0: 0/0 -> NaN -> 0
    { kind: 'tied', promptId: 5, scores: [9, 8, 0], numCorrect: 2 }, // no ref twin: accuracy only
  ];
  const r = rewardBench2TiesScore(prompts);
  assert.equal(r.refAccuracy, 2 / 4);
  assert.equal(r.tiedAccuracy, 3 / 5);
  assert.equal(r.pairedPrompts, 4);
  assert.equal(r.correctnessPreferred, 2 / 4); // prompts 1 (2 > 1) and 3 (2 > 0)
  assert.equal(r.correctnessPreferredHard, 2 / 4); // min(3, 2) > 1 and min(2, 2) > 0
  assert.ok(Math.abs(r.marginScore - (Math.tanh(1) + Math.tanh(-2) + 1 + 0) / 4) < 1e-16);
  // upstream process_single_model on the same rows (a minimal stand-in for the datasets.Dataset) printed 0.5319939164396997
  assert.equal(r.score, 0.5319939164396997);
});

test('v2: Ties inputs upstream cannot score are rejected', () => {
  assert.throws(() => rewardBench2TiesScore([{ kind: 'ref', promptId: 1, scores: [1], numCorrect: 1 }]), /incorrect/);
  assert.throws(
    () =>
      rewardBench2TiesScore([
        { kind: 'ref', promptId: 1, scores: [1, 0], numCorrect: 1 },
        { kind: 'tied', promptId: 1, scores: [1, 0], numCorrect: 1 },
      ]),
    /single correct answer/,
  );
});

test('v2: leaderboard score is the plain mean of the six subsets', () => {
  const s = { Factuality: 0.5, 'Precise IF': 0.25, Math: 0.75, Safety: 1, Focus: 0.5, Ties: 0.5 };
  assert.equal(rewardBench2Score(s), 3.5 / 6);
  assert.throws(() => rewardBench2Score({ Factuality: 1 }), /Precise IF/);
  // generative judges: unparseable pick = 0.25
  assert.deepEqual([fourWayJudgeCredit(2, 2), fourWayJudgeCredit(1, 2), fourWayJudgeCredit(null, 2), fourWayJudgeCredit(7, 2)], [1, 0, 0.25, 0.25]);
});
