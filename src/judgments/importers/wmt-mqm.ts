// Google's WMT MQM segment scores (`mqm_<testset>_<lp>.avg_seg_scores.tsv`, google/wmt-mqm-human-evaluation).
// Header `system mqm_avg_score seg_id` is space-separated while rows are `system<TAB>score seg_id`, so rows are split
// on any whitespace. The score is minus the MQM penalty (0 best, -25 worst), already "higher is better"; `None` =
// segment not rated (NaN here). `seg_id` is the 1-based line of the WMT plaintext files.

import path from 'node:path';
import type { Ratings } from '../types.js';
import { parseWhitespaceTable } from './_csv.js';
import { judgmentError, readText } from './_io.js';
import { RatingsBuilder, renameSystems } from './_ratings.js';
import { ratingValue } from './_values.js';
import { submissionIdStripper, WMT21_TEXT_NAMES } from './wmt-names.js';
import { attachWmtTexts, loadWmtTexts, type WmtTextsOptions } from './wmt-texts.js';

export interface WmtMqmOptions {
  /** Strip `.<submission id>` from system names (newstest2020: `eTranslation.737`). Default `auto` (when all have one). */
  stripSubmissionIds?: boolean | 'auto';
  /** Rename systems (after stripping ids). `textNames` renames them to the text-file names. */
  rename?: Readonly<Record<string, string>> | 'textNames';
  /** Attach sources, references and system outputs from WMT plaintext files. testset/lp default to the file name's. */
  texts?: Omit<WmtTextsOptions, 'testset' | 'lp'> & { testset?: string; lp?: string };
  /** Ratings.group; default the language pair from the file name (`en-de`). */
  group?: string;
}

/** `mqm_newstest2021_ende.avg_seg_scores.tsv` → { testset: newstest2021, lp: en-de }. */
export function mqmFileNameParts(file: string): { testset?: string; lp?: string } {
  const m = /^mqm_([^.]+)_([a-z]{2,3})([a-z]{2,3})\./.exec(path.basename(file));
  if (!m) return {};
  return { testset: m[1], lp: `${m[2]}-${m[3]}` };
}

export async function importWmtMqm(file: string, options: WmtMqmOptions = {}): Promise<Ratings> {
  const rows = parseWhitespaceTable(await readText(file));
  if (rows.length > 0 && rows[0].cells[0] === 'system') rows.shift();
  if (rows.length === 0) throw judgmentError({ file, line: 0 }, 'empty', 'no score rows');
  const strip = submissionIdStripper(
    rows.map((r) => r.cells[0]),
    options.stripSubmissionIds ?? 'auto',
  );
  const builder = new RatingsBuilder(file, { field: 'seg_id' });
  for (const { line, cells } of rows) {
    if (cells.length !== 3) {
      throw judgmentError({ file, line }, 'csv', `expected 3 fields (system, mqm_avg_score, seg_id), got ${cells.length}`);
    }
    const [system, score, seg] = cells;
    const value = ratingValue(score, { file, line, field: 'mqm_avg_score' });
    if (!/^[1-9]\d*$/.test(seg)) throw judgmentError({ file, line, field: 'seg_id' }, 'type', `expected a positive integer, got ${JSON.stringify(seg)}`);
    builder.add(strip(system), seg, value, line);
  }
  const parts = mqmFileNameParts(file);
  let r = builder.build({ protocol: 'mqm', group: options.group ?? parts.lp, level: 'seg' });
  const textNames = options.texts?.names ?? WMT21_TEXT_NAMES;
  if (options.rename !== undefined) r = renameSystems(r, options.rename === 'textNames' ? textNames : options.rename, file);
  if (options.texts) {
    const testset = options.texts.testset ?? parts.testset;
    const lp = options.texts.lp ?? parts.lp;
    if (testset === undefined || lp === undefined) {
      throw judgmentError({ file, line: 0 }, 'format', 'cannot tell the test set and language pair from the file name; pass texts.testset and texts.lp');
    }
    const texts = await loadWmtTexts({ ...options.texts, testset, lp });
    r = attachWmtTexts(r, texts, textNames, file);
  }
  return r;
}

