// `cosine-length:verifier=SPEC,max-length=N`: the cosine-scaled length reward of Yeo et al. 2025 (App. C.1):
//   r = v_min + ½(v_max − v_min)(1 + cos(π · p)),  p = |y| / max-length
// with (v_min, v_max) = (min-correct, max-correct) for a correct output and the swapped (max-wrong, min-wrong) for a
// wrong one, so short correct answers earn most and short wrong ones lose most. Correctness comes from the verifier
// scorer named by `verifier` (any spec: `exact`, `choice`, `math-boxed`…): correct iff its value > 0 (so verl's
// math-dapo ±1 and 0/1 checks both work); a verifier that abstains or fails makes this scorer do the same.
// Two references, chosen by options, pinned by goldens:
//   TRL  (`get_cosine_scaled_reward`, trl/rewards/accuracy_rewards.py at f2cd577): unit=tokens, clamp=true
//        (p = min(p, 1): past max-length the reward stays at the long bound) — the defaults.
//   open-r1 (src/open_r1/rewards.py at 1416fa0): unit=chars, clamp=false (cos is periodic: far past max-length the
//        reward climbs back).
// cos: CPython's math.cos is the C library's, and glibc 2.36's is not correctly rounded (TRL's goldens hit one of its
// last-bit misses at 3550/4096·π), so we use src/stats/libm-cos.ts, which re-evaluates glibc's x86-64 FMA build
// exactly: the goldens are identical bit for bit.
import { meanScore, scoreStatus, type Item, type Needs, type Score, type Scorer, type SignatureContext } from '../contract.js';
import { createScorer, type ScorerFactory } from '../registry.js';
import { formatSignature, formatSpec, SpecError } from '../spec.js';
import { cos } from '../../stats/libm-cos.js';
import { COMPLETION_LENGTH_UNITS, completionLength, DEFAULT_TOKENS_FIELD, type CompletionLengthUnit } from './completion-length.js';

export interface CosineBounds {
  minWrong: number;
  maxWrong: number;
  minCorrect: number;
  maxCorrect: number;
}
export const TRL_COSINE_BOUNDS: CosineBounds = { minWrong: -1, maxWrong: -0.5, minCorrect: 0.5, maxCorrect: 1 };

export function cosineScaledReward(correct: boolean, length: number, maxLength: number, b: CosineBounds, clamp: boolean): number {
  const p = clamp ? Math.min(length / maxLength, 1.0) : length / maxLength;
  const cosine = cos(p * Math.PI);
  const [lo, hi] = correct ? [b.minCorrect, b.maxCorrect] : [b.maxWrong, b.minWrong];
  return lo + 0.5 * (hi - lo) * (1.0 + cosine);
}

