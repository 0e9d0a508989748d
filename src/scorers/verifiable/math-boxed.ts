// MATH answer check = verl `verl/utils/reward_score/math_reward.py` `compute_score` (pinned in ./reference.ts; the
// module was called math.py before verl renamed it): the last `\boxed{}` / `\boxed ` / `\fbox{}` answer, Hendrycks
// MATH normalisation, string equality. 1 when equivalent, else 0.
import { BasePointwiseScorer, type Item, type Needs, type Score, type SignatureContext } from '../contract.js';
import type { ScorerFactory } from '../registry.js';
import { formatSignature, formatSpec } from '../spec.js';
import { lastBoxedMath, unboxMath } from './boxed.js';
import { singleGroundTruth } from './ground-truth.js';
import { isEquivMath } from './hendrycks-math.js';
import { VERL_REF } from './reference.js';

/** The boxed answer verl's math_reward.py would compare, or null (none, unbalanced braces, or an `\fbox{}` span,
 * which its `remove_boxed` rejects so that such responses always score 0). */
export function extractBoxedAnswer(response: string): string | null {
  const boxed = lastBoxedMath(response);
  return boxed === null ? null : unboxMath(boxed);
}

export class MathBoxedScorer extends BasePointwiseScorer {
  readonly id = 'math-boxed';
  readonly family = 'verifiable' as const;
  readonly needs: Needs = { references: true };
  readonly direction = 'higher' as const;
  readonly range = [0, 1] as const;
  spec(): string {
    return formatSpec(this.id, [], []);
  }
  signature(_ctx?: SignatureContext): string {
    return formatSignature('math-boxed', [['ref', VERL_REF]]);
  }
  protected scoreOne(item: Item): Score {
    const groundTruth = singleGroundTruth(this.id, item);
    const pred = extractBoxedAnswer(item.output);
    return { value: pred !== null && isEquivMath(pred, groundTruth) ? 1 : 0, details: { pred } };
  }
}

export const mathBoxedFactory: ScorerFactory = {
  name: 'math-boxed',
  summary: 'MATH last-\\boxed{} answer, Hendrycks normalisation, = verl reward_score/math_reward.py (0/1)',
  create(o) {
    o.done();
    return new MathBoxedScorer();
  },
};
