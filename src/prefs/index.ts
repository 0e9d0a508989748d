// Preference-data tools: rater agreement, label aggregation (Dawid–Skene), leaderboards from battles (Bradley–Terry,
// online Elo), ratings → training pairs, and picking pairs for annotators. Only re-exports.
export * from './reliability.js';
export * from './agreement.js';
export * from './krippendorff.js';
export * from './dawid-skene.js';
export * from './battles.js';
export * from './bradley-terry.js';
export * from './elo.js';
export * from './pairs.js';
export * from './export.js';
export * from './elicitation.js';
export { quantileSorted, percentileInterval, type Interval } from './_resample.js';
export * from './records.js';
