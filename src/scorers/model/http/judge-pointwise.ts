// A pointwise LLM judge (GEMBA / G-Eval / MT-Bench single-answer grading): one chat request per item; the score is
// the expected rubric score from the answer's token logprobs when the server returns them, else the parsed integer,
// else null (the raw answer stays in details.raw).
import { checkNeeds, ScorerInputError, type Item, type Needs, type Scorer, type Score } from '../../contract.js';
import { renderTemplate } from '../templates/index.js';
import { promptAsText } from './chat.js';
import { RemoteJudgeBase } from './judge-base.js';
import { expectedScoreFromLogprobs, parseScoreText, type Scale } from './parse-judge.js';
import type { ScoreCallOptions } from './types.js';

export class PointwiseJudge extends RemoteJudgeBase implements Scorer {
  readonly mode = 'pointwise' as const;

  get needs(): Needs {
    const f = this.config.template.fields;
    return { prompt: f.includes('prompt'), references: f.includes('reference') };
  }

  get range(): readonly [number, number] {
    const s = this.scale;
    return [s.min, s.max];
  }

  private get scale(): Scale {
    return this.config.template.scale as Scale;
  }

  /** The user message sent for an item. */
  renderItem(item: Item): string {
    return renderTemplate(this.config.template, {
      prompt: item.prompt === undefined ? '' : promptAsText(item.prompt),
      output: item.output,
      // templates show one reference: the first
      reference: item.references?.[0] ?? '',
    });
  }

  async score(items: readonly Item[], opts: ScoreCallOptions = {}): Promise<Score[]> {
    checkNeeds(this, items);
    const texts = items.map((it) => this.renderItem(it));
    if (items.length > 0) void this.client; // surface a missing API key before anything is sent
    return Promise.all(
      texts.map(async (text, i) => {
        const s = await this.scoreText(text, opts.signal);
        opts.onScore?.(i, s);
        return s;
      }),
    );
  }

  private async scoreText(text: string, signal?: AbortSignal): Promise<Score> {
    const r = await this.ask(text, signal);
    if (!r.ok) return { value: null, details: r.details };
    const { content, tokens, finishReason } = r.answer;
    const parsed = parseScoreText(content, this.scale);
    const details: Record<string, unknown> = { raw: content, parsed, finish: finishReason };
    let value: number | null = parsed;
    details.method = parsed === null ? 'none' : 'parsed';
    if (parsed !== null && this.config.decoding.logprobs) {
      if (tokens === null) details.logprobs = 'not returned by the server';
      else {
        const e = expectedScoreFromLogprobs(tokens, this.scale);
        if (e.value === null) details.logprobs = e.reason;
        else {
          value = e.value;
          details.method = 'logprobs';
          details.probs = e.probs;
          details.mass = e.mass;
          if (e.split) details.split = true;
        }
      }
    }
    if (value === null) details.unparseable = true;
    return { value, details };
  }
}

/** The error a pairwise or listwise judge raises from `score(items)`: items carry one output, comparisons need more. */
export function needsComparisonsError(what: 'pairs' | 'lists', items: readonly Item[]): ScorerInputError {
  const how = what === 'pairs' ? 'comparePairs(pairs)' : 'rankLists(lists)';
  return new ScorerInputError(
    `a ${what === 'pairs' ? 'pairwise' : 'listwise'} judge compares ${what}, not single outputs: call ${how} (src/scorers/pairwise.ts), or use mode=pointwise to score items one by one`,
    items[0]?.id ?? '',
    what,
  );
}
