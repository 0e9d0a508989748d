// Registers every built-in scorer once. Importing this module is what makes spec strings like `bleu` resolve.
import { findScorerFactory, registerScorer, type ScorerFactory } from './registry.js';
import { bleuFactory } from './lexical/bleu.js';
import { chrfFactory, chrfPlusPlusFactory } from './lexical/chrf.js';
import { terFactory } from './lexical/ter.js';
import { rougeFactories } from './lexical/rouge.js';
import { exactMatchFactory, tokenF1Factory } from './simple/match.js';
import { lengthFactory } from './simple/length.js';
import { columnFactory } from './simple/column.js';
import { modelFactories } from './model/index.js';
import { onnxFactories } from './model/onnx/index.js';
import { verifiableMathFactories } from './verifiable/math-rewards.js';
import { thinkFormatFactory } from './verifiable/think-format.js';
import { regexFactory } from './verifiable/regex.js';
import { jsonFactory } from './verifiable/json.js';
import { choiceFactory } from './verifiable/choice.js';
import { overlongFactory } from './composite/overlong.js';
import { repetitionFactory } from './composite/repetition.js';
import { cosineLengthFactory } from './composite/cosine-length.js';
import { compositeRewardFactory } from './composite/composite-reward.js';

export const BUILTIN_FACTORIES: readonly ScorerFactory[] = [
  bleuFactory,
  chrfFactory,
  chrfPlusPlusFactory,
  terFactory,
  ...rougeFactories,
  exactMatchFactory,
  tokenF1Factory,
  lengthFactory,
  columnFactory,
  ...modelFactories,
  ...onnxFactories,
  ...verifiableMathFactories,
  thinkFormatFactory,
  regexFactory,
  jsonFactory,
  choiceFactory,
  overlongFactory,
  repetitionFactory,
  cosineLengthFactory,
  compositeRewardFactory,
];

for (const f of BUILTIN_FACTORIES) if (!findScorerFactory(f.name)) registerScorer(f);
