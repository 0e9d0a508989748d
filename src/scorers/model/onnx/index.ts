// Local ONNX models as scorers: reward models, cross-encoders, BERTScore and a COMET-style estimator.
import type { ScorerFactory } from '../../registry.js';
import { bertScoreFactory } from './bertscore.js';
import { onnxCometFactory } from './comet.js';
import { onnxCrossFactory } from './cross.js';
import { onnxRmFactory } from './rm.js';

export const onnxFactories: ScorerFactory[] = [onnxRmFactory, onnxCrossFactory, bertScoreFactory, onnxCometFactory];

export { OnnxRewardModelScorer, onnxRmFactory, type RmInput } from './rm.js';
export { OnnxCrossEncoderScorer, onnxCrossFactory, type CrossFirst } from './cross.js';
export { BertScoreScorer, bertScoreFactory, type BertScoreOptions, type Measure } from './bertscore.js';
export { OnnxCometScorer, onnxCometFactory } from './comet.js';
export { ModelFolderError, loadModelFolder, folderContentHash, type ModelFolder } from './folder.js';
export { ModelTokenizer, type Encoded } from './tokenizer.js';
export { encodePair, encodeRendered, encodeSingle, longestFirstLengths, type LengthPolicy, type Truncation } from './encode.js';
export { ChatTemplate, renderChatTemplate } from './chat-template.js';
export { TemplateError } from './jinja-render.js';
export { OnnxModelError, releaseOnnxSessions } from './session.js';
export { readCommonOptions, type OnnxCommonOptions } from './base.js';
