// One entry point for every judgment format: `importJudgments(path, { format?, … })`. Without `format` the format
// is detected where that is unambiguous (detect.ts); generic tables need their column names.

import type { Judgments } from '../types.js';
import { judgmentError } from './_io.js';
import { importAlpacaEval } from './alpaca-eval.js';
import { detectJudgmentFormat } from './detect.js';
import { importFrank, type FrankOptions } from './frank.js';
import { importCandidatesTable, importPreferencesTable, importRatingsTable, type CandidateColumns, type PreferenceColumns, type RatingsColumns } from './generic.js';
import { importHanna, type HannaOptions } from './hanna.js';
import { importHhRlhf, type HhRlhfOptions } from './hh-rlhf.js';
import { importJudgeBench } from './judgebench.js';
import { importLlmbar, type LlmbarOptions } from './llmbar.js';
import { importMtMetricsEval, type MtmeOptions } from './mt-metrics-eval.js';
import type { RecordFormat } from './records.js';
import type { ImportedJudgments, JudgmentFormat, RatingsBundle } from './result.js';
import { importRewardBenchV1, importRewardBenchV2 } from './rewardbench.js';
import { importWmtDaSeg, importWmtDaSys, type WmtDaOptions, type WmtDaSegOptions } from './wmt-da.js';
import { importWmtMqm, type WmtMqmOptions } from './wmt-mqm.js';
import { importWmtMqmErrors, type WmtMqmErrorsOptions } from './wmt-mqm-errors.js';

export interface ImportOptions {
  /** Default: detected from the path. */
  format?: JudgmentFormat;
  /** Container of record-based formats (jsonl, json, csv, tsv, parquet); default from the extension / content. */
  recordFormat?: RecordFormat;
  mqm?: WmtMqmOptions;
  mqmErrors?: WmtMqmErrorsOptions;
  daSeg?: WmtDaSegOptions;
  daSys?: WmtDaOptions;
  mtme?: MtmeOptions;
  llmbar?: LlmbarOptions;
  hhRlhf?: HhRlhfOptions;
  hanna?: HannaOptions;
  frank?: FrankOptions;
  /** Column names for generic tables; giving exactly one of these selects that shape when the format is not detected. */
  ratings?: RatingsColumns;
  preferences?: PreferenceColumns;
  candidates?: CandidateColumns;
}

export async function importJudgments(target: string, options: ImportOptions = {}): Promise<ImportedJudgments> {
  const format = options.format ?? (await formatOf(target, options));
  const rec = { recordFormat: options.recordFormat };
  const gold = (j: Judgments): ImportedJudgments => ({ format, judgments: [j], scores: [] });
  const bundle = (b: RatingsBundle): ImportedJudgments => ({ format, judgments: b.human, scores: b.metrics });
  switch (format) {
    case 'wmt-mqm':
      return gold(await importWmtMqm(target, options.mqm));
    case 'wmt-mqm-errors':
      return gold(await importWmtMqmErrors(target, options.mqmErrors));
    case 'wmt-da-seg':
      return gold(await importWmtDaSeg(target, options.daSeg));
    case 'wmt-da-sys':
      return bundle(await importWmtDaSys(target, options.daSys));
    case 'mt-metrics-eval':
      return bundle(await importMtMetricsEval(target, options.mtme));
    case 'rewardbench-v1':
      return gold(await importRewardBenchV1(target, rec));
    case 'rewardbench-v2':
      return gold(await importRewardBenchV2(target, rec));
    case 'judgebench':
      return gold(await importJudgeBench(target, rec));
    case 'llmbar':
      return gold(await importLlmbar(target, options.llmbar));
    case 'alpaca-eval':
      return gold(await importAlpacaEval(target, rec));
    case 'hh-rlhf':
      return gold(await importHhRlhf(target, { ...rec, ...options.hhRlhf }));
    case 'hanna':
      return bundle(await importHanna(target, options.hanna));
    case 'frank':
      return bundle(await importFrank(target, options.frank));
    case 'ratings':
      return gold(await importRatingsTable(target, { ...rec, ...requireColumns(options.ratings, target, 'ratings') }));
    case 'preferences':
      return gold(await importPreferencesTable(target, { ...rec, ...requireColumns(options.preferences, target, 'preferences') }));
    case 'candidates':
      return gold(await importCandidatesTable(target, { ...rec, ...requireColumns(options.candidates, target, 'candidates') }));
    default:
      throw judgmentError({ file: target, line: 0 }, 'format', `unknown judgment format ${JSON.stringify(format)}`);
  }
}

function requireColumns<T>(columns: T | undefined, target: string, shape: string): T {
  if (columns === undefined) throw judgmentError({ file: target, line: 0 }, 'format', `format ${shape} needs column names (options.${shape})`);
  return columns;
}

async function formatOf(target: string, options: ImportOptions): Promise<JudgmentFormat> {
  const generic = (['ratings', 'preferences', 'candidates'] as const).filter((k) => options[k] !== undefined);
  if (generic.length === 1) return generic[0];
  if (generic.length > 1) throw judgmentError({ file: target, line: 0 }, 'format', `column names given for ${generic.join(' and ')}: name the format with --judgment-format`);
  return detectJudgmentFormat(target);
}

export { detectJudgmentFormat, formatFromFileName, formatFromHeaderLine, formatFromRecord } from './detect.js';
export { findRatings, JUDGMENT_FORMATS, type ImportedJudgments, type JudgmentFormat, type RatingsBundle } from './result.js';
export { LABEL_HELP, labelFromProbabilityA, parsePreferenceLabel, type LabelScale } from './labels.js';
export { readRecordTable, recordFormatOf, type RecordFormat, type RecordRow, type RecordTable } from './records.js';
export { importWmtMqm, type WmtMqmOptions } from './wmt-mqm.js';
export { importWmtMqmErrors, mqmErrorWeight, type WmtMqmErrorsOptions } from './wmt-mqm-errors.js';
export { importWmtDaSeg, importWmtDaSys, daFileLanguagePair, type WmtDaOptions, type WmtDaSegOptions } from './wmt-da.js';
export { attachWmtTexts, loadWmtTexts, type WmtTexts, type WmtTextsOptions } from './wmt-texts.js';
export { referenceOfSystem, submissionIdStripper, WMT21_TEXT_NAMES } from './wmt-names.js';
export { importMtMetricsEval, NO_TRANSLATION, type MtmeDocument, type MtmeEvalSet, type MtmeLevel, type MtmeOptions } from './mt-metrics-eval.js';
export { importRewardBenchV1, importRewardBenchV2, REWARDBENCH_V1_SECTIONS, type RecordFileOptions } from './rewardbench.js';
export { importJudgeBench, judgeBenchCategory, type JudgeGame } from './judgebench.js';
export { importLlmbar, llmbarSubsetOf, type LlmbarJudgePick, type LlmbarOptions } from './llmbar.js';
export { importAlpacaEval } from './alpaca-eval.js';
export { importHhRlhf, parseHhDialogue, type HhRlhfOptions } from './hh-rlhf.js';
export { importHanna, HANNA_CRITERIA, type HannaOptions } from './hanna.js';
export { importFrank, FRANK_HUMAN_FILE, FRANK_METRICS_FILE, type FrankOptions } from './frank.js';
export { importCandidatesTable, importPreferencesTable, importRatingsTable, type CandidateColumns, type PreferenceColumns, type RatingsColumns } from './generic.js';
