// DAPO math reward = verl `verl/utils/reward_score/math_dapo.py` `compute_score` (pinned in ./reference.ts): in the
// last 300 code points, the last `Answer: …` line, Minerva-normalised and compared with the normalised ground truth
// (or, with strict-box, the last `\boxed{}` in the last 100 code points compared verbatim). +1 right, −1 wrong.
// This verl version has no timeout around the check, so no result depends on one.
import { BasePointwiseScorer, type Item, type Needs, type Score, type SignatureContext } from '../contract.js';
import type { ScorerFactory } from '../registry.js';
import { formatSignature, formatSpec } from '../spec.js';
import { lastBoxedStrict, unboxStrict } from './boxed.js';
import { singleGroundTruth } from './ground-truth.js';
import { lastAnswerLine, normalizeFinalAnswer } from './minerva.js';
import { lastCodePoints } from './python-str.js';
import { VERL_REF } from './reference.js';

const CLIP_CODE_POINTS = 300;
const STRICT_BOX_CODE_POINTS = 100;

export interface DapoVerdict {
  correct: boolean;
  /** The normalised `Answer:` text (Minerva), or the raw boxed content / null (strict-box). */
  pred: string | null;
}

export function verifyDapo(response: string, groundTruth: string, strictBox: boolean): DapoVerdict {
  const text = lastCodePoints(response, CLIP_CODE_POINTS);
  if (strictBox) {
    const boxed = lastBoxedStrict(lastCodePoints(text, STRICT_BOX_CODE_POINTS));
    const pred = boxed === null ? null : unboxStrict(boxed);
    return { correct: pred === groundTruth, pred };
  }
  const pred = normalizeFinalAnswer(lastAnswerLine(text));
  return { correct: pred === normalizeFinalAnswer(groundTruth), pred };
}

export class MathDapoScorer extends BasePointwiseScorer {
  readonly id = 'math-dapo';
  readonly family = 'verifiable' as const;
  readonly needs: Needs = { references: true };
  readonly direction = 'higher' as const;
  readonly range = [-1, 1] as const;
  constructor(readonly strictBox = false) {
    super();
  }
  spec(): string {
    return formatSpec(this.id, [], this.strictBox ? [['strict-box', 'true']] : []);
  }
  signature(_ctx?: SignatureContext): string {
    return formatSignature('math-dapo', [['strict-box', this.strictBox ? 'yes' : 'no'], ['ref', VERL_REF]]);
  }
  protected scoreOne(item: Item): Score {
    const { correct, pred } = verifyDapo(item.output, singleGroundTruth(this.id, item), this.strictBox);
    return { value: correct ? 1 : -1, details: { pred, acc: correct } };
  }
}

export const mathDapoFactory: ScorerFactory = {
  name: 'math-dapo',
  summary: 'DAPO math reward (+1/-1), "Answer:" line with Minerva normalisation, = verl reward_score/math_dapo.py',
  options: 'strict-box=false (true: last \\boxed{} in the last 100 characters, compared verbatim)',
  optionDocs: {
    'strict-box': 'false: the "Answer:" line, Minerva-normalised (verl default); true: the last \\boxed{} in the last 100 characters, compared verbatim',
  },
  create(o) {
    const s = new MathDapoScorer(o.bool('strict-box', false));
    o.done();
    return s;
  },
};
