// `column:NAME`: scores already present in the data (precomputed COMET, reward-model outputs, human ratings),
// so they flow through meta-evaluation like any other scorer.
import { BasePointwiseScorer, ScorerInputError, type Item, type Needs, type Score, type SignatureContext } from '../contract.js';
import type { ScorerFactory } from '../registry.js';
import { formatSignature, formatSpec } from '../spec.js';

/** Decimal numbers only: `Number()` would also accept hex, binary and empty strings, which a score column never means. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

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
    // An empty cell or JSON null means "no score": the scorer abstains rather than inventing a number.
    if (v === null || v === undefined || v === '') return { value: null };
    const x = typeof v === 'number' ? v : typeof v === 'string' && DECIMAL.test(v.trim()) ? Number(v.trim()) : NaN;
    if (!Number.isFinite(x)) {
      throw new ScorerInputError(`column:${this.column}: item ${item.id} has a non-numeric value ${JSON.stringify(v)}`, item.id, this.column);
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
