// JudgeBench (ScalerLab/JudgeBench): `pair_id, original_id, source, question, response_model, response_A, response_B,
// label` with label `A>B` / `B>A` (objective correctness, not taste). The outputs files add `judge_name` and
// `judgments`: two games, the pair shown in the original order and then swapped; each game's `decision` is in the
// terms of the order shown, and reward-model games carry `judgment.scores` = [first shown, second shown].
// Games are kept in `meta.games`, translated back to the original a/b orientation, so a consumer needs no flip.

import type { Preference, PreferenceLabel, Preferences } from '../types.js';
import { Fields } from './_fields.js';
import { judgmentError } from './_io.js';
import { idValue } from './_values.js';
import { readRecordTable } from './records.js';
import type { RecordFileOptions } from './rewardbench.js';

/** The category JudgeBench reports, from the `source` prefix. */
export function judgeBenchCategory(source: string): string {
  if (source.startsWith('mmlu-pro')) return 'knowledge';
  if (source.startsWith('livebench-reasoning')) return 'reasoning';
  if (source.startsWith('livebench-math')) return 'math';
  if (source.startsWith('livecodebench')) return 'coding';
  return source;
}

/** One judge game in the original orientation: which response won, and the two responses' scores if given. */
export interface JudgeGame {
  /** `ab`: shown as (A, B); `ba`: shown swapped. */
  order: 'ab' | 'ba';
  /** Winner in original terms; null when the judge gave no decision. */
  decision: 'a' | 'b' | 'tie' | null;
  /** Reward-model scores of the original A and B. */
  scores?: { a: number; b: number };
}

/** A shown-order decision (`A>B`, `A>>B`, `B>A`, `A=B`) as a winner in shown terms. */
function shownWinner(decision: unknown): 'first' | 'second' | 'tie' | null | undefined {
  if (decision === null || decision === undefined) return null;
  if (typeof decision !== 'string') return undefined;
  const d = decision.replace(/\s/g, '');
  if (d === 'A>B' || d === 'A>>B') return 'first';
  if (d === 'B>A' || d === 'B>>A') return 'second';
  if (d === 'A=B' || d === 'B=A') return 'tie';
  return undefined;
}

function label(raw: string): PreferenceLabel | undefined {
  const w = shownWinner(raw);
  return w === 'first' ? 'a' : w === 'second' ? 'b' : w === 'tie' ? 'tie' : undefined;
}

export async function importJudgeBench(file: string, options: RecordFileOptions = {}): Promise<Preferences> {
  const table = await readRecordTable(file, options.recordFormat);
  const pairs = table.rows.map((row) => {
    const f = new Fields(table, row);
    const source = f.string('source');
    const lab = label(f.string('label'));
    if (lab === undefined) throw judgmentError(f.at('label'), 'type', `expected A>B, B>A or A=B, got ${JSON.stringify(f.raw('label'))}`);
    const responseModel = f.optionalString('response_model');
    const meta: Record<string, unknown> = { source };
    if (f.has('original_id')) meta.originalId = f.raw('original_id');
    const p: Preference = {
      id: idValue(f.raw('pair_id'), f.at('pair_id')),
      prompt: f.string('question'),
      a: f.string('response_A'),
      b: f.string('response_B'),
      label: lab,
      subset: judgeBenchCategory(source),
      meta,
    };
    if (responseModel !== undefined) {
      p.modelA = responseModel;
      p.modelB = responseModel;
    }
    if (f.has('judgments')) {
      meta.judge = f.optionalString('judge_name');
      meta.games = games(f);
      const model = (f.raw('judgments') as { judgment?: { judge_model?: unknown } }[])[0]?.judgment?.judge_model;
      if (typeof model === 'string') meta.judgeModel = model;
    }
    return p;
  });
  return { kind: 'preferences', pairs, source: file };
}

function games(f: Fields): JudgeGame[] {
  const list = f.raw('judgments');
  if (!Array.isArray(list)) throw judgmentError(f.at('judgments'), 'type', 'expected a list of games');
  return list.map((g, k) => {
    const at = f.at(`judgments[${k}].decision`);
    const order: JudgeGame['order'] = k % 2 === 0 ? 'ab' : 'ba';
    const game = g as { decision?: unknown; judgment?: { scores?: unknown } } | null;
    const w = shownWinner(game?.decision);
    if (w === undefined) throw judgmentError(at, 'type', `unknown decision ${JSON.stringify(game?.decision)}`);
    const decision = w === null ? null : w === 'tie' ? 'tie' : (w === 'first') === (order === 'ab') ? 'a' : 'b';
    const out: JudgeGame = { order, decision };
    const scores = game?.judgment?.scores;
    if (Array.isArray(scores) && scores.length === 2) {
      const [first, second] = scores;
      if (typeof first !== 'number' || typeof second !== 'number') {
        throw judgmentError(f.at(`judgments[${k}].judgment.scores`), 'type', 'expected two numbers');
      }
      out.scores = order === 'ab' ? { a: first, b: second } : { a: second, b: first };
    }
    return out;
  });
}
