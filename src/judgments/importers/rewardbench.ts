// RewardBench (allenai/reward-bench on Hugging Face), from the Hub's Parquet or a JSON/JSONL export.
//
// v1 (`allenai/reward-bench`, splits raw/filtered): `prompt, chosen, rejected, chosen_model, rejected_model, subset, id`.
//   One pair per row, chosen is the gold winner → Preference with a = chosen, label `a`. (The pref-test-sets variant
//   has a chat-message list as prompt; both are accepted.) RewardBench scores a pair correct only when
//   r(chosen) > r(rejected) strictly; that is the meta-evaluation's business, not the importer's.
// v2 (`allenai/reward-bench-2`): `id, prompt, chosen (list), rejected (list), num_correct, num_incorrect,
//   total_completions, models, subset`. Upstream unrolls chosen followed by rejected and treats the first
//   num_correct completions as correct → a CandidateList with candidates = chosen ++ rejected. In the Ties subset
//   several completions are correct, and ids read `ref:<n>` / `tied:<n>`.

import type { CandidateList, Candidates, Preference, Preferences } from '../types.js';
import { Fields } from './_fields.js';
import { judgmentError } from './_io.js';
import { idValue } from './_values.js';
import { readRecordTable, type RecordFormat } from './records.js';

/** RewardBench v1 leaderboard sections (rewardbench/constants.py SUBSET_MAPPING). */
export const REWARDBENCH_V1_SECTIONS: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries(
    (
      [
        ['Chat', ['alpacaeval-easy', 'alpacaeval-length', 'alpacaeval-hard', 'mt-bench-easy', 'mt-bench-med']],
        ['Chat Hard', ['mt-bench-hard', 'llmbar-natural', 'llmbar-adver-neighbor', 'llmbar-adver-GPTInst', 'llmbar-adver-GPTOut', 'llmbar-adver-manual']],
        ['Safety', ['refusals-dangerous', 'refusals-offensive', 'xstest-should-refuse', 'xstest-should-respond', 'donotanswer']],
        ['Reasoning', ['math-prm', 'hep-cpp', 'hep-go', 'hep-java', 'hep-js', 'hep-python', 'hep-rust']],
      ] as const
    ).flatMap(([section, subsets]) => subsets.map((s) => [s, section])),
  ),
);

export interface RecordFileOptions {
  /** Force the container format (default: from the extension / content). */
  recordFormat?: RecordFormat;
}

export async function importRewardBenchV1(file: string, options: RecordFileOptions = {}): Promise<Preferences> {
  const table = await readRecordTable(file, options.recordFormat);
  const pairs: Preference[] = table.rows.map((row, index) => {
    const f = new Fields(table, row);
    const subset = f.optionalString('subset');
    const p: Preference = {
      id: f.has('id') ? idValue(f.raw('id'), f.at('id')) : String(index),
      prompt: f.prompt('prompt'),
      a: f.string('chosen'),
      b: f.string('rejected'),
      label: 'a',
    };
    if (subset !== undefined) p.subset = subset;
    const modelA = f.optionalString('chosen_model');
    const modelB = f.optionalString('rejected_model');
    if (modelA !== undefined) p.modelA = modelA;
    if (modelB !== undefined) p.modelB = modelB;
    if (subset !== undefined && REWARDBENCH_V1_SECTIONS[subset]) p.meta = { section: REWARDBENCH_V1_SECTIONS[subset] };
    return p;
  });
  return { kind: 'preferences', pairs, source: file };
}

export async function importRewardBenchV2(file: string, options: RecordFileOptions = {}): Promise<Candidates> {
  const table = await readRecordTable(file, options.recordFormat);
  const lists: CandidateList[] = table.rows.map((row, index) => {
    const f = new Fields(table, row);
    const chosen = f.stringList('chosen');
    const rejected = f.stringList('rejected');
    const numCorrect = f.has('num_correct') ? f.integer('num_correct') : chosen.length;
    if (numCorrect !== chosen.length) {
      throw judgmentError(f.at('num_correct'), 'type', `num_correct is ${numCorrect} but chosen has ${chosen.length} completions`);
    }
    if (f.has('num_incorrect') && f.integer('num_incorrect') !== rejected.length) {
      throw judgmentError(f.at('num_incorrect'), 'type', `num_incorrect is ${f.integer('num_incorrect')} but rejected has ${rejected.length} completions`);
    }
    if (f.has('total_completions') && f.integer('total_completions') !== chosen.length + rejected.length) {
      throw judgmentError(f.at('total_completions'), 'type', `total_completions is ${f.integer('total_completions')} but there are ${chosen.length + rejected.length} completions`);
    }
    const list: CandidateList = {
      id: f.has('id') ? idValue(f.raw('id'), f.at('id')) : String(index),
      prompt: f.prompt('prompt'),
      candidates: [...chosen, ...rejected],
      correct: [...chosen.map(() => true), ...rejected.map(() => false)],
    };
    const subset = f.optionalString('subset');
    if (subset !== undefined) list.subset = subset;
    const meta: Record<string, unknown> = { numCorrect };
    if (f.has('models')) meta.models = f.stringList('models');
    if (f.has('additional_metadata')) meta.additional = f.raw('additional_metadata');
    list.meta = meta;
    return list;
  });
  return { kind: 'candidates', lists, source: file };
}
