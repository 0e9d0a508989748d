// Registers every built-in scorer once. Importing this module is what makes spec strings like `bleu` resolve.
import { findScorerFactory, registerScorer, type ScorerFactory } from './registry.js';
import { exactMatchFactory, tokenF1Factory } from './simple/match.js';
import { lengthFactory } from './simple/length.js';
import { columnFactory } from './simple/column.js';

export const BUILTIN_FACTORIES: readonly ScorerFactory[] = [exactMatchFactory, tokenF1Factory, lengthFactory, columnFactory];

for (const f of BUILTIN_FACTORIES) if (!findScorerFactory(f.name)) registerScorer(f);
