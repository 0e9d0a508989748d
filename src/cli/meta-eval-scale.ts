// `meta-eval --threads N | --queue redis://… [--shard-size N]`: where meta-eval's scoring step runs. The executors are
// those of `trenchcoat score` (scale-options.ts), opened when a scoring step first asks for one and reused by every
// later step with the same scorers (one per gold matrix, say); the numbers never depend on them (metaeval/item-scoring.ts).
//
// What is not sent anywhere: precomputed scores (`--scores` files, `column:NAME`) and recorded judge decisions are
// numbers already, read on this process; pairwise judges compare pairs, while shards carry items, so they also run here.
// With --queue and nothing to queue the run is the local one, Redis is not contacted, and stderr says so.
import type { Scorer } from '../scorers/contract.js';
import { isPairwiseScorer } from '../scorers/pairwise.js';
import type { ItemScoringOptions } from '../metaeval/item-scoring.js';
import { checkScaleFlags, openExecutor, type OpenedExecutor, type ScaleFlags } from './scale-options.js';

export class MetaEvalExecutors {
  private readonly opened = new Map<string, Promise<OpenedExecutor>>();
  private pairwise: string[] = [];

  private constructor(
    private readonly flags: ScaleFlags,
    private readonly shardSize: number,
  ) {}

  /** Checks the flags (usage errors before any input is read); opens nothing yet. */
  static async check(flags: ScaleFlags): Promise<MetaEvalExecutors> {
    const { shardSize } = await checkScaleFlags(flags);
    return new MetaEvalExecutors(flags, shardSize);
  }

  /** The scoring options for `metaEvaluate`. */
  scoring(): ItemScoringOptions {
    return {
      batchSize: this.shardSize,
      executorFor: async (scorers: readonly Scorer[]) => {
        const key = scorers.map((s) => s.spec()).join('\n');
        let e = this.opened.get(key);
        if (!e) this.opened.set(key, (e = openExecutor(this.flags, scorers)));
        return (await e).executor;
      },
    };
  }

  /** Notes the model scorers of the run: pairwise judges stay on this process. */
  noteScorers(scorers: readonly Scorer[]): void {
    this.pairwise = scorers.filter(isPairwiseScorer).map((s) => s.spec());
  }

  /** Lines for stderr after the run: queue summaries, and what ran on this process despite --queue. */
  summary(): string[] {
    if (this.flags.queue === undefined) return [];
    const lines: string[] = [];
    for (const s of this.pairwise) lines.push(`${s}: compares pairs on this process (queue shards carry items, not pairs)`);
    if (this.opened.size === 0) lines.push('queue: nothing to score on the queue (precomputed scores, recorded judges and pairwise judges are read or run on this process); Redis was not contacted');
    return lines;
  }

  /** Closes every executor opened; their summaries (e.g. `queue: N shard(s) …, R reused`) for stderr. */
  async close(): Promise<string[]> {
    const out: string[] = [];
    for (const p of this.opened.values()) {
      const e = await p.catch(() => undefined);
      if (!e) continue;
      await e.close();
      const line = e.summary();
      if (line) out.push(line);
    }
    return out;
  }
}
