// A scorer that records every item it is asked to score, for counting what the cache lets through.
import type { Item, Needs, Score, Scorer, SignatureContext } from '../../src/scorers/contract.js';
import { meanScore } from '../../src/scorers/contract.js';

export class CountingScorer implements Scorer {
  readonly id = 'fake';
  readonly family = 'judge' as const;
  readonly mode = 'pointwise' as const;
  readonly direction = 'higher' as const;
  readonly range = [0, Infinity] as const;
  /** One entry per `score` call: the outputs it was given. */
  readonly calls: string[][] = [];
  /** Throw on the call with this 0-based index (simulates a crash part-way through a run). */
  failOnCall?: number;
  /** Awaited before each call (with its 0-based index): lets a child process signal and hang mid-run. */
  beforeCall?: (call: number) => Promise<void>;
  constructor(
    readonly needs: Needs = {},
    private readonly tag = 'v1',
  ) {}
  spec(): string {
    return `fake:${this.tag}`;
  }
  signature(ctx?: SignatureContext): string {
    return `fake|tag:${this.tag}${ctx?.nrefs !== undefined ? `|nrefs:${ctx.nrefs}` : ''}|version:test`;
  }
  /** Deterministic score of an item: the code-point length of its output (null for outputs starting with "?"). */
  static valueOf(item: Item): Score {
    if (item.output.startsWith('?')) return { value: null, details: { raw: item.output } };
    if (item.output.startsWith('!')) return { value: null, details: { error: 'HTTP 503' } };
    return { value: [...item.output].length, prob: 0.5 };
  }
  async score(items: readonly Item[]): Promise<Score[]> {
    await this.beforeCall?.(this.calls.length);
    if (this.failOnCall === this.calls.length) {
      this.calls.push([]);
      throw new Error('killed');
    }
    this.calls.push(items.map((i) => i.output));
    return items.map(CountingScorer.valueOf);
  }
  async corpusScore(items: readonly Item[]): Promise<Score> {
    return meanScore(await this.score(items));
  }
  get scoredCount(): number {
    return this.calls.reduce((a, c) => a + c.length, 0);
  }
}

export const items = (outputs: string[], refs?: string[]): Item[] =>
  outputs.map((o, i) => ({ id: `item-${i}`, output: o, ...(refs ? { references: [refs[i]] } : {}) }));
