// The statistics of several scorers over one batch, computed together where scorers share work: chrF and chrF++ with
// the same character options count character n-grams once (StatisticsScorer.jointStatisticsKey). Every scorer still
// gets exactly the rows its own segmentStatistics would give, so scores, signatures and outputs do not change.
import { isStatisticsScorer, type Item, type Scorer, type StatisticsScorer } from './contract.js';

export class BatchStatistics {
  /** Rows computed with an earlier scorer of the same group, waiting for their scorer's turn. */
  private readonly ready: (Float64Array | undefined)[];

  constructor(
    private readonly items: readonly Item[],
    private readonly scorers: readonly Scorer[],
  ) {
    this.ready = new Array(scorers.length);
  }

  /**
   * The statistics rows of statistics scorer `scorers[k]` for the batch. The first scorer of a group computes the
   * rows of the whole group (the later scorers with its key), so errors surface at the same scorer as when each
   * scorer runs alone.
   */
  statisticsOf(k: number): Float64Array {
    const done = this.ready[k];
    if (done !== undefined) {
      this.ready[k] = undefined;
      return done;
    }
    const scorer = this.scorers[k] as StatisticsScorer;
    const key = scorer.jointStatisticsKey;
    const group: number[] = [k];
    if (key !== undefined && scorer.jointSegmentStatistics) {
      for (let j = k + 1; j < this.scorers.length; j++) {
        const other = this.scorers[j];
        if (isStatisticsScorer(other) && other.jointStatisticsKey === key) group.push(j);
      }
    }
    if (group.length === 1) return scorer.segmentStatistics(this.items);
    const rows = scorer.jointSegmentStatistics!(
      this.items,
      group.map((j) => this.scorers[j] as StatisticsScorer),
    );
    for (let g = 1; g < group.length; g++) this.ready[group[g]] = rows[g];
    return rows[0];
  }
}
