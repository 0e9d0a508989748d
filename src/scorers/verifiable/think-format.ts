// `think-format`: TRL's `think_format_reward` (trl/rewards/format_rewards.py at huggingface/trl
// f2cd57710ae345ea6428ae95363267fcf38a3dc8): 1 when the output opens with `<think>`, closes that block with `</think>`
// somewhere later, and never opens a second `<think>`; else 0.
//
// TRL writes this as `re.match(r"^<think>(?!.*<think>)(.*?)</think>.*$", text, re.DOTALL | re.MULTILINE)`. Under
// DOTALL `.` crosses newlines, `re.match` anchors at position 0 (so MULTILINE's line-start `^` cannot match later), and
// the trailing `.*$` always reaches the end of the text, so the pattern is exactly three substring tests, written as
// such here rather than as a JS regex whose flags differ from Python's. Case matters (`<THINK>` fails) and nothing may
// precede the tag, not even whitespace. Pinned by 2,400 goldens from running TRL's function.
import { BasePointwiseScorer, type Item, type Needs, type Score, type SignatureContext } from '../contract.js';
import type { ScorerFactory } from '../registry.js';
import { formatSignature } from '../spec.js';

const OPEN = '<think>';
const CLOSE = '</think>';

/** Why an output fails TRL's think format, or null when it passes. */
export function thinkFormatViolation(text: string): string | null {
  if (!text.startsWith(OPEN)) return 'does not start with <think>';
  const rest = text.slice(OPEN.length);
  if (rest.includes(OPEN)) return 'opens a second <think>';
  if (!rest.includes(CLOSE)) return 'no </think> after <think>';
  return null;
}

export class ThinkFormatScorer extends BasePointwiseScorer {
  readonly id = 'think-format';
  readonly family = 'verifiable' as const;
  readonly needs: Needs = {};
  readonly direction = 'higher' as const;
  readonly range = [0, 1] as const;
  spec(): string {
    return 'think-format';
  }
  signature(_ctx?: SignatureContext): string {
    return formatSignature('ThinkFormat', [['ref', 'trl-f2cd577']]);
  }
  protected scoreOne(item: Item): Score {
    const why = thinkFormatViolation(item.output);
    return why === null ? { value: 1 } : { value: 0, details: { reason: why } };
  }
}

export const thinkFormatFactory: ScorerFactory = {
  name: 'think-format',
  summary: "1 if the output is <think>…</think> then the answer, as TRL's think_format_reward",
  create(o) {
    o.done();
    return new ThinkFormatScorer();
  },
};
