// The judge decisions a preference file already holds, as a pseudo-scorer named `recorded`: JudgeBench outputs
// (two games per pair, reward-model scores when the judge is an RM), LLMBar evaluator runs (winners with the outputs
// in both orders) and AlpacaEval annotations (the judge's preference in [1, 2]). This is how the published numbers of
// those benchmarks are recomputed through `meta-eval`: the measures judgebench, two-order and win-rate read the
// decisions exactly as the upstream scripts do.

import type { JudgeGame } from '../judgments/importers/judgebench.js';
import type { LlmbarJudgePick } from '../judgments/importers/llmbar.js';
import type { Preference } from '../judgments/types.js';
import type { PairVerdict } from '../scorers/pairwise.js';
import { MetaEvalInputError } from './matrices.js';
import type { PairScores } from './preferences.js';

export const RECORDED = 'recorded';

type Kind = 'judgebench' | 'llmbar' | 'alpaca-eval';

function kindOf(p: Preference): Kind | undefined {
  const meta = p.meta ?? {};
  if (Array.isArray(meta.games)) return 'judgebench';
  if (meta.judge !== undefined && typeof meta.judge === 'object') return 'llmbar';
  if ('preference' in meta) return 'alpaca-eval';
  return undefined;
}

/** Whether the pairs carry recorded judge decisions, and of which benchmark. */
export function recordedKind(pairs: readonly Preference[]): Kind | undefined {
  if (pairs.length === 0) return undefined;
  const k = kindOf(pairs[0]);
  return k !== undefined && pairs.every((p) => kindOf(p) === k) ? k : undefined;
}

const VALUE: Record<'a' | 'b' | 'tie', number> = { a: 1, b: 0, tie: 0.5 };

/** P(a) from the two orders' verdicts: their mean, or NaN when either order has none (as PairOutcome.pA). */
function meanVerdict(first: PairVerdict, second: PairVerdict | undefined): number {
  if (first === null || second === null) return NaN;
  return second === undefined ? VALUE[first] : (VALUE[first] + VALUE[second]) / 2;
}

/** The recorded decisions as pair scores (see PairScores for what each field means). */
export function recordedPairScores(pairs: readonly Preference[]): PairScores {
  const kind = recordedKind(pairs);
  if (kind === undefined) {
    throw new MetaEvalInputError('scorer "recorded" needs judge decisions in the judgment file (JudgeBench outputs, LLMBar evaluator results, AlpacaEval annotations)');
  }
  const n = pairs.length;
  const margin = new Float64Array(n);
  const prob = new Float64Array(n);
  let judge = '';
  if (kind === 'alpaca-eval') {
    const preference: (number | null)[] = [];
    pairs.forEach((p, k) => {
      const raw = p.meta!.preference as number | null;
      preference.push(raw);
      // AlpacaEval reads a missing (or 0) preference as a draw.
      const pA = raw === null || raw === 0 ? 0.5 : 2 - raw;
      prob[k] = pA;
      margin[k] = pA - 0.5;
      judge ||= p.annotator ?? '';
    });
    return { spec: RECORDED, signature: `recorded|alpaca-eval|judge:${judge || 'unknown'}`, direction: 'higher', margin, prob, preference };
  }
  const first: PairVerdict[] = [];
  const second: PairVerdict[] = [];
  let allScored = kind === 'judgebench';
  pairs.forEach((p, k) => {
    if (kind === 'judgebench') {
      const games = p.meta!.games as JudgeGame[];
      const g1 = games.find((g) => g.order === 'ab');
      const g2 = games.find((g) => g.order === 'ba');
      first.push(g1?.decision ?? null);
      second.push(g2 ? g2.decision : null);
      judge ||= String(p.meta!.judgeModel ?? p.meta!.judge ?? '');
      if (games.some((g) => !g.scores)) allScored = false;
      else {
        // A reward model: its margin is the mean score gap over the games (both orientations are already a − b).
        let d = 0;
        for (const g of games) d += g.scores!.a - g.scores!.b;
        margin[k] = d / games.length;
      }
    } else {
      const pick = p.meta!.judge as LlmbarJudgePick;
      first.push(pick.noSwap);
      second.push(pick.swap);
      judge ||= pick.evaluator ?? '';
    }
    prob[k] = meanVerdict(first[k], second[k]);
  });
  if (!allScored) for (let k = 0; k < n; k++) margin[k] = prob[k] - 0.5;
  return {
    spec: RECORDED,
    signature: `recorded|${kind}|judge:${judge || 'unknown'}`,
    direction: 'higher',
    margin,
    // An RM's scores carry no probability: ECE/Brier then fit a temperature to its margins like any scorer's.
    prob: allScored ? undefined : prob,
    orders: { first, second },
  };
}
