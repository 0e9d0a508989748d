// Segment-level measures on one gold matrix and one scorer matrix, with mt-metrics-eval's grouping rules
// (stats/grouping.ts): `none` = one correlation over all rated cells, `item` = one per item across systems then the
// mean (group-by-item, the RM-accuracy view), `sys` = one per system across items then the mean.
// A cell counts when the gold rated it and the scorer scored it: a missing score is treated like a missing rating
// (the scorer abstained), never as a number.

import { pearson, spearman } from '../stats/correlation.js';
import { MatrixCorrelation } from '../stats/matrix-correlation.js';
import { pairwiseMean } from '../stats/summation.js';
import { tieCalibratedKendall } from '../stats/tie-calibration.js';
import { ItemResampledTieCalibration } from '../stats/tie-calibration-resampling.js';
import type { ReliabilityBin } from '../stats/calibration.js';
import type { Grouping, MeasureSpec } from './measures.js';

export interface MeasureValue {
  value: number;
  /** Cells used (grouping none) or groups averaged (item / sys); pairs or lists for preference measures. */
  n: number;
  /** Measure-specific numbers, e.g. the tie threshold `epsilon`. */
  extra?: Record<string, number>;
  /** ece: the reliability diagram behind the value (what `--html` plots), one entry per bin, empty bins kept. */
  reliability?: ReliabilityBin[];
}

/** Gold with null where the gold is unrated or the metric is missing, as the stats layer expects. */
export function maskedGold(gold: ArrayLike<number>, metric: ArrayLike<number>): (number | null)[] {
  const out = new Array<number | null>(gold.length);
  for (let c = 0; c < gold.length; c++) out[c] = Number.isNaN(gold[c]) || Number.isNaN(metric[c]) ? null : gold[c];
  return out;
}

function countCells(gold: readonly (number | null)[]): number {
  let n = 0;
  for (const g of gold) if (g !== null) n++;
  return n;
}

/**
 * One segment-level measure. `gold` and `metric` are system-major with `numSys` rows; NaN = missing in either.
 * Returns NaN with n = 0 when nothing is left to correlate.
 */
export function segmentMeasure(m: MeasureSpec, gold: ArrayLike<number>, metric: ArrayLike<number>, numSys: number, grouping: Grouping): MeasureValue {
  const g = maskedGold(gold, metric);
  const cells = countCells(g);
  if (cells < 2) return { value: NaN, n: 0 };
  // The scorer's NaN cells are masked in g; the metric vector keeps a harmless 0 there.
  const x = Float64Array.from(metric, (v) => (Number.isNaN(v) ? 0 : v));
  const mc = new MatrixCorrelation(numSys, g, x);
  const triple = (t: [number, number, number]): MeasureValue => {
    const [value, , n] = t;
    return { value: n === 0 ? NaN : value, n: grouping === 'none' ? cells : n };
  };
  switch (m.name) {
    case 'pearson':
      return triple(mc.pearson(grouping));
    case 'spearman':
      return triple(mc.spearman(grouping));
    case 'kendall':
      return triple(mc.kendall(grouping, 'b'));
    case 'kendall-c':
      return triple(mc.kendall(grouping, 'c'));
    case 'acc23':
      return triple(mc.kendallVariants(grouping, 'acc23'));
    case 'tau23':
      return triple(mc.kendallVariants(grouping, '23'));
    case 'kendall-like':
      return triple(mc.kendallLike(grouping, m.params.thresh));
    case 'acc23-tc':
    case 'tau23-tc': {
      const r = tieCalibratedKendall(g, x, { variant: m.name === 'acc23-tc' ? 'acc23' : '23', numSys, averageBy: grouping });
      return { value: r.tau, n: grouping === 'none' ? cells : r.groups, extra: { epsilon: r.epsilon } };
    }
    case 'partial-pearson':
    case 'partial-spearman':
      return partialCorrelation(m.name === 'partial-pearson' ? 'pearson' : 'spearman', g, x, numSys);
    default:
      throw new RangeError(`measure ${m.name} is not a segment-level measure`);
  }
}

/**
 * `segmentMeasure` on item resamples of one (gold, metric) matrix, as a function of the drawn items, when the
 * measure has a path that reuses work across resamples: tie-calibrated acc23/tau23 grouped by item sorts its
 * pairs once (stats/tie-calibration-resampling.ts), bit-identical to resampling the columns and measuring again.
 * Undefined for other measures (callers resample the columns).
 */
export function itemResampledMeasure(m: MeasureSpec, gold: ArrayLike<number>, metric: ArrayLike<number>, numSys: number, grouping: Grouping): ((items: ArrayLike<number>) => MeasureValue) | undefined {
  if ((m.name !== 'acc23-tc' && m.name !== 'tau23-tc') || grouping !== 'item') return undefined;
  const g = maskedGold(gold, metric);
  const x = Float64Array.from(metric, (v) => (Number.isNaN(v) ? 0 : v));
  const tc = new ItemResampledTieCalibration(g, x, numSys, m.name === 'acc23-tc' ? 'acc23' : '23');
  return (items) => {
    const r = tc.at(items);
    // segmentMeasure's rule: fewer than 2 rated cells leave nothing to correlate
    if (r.cells < 2) return { value: NaN, n: 0 };
    return { value: r.tau, n: r.groups, extra: { epsilon: r.epsilon } };
  };
}

/**
 * Partial correlation controlling for the system (FRANK, Pagnoni et al. 2021, evaluation/evaluate.py): subtract each
 * system's mean over the kept cells from gold and metric alike (the residuals of a one-hot regression on the system),
 * then correlate all residuals together.
 */
export function partialCorrelation(kind: 'pearson' | 'spearman', gold: readonly (number | null)[], metric: ArrayLike<number>, numSys: number): MeasureValue {
  const nI = gold.length / numSys;
  const rg: number[] = [];
  const rm: number[] = [];
  for (let s = 0; s < numSys; s++) {
    const gs: number[] = [];
    const ms: number[] = [];
    for (let i = 0; i < nI; i++) {
      const v = gold[s * nI + i];
      if (v === null) continue;
      gs.push(v);
      ms.push(metric[s * nI + i]);
    }
    if (gs.length === 0) continue;
    const mg = pairwiseMean(gs);
    const mm = pairwiseMean(ms);
    for (let k = 0; k < gs.length; k++) {
      rg.push(gs[k] - mg);
      rm.push(ms[k] - mm);
    }
  }
  if (rg.length < 2) return { value: NaN, n: rg.length };
  const r = kind === 'pearson' ? pearson(rg, rm) : spearman(rg, rm);
  return { value: r.r, n: rg.length };
}
