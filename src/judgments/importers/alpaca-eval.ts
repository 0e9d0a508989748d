// AlpacaEval annotations (tatsu-lab/alpaca_eval `results/<model>/<annotator>/annotations.json`, also used by
// RewardBench's best-of-n files): `instruction, output_1, generator_1, output_2, generator_2, dataset, annotator,
// preference`. preference ∈ [1, 2] is 1 + P(output_2 wins) (the weighted judges read it off logprobs).
// AlpacaEval's leaderboard maps a missing (null) or 0 preference to 1.5, a draw; we do the same, so the label is
// P(a) = 2 − preference, with 1 / 2 / 1.5 as `a` / `b` / `tie`. The raw value stays in meta.preference (null if
// missing) so the leaderboard numbers can be recomputed from the exact floats.

import type { Preference, Preferences } from '../types.js';
import { describeValue } from '../../data/errors.js';
import { Fields } from './_fields.js';
import { judgmentError } from './_io.js';
import { parseNumberText } from './_values.js';
import { labelFromProbabilityA } from './labels.js';
import { readRecordTable } from './records.js';
import type { RecordFileOptions } from './rewardbench.js';

export async function importAlpacaEval(file: string, options: RecordFileOptions = {}): Promise<Preferences> {
  const table = await readRecordTable(file, options.recordFormat);
  const pairs = table.rows.map((row, index) => {
    const f = new Fields(table, row);
    const raw = f.raw('preference');
    let pref: number | null;
    if (raw === null || raw === undefined) pref = null;
    else if (typeof raw === 'number') pref = raw;
    else if (typeof raw === 'string' && parseNumberText(raw) !== undefined) pref = parseNumberText(raw)!;
    else throw judgmentError(f.at('preference'), 'type', `expected a number in [1, 2] or null, got ${describeValue(raw)}`);
    if (pref !== null && Number.isNaN(pref)) pref = null;
    if (pref !== null && pref !== 0 && !(pref >= 1 && pref <= 2)) {
      throw judgmentError(f.at('preference'), 'type', `expected a number in [1, 2] or null, got ${pref}`);
    }
    const p: Preference = {
      id: String(index),
      prompt: f.string('instruction'),
      a: f.string('output_1'),
      b: f.string('output_2'),
      label: pref === null || pref === 0 ? 'tie' : labelFromProbabilityA(2 - pref),
      meta: { preference: pref },
    };
    const modelA = f.optionalString('generator_1');
    const modelB = f.optionalString('generator_2');
    const subset = f.optionalString('dataset');
    const annotator = f.optionalString('annotator');
    if (modelA !== undefined) p.modelA = modelA;
    if (modelB !== undefined) p.modelB = modelB;
    if (subset !== undefined) p.subset = subset;
    if (annotator !== undefined) p.annotator = annotator;
    return p;
  });
  return { kind: 'preferences', pairs, source: file };
}
