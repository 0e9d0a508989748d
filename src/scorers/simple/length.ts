// Output length: the spurious baseline every reward model and metric should be compared with.
import { BasePointwiseScorer, type Item, type Needs, type Score, type SignatureContext } from '../contract.js';
import type { ScorerFactory } from '../registry.js';
import { formatSignature, formatSpec } from '../spec.js';
import { codePointLength, pySplit } from '../lexical/text.js';

export type LengthUnit = 'chars' | 'tokens' | 'bytes';
const UNITS: readonly LengthUnit[] = ['chars', 'tokens', 'bytes'];
const encoder = new TextEncoder();

export function outputLength(text: string, unit: LengthUnit): number {
  if (unit === 'chars') return codePointLength(text); // code points, as Python len()
  if (unit === 'tokens') return pySplit(text).length; // Python str.split()
  return encoder.encode(text).length;
}

export class LengthScorer extends BasePointwiseScorer {
  readonly id = 'length';
  readonly family = 'lexical' as const;
  readonly needs: Needs = {};
  readonly range = [0, Infinity] as const;
  constructor(
    readonly unit: LengthUnit = 'chars',
    readonly direction: 'higher' | 'lower' = 'higher',
  ) {
    super();
  }
  spec(): string {
    const opts: [string, string][] = [];
    if (this.unit !== 'chars') opts.push(['unit', this.unit]);
    if (this.direction !== 'higher') opts.push(['direction', this.direction]);
    return formatSpec('length', [], opts);
  }
  signature(_ctx?: SignatureContext): string {
    return formatSignature('Length', [['unit', this.unit], ['dir', this.direction]]);
  }
  protected scoreOne(item: Item): Score {
    return { value: outputLength(item.output, this.unit) };
  }
}

export const lengthFactory: ScorerFactory = {
  name: 'length',
  summary: 'output length (code points, whitespace tokens or UTF-8 bytes): the spurious baseline',
  options: 'unit=chars|tokens|bytes, direction=higher|lower',
  optionDocs: {
    unit: 'code points, whitespace tokens (Python str.split) or UTF-8 bytes',
    direction: 'whether a longer output counts as better (length as a spurious baseline)',
  },
  create(o) {
    const s = new LengthScorer(o.string('unit', 'chars', UNITS), o.string('direction', 'higher', ['higher', 'lower'] as const));
    o.done();
    return s;
  },
};
