// A listwise LLM judge: k candidates for one prompt, answered with a full ranking `[2] > [1] > [3]`. With both orders,
// the candidates are also shown reversed and that ranking is mapped back and kept separately, so the effect of
// presentation order can be measured.
import type { Item, Score } from '../../contract.js';
import type { CandidateList, ListwiseScorer, RankingOutcome, RankListsOptions } from '../../pairwise.js';
import { renderTemplate } from '../templates/index.js';
import { promptAsText } from './chat.js';
import { RemoteJudgeBase } from './judge-base.js';
import { needsComparisonsError } from './judge-pointwise.js';
import { parseRanking } from './parse-judge.js';

export class ListwiseJudge extends RemoteJudgeBase implements ListwiseScorer {
  readonly mode = 'listwise' as const;
  readonly range = [0, 1] as const;

  get needs() {
    const f = this.config.template.fields;
    return { prompt: f.includes('prompt'), references: f.includes('reference') };
  }

  /** The user message for a list; `reversed` shows the candidates last to first (still numbered from [1]). */
  renderList(list: CandidateList, reversed: boolean): string {
    const shown = reversed ? [...list.candidates].reverse() : list.candidates;
    return renderTemplate(this.config.template, {
      prompt: promptAsText(list.prompt),
      candidates: shown.map((c, i) => `[${i + 1}]\n${c}`).join('\n\n'),
      reference: list.reference ?? '',
    });
  }

  async score(items: readonly Item[]): Promise<Score[]> {
    throw needsComparisonsError('lists', items);
  }

  async rankLists(lists: readonly CandidateList[], opts: RankListsOptions = {}): Promise<RankingOutcome[]> {
    const both = opts.bothOrders ?? this.config.bothOrders;
    if (lists.length > 0) void this.client;
    return Promise.all(
      lists.map(async (list, i) => {
        const k = list.candidates.length;
        const runs = await Promise.all(
          (both ? [false, true] : [false]).map(async (reversed) => {
            const r = await this.ask(this.renderList(list, reversed), opts.signal);
            if (!r.ok) return { error: r.details };
            const shown = parseRanking(r.answer.content, k);
            // shown position j of the reversed list is candidate k-1-j
            const ranking = shown === null ? null : reversed ? shown.map((j) => k - 1 - j) : shown;
            return { ranking, raw: r.answer.content };
          }),
        );
        const details: Record<string, unknown> = {};
        if (runs[0].raw !== undefined) details.raw = runs[0].raw;
        if (both && runs[1].raw !== undefined) details.rawReversed = runs[1].raw;
        const failed = runs.find((r) => r.error);
        if (failed) {
          details.error = failed.error!.error;
          details.message = failed.error!.message;
          if (failed.error!.hint !== undefined) details.hint = failed.error!.hint;
        }
        const outcome: RankingOutcome = { ranking: runs[0].ranking ?? null, details };
        if (both) outcome.reversed = runs[1].ranking ?? null;
        if (!failed && runs.some((r) => r.ranking === null)) details.unparseable = true;
        opts.onOutcome?.(i, outcome);
        return outcome;
      }),
    );
  }
}
