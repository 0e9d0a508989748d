// The 62 public test vectors of mt-metrics-eval's stats_test.py (@68a481a), with the full-precision values the
// reference returned under numpy 2.4.6 / scipy 1.17.1 (fixtures/metaeval/mtme-stats-test-vectors.json).
// Each `call` is translated into our API below, keyed by the exact call string, so a changed fixture fails
// loudly. Values that the reference computes by pure counting or by the same arithmetic we repeat are
// compared exactly; values through scipy's floating-point paths (Pearson, Spearman, p-values) to 1e-9.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTestVectors } from '../fixtures/metaeval/load.js';
import { PERM_1, PERM_2, PERM_G, PP_1, PP_2, PP_G } from './_mtme-inputs.js';
import {
  MatrixCorrelation,
  averageCorrelation,
  groupIndices,
  kendallLike,
  kendallPairCountsWithEpsilon,
  kendallTau,
  kendallVariant,
  packGroups,
  pairwiseAgreement,
  pearson,
  tieCalibratedKendall,
  type AverageBy,
} from '../../src/stats/index.js';

type Check = 'exact' | number;
type Row = { compute: () => unknown; check: Check } | { elsewhere: string };

const G6 = [1, 2, 3, 4, 5, 6];
const M6 = [2, 1, 4, 3, 3, 7];
const mc26 = () => new MatrixCorrelation(2, G6, M6);
const KV_G = [1, 2, 2, 3, 4];
const KV_M = [2, 1, 1.5, 5, 3];
const V7_G = [7, 1, 2, 7, 4, 3, 2];
const V7_M = [4, 1, 3, 6, 1, 5, 6];
const T7_G = [1, 1, 1, 2, 2, 3, 4];
const T7_M = [1, 1, 2, 2, 4, 3, 3];
const AC_G = [1, 2, 3, 4, 5, 6];
const AC_M = [2, 1, 8, 3, 5, 6];
const kendallB = (g: Float64Array, m: Float64Array) => kendallTau(g, m, { variant: 'b' });
const kendallC = (g: Float64Array, m: Float64Array) => kendallTau(g, m, { variant: 'c' });
const pairOrderCounts = (x: number[], eps: number) => {
  // PairwiseDiffs(x, eps) counted against the index order: ties = |x_j − x_i| ≤ eps, then signs of x_j − x_i.
  const c = kendallPairCountsWithEpsilon(x.map((_, i) => i), x, eps);
  return { ties: c.tiesMetricOnly, up: c.concordant, down: c.discordant };
};
const reshapeShape = (avg: AverageBy) => {
  const groups = groupIndices(6, 2, avg);
  return [groups.length, groups[0].length];
};
const reshapeAndFilter = (avg: AverageBy) => {
  const gold = [1, 2, null, null, 5, null];
  const metric = [1, 2, 3, 4, 5, 6];
  const packed = packGroups(gold, [metric, metric], 3, avg);
  return [packed.lengths, [...packed.gold], [...packed.metrics[0]], [...packed.metrics[1]]];
};

