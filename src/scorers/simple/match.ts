// Exact match and token F1 against references (max over references), SQuAD-normalised by default.
import { BasePointwiseScorer, type Item, type Needs, type Score, type SignatureContext } from '../contract.js';
import type { ScorerFactory } from '../registry.js';
import { formatSignature, formatSpec } from '../spec.js';
import { normalizeAnswer, tokenF1, type Normalization } from './squad.js';

const NORMALIZATIONS: readonly Normalization[] = ['squad', 'lower', 'strip', 'none'];

/** What exact match and token F1 share: a 0–1 reference check with one option, the answer normalisation. */
abstract class _ReferenceMatchScorer extends BasePointwiseScorer {
  readonly family = 'verifiable' as const;
  readonly needs: Needs = { references: true };
  readonly direction = 'higher' as const;
  readonly range = [0, 1] as const;
  /** The metric's name in signatures. */
  protected abstract readonly signatureName: string;
  constructor(readonly normalize: Normalization = 'squad') {
    super();
  }
  spec(): string {
    return formatSpec(this.id, [], this.normalize === 'squad' ? [] : [['normalize', this.normalize]]);
  }
  signature(ctx?: SignatureContext): string {
    return formatSignature(this.signatureName, [['nrefs', ctx?.nrefs ?? '?'], ['norm', this.normalize]]);
  }
}

export class ExactMatch extends _ReferenceMatchScorer {
  readonly id = 'exact';
  protected readonly signatureName = 'EM';
  protected scoreOne(item: Item): Score {
    const hyp = normalizeAnswer(item.output, this.normalize);
    const refs = item.references as string[];
    const hit = refs.findIndex((r) => normalizeAnswer(r, this.normalize) === hyp);
    return { value: hit >= 0 ? 1 : 0, details: { matchedReference: hit } };
  }
}

export class TokenF1 extends _ReferenceMatchScorer {
  readonly id = 'f1';
  protected readonly signatureName = 'TokenF1';
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

function _matchFactory(
  name: string,
  aliases: string[],
  summary: string,
  make: (normalize: Normalization) => _ReferenceMatchScorer,
): ScorerFactory {
  return {
    name,
    aliases,
    summary,
    options: 'normalize=squad|lower|strip|none',
    optionDocs: {
      normalize: 'text normalisation before comparing: squad (lowercase, drop punctuation and articles a/an/the, collapse whitespace; the SQuAD script), lower (lowercase, collapse whitespace), strip (collapse whitespace), none (compare as is)',
    },
    create(o) {
      const s = make(o.string('normalize', 'squad', NORMALIZATIONS));
      o.done();
      return s;
    },
  };
}

export const exactMatchFactory = _matchFactory(
  'exact',
  ['em', 'exact-match'],
  'exact match against any reference (SQuAD normalisation by default)',
  (n) => new ExactMatch(n),
);

export const tokenF1Factory = _matchFactory('f1', ['token-f1'], 'SQuAD token-level F1, max over references', (n) => new TokenF1(n));
