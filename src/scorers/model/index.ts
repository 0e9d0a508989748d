// Model-backed scorers over HTTP: LLM judges on OpenAI-compatible chat endpoints and reward models on vLLM, TEI and
// OpenRLHF servers. Only re-exports; register `modelFactories` to make `judge:…` and `rm:…` specs resolve.
import type { ScorerFactory } from '../registry.js';
import { judgeFactory, rmFactory } from './http/factories.js';

export const modelFactories: ScorerFactory[] = [judgeFactory, rmFactory];

export { createJudge, createRemoteScorer, judgeFactoryWith, rmFactoryWith, type RemoteJudge } from './http/factories.js';
export { HttpClient, type HttpClientOptions, type HttpClientStats, type HttpResult, type HttpErrorCode } from './http/client.js';
export { RunBudget, type BudgetLimits } from './http/budget.js';
export { PointwiseJudge } from './http/judge-pointwise.js';
export { PairwiseJudge } from './http/judge-pairwise.js';
export { ListwiseJudge } from './http/judge-listwise.js';
export { readJudgeConfig, judgeSignature, type JudgeConfig } from './http/judge-config.js';
export { RemoteRewardModel, readRmConfig, type RmConfig } from './http/rm.js';
export { RM_APIS, type RmApi } from './http/rm-apis.js';
export { RM_FORMATS, renderChatml, renderLlama3, type RmFormat } from './http/rm-format.js';
export { expectedScoreFromLogprobs, parsePairVerdict, parseRanking, parseScoreText } from './http/parse-judge.js';
export { scoreResumable, comparePairsResumable, rankListsResumable, pairKey, listKey, type ResumeReport } from './http/resume.js';
export { isFailedScore, isStreamingScorer, type ScoreCallOptions, type StreamingScorer } from './http/types.js';
export type { RemoteDeps } from './http/options.js';
export { TEMPLATES, resolveTemplate, renderTemplate, templateRef, templateSignatureId, type PromptTemplate } from './templates/index.js';
