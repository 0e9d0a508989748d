// "Pairwise Difference Pearson" (mt-metrics-eval `Pearson(pdp=True)`): inside each group (row of the reshaped
// matrix) take every ordered pair (i, j), i and j over the whole row including i = j, and the differences
// gold_j − gold_i and metric_j − metric_i; then ONE Pearson correlation over the differences of all groups
// together (the reference flattens them into a single row, whatever average_by is). A difference involving an
// unrated gold cell is dropped. The reference materialises R² differences per row; we stream them in two
// compensated passes, so 'none' over thousands of cells stays within memory.

import { pearsonPValue, type CorrelationResult } from './correlation.js';
import type { GoldVector } from './grouping.js';

/** Neumaier-compensated accumulator. */
class CompensatedSum {
  private sum = 0;
  private c = 0;
  add(v: number): void {
    const t = this.sum + v;
    if (Math.abs(this.sum) >= Math.abs(v)) this.c += this.sum - t + v;
    else this.c += v - t + this.sum;
    this.sum = t;
  }
  value(): number {
    return this.sum + this.c;
  }
}

type PairVisitor = (dGold: number, dMetric: number) => void;

function forEachDifference(gold: GoldVector, metric: ArrayLike<number>, groups: Int32Array[], visit: PairVisitor): void {
  for (const cells of groups) {
    for (let a = 0; a < cells.length; a++) {
      const ga = gold[cells[a]];
      const ma = metric[cells[a]];
      for (let b = 0; b < cells.length; b++) {
        const gb = gold[cells[b]];
        // None → NaN → None in the reference: a difference with a missing gold value is not a data point.
        if (ga === null || ga === undefined || gb === null || gb === undefined) continue;
        const dg = gb - ga;
        if (Number.isNaN(dg)) continue;
        visit(dg, metric[cells[b]] - ma);
      }
    }
  }
}

export interface PairwiseDiffPearson extends CorrelationResult {
  /** Number of differences correlated (the group size the reference's micro averaging would use). */
  count: number;
}

/** Pearson over within-group pairwise differences, pooled over `groups`. */
export function pairwiseDiffPearson(gold: GoldVector, metric: ArrayLike<number>, groups: Int32Array[]): PairwiseDiffPearson {
  let count = 0;
  const sumG = new CompensatedSum();
  const sumM = new CompensatedSum();
  let firstG = NaN, firstM = NaN;
  let constG = true, constM = true;
  forEachDifference(gold, metric, groups, (dg, dm) => {
    if (count === 0) {
      firstG = dg;
      firstM = dm;
    } else {
      if (dg !== firstG) constG = false;
      if (dm !== firstM) constM = false;
    }
    count++;
    sumG.add(dg);
    sumM.add(dm);
  });
  if (count < 2 || constG || constM) return { r: NaN, p: NaN, count };
  const meanG = sumG.value() / count;
  const meanM = sumM.value() / count;
  const sgg = new CompensatedSum();
  const smm = new CompensatedSum();
  const sgm = new CompensatedSum();
  forEachDifference(gold, metric, groups, (dg, dm) => {
    const a = dg - meanG;
    const b = dm - meanM;
    sgg.add(a * a);
    smm.add(b * b);
    sgm.add(a * b);
  });
  let r = sgm.value() / Math.sqrt(sgg.value()) / Math.sqrt(smm.value());
  if (Number.isNaN(r)) return { r: NaN, p: NaN, count };
  r = Math.min(1, Math.max(-1, r));
  return { r, p: pearsonPValue(r, count), count };
}
