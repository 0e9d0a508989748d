// `onnx-rm`: a sequence-classification reward model r(prompt, output) from a local ONNX folder.
// Input, as the model's own usage prescribes:
//   chat  (default when the folder has a chat template): messages = the prompt (a string becomes one user message; a
//         message list is used as is) + {assistant: output}, rendered with the template and tokenized WITHOUT adding
//         special tokens — what `tokenizer.apply_chat_template(messages, tokenize=True)` feeds RMs such as Skywork's;
//   pair  (default without a template): `tokenizer(prompt, output)`, the pair template with its special tokens, as
//         OpenAssistant's DeBERTa reward models are called.
// Reward = the logit of `label` (default: the only logit of a one-label head).
import { ScorerInputError, type ChatMessage, type Item, type Needs, type SignatureContext } from '../../contract.js';
import type { ScorerFactory } from '../../registry.js';
import { formatSignature, formatSpec, SpecError } from '../../spec.js';
import { COMMON_OPTION_DOCS, COMMON_OPTIONS_HELP, commonSpecParts, readCommonOptions, type OnnxCommonOptions } from './base.js';
import { ChatTemplate } from './chat-template.js';
import { SequenceClassifierScorer } from './classifier.js';
import { encodePair, encodeRendered } from './encode.js';
import { sha256Prefix } from './folder.js';
import type { Encoded } from './tokenizer.js';

export type RmInput = 'auto' | 'chat' | 'pair';

export class OnnxRewardModelScorer extends SequenceClassifierScorer {
  readonly id = 'onnx-rm';
  readonly family = 'reward-model' as const;
  readonly needs: Needs = { prompt: true };
  readonly inputKind: 'chat' | 'pair';
  private readonly template?: ChatTemplate;

  constructor(
    common: OnnxCommonOptions,
    readonly input: RmInput = 'auto',
    requestedLabel?: string,
  ) {
    super(common, 'onnx-rm', requestedLabel);
    const spec = `onnx-rm:path=${common.path}`;
    const hasTemplate = this.folder.chatTemplate !== undefined;
    if (input === 'chat' && !hasTemplate) {
      throw new SpecError(`onnx-rm: input=chat but ${this.folder.dir} has no chat template (tokenizer_config.json chat_template or chat_template.jinja)`, spec);
    }
    this.inputKind = input === 'auto' ? (hasTemplate ? 'chat' : 'pair') : input;
    if (this.inputKind === 'chat') this.template = new ChatTemplate(this.folder.chatTemplate as string, this.folder.tokenizerConfig);
  }

  /** The messages a chat-template RM sees for an item. */
  messagesOf(item: Item): ChatMessage[] {
    const prompt = item.prompt as string | ChatMessage[];
    const msgs = typeof prompt === 'string' ? [{ role: 'user', content: prompt }] : [...prompt];
    return [...msgs, { role: 'assistant', content: item.output }];
  }

  protected inputsOf(item: Item): Encoded[] {
    const origin = { scorer: this.id, itemId: item.id, field: 'prompt+output' };
    if (this.template) return [encodeRendered(this.tokenizer, this.template.render(this.messagesOf(item)), this.policy, origin)];
    if (typeof item.prompt !== 'string') {
      throw new ScorerInputError(
        `onnx-rm: item ${item.id} has a chat prompt (a list of messages) but ${this.folder.dir} has no chat template to render it; give a string prompt`,
        item.id,
        'prompt',
      );
    }
    return [encodePair(this.tokenizer, item.prompt, item.output, this.policy, origin)];
  }

  spec(): string {
    const parts = commonSpecParts(this.common);
    if (this.input !== 'auto') parts.push(['input', this.input]);
    if (this.requestedLabel !== undefined) parts.push(['label', this.requestedLabel]);
    return formatSpec('onnx-rm', [], parts);
  }

  signature(_ctx?: SignatureContext): string {
    const input = this.template ? `chat#${sha256Prefix(this.template.source)}` : 'pair';
    return formatSignature('ONNX-RM', [...this.modelSignatureFields(), ['input', input], ['label', this.label.name]]);
  }
}

export const onnxRmFactory: ScorerFactory = {
  name: 'onnx-rm',
  summary: 'sequence-classification reward model from a local ONNX folder (reward = a label logit of prompt+output)',
  options: `${COMMON_OPTIONS_HELP}, input=auto|chat|pair, label=NAME|INDEX`,
  optionDocs: {
    ...COMMON_OPTION_DOCS,
    input: 'chat: prompt + output rendered with the folder chat template; pair: tokenizer(prompt, output); auto: chat when the folder has a template, else pair',
    label: 'which logit is the reward, by name or index (default: the only logit of a one-label head)',
  },
  create(o) {
    const common = readCommonOptions(o);
    const input = o.string<RmInput>('input', 'auto', ['auto', 'chat', 'pair']);
    const label = o.optionalString('label');
    o.done(1);
    return new OnnxRewardModelScorer(common, input, label);
  },
};
