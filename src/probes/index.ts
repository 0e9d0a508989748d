// Bias probes and perturbation hackability for any scorer (`trenchcoat probe`).
export * from './length.js';
export * from './position.js';
export * from './predict.js';
export * from './self-preference.js';
export * from './hackability.js';
export * from './length-controlled/predict.js';
export * from './length-controlled/fit.js';
export { fitL1Logistic, expit, softplus, type L1LogisticFit, type L1LogisticProblem } from './length-controlled/l1-logistic.js';
export { getPerturbation, listPerturbations, registerPerturbation, perturbationRng } from './perturbations/registry.js';
export type { Perturbation, PerturbationInput, PerturbationKind } from './perturbations/types.js';
