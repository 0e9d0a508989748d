// LLMBar (princeton-nlp/LLMBar): `Dataset/LLMBar/<subset>/dataset.json` lists `{input, output_1, output_2, label}`,
// label the int 1 or 2 (the better output; no ties). Evaluator runs `…/evaluators/<LLM>/<strategy>/result.json` repeat
// the records and add `results`, whose last entry holds the judge's pick with the outputs in the original order
// (`swap = False`) and swapped (`swap = True`); both winners are already in original-order terms ("1", "2" or null).
// A folder import reads every dataset.json below it; `evaluator: 'GPT-4/Vanilla'` attaches that run's picks.

import path from 'node:path';
import type { Preference, Preferences } from '../types.js';
import { Fields } from './_fields.js';
import { exists, isDirectory, judgmentError, listFiles, withoutGz } from './_io.js';
import { readRecordTable, type RecordTable } from './records.js';

export interface LlmbarOptions {
  /** Subset name; default from the path (`Natural`, `Adversarial/Neighbor`). */
  subset?: string;
  /** `<LLM>/<strategy>` run whose picks go into meta.judge (folder or dataset.json imports). */
  evaluator?: string;
}

/** A judge's picks for one pair, in original-order terms. */
export interface LlmbarJudgePick {
  evaluator?: string;
  noSwap: 'a' | 'b' | null;
  swap: 'a' | 'b' | null;
}

/** `…/LLMBar/Adversarial/Neighbor/dataset.json` → `Adversarial/Neighbor`. */
export function llmbarSubsetOf(file: string): string {
  const parts = path.resolve(file).split(path.sep);
  const base = parts.lastIndexOf('LLMBar');
  const stop = parts.findIndex((p, i) => i > base && (p === 'evaluators' || withoutGz(p) === 'dataset.json' || withoutGz(p) === 'result.json'));
  if (base >= 0 && stop > base + 1) return parts.slice(base + 1, stop).join('/');
  return parts[parts.length - 2] ?? '';
}

/** `…/evaluators/GPT-4/Vanilla/result.json` → `GPT-4/Vanilla`. */
function evaluatorOf(file: string): string | undefined {
  const parts = path.resolve(file).split(path.sep);
  const k = parts.lastIndexOf('evaluators');
  return k >= 0 && parts.length - k === 4 ? parts.slice(k + 1, k + 3).join('/') : undefined;
}

export async function importLlmbar(target: string, options: LlmbarOptions = {}): Promise<Preferences> {
  if (!(await isDirectory(target))) return { kind: 'preferences', pairs: await importLlmbarFile(target, options), source: target };
  const files = (await listFiles(target, 6)).filter((f) => withoutGz(path.basename(f)) === 'dataset.json');
  if (files.length === 0) throw judgmentError({ file: target, line: 0 }, 'format', 'no dataset.json below this folder');
  const pairs: Preference[] = [];
  for (const f of files) pairs.push(...(await importLlmbarFile(f, { ...options, subset: options.subset ?? llmbarSubsetOf(f) })));
  return { kind: 'preferences', pairs, source: target };
}

async function importLlmbarFile(file: string, options: LlmbarOptions): Promise<Preference[]> {
  const table = await readRecordTable(file, 'json');
  const subset = options.subset ?? llmbarSubsetOf(file);
  const pairs = table.rows.map((row, index) => {
    const f = new Fields(table, row);
    const label = f.raw('label');
    if (label !== 1 && label !== 2) throw judgmentError(f.at('label'), 'type', `expected 1 or 2, got ${JSON.stringify(label)}`);
    const p: Preference = {
      id: `${subset}:${index}`,
      prompt: f.string('input'),
      a: f.string('output_1'),
      b: f.string('output_2'),
      label: label === 1 ? 'a' : 'b',
      subset,
    };
    if (f.has('results')) p.meta = { judge: judgePick(f, evaluatorOf(file)) };
    return p;
  });
  if (options.evaluator !== undefined && withoutGz(path.basename(file)) === 'dataset.json') {
    await attachEvaluator(pairs, path.join(path.dirname(file), 'evaluators', ...options.evaluator.split('/')), options.evaluator);
  }
  return pairs;
}

async function attachEvaluator(pairs: Preference[], dir: string, evaluator: string): Promise<void> {
  const file = (await exists(path.join(dir, 'result.json'))) ? path.join(dir, 'result.json') : path.join(dir, 'result.json.gz');
  const table: RecordTable = await readRecordTable(file, 'json');
  if (table.rows.length !== pairs.length) {
    throw judgmentError({ file, line: 0 }, 'length-mismatch', `${table.rows.length} results for ${pairs.length} pairs`);
  }
  table.rows.forEach((row, i) => {
    const f = new Fields(table, row);
    if (f.string('input') !== pairs[i].prompt) throw judgmentError(f.at('input'), 'length-mismatch', `record ${i} does not match dataset record ${i}`);
    pairs[i].meta = { ...pairs[i].meta, judge: judgePick(f, evaluator) };
  });
}

function judgePick(f: Fields, evaluator: string | undefined): LlmbarJudgePick {
  const results = f.raw('results');
  if (!Array.isArray(results) || results.length === 0) throw judgmentError(f.at('results'), 'type', 'expected a non-empty list');
  const last = results[results.length - 1] as Record<string, { winner?: unknown } | undefined>;
  const winner = (key: string): 'a' | 'b' | null => {
    const w = last?.[key]?.winner;
    if (w === null || w === undefined) return null;
    if (w === '1' || w === 1) return 'a';
    if (w === '2' || w === 2) return 'b';
    throw judgmentError(f.at(`results[${results.length - 1}].${key}.winner`), 'type', `expected "1", "2" or null, got ${JSON.stringify(w)}`);
  };
  const pick: LlmbarJudgePick = { noSwap: winner('swap = False'), swap: winner('swap = True') };
  if (evaluator !== undefined) pick.evaluator = evaluator;
  return pick;
}
