// Reading the inputs of a meta-evaluation: a judgment file in any supported format (importers/index.ts), optional
// precomputed score tables, and, for generic ratings tables, the other fields of each row (for `column:NAME`).
// One call, so the CLI and a program build the same MetaEvalInput from the same description.

import { importJudgments, type ImportOptions } from '../judgments/importers/index.js';
import type { JudgmentFormat } from '../judgments/importers/result.js';
import type { RecordFormat } from '../judgments/importers/records.js';
import type { RatingsColumns, PreferenceColumns } from '../judgments/importers/generic.js';
import type { MissingValues } from '../data/numbers.js';
import { readCellFields } from './matrices.js';
import type { MetaEvalInput } from './run.js';
import { readScoreTable } from './score-files.js';

export interface LoadOptions {
  /** Judgment file or folder. */
  judgments: string;
  format?: JudgmentFormat;
  recordFormat?: RecordFormat;
  /** WMT plaintext folder(s): attaches sources, references and outputs to MQM / DA segment files. */
  texts?: string | string[];
  /** Test set of DA segment files (their names do not say it), e.g. newstest2021. */
  testset?: string;
  /** Generic ratings table columns (system, item, value, output, source, reference). */
  ratings?: RatingsColumns;
  /** Generic preference table columns. */
  preferences?: PreferenceColumns;
  /** LLMBar evaluator run to attach, `GPT-4/Vanilla`. */
  llmbarEvaluator?: string;
  /** Precomputed score tables, keyed by the same system / item columns as `ratings` (default `system`, `item`). */
  scoreFiles?: readonly string[];
  scoreColumns?: { system?: string; item?: string | null };
  /** Missing cells of the score tables, under their policy (`--missing`); default: null or absent is an error. */
  scoreMissing?: MissingValues;
  /**
   * Keep the judgment table's other fields per cell (needed by `column:NAME` on a generic ratings table); a list names
   * the fields `column:` reads, which are then read as finite numbers with FILE:LINE errors (missing ones under
   * `scoreMissing`).
   */
  cellFields?: boolean | readonly string[];
  /** Keep `.<submission id>` in WMT system names (WMT20 en-pl lists two `Tilde.*` submissions). */
  keepSubmissionIds?: boolean;
  /** Systems to leave out while importing (HANNA's `Human`); meta-evaluation can also exclude later. */
  excludeSystems?: readonly string[];
}

export async function loadMetaEvalInput(options: LoadOptions): Promise<MetaEvalInput> {
  const imp: ImportOptions = { format: options.format, recordFormat: options.recordFormat };
  if (options.ratings) imp.ratings = options.ratings;
  if (options.preferences) imp.preferences = options.preferences;
  const strip = options.keepSubmissionIds ? { stripSubmissionIds: false } : {};
  imp.mqm = { ...strip };
  imp.daSeg = { ...strip };
  imp.daSys = { ...strip };
  if (options.texts !== undefined) {
    imp.mqm.texts = { dir: options.texts };
    if (options.testset !== undefined) imp.daSeg.texts = { dir: options.texts, testset: options.testset };
  }
  if (options.llmbarEvaluator) imp.llmbar = { evaluator: options.llmbarEvaluator };
  const exact = (options.excludeSystems ?? []).filter((p) => !p.includes('*'));
  if (exact.length) imp.hanna = { excludeSystems: exact };
  const imported = await importJudgments(options.judgments, imp);
  const input: MetaEvalInput = { judgments: imported.judgments, scores: [...imported.scores] };
  const system = options.scoreColumns?.system ?? options.ratings?.system ?? 'system';
  const item = options.scoreColumns?.item === null ? undefined : (options.scoreColumns?.item ?? options.ratings?.item ?? 'item');
  for (const file of options.scoreFiles ?? []) {
    const exclude = [options.ratings?.value, options.ratings?.output, options.ratings?.source, options.ratings?.reference].filter((c): c is string => c !== undefined);
    input.scores = [...input.scores!, ...(await readScoreTable(file, { system, item, exclude, recordFormat: undefined, missing: options.scoreMissing }))];
  }
  if (options.cellFields && options.ratings) {
    const numbers = Array.isArray(options.cellFields) ? { fields: options.cellFields as readonly string[], missing: options.scoreMissing } : undefined;
    input.cellFields = await readCellFields(options.judgments, { system: options.ratings.system, item: options.ratings.item, recordFormat: options.recordFormat, numbers });
  }
  return input;
}
