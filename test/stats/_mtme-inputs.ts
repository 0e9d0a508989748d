// Inputs of the permutation cases of mt-metrics-eval's stats_test.py (@68a481a): 4 systems × 2 items, gold then the
// two metrics. mtme-vectors.test.ts and permutation.test.ts both check our results on them against the reference's.

/** PermutationSigDiff(Correlation(4, PERM_G, PERM_1), Correlation(4, PERM_G, PERM_2), …). */
export const PERM_G = [1, 2, 3, 4, 5, 5, 7, 8];
export const PERM_1 = [1, 2, 3, 3, 7, 3, 5, 5];
export const PERM_2 = [2, 1, 2, 6, 8, 8, 7, 6];

/** PairwisePermutationSigDiff(Correlation(4, PP_G, PP_1), Correlation(4, PP_G, PP_2), …). */
export const PP_G = [1, 3, 3, 3, 1, 2, 1, 2];
export const PP_1 = [2, 4, 6, 6, 2, 6, 3, 7];
export const PP_2 = [1, 5, 4, 4, 4, 3, 2, 1];
