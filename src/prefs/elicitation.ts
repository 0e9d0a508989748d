// Active elicitation: which unlabelled pairs to send to human annotators first. Each pair carries P(a ≻ b) from
// several scorers (judges, reward models, metrics turned into probabilities); NaN marks an abstention and is ignored.
//   variance      the population variance of P across scorers: where the scorers disagree most (query by committee)
//   vote-entropy  the entropy, in bits, of the scorers' hard votes (a if P > ½, b if P < ½, tie at ½)
//   uncertainty   ½ − |mean P − ½|: where the scorers' average is closest to a coin flip
// Higher scores go first; equal scores keep input order. Pairs where no scorer gave a probability are left out.

export type ElicitationMethod = 'variance' | 'vote-entropy' | 'uncertainty';
export const ELICITATION_METHODS: readonly ElicitationMethod[] = ['variance', 'vote-entropy', 'uncertainty'];

export interface ScoredPair {
  id: string;
  /** P(a ≻ b) per scorer. */
  probs: ArrayLike<number>;
}

export interface ElicitationPick {
  id: string;
  /** Position in the input. */
  index: number;
  score: number;
  meanProb: number;
  scorers: number;
}

export function elicitationScore(probs: ArrayLike<number>, method: ElicitationMethod): { score: number; mean: number; n: number } {
  let n = 0;
  let sum = 0;
  let a = 0;
  let b = 0;
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i];
    if (Number.isNaN(p)) continue;
    if (!(p >= 0 && p <= 1)) throw new RangeError(`probability ${p} is outside [0, 1]`);
    n++;
    sum += p;
    if (p > 0.5) a++;
    else if (p < 0.5) b++;
  }
  if (n === 0) return { score: NaN, mean: NaN, n };
  const mean = sum / n;
  switch (method) {
    case 'variance': {
      let ss = 0;
      for (let i = 0; i < probs.length; i++) if (!Number.isNaN(probs[i])) ss += (probs[i] - mean) ** 2;
      return { score: ss / n, mean, n };
    }
    case 'vote-entropy': {
      let h = 0;
      for (const c of [a, b, n - a - b]) if (c > 0) h -= (c / n) * Math.log2(c / n);
      return { score: h, mean, n };
    }
    case 'uncertainty':
      return { score: 0.5 - Math.abs(mean - 0.5), mean, n };
    default:
      throw new RangeError(`unknown elicitation method "${method as string}" (${ELICITATION_METHODS.join(', ')})`);
  }
}

/** The k pairs to label first (all of them, ordered, when k is omitted). */
export function rankForElicitation(pairs: readonly ScoredPair[], method: ElicitationMethod, k?: number): ElicitationPick[] {
  if (k !== undefined && !(Number.isInteger(k) && k >= 1)) throw new RangeError(`k must be a positive integer, got ${k}`);
  const picks: ElicitationPick[] = [];
  pairs.forEach((p, index) => {
    const { score, mean, n } = elicitationScore(p.probs, method);
    if (n > 0) picks.push({ id: p.id, index, score, meanProb: mean, scorers: n });
  });
  picks.sort((x, y) => y.score - x.score || x.index - y.index);
  return k === undefined ? picks : picks.slice(0, k);
}
