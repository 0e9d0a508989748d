// `column:NAME`: scores already present in the data (precomputed COMET, reward-model outputs, human ratings),
// so they flow through meta-evaluation like any other scorer.
import { BasePointwiseScorer, ScorerInputError, type Item, type Needs, type Score, type SignatureContext } from '../contract.js';
import type { ScorerFactory } from '../registry.js';
import { formatSignature, formatSpec } from '../spec.js';
import { parseDecimal } from '../../data/numbers.js';
import { describeValue } from '../../data/errors.js';

export class ColumnScorer extends BasePointwiseScorer {
  readonly id = 'column';
  readonly family = 'precomputed' as const;
  readonly needs: Needs = {};
  readonly range = [-Infinity, Infinity] as const;
  constructor(
    readonly column: string,
    readonly direction: 'higher' | 'lower' = 'higher',
  ) {
    super();
  }
  spec(): string {
    return formatSpec('column', [this.column], this.direction === 'higher' ? [] : [['direction', this.direction]]);
  }
  signature(_ctx?: SignatureContext): string {
    return formatSignature(`column:${this.column}`, [['dir', this.direction]]);
  }
  protected scoreOne(item: Item): Score {
    const meta = item.meta ?? {};
    if (!(this.column in meta)) {
      throw new ScorerInputError(`column:${this.column}: item ${item.id} has no field "${this.column}"`, item.id, this.column);
    }
    const v = meta[this.column];
    // The CLI reads these fields with readFiniteNumber (errors at FILE:LINE, `--missing`); here null is a missing value
    // the reader let through, so the scorer abstains. Text is read as a CSV cell would be (items built by hand).
    if (v === null || v === undefined || v === '') return { value: null };
    const x = typeof v === 'number' ? v : typeof v === 'string' ? parseDecimal(v) : undefined;
    if (x === undefined || !Number.isFinite(x)) {
      throw new ScorerInputError(`column:${this.column}: item ${item.id} has a non-numeric value ${typeof v === 'number' ? String(v) : JSON.stringify(v) ?? describeValue(v)}`, item.id, this.column);
    }
    return { value: x };
  }
}

export const columnFactory: ScorerFactory = {
  name: 'column',
  aliases: ['col'],
  summary: 'scores already present in the data, e.g. column:COMET',
  options: 'NAME (positional), direction=higher|lower',
  optionDocs: {
    NAME: 'the data field holding the score (kept without --meta-field in every command)',
    direction: 'whether a higher value in the field is better',
  },
  create(o) {
    const s = new ColumnScorer(o.positional(0, 'column name'), o.string('direction', 'higher', ['higher', 'lower'] as const));
    o.done(1);
    return s;
  },
};
