// System-level meta-evaluation: one gold and one metric score per system, then a correlation, pairwise accuracy or
// tie-calibrated accuracy over the systems (mt-metrics-eval `Correlation(num_sys, gold, metric)` with one item per
// system, and `stats.Agreement`).
//
// System scores from segment data (the MQM convention, e.g. the published MQM tables and mt-metrics-eval's sys-level
// vectors): the gold score of a system is the mean of its rated segments; the metric score is its corpus score over the
// same segments — summed sufficient statistics for BLEU/chrF/TER (`aggregate: corpus`), the mean of segment scores
// otherwise (or with `aggregate: mean`). `items: all` scores every segment with an output instead (WMT's convention
// for metrics: the whole test set). Means use NumPy's pairwise summation by default (HANNA's published system means
// need it: two Complexity means are near-ties); `summation: sequential` is Python's left-to-right `sum(x) / len(x)`.

import { pairwiseAgreement } from '../stats/agreement.js';
import { MatrixCorrelation } from '../stats/matrix-correlation.js';
import { softPairwiseAccuracyFromScores } from '../stats/soft-pairwise.js';
import { pairwiseSum } from '../stats/summation.js';
import { tieCalibratedKendall } from '../stats/tie-calibration.js';
import { MetaEvalInputError, type GoldMatrix, type ScoreMatrix } from './matrices.js';
import type { MeasureSpec } from './measures.js';
import type { MeasureValue } from './segment.js';

export interface SystemScoreOptions {
  aggregate?: 'corpus' | 'mean';
  items?: 'rated' | 'all';
  summation?: 'pairwise' | 'sequential';
}

export interface SystemVectors {
  gold: Float64Array;
  metric: Float64Array;
}

function meanOf(values: number[], summation: 'pairwise' | 'sequential'): number {
  if (values.length === 0) return NaN;
  if (summation === 'pairwise') return pairwiseSum(values) / values.length;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/**
 * Per-system gold and metric scores. `sample` lists item indices (with repeats) to aggregate over, for resampling;
 * default every item once.
 */
export function systemScores(gold: GoldMatrix, m: ScoreMatrix, options: SystemScoreOptions = {}, sample?: ArrayLike<number>): SystemVectors {
  const r = gold.ratings;
  const nS = r.systems.length;
  const nI = r.items.length;
  const summation = options.summation ?? 'pairwise';
  const goldOut = new Float64Array(nS);
  const metricOut = new Float64Array(nS);
  const items = sample ?? Array.from({ length: nI }, (_, i) => i);
  const useStats = m.statistics !== undefined && (options.aggregate ?? 'corpus') === 'corpus';
  for (let s = 0; s < nS; s++) {
    const gv: number[] = [];
    const mv: number[] = [];
    const sum = useStats ? new Float64Array(m.statistics!.width) : undefined;
    let counted = 0;
    for (let k = 0; k < items.length; k++) {
      const c = s * nI + items[k];
      const g = r.values[c];
      if (!Number.isNaN(g)) gv.push(g);
      if (m.values === null) continue;
      const mval = m.values[c];
      if (Number.isNaN(mval) || (options.items !== 'all' && Number.isNaN(g))) continue;
      if (sum) {
        const w = m.statistics!.width;
        const rows = m.statistics!.rows;
        for (let j = 0; j < w; j++) sum[j] += rows[c * w + j];
        counted++;
      } else mv.push(mval);
    }
    goldOut[s] = meanOf(gv, summation);
    if (m.system) metricOut[s] = m.system[s];
    else if (sum) metricOut[s] = counted ? m.statistics!.scoreOf(sum) : NaN;
    else metricOut[s] = meanOf(mv, summation);
  }
  return { gold: goldOut, metric: metricOut };
}

/** System scores when the gold itself is system-level (one item per system). */
export function systemLevelVectors(gold: GoldMatrix, m: ScoreMatrix): SystemVectors {
  const r = gold.ratings;
  const nI = r.items.length;
  const g = Float64Array.from(r.systems, (_, s) => r.values[s * nI]);
  if (m.system) return { gold: g, metric: m.system };
  if (m.values) return { gold: g, metric: Float64Array.from(r.systems, (_, s) => m.values![s * nI]) };
  return { gold: g, metric: new Float64Array(r.systems.length).fill(NaN) };
}

/** One system-level measure; systems without a gold or a metric score are left out. */
export function systemMeasure(m: MeasureSpec, v: SystemVectors): MeasureValue {
  const gold: (number | null)[] = [];
  const metric: number[] = [];
  for (let s = 0; s < v.gold.length; s++) {
    if (Number.isNaN(v.gold[s]) || Number.isNaN(v.metric[s])) continue;
    gold.push(v.gold[s]);
    metric.push(v.metric[s]);
  }
  const n = gold.length;
  if (n < 2) return { value: NaN, n };
  const mc = new MatrixCorrelation(n, gold, metric);
  // [0, 0, 0] is the reference's "nothing averaged" (a constant vector): report NaN, not a correlation of 0.
  const corr = (t: [number, number, number]): MeasureValue => ({ value: t[2] === 0 ? NaN : t[0], n });
  switch (m.name) {
    case 'pearson':
      return corr(mc.pearson());
    case 'spearman':
      return corr(mc.spearman());
    case 'kendall':
      return corr(mc.kendall('none', 'b'));
    case 'kendall-c':
      return corr(mc.kendall('none', 'c'));
    case 'pairwise-acc': {
      const a = pairwiseAgreement(gold, metric);
      return { value: a.agree / a.numPairs, n, extra: { agree: a.agree, pairs: a.numPairs } };
    }
    case 'acc23-tc':
    case 'tau23-tc': {
      const r = tieCalibratedKendall(gold, metric, { variant: m.name === 'acc23-tc' ? 'acc23' : '23' });
      return { value: r.tau, n, extra: { epsilon: r.epsilon } };
    }
    default:
      throw new RangeError(`measure ${m.name} is not a system-level measure`);
  }
}

/**
 * Soft pairwise accuracy (Thompson et al., WMT24; stats/soft-pairwise.ts) from the segment scores: per system pair, a
 * permutation p-value of "i beats j" for the humans and for the scorer, with the same sign vectors (seeded), and
 * 1 − the mean absolute difference. Every system must have the same rated segments, as the reference requires.
 */
export function softPairwiseMeasure(m: MeasureSpec, gold: GoldMatrix, s: ScoreMatrix, seed: number): MeasureValue {
  if (gold.level === 'sys' || !s.values) throw new MetaEvalInputError(`spa needs segment-level gold and segment scores (${s.spec})`);
  const r = gold.ratings;
  const g = Array.from(r.values, (v, c) => (Number.isNaN(v) || Number.isNaN(s.values![c]) ? null : v));
  try {
    const res = softPairwiseAccuracyFromScores(g, s.values, r.systems.length, { numPermutations: m.params.perms, seed });
    return { value: res.accuracy, n: r.systems.length };
  } catch (err) {
    if (err instanceof RangeError) throw new MetaEvalInputError(`spa with ${s.spec}: ${err.message} (SPA needs the same rated segments for every system)`);
    throw err;
  }
}
