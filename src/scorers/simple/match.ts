// Exact match and token F1 against references (max over references), SQuAD-normalised by default.
import { BasePointwiseScorer, type Item, type Needs, type Score, type SignatureContext } from '../contract.js';
import type { ScorerFactory } from '../registry.js';
import { formatSignature, formatSpec } from '../spec.js';
import { normalizeAnswer, tokenF1, type Normalization } from './squad.js';

const NORMALIZATIONS: readonly Normalization[] = ['squad', 'lower', 'strip', 'none'];

export class ExactMatch extends BasePointwiseScorer {
  readonly id = 'exact';
  readonly family = 'verifiable' as const;
  readonly needs: Needs = { references: true };
  readonly direction = 'higher' as const;
  readonly range = [0, 1] as const;
  constructor(readonly normalize: Normalization = 'squad') {
    super();
  }
  spec(): string {
    return formatSpec('exact', [], this.normalize === 'squad' ? [] : [['normalize', this.normalize]]);
  }
  signature(ctx?: SignatureContext): string {
    return formatSignature('EM', [['nrefs', ctx?.nrefs ?? '?'], ['norm', this.normalize]]);
  }
  protected scoreOne(item: Item): Score {
    const hyp = normalizeAnswer(item.output, this.normalize);
    const refs = item.references as string[];
    const hit = refs.findIndex((r) => normalizeAnswer(r, this.normalize) === hyp);
    return { value: hit >= 0 ? 1 : 0, details: { matchedReference: hit } };
  }
}

export class TokenF1 extends BasePointwiseScorer {
  readonly id = 'f1';
  readonly family = 'verifiable' as const;
  readonly needs: Needs = { references: true };
  readonly direction = 'higher' as const;
  readonly range = [0, 1] as const;
  constructor(readonly normalize: Normalization = 'squad') {
    super();
  }
  spec(): string {
    return formatSpec('f1', [], this.normalize === 'squad' ? [] : [['normalize', this.normalize]]);
  }
  signature(ctx?: SignatureContext): string {
    return formatSignature('TokenF1', [['nrefs', ctx?.nrefs ?? '?'], ['norm', this.normalize]]);
  }
  protected scoreOne(item: Item): Score {
    let best = { f1: -1, precision: 0, recall: 0 };
    let bestRef = -1;
    (item.references as string[]).forEach((r, i) => {
      const s = tokenF1(item.output, r, this.normalize);
      if (s.f1 > best.f1) {
        best = s;
        bestRef = i;
      }
    });
    return { value: best.f1, details: { precision: best.precision, recall: best.recall, bestReference: bestRef } };
  }
}

export const exactMatchFactory: ScorerFactory = {
  name: 'exact',
  aliases: ['em', 'exact-match'],
  summary: 'exact match against any reference (SQuAD normalisation by default)',
  options: 'normalize=squad|lower|strip|none',
  create(o) {
    const s = new ExactMatch(o.string('normalize', 'squad', NORMALIZATIONS));
    o.done();
    return s;
  },
};

export const tokenF1Factory: ScorerFactory = {
  name: 'f1',
  aliases: ['token-f1'],
  summary: 'SQuAD token-level F1, max over references',
  options: 'normalize=squad|lower|strip|none',
  create(o) {
    const s = new TokenF1(o.string('normalize', 'squad', NORMALIZATIONS));
    o.done();
    return s;
  },
};
