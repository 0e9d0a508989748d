// Public API. Only re-exports: every feature is importable from its own module too.
import './scorers/builtin.js';

export * from './scorers/contract.js';
export { createScorer, listScorers, registerScorer, findScorerFactory, type ScorerFactory } from './scorers/registry.js';
export { parseSpec, formatSpec, formatSignature, SpecError, SpecOptions, type ParsedSpec } from './scorers/spec.js';
export { runScorers, scoreStream, batched, scoreBatchParts, ScoreAccumulator, type RunScorersOptions, type ScoreStreamOptions, type ScoreRunResult, type ScorerRun, type CorpusResult, type ScoreLevel, type BatchExecutor, type BatchPart } from './scoring.js';
export { ThreadExecutor, runsOnThreads, defaultThreadCount, type ThreadExecutorOptions } from './parallel/thread-executor.js';
// bullmq and ioredis load only when a submitter or worker is opened
export { openQueueSubmitter, QueueSubmitter, QueueConnectionError, ShardFailedError, type QueueSubmitOptions } from './queue/submit.js';
export { startScoringWorker, type ScoringWorker, type ScoringWorkerOptions } from './queue/worker.js';
export * from './data/index.js';
export * from './judgments/types.js';
export * from './store/index.js';
export { openScoringSession, type ScoringSession, type SessionOptions } from './store/session.js';
export { VERSION } from './version.js';
export { loadRewardFile, createCompositeReward, RewardFileError } from './scorers/composite/index.js';
export * as metaeval from './metaeval/index.js';
export * as stats from './stats/index.js';
export * as prefs from './prefs/index.js';
export * as probes from './probes/index.js';
export * as optimize from './optimize/index.js';
export * as judgments from './judgments/importers/index.js';
