// Pure numerics for meta-evaluation: correlations and their p-values, Kendall variants, tie calibration,
// matrix averaging, pairwise accuracy, and the seedable RNG. Knows nothing of scorers or files.
export * from './special.js';
export * from './summation.js';
export * from './ranks.js';
export * from './correlation.js';
export * from './kendall-pairs.js';
export * from './kendall-pvalue.js';
export * from './kendall-variants.js';
export * from './stable-order.js';
export * from './tie-calibration.js';
export * from './grouping.js';
export * from './pairwise-diff-pearson.js';
export * from './agreement.js';
export * from './matrix-correlation.js';
export * from './rng.js';
export * from './bootstrap.js';
export * from './calibration.js';
export * from './permutation.js';
export * from './williams.js';
export * from './clusters.js';
export * from './holm.js';
export * from './soft-pairwise.js';
export * from './task-average.js';
export * from './resample.js';
