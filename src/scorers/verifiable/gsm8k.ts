// GSM8K answer check = verl `verl/utils/reward_score/gsm8k.py` `compute_score` (pinned in ./reference.ts): the last
// `#### NUMBER` (strict) or the last number-like run (flexible) in the last 300 code points, compared as a string with
// the ground truth.
import { BasePointwiseScorer, type Item, type Needs, type Score, type SignatureContext } from '../contract.js';
import type { ScorerFactory } from '../registry.js';
import { formatSignature, formatSpec } from '../spec.js';
import { singleGroundTruth } from './ground-truth.js';
import { lastCodePoints } from './python-str.js';
import { VERL_REF } from './reference.js';

export type Gsm8kMethod = 'strict' | 'flexible';
const METHODS: readonly Gsm8kMethod[] = ['strict', 'flexible'];

/** verl clips to the last 300 characters (code points) before matching, so an answer earlier on is never seen. */
const CLIP_CODE_POINTS = 300;
const STRICT_ANSWER = /#### (-?[0-9.,]+)/g;
const NUMBER_RUN = /-?[0-9.,]+/g;

/** verl `extract_solution`: the extracted answer string, or null when there is none. */
export function extractGsm8kAnswer(response: string, method: Gsm8kMethod): string | null {
  const text = lastCodePoints(response, CLIP_CODE_POINTS);
  if (method === 'strict') {
    let last: string | null = null;
    for (const m of text.matchAll(STRICT_ANSWER)) last = m[1];
    // commas go (the reference's `$` removal is a no-op: the pattern cannot capture one)
    return last === null ? null : last.replaceAll(',', '');
  }
  const runs = text.match(NUMBER_RUN);
  if (runs === null) return null;
  for (let i = runs.length - 1; i >= 0; i--) if (runs[i] !== '.') return runs[i];
  // upstream's loop variable keeps the last value it iterated over when no run qualifies: the first run, a '.'
  return runs[0];
}

export class Gsm8kScorer extends BasePointwiseScorer {
  readonly id = 'gsm8k';
  readonly family = 'verifiable' as const;
  readonly needs: Needs = { references: true };
  readonly direction = 'higher' as const;
  readonly range: readonly [number, number];
  constructor(
    readonly method: Gsm8kMethod = 'strict',
    readonly formatScore = 0,
    readonly correctScore = 1,
  ) {
    super();
    // no answer scores 0, a wrong one formatScore, a right one correctScore
    this.range = [Math.min(0, formatScore, correctScore), Math.max(0, formatScore, correctScore)];
  }
  spec(): string {
    const opts: [string, string][] = [];
    if (this.method !== 'strict') opts.push(['method', this.method]);
    if (this.formatScore !== 0) opts.push(['format-score', String(this.formatScore)]);
    if (this.correctScore !== 1) opts.push(['score', String(this.correctScore)]);
    return formatSpec(this.id, [], opts);
  }
  signature(_ctx?: SignatureContext): string {
    return formatSignature('gsm8k', [
      ['method', this.method],
      ['format-score', String(this.formatScore)],
      ['score', String(this.correctScore)],
      ['ref', VERL_REF],
    ]);
  }
  protected scoreOne(item: Item): Score {
    const groundTruth = singleGroundTruth(this.id, item);
    const pred = extractGsm8kAnswer(item.output, this.method);
    const value = pred === null ? 0 : pred === groundTruth ? this.correctScore : this.formatScore;
    return { value, details: { pred } };
  }
}

export const gsm8kFactory: ScorerFactory = {
  name: 'gsm8k',
  summary: 'GSM8K `#### N` answer check, = verl reward_score/gsm8k.py (ground truth = the one reference)',
  options:
    'method=strict|flexible (strict: last "#### N", commas dropped; flexible: last number-like run, commas kept), ' +
    'format-score=0 (value of an extracted but wrong answer), score=1 (value of a right one); no answer scores 0',
  optionDocs: {
    method: 'how the answer is extracted: strict reads the last "#### N" (commas dropped); flexible the last number-like run (commas kept), as verl',
    'format-score': 'the value of an answer that was extracted but is wrong',
    score: 'the value of a right answer',
  },
  create(o) {
    const s = new Gsm8kScorer(o.string('method', 'strict', METHODS), o.number('format-score', 0), o.number('score', 1));
    o.done();
    return s;
  },
};
