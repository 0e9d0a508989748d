// Verifiable math rewards exact to verl's reward_score functions.
import type { ScorerFactory } from '../registry.js';
import { gsm8kFactory } from './gsm8k.js';
import { mathBoxedFactory } from './math-boxed.js';
import { mathDapoFactory } from './math-dapo.js';

export const verifiableMathFactories: readonly ScorerFactory[] = [gsm8kFactory, mathBoxedFactory, mathDapoFactory];
