// JudgeBench (ScalerLab/JudgeBench) accuracy: each pair is judged twice, in the original order (A, B) and swapped
// (B, A); the second game's decision is flipped back to original-order terms and the two games vote. Facts from
// utils/metrics.py (compute_final_metrics), utils/judges.py (reward-model judges) and run_judge.py (categories)
// at ScalerLab/JudgeBench e2c52c2.

/** A judge decision in JudgeBench's vocabulary: 'A>B', 'B>A', 'A=B', or null when the judge failed. */
export type JudgeBenchDecision = string | null;

export type JudgeBenchCategory = 'knowledge' | 'reasoning' | 'math' | 'coding';

/** Category by source prefix, as run_judge.py filters with `source.startswith(prefix)`. */
const CATEGORY_PREFIXES: readonly [string, JudgeBenchCategory][] = [
  ['mmlu-pro', 'knowledge'],
  ['livebench-reasoning', 'reasoning'],
  ['livebench-math', 'math'],
  ['livecodebench', 'coding'],
];

export function judgeBenchCategory(source: string): JudgeBenchCategory | null {
  for (const [prefix, category] of CATEGORY_PREFIXES) if (source.startsWith(prefix)) return category;
  return null;
}

/** Swap A>B and B>A; anything else (A=B, null, unparsed text) is returned unchanged, as upstream flip_judgment. */
export function flipDecision(d: JudgeBenchDecision): JudgeBenchDecision {
  if (d === 'A>B') return 'B>A';
  if (d === 'B>A') return 'A>B';
  return d;
}

/**
 * The decision JudgeBench's reward-model judges derive from the two scores of one game: 'A>B' if the first
 * shown response scores strictly higher, otherwise 'B>A' (so a tie goes to B, not to 'A=B').
 */
export function rewardModelDecision(scoreFirst: number, scoreSecond: number): 'A>B' | 'B>A' {
  return scoreFirst > scoreSecond ? 'A>B' : 'B>A';
}

export type PairOutcome = 'correct' | 'incorrect' | 'tie';

/**
 * One pair's two-game vote. `swapped` is the decision of the game with the responses swapped, in that game's own
 * terms (it is flipped here). Each game equal to the label counts +1, each equal to the flipped label −1
 * (A=B and null count 0); the pair is correct when the sum is positive, incorrect when negative.
 */
export function judgeBenchPairOutcome(label: string, original: JudgeBenchDecision, swapped: JudgeBenchDecision): PairOutcome {
  const flippedLabel = flipDecision(label);
  let vote = 0;
  for (const d of [original, flipDecision(swapped)]) {
    if (d === label) vote++;
    else if (d === flippedLabel) vote--;
  }
  return vote > 0 ? 'correct' : vote < 0 ? 'incorrect' : 'tie';
}

export interface JudgeBenchPair {
  /** 'A>B' or 'B>A'. */
  label: string;
  source: string;
  /** Decision with the responses in the original order. */
  original: JudgeBenchDecision;
  /** Decision with the responses swapped, in the swapped game's own terms; omit for single-game judges. */
  swapped?: JudgeBenchDecision;
}

export interface JudgeBenchTally {
  pairs: number;
  correct: number;
  incorrect: number;
  /** Two-game votes summing to 0 (counted as wrong in the accuracy). */
  ties: number;
  /** 100 · correct / pairs (NaN for no pairs), the number upstream prints. */
  accuracy: number;
  /** Consistency counts upstream computes alongside (two-game mode only; 0 in single-game mode). */
  bothCorrect: number;
  bothIncorrect: number;
  oneCorrect: number;
  /** Pairs whose original and flipped swapped decisions differ. */
  inconsistent: number;
  /** Pairs with at least one null decision. */
  withNull: number;
}

export type JudgeBenchReport = Record<JudgeBenchCategory | 'overall', JudgeBenchTally>;

function emptyTally(): JudgeBenchTally {
  return { pairs: 0, correct: 0, incorrect: 0, ties: 0, accuracy: NaN, bothCorrect: 0, bothIncorrect: 0, oneCorrect: 0, inconsistent: 0, withNull: 0 };
}

/**
 * Accuracy per category and overall. `singleGame` scores only the original-order decision against the label
 * (upstream's `--single_game`, for order-independent judges); otherwise every pair must carry `swapped`.
 */
export function judgeBenchAccuracy(pairs: readonly JudgeBenchPair[], options: { singleGame?: boolean } = {}): JudgeBenchReport {
  const report: JudgeBenchReport = {
    knowledge: emptyTally(),
    reasoning: emptyTally(),
    math: emptyTally(),
    coding: emptyTally(),
    overall: emptyTally(),
  };
  for (const pair of pairs) {
    const category = judgeBenchCategory(pair.source);
    const tallies = category ? [report[category], report.overall] : [report.overall];
    let outcome: PairOutcome;
    let both = false, none = false, inconsistent = false, withNull = false;
    if (options.singleGame) {
      outcome = pair.original === pair.label ? 'correct' : 'incorrect';
    } else {
      if (pair.swapped === undefined) throw new RangeError('judgeBenchAccuracy: a pair has no swapped-order decision (pass singleGame for one game)');
      outcome = judgeBenchPairOutcome(pair.label, pair.original, pair.swapped);
      const d1 = pair.original;
      const d2 = flipDecision(pair.swapped);
      both = d1 === pair.label && d2 === pair.label;
      none = d1 !== pair.label && d2 !== pair.label;
      inconsistent = d1 !== d2;
      withNull = d1 === null || d2 === null;
    }
    for (const t of tallies) {
      t.pairs++;
      if (outcome === 'correct') t.correct++;
      else if (outcome === 'incorrect') t.incorrect++;
      else t.ties++;
      if (!options.singleGame) {
        if (both) t.bothCorrect++;
        else if (none) t.bothIncorrect++;
        else t.oneCorrect++;
        if (inconsistent) t.inconsistent++;
        if (withNull) t.withNull++;
      }
    }
  }
  for (const t of Object.values(report)) t.accuracy = (100 * t.correct) / t.pairs;
  return report;
}
