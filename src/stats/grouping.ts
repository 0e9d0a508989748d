// Averaging a correlation over a (systems × items) score matrix, as mt-metrics-eval's `AverageCorrelation`.
// Scores arrive as flat vectors packed system-major: cell (s, i) is at s·numItems + i.
//   averageBy 'none': one correlation over all cells;
//             'sys' : one per system (a row, over its items), then the mean;
//             'item': one per item (a column, over the systems), then the mean.
// Conventions (the reference's):
//   - gold `null` = not rated: the cell is dropped together with its metric value; metric NaN is kept (the
//     correlation function decides what NaN means — scipy's give NaN);
//   - when filtering (filterNones), groups left with fewer than 2 cells are skipped;
//   - NaN correlations are skipped (or count as 0 with replaceNansWithZeros);
//   - macro: the plain mean of correlations and of p-values; micro: weighted by the function's `weight`
//     (KendallLike: its pair count) or else by the group's size.
//   - result [corr, meanP, n], with n the averaging denominator; [0, 0, 0] when nothing is left.

export type AverageBy = 'none' | 'sys' | 'item';

/** Gold scores: a number per cell, or null where the cell was not rated. */
export type GoldVector = ArrayLike<number | null>;

/** What a per-group correlation returns; `weight` overrides the group size in micro averaging. */
export interface GroupStatistic {
  r: number;
  p: number;
  weight?: number;
}

export type GroupCorrelation = (gold: Float64Array, metric: Float64Array) => GroupStatistic;

/** [corr, meanP, n] — the return value of the reference's `AverageCorrelation` / `Correlation` methods. */
export type AveragedCorrelation = [corr: number, meanP: number, n: number];

/** Number of items when `length` cells hold `numSys` systems; throws unless it divides evenly. */
export function itemCount(length: number, numSys: number): number {
  if (!Number.isInteger(numSys) || numSys < 1) throw new RangeError(`numSys must be a positive integer, got ${numSys}`);
  if (length % numSys !== 0) throw new RangeError(`${length} scores do not split into ${numSys} systems`);
  return length / numSys;
}

/** Cell indices of each group, in the reference's order (rows of `_Reshape`). */
export function groupIndices(length: number, numSys: number, averageBy: AverageBy): Int32Array[] {
  if (averageBy === 'none') {
    const all = new Int32Array(length);
    for (let i = 0; i < length; i++) all[i] = i;
    return [all];
  }
  const numItems = itemCount(length, numSys);
  const groups: Int32Array[] = [];
  if (averageBy === 'sys') {
    for (let s = 0; s < numSys; s++) {
      const g = new Int32Array(numItems);
      for (let i = 0; i < numItems; i++) g[i] = s * numItems + i;
      groups.push(g);
    }
  } else if (averageBy === 'item') {
    for (let i = 0; i < numItems; i++) {
      const g = new Int32Array(numSys);
      for (let s = 0; s < numSys; s++) g[s] = s * numItems + i;
      groups.push(g);
    }
  } else {
    throw new RangeError(`Unknown averaging option: ${averageBy as string}`);
  }
  return groups;
}

export function hasMissing(gold: GoldVector): boolean {
  for (let i = 0; i < gold.length; i++) if (gold[i] === null || gold[i] === undefined) return true;
  return false;
}

/** The rated cells of one group: gold values (as numbers) and the parallel metric values. */
export function ratedCells(gold: GoldVector, metric: ArrayLike<number>, cells: Int32Array): [Float64Array, Float64Array] {
  let m = 0;
  for (let k = 0; k < cells.length; k++) if (gold[cells[k]] !== null && gold[cells[k]] !== undefined) m++;
  const g = new Float64Array(m);
  const x = new Float64Array(m);
  for (let k = 0, j = 0; k < cells.length; k++) {
    const v = gold[cells[k]];
    if (v === null || v === undefined) continue;
    g[j] = v;
    x[j++] = metric[cells[k]];
  }
  return [g, x];
}

export interface AverageCorrelationOptions {
  numSys?: number;
  averageBy?: AverageBy;
  /**
   * Drop cells with null gold and skip groups left with < 2 cells. Default true, as `stats.AverageCorrelation`;
   * `stats.Correlation` passes "gold has a null" instead (see MatrixCorrelation).
   */
  filterNones?: boolean;
  replaceNansWithZeros?: boolean;
  /** true: plain mean over groups; false: weighted by `weight` or group size. Default true. */
  macro?: boolean;
}

/** Running [Σ k·r, Σ k·p, Σ k] over groups, with the reference's NaN rule. */
export class CorrelationAverager {
  private totalCorr = 0;
  private totalP = 0;
  private n = 0;
  constructor(
    private readonly macro: boolean,
    private readonly replaceNansWithZeros: boolean,
  ) {}

  add(stat: GroupStatistic, groupSize: number): void {
    const k = this.macro ? 1 : (stat.weight ?? groupSize);
    if (!Number.isNaN(stat.r)) {
      this.totalCorr += k * stat.r;
      this.totalP += k * stat.p;
      this.n += k;
    } else if (this.replaceNansWithZeros) {
      this.n += k;
    }
  }

  result(): AveragedCorrelation {
    return this.n ? [this.totalCorr / this.n, this.totalP / this.n, this.n] : [0, 0, 0];
  }
}

/** `AverageCorrelation(fn, num_sys, average_by, …)(gold, metric)`: see the file comment. */
export function averageCorrelation(
  fn: GroupCorrelation,
  gold: GoldVector,
  metric: ArrayLike<number>,
  options: AverageCorrelationOptions = {},
): AveragedCorrelation {
  if (gold.length !== metric.length) throw new RangeError(`length mismatch: gold ${gold.length}, metric ${metric.length}`);
  const averageBy = options.averageBy ?? 'none';
  const filterNones = options.filterNones ?? true;
  if (!filterNones && hasMissing(gold)) throw new RangeError('gold has null values but filterNones is false');
  const averager = new CorrelationAverager(options.macro ?? true, options.replaceNansWithZeros ?? false);
  for (const cells of groupIndices(gold.length, options.numSys ?? 1, averageBy)) {
    const [g, m] = ratedCells(gold, metric, cells);
    if (filterNones && g.length < 2) continue;
    averager.add(fn(g, m), g.length);
  }
  return averager.result();
}

export interface PackedGroups {
  /** Size of each non-empty group, in group order. */
  lengths: number[];
  gold: Float64Array;
  /** One packed vector per metric passed in. */
  metrics: Float64Array[];
}

/**
 * The rated cells grouped by `averageBy` and packed back to back (`_ReshapeAndFilter`, the input of the
 * permutation tests): groups with no rated cell are left out, singletons kept.
 */
export function packGroups(
  gold: GoldVector,
  metrics: ArrayLike<number>[],
  numSys: number,
  averageBy: AverageBy,
): PackedGroups {
  const lengths: number[] = [];
  const goldOut: number[] = [];
  const metricOut: number[][] = metrics.map(() => []);
  for (const cells of groupIndices(gold.length, numSys, averageBy)) {
    let kept = 0;
    for (let k = 0; k < cells.length; k++) {
      const v = gold[cells[k]];
      if (v === null || v === undefined) continue;
      goldOut.push(v);
      metrics.forEach((m, t) => metricOut[t].push(m[cells[k]]));
      kept++;
    }
    if (kept) lengths.push(kept);
  }
  return { lengths, gold: Float64Array.from(goldOut), metrics: metricOut.map((m) => Float64Array.from(m)) };
}