export class CosineLengthScorer implements Scorer {
  readonly id = 'cosine-length';
  readonly family = 'composite' as const;
  readonly mode = 'pointwise' as const;
  readonly direction = 'higher' as const;
  readonly needs: Needs;
  readonly range: readonly [number, number];
  constructor(
    readonly verifier: Scorer,
    readonly maxLength: number,
    readonly bounds: CosineBounds = TRL_COSINE_BOUNDS,
    readonly unit: CompletionLengthUnit = 'tokens',
    readonly clamp = true,
    readonly tokensField = DEFAULT_TOKENS_FIELD,
  ) {
    this.needs = verifier.needs;
    const all = [bounds.minWrong, bounds.maxWrong, bounds.minCorrect, bounds.maxCorrect];
    this.range = [Math.min(...all), Math.max(...all)];
  }
  spec(): string {
    const b = this.bounds;
    const o: [string, string][] = [['verifier', this.verifier.spec()], ['max-length', String(this.maxLength)]];
    if (b.minWrong !== -1) o.push(['min-wrong', String(b.minWrong)]);
    if (b.maxWrong !== -0.5) o.push(['max-wrong', String(b.maxWrong)]);
    if (b.minCorrect !== 0.5) o.push(['min-correct', String(b.minCorrect)]);
    if (b.maxCorrect !== 1) o.push(['max-correct', String(b.maxCorrect)]);
    if (this.unit !== 'tokens') o.push(['unit', this.unit]);
    if (!this.clamp) o.push(['clamp', 'false']);
    if (this.tokensField !== DEFAULT_TOKENS_FIELD) o.push(['tokens-field', this.tokensField]);
    return formatSpec('cosine-length', [], o);
  }
  signature(ctx?: SignatureContext): string {
    const b = this.bounds;
    return formatSignature('CosineLength', [
      ['max', this.maxLength],
      ['wrong', `${b.minWrong}..${b.maxWrong}`],
      ['correct', `${b.minCorrect}..${b.maxCorrect}`],
      ['unit', this.unit === 'tokens' ? `tokens(${this.tokensField})` : this.unit],
      ['clamp', this.clamp ? 'yes' : 'no'],
      ['verifier', `{${this.verifier.signature(ctx)}}`],
    ]);
  }
  async score(items: readonly Item[]): Promise<Score[]> {
    const lengths = items.map((it) => completionLength(it, this.unit, this.tokensField, 'cosine-length'));
    const verdicts = await this.verifier.score(items);
    return verdicts.map((v, i) => {
      if (v.value === null) return scoreStatus(v) === 'failed' ? { value: null, details: { error: `verifier: ${String(v.details?.error)}` } } : { value: null, details: { verifier: 'abstained' } };
      const correct = v.value > 0;
      return { value: cosineScaledReward(correct, lengths[i], this.maxLength, this.bounds, this.clamp), details: { correct, length: lengths[i] } };
    });
  }
  async corpusScore(items: readonly Item[]): Promise<Score> {
    return meanScore(await this.score(items));
  }
}

export const cosineLengthFactory: ScorerFactory = {
  name: 'cosine-length',
  aliases: ['cosine-scaled'],
  summary: "cosine-scaled length reward on a verifier's verdict (TRL's get_cosine_scaled_reward; open-r1 with unit=chars,clamp=false)",
  options: 'verifier=SPEC (required), max-length=N (required), min-wrong=-1, max-wrong=-0.5, min-correct=0.5, max-correct=1, unit=tokens|chars|words|bytes, clamp=true, tokens-field=completion_ids',
  optionDocs: {
    verifier: 'the scorer spec that decides correctness (value > 0 is correct), quoted when it has options: verifier="choice:letters=ABCDE"',
    'max-length': 'the length at which the cosine reaches its long-output bound',
    'min-wrong': 'reward of the shortest wrong output (the most negative)',
    'max-wrong': 'reward of a wrong output at max-length',
    'min-correct': 'reward of a correct output at max-length',
    'max-correct': 'reward of the shortest correct output',
    unit: 'length unit: tokens (the count or id list in meta[tokens-field], as the trainer passes completion_ids), chars (code points), words (Python str.split()) or bytes (UTF-8)',
    clamp: 'true: past max-length the reward stays at its long bound (TRL); false: the cosine goes on (open-r1)',
    'tokens-field': 'with unit=tokens, the item field holding the completion token ids or their count',
  },
  create(o) {
    const v = o.optionalString('verifier');
    if (v === undefined || v === '' || o.optionalString('max-length') === undefined) {
      throw new SpecError(`cosine-length needs verifier=SPEC and max-length=N in "${o.spec}" (quote a verifier spec with options: verifier="choice:letters=ABCDE")`, o.spec);
    }
    const s = new CosineLengthScorer(
      createScorer(v),
      o.number('max-length', 0, { min: Number.MIN_VALUE }),
      { minWrong: o.number('min-wrong', -1), maxWrong: o.number('max-wrong', -0.5), minCorrect: o.number('min-correct', 0.5), maxCorrect: o.number('max-correct', 1) },
      o.string('unit', 'tokens', COMPLETION_LENGTH_UNITS),
      o.bool('clamp', true),
      o.string('tokens-field', DEFAULT_TOKENS_FIELD),
    );
    o.done();
    return s;
  },
};
