// Anthropic hh-rlhf (`{chosen, rejected}` JSON lines, each a whole dialogue "\n\nHuman: …\n\nAssistant: …").
// The two dialogues normally share everything up to the last "\n\nAssistant:"; that shared part becomes the prompt
// (as chat messages) and the final assistant turns become a (chosen) and b (rejected), label `a`.
// In a few pairs the prefixes differ (5 of 2,312 in harmless-base test); those keep the whole dialogues as a and b,
// no prompt, and meta.prefixMismatch = true, rather than silently comparing unrelated turns.

import type { ChatMessage } from '../../scorers/contract.js';
import type { Preference, Preferences } from '../types.js';
import { Fields } from './_fields.js';
import { readRecordTable } from './records.js';
import type { RecordFileOptions } from './rewardbench.js';

const ASSISTANT = '\n\nAssistant:';
const TURN = /\n\n(Human|Assistant):/g;

export interface HhRlhfOptions extends RecordFileOptions {
  /** `whole`: a and b are the full dialogues and there is no prompt. Default `split`. */
  dialogue?: 'split' | 'whole';
  /** Subset name for every pair (e.g. `harmless-base`). */
  subset?: string;
}

/** "\n\nHuman: hi\n\nAssistant: hello" → [{role: user, content: hi}, {role: assistant, content: hello}]. */
export function parseHhDialogue(text: string): ChatMessage[] {
  const messages: ChatMessage[] = [];
  const marks = [...text.matchAll(TURN)];
  for (let k = 0; k < marks.length; k++) {
    const start = marks[k].index! + marks[k][0].length;
    const end = k + 1 < marks.length ? marks[k + 1].index! : text.length;
    messages.push({ role: marks[k][1] === 'Human' ? 'user' : 'assistant', content: dropOneSpace(text.slice(start, end)) });
  }
  return messages;
}

/** The turn text after "Human:" / "Assistant:" starts with one separating space. */
function dropOneSpace(s: string): string {
  return s.startsWith(' ') ? s.slice(1) : s;
}

export async function importHhRlhf(file: string, options: HhRlhfOptions = {}): Promise<Preferences> {
  const table = await readRecordTable(file, options.recordFormat ?? 'jsonl');
  const pairs = table.rows.map((row, index) => {
    const f = new Fields(table, row);
    const chosen = f.string('chosen');
    const rejected = f.string('rejected');
    const p: Preference = { id: String(index), a: chosen, b: rejected, label: 'a' };
    if (options.subset !== undefined) p.subset = options.subset;
    if (options.dialogue === 'whole') return p;
    const ci = chosen.lastIndexOf(ASSISTANT);
    const ri = rejected.lastIndexOf(ASSISTANT);
    if (ci < 0 || ri < 0 || chosen.slice(0, ci) !== rejected.slice(0, ri)) {
      p.meta = { prefixMismatch: true };
      return p;
    }
    p.prompt = parseHhDialogue(chosen.slice(0, ci));
    p.a = dropOneSpace(chosen.slice(ci + ASSISTANT.length));
    p.b = dropOneSpace(rejected.slice(ri + ASSISTANT.length));
    return p;
  });
  return { kind: 'preferences', pairs, source: file };
}
