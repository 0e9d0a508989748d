// Best-of-n proxy ensembles live in src/stats/ensembles.ts so composite rewards (src/scorers/composite) share the one
// implementation without importing the optimize layer.
export * from '../stats/ensembles.js';
