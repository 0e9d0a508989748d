// Chat templates as transformers applies them: the Jinja text from tokenizer_config.json (`chat_template`, a string or a
// list of named templates, of which we take "default") or from chat_template.jinja (newer transformers save it there),
// rendered with `messages`, `add_generation_prompt`, `tools=None`, `documents=None` and the tokenizer's special tokens
// as strings (`bos_token`, `eos_token`, `cls_token`, …), exactly the variables `apply_chat_template` passes.
// The Jinja subset supported is documented in jinja-render.ts; anything else is refused by name.
import type { ChatMessage } from '../../contract.js';
import { compileTemplate, type CompiledTemplate } from './jinja-render.js';

export const SPECIAL_TOKEN_KEYS = ['bos_token', 'eos_token', 'unk_token', 'sep_token', 'pad_token', 'cls_token', 'mask_token'] as const;

/** A special token in tokenizer_config.json is a string or an AddedToken object `{content: …}`. */
export function specialTokenString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && typeof (v as { content?: unknown }).content === 'string') return (v as { content: string }).content;
  return undefined;
}

/** The template text a tokenizer config carries, if any. */
export function chatTemplateFrom(tokenizerConfig: Record<string, unknown>, jinjaFile?: string): string | undefined {
  if (jinjaFile !== undefined) return jinjaFile;
  const t = tokenizerConfig.chat_template;
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) {
    const named = t.find((x) => x && typeof x === 'object' && (x as { name?: unknown }).name === 'default') as { template?: unknown } | undefined;
    if (named && typeof named.template === 'string') return named.template;
  }
  return undefined;
}

export class ChatTemplate {
  private readonly compiled: CompiledTemplate;
  private readonly specials: Record<string, unknown>;
  constructor(
    readonly source: string,
    tokenizerConfig: Record<string, unknown>,
  ) {
    this.compiled = compileTemplate(source);
    this.specials = {};
    for (const key of SPECIAL_TOKEN_KEYS) {
      const s = specialTokenString(tokenizerConfig[key]);
      if (s !== undefined) this.specials[key] = s;
    }
    const extra = tokenizerConfig.additional_special_tokens;
    if (Array.isArray(extra)) this.specials.additional_special_tokens = extra.map((x) => specialTokenString(x) ?? String(x));
  }

  render(messages: readonly ChatMessage[], addGenerationPrompt = false): string {
    return this.compiled.render({
      ...this.specials,
      messages: messages.map((m) => ({ role: m.role, content: m.content })),
      add_generation_prompt: addGenerationPrompt,
      tools: null,
      documents: null,
    });
  }
}

/** Renders one template with explicit special tokens (tests and ad-hoc use). */
export function renderChatTemplate(
  source: string,
  messages: readonly ChatMessage[],
  opts: { addGenerationPrompt?: boolean; specialTokens?: Record<string, string> } = {},
): string {
  return new ChatTemplate(source, opts.specialTokens ?? {}).render(messages, opts.addGenerationPrompt ?? false);
}
