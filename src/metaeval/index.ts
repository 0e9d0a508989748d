// Meta-evaluation: judgments × scores → measures with intervals and significance clusters, as report data.
// `metaEvaluate` is what `trenchcoat meta-eval` runs; the benchmark conventions (RewardBench, JudgeBench, LLMBar,
// AlpacaEval) are importable alone. Only re-exports.
export * from './measures.js';
export * from './matrices.js';
export * from './score-files.js';
export * from './segment.js';
export * from './system.js';
export * from './preferences.js';
export * from './pair-scoring.js';
export * from './recorded.js';
export * from './candidates.js';
export * from './uncertainty.js';
export * from './significance.js';
export * from './report.js';
export * from './load.js';
export * from './run.js';
export * from './rewardbench.js';
export * from './judgebench.js';
export * from './position.js';
export * from './alpacaeval.js';
export * from './tasks.js';