const TABLE: Record<string, Row> = {
  "stats.Correlation(2, [1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 3, 7]).Pearson(average_by='none')[0]": { compute: () => mc26().pearson('none')[0], check: 1e-9 },
  "stats.Correlation(2, [1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 3, 7]).Pearson(average_by='sys')[0]": { compute: () => mc26().pearson('sys')[0], check: 1e-9 },
  "stats.Correlation(2, [1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 3, 7]).Pearson(average_by='item')[0]": { compute: () => mc26().pearson('item')[0], check: 'exact' },
  "stats.Correlation(2, [1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 3, 7]).Pearson(average_by='item', pdp=True)[0]": { compute: () => mc26().pearson('item', true)[0], check: 1e-9 },
  "stats.Correlation(2, [1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 3, 7]).Pearson(average_by='none', pdp=True)[0]": { compute: () => mc26().pearson('none', true)[0], check: 1e-9 },
  "stats.Correlation(2, [1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 3, 7]).Pearson(average_by='sys', pdp=True)[0]": { compute: () => mc26().pearson('sys', true)[0], check: 1e-9 },
  "stats.Correlation(2, [1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 3, 7]).Kendall(average_by='none')[0]": { compute: () => mc26().kendall('none')[0], check: 'exact' },
  "stats.Correlation(2, [1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 3, 7]).Kendall(average_by='sys')[0]": { compute: () => mc26().kendall('sys')[0], check: 'exact' },
  "stats.Correlation(2, [1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 3, 7]).Kendall(average_by='item')[0]": { compute: () => mc26().kendall('item')[0], check: 'exact' },
  "stats.Correlation(2, [1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 3, 7]).Kendall(average_by='none', variant='c')[0]": { compute: () => mc26().kendall('none', 'c')[0], check: 'exact' },
  "stats.Correlation(2, [1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 3, 7]).Kendall(average_by='sys', variant='c')[0]": { compute: () => mc26().kendall('sys', 'c')[0], check: 'exact' },
  "stats.Correlation(2, [1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 3, 7]).Kendall(average_by='item', variant='c')[0]": { compute: () => mc26().kendall('item', 'c')[0], check: 'exact' },
  "stats.Correlation(1, [10, None, 100, 150], [2, 1, 4, 3]).KendallLike(thresh=1, average_by='none')[0]": { compute: () => new MatrixCorrelation(1, [10, null, 100, 150], [2, 1, 4, 3]).kendallLike('none', 1)[0], check: 'exact' },
  "stats.Correlation(2, [10, 11, 100, 150], [2, 1, 4, 3]).KendallLike(average_by='item', thresh=1)[0]": { compute: () => new MatrixCorrelation(2, [10, 11, 100, 150], [2, 1, 4, 3]).kendallLike('item', 1)[0], check: 'exact' },
  "stats.Correlation(2, [10, None, 100, 150], [2, 1, 4, 3]).KendallLike(average_by='item', thresh=1)[0]": { compute: () => new MatrixCorrelation(2, [10, null, 100, 150], [2, 1, 4, 3]).kendallLike('item', 1)[0], check: 'exact' },
  "stats.Correlation(1, [1, 2, 2, 3, 4], [2, 1, 1.5, 5, 3]).KendallVariants(variant='b')[0]": { compute: () => new MatrixCorrelation(1, KV_G, KV_M).kendallVariants('none', 'b')[0], check: 'exact' },
  "stats.Correlation(1, [1, 2, 2, 3, 4], [2, 1, 1.5, 5, 3]).KendallVariants(variant='c')[0]": { compute: () => new MatrixCorrelation(1, KV_G, KV_M).kendallVariants('none', 'c')[0], check: 'exact' },
  "stats.Correlation(1, [1, 2, 2, 3, 4], [2, 1, 1.5, 5, 3]).KendallVariants(variant='23')[0]": { compute: () => new MatrixCorrelation(1, KV_G, KV_M).kendallVariants('none', '23')[0], check: 'exact' },
  "stats.Correlation(1, [1, 2, 2, 3, 4], [2, 1, 1.5, 5, 3]).KendallVariants(variant='acc23')[0]": { compute: () => new MatrixCorrelation(1, KV_G, KV_M).kendallVariants('none', 'acc23')[0], check: 'exact' },
  "stats.Correlation(1, [1, 2, 2, 3, 4], [2, 1, 1.5, 5, 3]).KendallVariants(variant='acc23', epsilon=2)[0]": { compute: () => new MatrixCorrelation(1, KV_G, KV_M).kendallVariants('none', 'acc23', 2)[0], check: 'exact' },
  "stats.Correlation(1, [1, 2, 2, 3, 4], [2, 1, 1.5, 5, 3]).KendallWithTiesOpt(variant='acc23', sample_rate=1.0)[0]": { compute: () => new MatrixCorrelation(1, KV_G, KV_M).kendallWithTiesOpt('none', 'acc23')[0], check: 'exact' },
  "stats.Correlation(2, [1, 2, 3, 2, 3, 4], [2, 2, 4, 1, 3, 5]).PairwiseConfidenceError()[0]": { elsewhere: 'test/stats/soft-pairwise.test.ts (RNG-dependent: within Monte-Carlo error)' },
  "list(stats.AverageCorrelation(pearson)([1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 5, 6])[:2])": { compute: () => averageCorrelation(pearson, [1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 5, 6]).slice(0, 2), check: 1e-9 },
  "list(stats.AverageCorrelation(pearson)([1, None, 3, 4, 5, 6], [2, 1, 4, 3, 5, 6])[:2])": { compute: () => averageCorrelation(pearson, [1, null, 3, 4, 5, 6], [2, 1, 4, 3, 5, 6]).slice(0, 2), check: 1e-9 },
  "list(stats.AverageCorrelation(pearson, num_sys=2, average_by='sys')([1, 2, 3, 4, 5, 6], [2, 1, 8, 3, 5, 6])[:2])": { compute: () => averageCorrelation(pearson, AC_G, AC_M, { numSys: 2, averageBy: 'sys' }).slice(0, 2), check: 1e-9 },
  "list(stats.AverageCorrelation(pearson, num_sys=2, average_by='item')([1, 2, 3, 4, 5, 6], [2, 1, 8, 3, 5, 6])[:2])": { compute: () => averageCorrelation(pearson, AC_G, AC_M, { numSys: 2, averageBy: 'item' }).slice(0, 2), check: 'exact' },
  "list(stats.AverageCorrelation(pearson, num_sys=2, average_by='item')([1, None, 3, 4, 5, 6], [2, 1, 8, 3, 5, 6])[:2])": { compute: () => averageCorrelation(pearson, [1, null, 3, 4, 5, 6], AC_M, { numSys: 2, averageBy: 'item' }).slice(0, 2), check: 'exact' },
  "stats.AverageCorrelation(pearson, num_sys=2, average_by='sys', replace_nans_with_zeros=False)([1, 2, 3, 4, 5, 6], [2, 2, 2, 4, 5, 6])[0]": { compute: () => averageCorrelation(pearson, G6, [2, 2, 2, 4, 5, 6], { numSys: 2, averageBy: 'sys' })[0], check: 1e-9 },
  "stats.AverageCorrelation(pearson, num_sys=2, average_by='sys', replace_nans_with_zeros=True)([1, 2, 3, 4, 5, 6], [2, 2, 2, 4, 5, 6])[0]": { compute: () => averageCorrelation(pearson, G6, [2, 2, 2, 4, 5, 6], { numSys: 2, averageBy: 'sys', replaceNansWithZeros: true })[0], check: 1e-9 },
  "list(stats.AverageCorrelation(pearson, num_sys=2, average_by='sys', macro=False)([1, None, 3, 4, 5, 6], [2, 1, 8, 3, 5, 6])[:2])": { compute: () => averageCorrelation(pearson, [1, null, 3, 4, 5, 6], AC_M, { numSys: 2, averageBy: 'sys', macro: false }).slice(0, 2), check: 1e-9 },
  "list(stats.AverageCorrelation(kendall, average_by='none', variant='b')([1, 2, 3, 4, 5, 6], [2, 1, 8, 3, 5, 6])[:2])": { compute: () => averageCorrelation(kendallB, AC_G, AC_M).slice(0, 2), check: 'exact' },
  "list(stats.AverageCorrelation(kendall, average_by='none', variant='c')([1, 2, 3, 4, 5, 6], [2, 1, 8, 3, 5, 6])[:2])": { compute: () => averageCorrelation(kendallC, AC_G, AC_M).slice(0, 2), check: 'exact' },
  "list(stats.AverageCorrelation(stats.KendallWithTiesOpt, num_sys=2, average_by='sys', variant='acc23', sample_rate=1.0)([1, 2, 3, 4, None, 6], [2, 1, 8, 3, 5, 6])[:2])": { compute: () => new MatrixCorrelation(2, [1, 2, 3, 4, null, 6], AC_M).kendallWithTiesOpt('sys', 'acc23').slice(0, 2), check: 'exact' },
  "stats.AverageCorrelation(pearson, num_sys=2, average_by='item', pdp=True)([1, 5, None, 10, 2, 12], [3, 15, 1, 20, 4, 24])[0]": { compute: () => new MatrixCorrelation(2, [1, 5, null, 10, 2, 12], [3, 15, 1, 20, 4, 24]).pearson('item', true)[0], check: 1e-9 },
  "stats.AverageCorrelation(pearson, num_sys=2, average_by='none', pdp=True)([1, 5, None, 10, 2, 12], [3, 15, 1, 20, 4, 24])[0]": { compute: () => new MatrixCorrelation(2, [1, 5, null, 10, 2, 12], [3, 15, 1, 20, 4, 24]).pearson('none', true)[0], check: 1e-9 },
  "list(stats.KendallLike([10, 11, 100, 150], [2, 1, 4, 3]))": { compute: () => { const r = kendallLike([10, 11, 100, 150], [2, 1, 4, 3]); return [r.r, r.p, r.numPairs, r.concordant, r.discordant]; }, check: 'exact' },
  "list(stats.KendallLike([10, 11, 100, 150], [2, 1, 4, 3], 1))": { compute: () => { const r = kendallLike([10, 11, 100, 150], [2, 1, 4, 3], 1); return [r.r, r.p, r.numPairs, r.concordant, r.discordant]; }, check: 'exact' },
  "[int(v) for v in stats.Agreement([1, 2, 3, 3, 4], [1, 1, 2, 1, 2])]": { compute: () => { const a = pairwiseAgreement([1, 2, 3, 3, 4], [1, 1, 2, 1, 2]); return [a.agree, a.numPairs]; }, check: 'exact' },
  "stats.KendallVariants([7, 1, 2, 7, 4, 3, 2], [4, 1, 3, 6, 1, 5, 6], variant='b')[0]": { compute: () => kendallVariant(V7_G, V7_M, { variant: 'b' }).r, check: 'exact' },
  "stats.KendallVariants([7, 1, 2, 7, 4, 3, 2], [4, 1, 3, 6, 1, 5, 6], variant='c')[0]": { compute: () => kendallVariant(V7_G, V7_M, { variant: 'c' }).r, check: 'exact' },
  "stats.KendallVariants([1, 1, 1, 2, 2, 3, 4], [1, 1, 2, 2, 4, 3, 3], variant='23')[0]": { compute: () => kendallVariant(T7_G, T7_M, { variant: '23' }).r, check: 'exact' },
  "stats.KendallVariants([1, 1, 1, 2, 2, 3, 4], [1, 1, 2, 2, 4, 3, 3], variant='acc23')[0]": { compute: () => kendallVariant(T7_G, T7_M, { variant: 'acc23' }).r, check: 'exact' },
  "stats.KendallVariants([1, 1, 1, 2, 2, 3, 4], [1, 1, 2, 2, 4, 3, 3], variant='23', epsilon=0.1)[0]": { compute: () => kendallVariant(T7_G, T7_M, { variant: '23', epsilon: 0.1 }).r, check: 'exact' },
  "stats.KendallVariants([1, 1, 1, 2, 2, 3, 4], [1, 1, 2, 2, 4, 3, 3], variant='23', epsilon=1.0)[0]": { compute: () => kendallVariant(T7_G, T7_M, { variant: '23', epsilon: 1.0 }).r, check: 'exact' },
  "[float(v) for v in stats.KendallWithTiesOpt([1, 2, 2, 3, 3, 4], [2, 1, 1.5, 5, 3, 2], variant='acc23', num_sys=1, average_by='none', sample_rate=1.0)[:2]]": { compute: () => { const t = tieCalibratedKendall([1, 2, 2, 3, 3, 4], [2, 1, 1.5, 5, 3, 2], { variant: 'acc23', numSys: 1, averageBy: 'none' }); return [t.tau, t.epsilon]; }, check: 'exact' },
  "[float(v) for v in stats.KendallWithTiesOpt([1, 2, 2, 3, 3, 4], [2, 1, 1.5, 5, 3, 2], variant='acc23', num_sys=2, average_by='sys', sample_rate=1.0)[:2]]": { compute: () => { const t = tieCalibratedKendall([1, 2, 2, 3, 3, 4], [2, 1, 1.5, 5, 3, 2], { variant: 'acc23', numSys: 2, averageBy: 'sys' }); return [t.tau, t.epsilon]; }, check: 'exact' },
  "[float(v) for v in stats.KendallWithTiesOpt([1, 2, 2, 3, 3, 4], [2, 1, 1.5, 5, 3, 2], variant='acc23', num_sys=2, average_by='item', sample_rate=1.0)[:2]]": { compute: () => { const t = tieCalibratedKendall([1, 2, 2, 3, 3, 4], [2, 1, 1.5, 5, 3, 2], { variant: 'acc23', numSys: 2, averageBy: 'item' }); return [t.tau, t.epsilon]; }, check: 'exact' },
  "[list(stats._Reshape([1, 2, 3, 4, 5, 6], 2, a).shape) for a in ('none', 'sys', 'item')]": { compute: () => (['none', 'sys', 'item'] as AverageBy[]).map(reshapeShape), check: 'exact' },
  "[[int(x) for x in v] for v in stats._ReshapeAndFilter(stats.Correlation(3, [1, 2, None, None, 5, None], [1, 2, 3, 4, 5, 6]), stats.Correlation(3, [1, 2, None, None, 5, None], [1, 2, 3, 4, 5, 6]), 'sys')]": { compute: () => reshapeAndFilter('sys'), check: 'exact' },
  "[[int(x) for x in v] for v in stats._ReshapeAndFilter(stats.Correlation(3, [1, 2, None, None, 5, None], [1, 2, 3, 4, 5, 6]), stats.Correlation(3, [1, 2, None, None, 5, None], [1, 2, 3, 4, 5, 6]), 'item')]": { compute: () => reshapeAndFilter('item'), check: 'exact' },
  "[[int(x) for x in v] for v in stats._ReshapeAndFilter(stats.Correlation(3, [1, 2, None, None, 5, None], [1, 2, 3, 4, 5, 6]), stats.Correlation(3, [1, 2, None, None, 5, None], [1, 2, 3, 4, 5, 6]), 'none')]": { compute: () => reshapeAndFilter('none'), check: 'exact' },
  // Permutation tests: only their deterministic `delta` is recorded — corr(metric2) − corr(metric1) by the
  // measure under test. We check it through our measures; p-values are checked within Monte-Carlo error in test/stats/permutation.test.ts.
  "stats.PermutationSigDiff(stats.Correlation(4, [1, 2, 3, 4, 5, 5, 7, 8], [1, 2, 3, 3, 7, 3, 5, 5]), stats.Correlation(4, [1, 2, 3, 4, 5, 5, 7, 8], [2, 1, 2, 6, 8, 8, 7, 6]), pearson, 'none', 10)[1]": { compute: () => pearson(PERM_G, PERM_2).r - pearson(PERM_G, PERM_1).r, check: 1e-9 },
  "stats.PermutationSigDiff(stats.Correlation(4, [1, 2, 3, 4, 5, 5, 7, 8], [1, 2, 3, 3, 7, 3, 5, 5]), stats.Correlation(4, [1, 2, 3, 4, 5, 5, 7, 8], [2, 1, 2, 6, 8, 8, 7, 6]), pearson, 'sys', 10)[1]": { compute: () => averageCorrelation(pearson, PERM_G, PERM_2, { numSys: 4, averageBy: 'sys' })[0] - averageCorrelation(pearson, PERM_G, PERM_1, { numSys: 4, averageBy: 'sys' })[0], check: 1e-9 },
  "stats.PermutationSigDiff(stats.Correlation(4, [1, 2, 3, 4, 5, 5, 7, 8], [1, 2, 3, 3, 7, 3, 5, 5]), stats.Correlation(4, [1, 2, 3, 4, 5, 5, 7, 8], [2, 1, 2, 6, 8, 8, 7, 6]), pearson, 'item', 10)[1]": { compute: () => averageCorrelation(pearson, PERM_G, PERM_2, { numSys: 4, averageBy: 'item' })[0] - averageCorrelation(pearson, PERM_G, PERM_1, { numSys: 4, averageBy: 'item' })[0], check: 1e-9 },
  "stats.PermutationSigDiff(stats.Correlation(4, [1, 2, 3, 4, 5, 5, 7, 8], [1, 2, 3, 3, 7, 3, 5, 5]), stats.Correlation(4, [1, 2, 3, 4, 5, 5, 7, 8], [2, 1, 2, 6, 8, 8, 7, 6]), stats.KendallVariants, 'item', k=10, params=stats.PermutationSigDiffParams(block_size=10), variant='acc23')[1]": { compute: () => new MatrixCorrelation(4, PERM_G, PERM_2).kendallVariants('item', 'acc23')[0] - new MatrixCorrelation(4, PERM_G, PERM_1).kendallVariants('item', 'acc23')[0], check: 1e-12 },
  "stats.PermutationSigDiff(stats.Correlation(4, [1, 2, 3, 4, 5, 5, 7, 8], [1, 2, 3, 3, 7, 3, 5, 5]), stats.Correlation(4, [1, 2, 3, 4, 5, 5, 7, 8], [2, 1, 2, 6, 8, 8, 7, 6]), stats.KendallWithTiesOpt, average_by='item', k=10, params=stats.PermutationSigDiffParams(block_size=10), variant='acc23', sample_rate=1.0)[1]": { compute: () => new MatrixCorrelation(4, PERM_G, PERM_2).kendallWithTiesOpt('item')[0] - new MatrixCorrelation(4, PERM_G, PERM_1).kendallWithTiesOpt('item')[0], check: 1e-12 },
  "stats.PairwisePermutationSigDiff(stats.Correlation(4, [1, 3, 3, 3, 1, 2, 1, 2], [2, 4, 6, 6, 2, 6, 3, 7]), stats.Correlation(4, [1, 3, 3, 3, 1, 2, 1, 2], [1, 5, 4, 4, 4, 3, 2, 1]), 'acc23', 'item', k=10, sample_rate=1.0)[1]": { compute: () => new MatrixCorrelation(4, PP_G, PP_2).kendallWithTiesOpt('item')[0] - new MatrixCorrelation(4, PP_G, PP_1).kendallWithTiesOpt('item')[0], check: 1e-12 },
  "stats.PairwisePermutationSigDiff(stats.Correlation(4, [1, 3, 3, 3, 1, 2, 1, 2], [2, 4, 6, 6, 2, 6, 3, 7]), stats.Correlation(4, [1, 3, 3, 3, 1, 2, 1, 2], [1, 5, 4, 4, 4, 3, 2, 1]), 'b', 'item', k=10, epsilon1=1, epsilon2=1)[1]": { compute: () => new MatrixCorrelation(4, PP_G, PP_2).kendallVariants('item', 'b', 1)[0] - new MatrixCorrelation(4, PP_G, PP_1).kendallVariants('item', 'b', 1)[0], check: 1e-12 },
  "[float(v) for v in stats.WilliamsSigDiff(stats.Correlation(5, [1, 2, 3, 4, 5], [1.1, 2, 3.1, 4, 5.1]), stats.Correlation(5, [1, 2, 3, 4, 5], [1.5, 2, 3.1, 4, 5.5]), pearson)]": { elsewhere: 'test/stats/williams.test.ts' },
  "[float(v) for v in stats.WilliamsSigDiff(stats.Correlation(3, [1, None, 3, 4, 5, 6], [1, 2, 3, 3, 7, 3]), stats.Correlation(3, [1, None, 3, 4, 5, 6], [2, 1, 2, 6, 8, 8]), stats.AverageCorrelation(pearson, 3, average_by='item'))]": { elsewhere: 'test/stats/williams.test.ts' },
  "[int((stats.PairwiseDiffs([1.0, 2.0, 2.1, 3.0], 0.2).x_is_tie.sum() - 4) / 2), int((stats.PairwiseDiffs([4.0, 2.0, 3.0, 5.0], 1.0).x_is_tie.sum() - 4) / 2)]": { compute: () => [pairOrderCounts([1, 2, 2.1, 3], 0.2).ties, pairOrderCounts([4, 2, 3, 5], 1).ties], check: 'exact' },
  "[int((np.triu(stats.PairwiseDiffs([1.0, 2.0, 2.1, 3.0], 0.2).x_diffs) > 0).sum()), int((np.triu(stats.PairwiseDiffs([1.0, 2.0, 2.1, 3.0], 0.2).x_diffs) < 0).sum()), int((np.triu(stats.PairwiseDiffs([4.0, 2.0, 3.0, 5.0], 1.0).x_diffs) > 0).sum()), int((np.triu(stats.PairwiseDiffs([4.0, 2.0, 3.0, 5.0], 1.0).x_diffs) < 0).sum())]": { compute: () => { const a = pairOrderCounts([1, 2, 2.1, 3], 0.2); const b = pairOrderCounts([4, 2, 3, 5], 1); return [a.up, a.down, b.up, b.down]; }, check: 'exact' },
};

