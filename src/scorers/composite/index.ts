// Composite rewards and shaping terms. Only re-exports.
export { loadRewardFile, parseRewardDefinition, RewardFileError, COMBINE_RULES, type CombineRule, type RewardDefinition, type RewardComponentDef } from './reward-file.js';
export { CompositeReward, createCompositeReward } from './composite-reward.js';
export { transformComponentValue } from './component-transform.js';
export { softOverlongPunishment, OverlongScorer } from './overlong.js';
export { repeatedNgramFraction, RepetitionScorer } from './repetition.js';
export { cosineScaledReward, CosineLengthScorer, TRL_COSINE_BOUNDS, type CosineBounds } from './cosine-length.js';
