// One score matrix (gold and metric, packed system-major) and every correlation mt-metrics-eval's
// `stats.Correlation` offers on it, each returning the reference's [corr, meanP, n]. A convenience over
// grouping.ts; like the reference it filters null gold only when some gold is null.

import { kendallTau, pearson, spearman } from './correlation.js';
import {
  averageCorrelation,
  CorrelationAverager,
  groupIndices,
  hasMissing,
  itemCount,
  type AverageBy,
  type AveragedCorrelation,
  type GoldVector,
  type GroupCorrelation,
} from './grouping.js';
import { kendallLike, kendallVariant, type KendallVariant } from './kendall-variants.js';
import { pairwiseDiffPearson } from './pairwise-diff-pearson.js';
import { tieCalibratedKendall, type TieCalibratedVariant, type TieCalibrationOptions } from './tie-calibration.js';

export class MatrixCorrelation {
  readonly numItems: number;
  private readonly filterNones: boolean;

  constructor(
    readonly numSys: number,
    readonly gold: GoldVector,
    readonly metric: ArrayLike<number>,
  ) {
    if (gold.length !== metric.length) throw new RangeError(`length mismatch: gold ${gold.length}, metric ${metric.length}`);
    this.numItems = itemCount(gold.length, numSys);
    // stats.Correlation passes its None count as AverageCorrelation's filter_nones flag.
    this.filterNones = hasMissing(gold);
  }

  /** Any per-group correlation, averaged the reference's way. */
  average(fn: GroupCorrelation, averageBy: AverageBy = 'none', options: { replaceNansWithZeros?: boolean; macro?: boolean } = {}): AveragedCorrelation {
    return averageCorrelation(fn, this.gold, this.metric, { ...options, numSys: this.numSys, averageBy, filterNones: this.filterNones });
  }

  /** Pearson; with pdp, the pairwise-difference variant (one correlation over all within-group differences). */
  pearson(averageBy: AverageBy = 'none', pdp = false): AveragedCorrelation {
    if (!pdp) return this.average(pearson, averageBy);
    const stat = pairwiseDiffPearson(this.gold, this.metric, groupIndices(this.gold.length, this.numSys, averageBy));
    const averager = new CorrelationAverager(true, false);
    if (!(this.filterNones && stat.count < 2)) averager.add(stat, stat.count);
    return averager.result();
  }

  spearman(averageBy: AverageBy = 'none'): AveragedCorrelation {
    return this.average(spearman, averageBy);
  }

  /** scipy kendalltau, tau-b or tau-c, with its p-value. */
  kendall(averageBy: AverageBy = 'none', variant: 'b' | 'c' = 'b'): AveragedCorrelation {
    return this.average((g, m) => kendallTau(g, m, { variant }), averageBy);
  }

  /** WMT20 Kendall-like, micro-averaged by pair counts (the reference's macro=False). */
  kendallLike(averageBy: AverageBy = 'item', thresh = 25): AveragedCorrelation {
    return this.average((g, m) => kendallLike(g, m, thresh), averageBy, { macro: false });
  }

  kendallVariants(averageBy: AverageBy = 'none', variant: KendallVariant = 'b', epsilon = 0): AveragedCorrelation {
    return this.average((g, m) => kendallVariant(g, m, { variant, epsilon }), averageBy);
  }

  /**
   * Tie-calibrated Kendall as `Correlation.KendallWithTiesOpt`: [tau, 0, number of groups of the reshape]
   * (all groups, rated or not — the reference reports the matrix's row count). Sampling defaults to 1.0 here.
   */
  kendallWithTiesOpt(
    averageBy: AverageBy = 'none',
    variant: TieCalibratedVariant = 'acc23',
    options: Pick<TieCalibrationOptions, 'sampleRate' | 'rng'> = {},
  ): AveragedCorrelation {
    const result = tieCalibratedKendall(this.gold, this.metric, { ...options, variant, numSys: this.numSys, averageBy });
    const rows = averageBy === 'none' ? 1 : averageBy === 'sys' ? this.numSys : this.numItems;
    return [result.tau, 0, rows];
  }
}