function compare(actual: unknown, expected: unknown, check: Check, where: string): number {
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${where}: expected an array`);
    assert.equal((actual as unknown[]).length, expected.length, `${where}: length`);
    let n = 0;
    expected.forEach((e, i) => (n += compare((actual as unknown[])[i], e, check, `${where}[${i}]`)));
    return n;
  }
  const a = actual as number;
  const e = expected as number;
  if (check === 'exact') assert.equal(a, e, `${where}: ${a} !== ${e}`);
  else assert.ok(Math.abs(a - e) <= check, `${where}: |${a} − ${e}| = ${Math.abs(a - e)} > ${check}`);
  return 1;
}

const vectors: { test: string; call: string; expected: unknown; places: number | null; actual: unknown }[] = loadTestVectors().vectors;

test('the fixture holds the 62 upstream vectors, each translated here', () => {
  assert.equal(vectors.length, 62);
  for (const v of vectors) assert.ok(v.call in TABLE, `no translation for: ${v.call}`);
  assert.equal(Object.keys(TABLE).length, 62);
});

for (const [i, v] of vectors.entries()) {
  const row = TABLE[v.call];
  const name = `#${i + 1} ${v.test}: ${v.call.length > 110 ? v.call.slice(0, 107) + '...' : v.call}`;
  if (!row) continue;
  // pinned by the module's own test file, next to the implementation (see `elsewhere`)
  if ('elsewhere' in row) continue;
  test(name, () => {
    const got = row.compute();
    compare(got, v.actual, row.check, 'actual');
    // And the upstream assertion itself (assertAlmostEqual to `places`, or equality).
    if (v.places !== null) {
      const tol = 0.5 * 10 ** -v.places;
      compare(got, v.expected, tol, 'expected');
    }
  });
}

