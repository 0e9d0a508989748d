// How a (prompt, response) pair reaches a reward model. A reward model scores the exact token sequence it was trained
// on, so the conversation format matters as much as the weights. Five choices (`template=` in an `rm:` spec):
//
// - `server`: send the conversation as chat `messages` (the user prompt, then the response as the assistant turn) and
//   let the server apply the model's own chat template. vLLM's /classify and /pooling accept `messages` and render
//   them with the tokenizer's chat template — the safest choice, since the template comes from the model's files.
//   One conversation per request, so no batching.
// - `chatml`: the client renders ChatML (`<|im_start|>role\n…<|im_end|>\n` per turn; Qwen, many others) and sends text.
// - `llama3`: the client renders the Llama-3 header format (`<|start_header_id|>role<|end_header_id|>\n\n…<|eot_id|>`).
//   No `<|begin_of_text|>`: vLLM (add_special_tokens on by default for pooling requests) and OpenRLHF (the HF
//   tokenizer's default) add the BOS token themselves, and a second one would shift the model's input.
// - `pair`: prompt and response as a text pair, encoded by the tokenizer's pair encoding (`[CLS] q [SEP] r [SEP]` for
//   BERT-style cross-encoders such as OpenAssistant/reward-model-deberta-v3): vLLM /score (text_1, text_2) and TEI
//   /predict ([[q, r]]).
// - `none`: prompt and response concatenated verbatim, for servers whose users send fully formatted text. This is
//   OpenRLHF's convention: /get_reward receives `query` strings that already contain the policy's chat template
//   (the server strips padding and appends EOS itself). Use it when your prompts end with the assistant header.
//
// Client-side templates are sent as `input` / `query` text, so they batch. A chat prompt (ChatMessage[]) works with
// server, chatml and llama3; `pair` and `none` need a string prompt and refuse a chat one rather than flatten it.
import { ScorerInputError, type ChatMessage, type Item } from '../../contract.js';

export type RmFormat = 'server' | 'chatml' | 'llama3' | 'pair' | 'none';
export const RM_FORMATS: readonly RmFormat[] = ['server', 'chatml', 'llama3', 'pair', 'none'];

export type RmInput = { kind: 'messages'; messages: ChatMessage[] } | { kind: 'text'; text: string } | { kind: 'pair'; pair: [string, string] };

function conversation(item: Item): ChatMessage[] {
  const prompt = item.prompt;
  const turns: ChatMessage[] = typeof prompt === 'string' ? [{ role: 'user', content: prompt }] : [...(prompt ?? [])];
  turns.push({ role: 'assistant', content: item.output });
  return turns;
}

function stringPrompt(item: Item, format: RmFormat): string {
  if (typeof item.prompt !== 'string') {
    throw new ScorerInputError(
      `item ${item.id} has a chat prompt; template=${format} needs a string prompt (use template=server, chatml or llama3 for chat prompts)`,
      item.id,
      'prompt',
    );
  }
  return item.prompt;
}

export function renderChatml(turns: readonly ChatMessage[]): string {
  return turns.map((m) => `<|im_start|>${m.role}\n${m.content}<|im_end|>\n`).join('');
}

export function renderLlama3(turns: readonly ChatMessage[]): string {
  return turns.map((m) => `<|start_header_id|>${m.role}<|end_header_id|>\n\n${m.content}<|eot_id|>`).join('');
}

export function rmInput(item: Item, format: RmFormat): RmInput {
  switch (format) {
    case 'server':
      return { kind: 'messages', messages: conversation(item) };
    case 'chatml':
      return { kind: 'text', text: renderChatml(conversation(item)) };
    case 'llama3':
      return { kind: 'text', text: renderLlama3(conversation(item)) };
    case 'pair':
      return { kind: 'pair', pair: [stringPrompt(item, format), item.output] };
    case 'none':
      return { kind: 'text', text: stringPrompt(item, format) + item.output };
  }
}
