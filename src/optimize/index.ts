// Best-of-n over-optimisation (`trenchcoat bon`): the unbiased best-of-n estimator, KL, the gold-gain fit, the
// Goodhart point, proxy ensembles, and RewardBench's best-of-16 data.
export * from './best-of-n.js';
export * from './overoptimization.js';
export * from './ensembles.js';
export * from './rewardbench-bon.js';
