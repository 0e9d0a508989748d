// Preference pairs → the chosen/rejected records trainers read.
//
//   trl          {"prompt": str, "chosen": str, "rejected": str}  TRL's standard preference type (DPOTrainer,
//                RewardTrainer). Without a prompt: the implicit-prompt form {"chosen", "rejected"}.
//   trl-chat     {"prompt": [{"role": "user", "content": …}], "chosen": [{"role": "assistant", …}], "rejected": […]}:
//                TRL's conversational preference type; a prompt that already is a message list is kept as is.
//   openrlhf     the same keys: OpenRLHF's reward/DPO datasets read `chosen_key` = "chosen" and `rejected_key` =
//                "rejected" by default and `prompt_key` when set (pass --prompt_key prompt); it also reads an
//                optional "margin" field for its margin loss, written here when `margin` is on.
//   openrlhf-chat  message lists as in trl-chat, for --apply_chat_template (prompt list + chosen list is the dialogue).
//   preference   trenchcoat's own shape {id, prompt, a, b, label, model_a, model_b}, keeping ties and soft labels.
// Chosen/rejected shapes need a decided pair: ties and soft labels of exactly ½ are skipped (and counted); a soft
// label keeps the side it leans to and, with `probability` on, its strength as "p_chosen".

import type { ChatMessage } from '../scorers/contract.js';
import type { Preference } from '../judgments/types.js';

export type PairShape = 'trl' | 'trl-chat' | 'openrlhf' | 'openrlhf-chat' | 'preference';
export const PAIR_SHAPES: readonly PairShape[] = ['trl', 'trl-chat', 'openrlhf', 'openrlhf-chat', 'preference'];

export interface ExportOptions {
  /** Write "margin" (the rating difference, from meta.margin) — OpenRLHF's margin loss and TRL's RewardTrainer read it. */
  margin?: boolean;
  /** Write "p_chosen" for soft labels. */
  probability?: boolean;
}

export function exportPairs(pairs: Iterable<Preference>, shape: PairShape, options: ExportOptions = {}): { records: Record<string, unknown>[]; skippedTies: number } {
  if (!PAIR_SHAPES.includes(shape)) throw new RangeError(`unknown pair shape "${shape}" (${PAIR_SHAPES.join(', ')})`);
  const records: Record<string, unknown>[] = [];
  let skippedTies = 0;
  for (const p of pairs) {
    if (shape === 'preference') {
      records.push({ id: p.id, prompt: p.prompt ?? null, a: p.a, b: p.b, label: p.label, model_a: p.modelA ?? null, model_b: p.modelB ?? null });
      continue;
    }
    const pa = p.label === 'a' ? 1 : p.label === 'b' ? 0 : p.label === 'tie' ? 0.5 : p.label;
    if (pa === 0.5) {
      skippedTies++;
      continue;
    }
    const [chosen, rejected] = pa > 0.5 ? [p.a, p.b] : [p.b, p.a];
    const chat = shape === 'trl-chat' || shape === 'openrlhf-chat';
    const rec: Record<string, unknown> = {};
    if (p.prompt !== undefined) rec.prompt = chat ? asMessages(p.prompt) : asText(p.prompt);
    rec.chosen = chat ? [{ role: 'assistant', content: chosen }] : chosen;
    rec.rejected = chat ? [{ role: 'assistant', content: rejected }] : rejected;
    if (options.margin && typeof p.meta?.margin === 'number') rec.margin = p.meta.margin;
    if (options.probability && typeof p.label === 'number') rec.p_chosen = Math.max(pa, 1 - pa);
    records.push(rec);
  }
  return { records, skippedTies };
}

function asMessages(prompt: string | ChatMessage[]): ChatMessage[] {
  return typeof prompt === 'string' ? [{ role: 'user', content: prompt }] : prompt.map((m) => ({ role: m.role, content: m.content }));
}

/** A text prompt; a single user message counts as its text, a dialogue has no text form without a chat template. */
function asText(prompt: string | ChatMessage[]): string {
  if (typeof prompt === 'string') return prompt;
  if (prompt.length === 1 && prompt[0].role === 'user') return prompt[0].content;
  throw new RangeError('the prompt is a multi-message dialogue: export it with a chat shape (trl-chat or openrlhf-chat)');
}
