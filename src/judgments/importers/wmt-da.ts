// WMT crowd Direct Assessment, as released by the WMT organisers (wmt21-news-systems `humaneval/`, WMT20 metrics task).
//
// Segment level `ad-seg-scores-<lp>.csv`: space-separated `SYS SID RAW.SCR Z.SCR N` (SID = 1-based line of the test
// set, N = judgments averaged into the row). System names carry the submission id (`UF.15`, `HUMAN.0`).
// System level, three layouts, told apart by the header:
//   `ad-sys-ranking-<lp>-{z,raw,z-names}.csv`  no header: RAW Z #segments #judgments SYS [plain name]
//   `ad-sys-scores-<lp>.csv`                   header RAW.SCR Z.SCR N SYS N.ALL
//   WMT20 `DA-<testset>-<lp>-sys-scores.csv`   header LP SYSTEM HUMAN HUMAN_RAW <metric columns…> (HUMAN = z);
//                                              single-space separated, an empty field = no score for that system

import path from 'node:path';
import type { Ratings } from '../types.js';
import { parseDelimited, parseWhitespaceTable, type TextRow } from './_csv.js';
import { judgmentError, readText } from './_io.js';
import { RatingsBuilder, renameSystems } from './_ratings.js';
import { ratingValue } from './_values.js';
import type { RatingsBundle } from './result.js';
import { submissionIdStripper, WMT21_TEXT_NAMES } from './wmt-names.js';
import { attachWmtTexts, loadWmtTexts, type WmtTextsOptions } from './wmt-texts.js';

export interface WmtDaOptions {
  /** Default `auto`: strip `.<id>` when every system name has one. */
  stripSubmissionIds?: boolean | 'auto';
  rename?: Readonly<Record<string, string>> | 'textNames';
  /** Ratings.group; default the language pair from the file name. */
  group?: string;
}

export interface WmtDaSegOptions extends WmtDaOptions {
  /** Which column becomes the rating. Default `z` (the standardised score WMT ranks by). */
  score?: 'z' | 'raw';
  /** Items 1..N (unjudged lines NaN); default: the judged SIDs in increasing order, or the source length with texts. */
  segments?: number;
  /** Attach the WMT plaintext texts (testset is required: DA file names do not carry it). */
  texts?: Omit<WmtTextsOptions, 'lp'> & { lp?: string };
}

/** `ad-seg-scores-de-en.csv` / `DA-newstest2020-ende-sys-scores.csv` → `de-en` / `en-de`. */
export function daFileLanguagePair(file: string): string | undefined {
  const base = path.basename(file);
  const m = /-([a-z]{2,3})-([a-z]{2,3})(?:[-.][\w.-]*)?\.csv/.exec(base) ?? /-([a-z]{2,3})([a-z]{2,3})-sys-scores/.exec(base);
  return m ? `${m[1]}-${m[2]}` : undefined;
}

const SEG_HEADER = ['SYS', 'SID', 'RAW.SCR', 'Z.SCR', 'N'];

export async function importWmtDaSeg(file: string, options: WmtDaSegOptions = {}): Promise<Ratings> {
  const rows = parseWhitespaceTable(await readText(file));
  if (rows.length > 0 && rows[0].cells[0] === 'SYS') {
    const header = rows.shift()!.cells;
    if (header.join(' ') !== SEG_HEADER.join(' ')) {
      throw judgmentError({ file, line: 1 }, 'format', `expected header "${SEG_HEADER.join(' ')}", got "${header.join(' ')}"`);
    }
  }
  if (rows.length === 0) throw judgmentError({ file, line: 0 }, 'empty', 'no score rows');
  const strip = submissionIdStripper(
    rows.map((r) => r.cells[0]),
    options.stripSubmissionIds ?? 'auto',
  );
  const scoreColumn = options.score === 'raw' ? 2 : 3;
  const cells: { system: string; sid: number; value: number; n: number; line: number }[] = [];
  let maxSid = 0;
  for (const { line, cells: c } of rows) {
    if (c.length !== 5) throw judgmentError({ file, line }, 'csv', `expected 5 fields (${SEG_HEADER.join(' ')}), got ${c.length}`);
    const sid = positiveInt(c[1], { file, line, field: 'SID' });
    const value = ratingValue(c[scoreColumn], { file, line, field: SEG_HEADER[scoreColumn] });
    const n = positiveInt(c[4], { file, line, field: 'N' });
    cells.push({ system: strip(c[0]), sid, value, n, line });
    if (sid > maxSid) maxSid = sid;
  }
  let texts;
  const lp = options.texts?.lp ?? daFileLanguagePair(file);
  if (options.texts) {
    if (lp === undefined) throw judgmentError({ file, line: 0 }, 'format', 'cannot tell the language pair from the file name; pass texts.lp');
    texts = await loadWmtTexts({ ...options.texts, lp });
  }
  const nSegments = options.segments ?? texts?.source.length ?? 0;
  if (nSegments > 0 && maxSid > nSegments) {
    const bad = cells.find((c) => c.sid > nSegments)!;
    throw judgmentError({ file, line: bad.line, field: 'SID' }, 'length-mismatch', `segment ${bad.sid} > ${nSegments} segments`);
  }
  const builder = new RatingsBuilder(file, { field: 'SID' });
  for (const c of cells) builder.system(c.system);
  const ids = nSegments > 0 ? Array.from({ length: nSegments }, (_, i) => i + 1) : [...new Set(cells.map((c) => c.sid))].sort((x, y) => x - y);
  for (const id of ids) builder.item(String(id));
  for (const c of cells) builder.add(c.system, String(c.sid), c.value, c.line, c.n);
  let r = builder.build({ protocol: options.score === 'raw' ? 'da-raw' : 'da-z', group: options.group ?? lp, level: 'seg' }, { withCounts: true });
  const textNames = options.texts?.names ?? WMT21_TEXT_NAMES;
  if (options.rename !== undefined) r = renameSystems(r, options.rename === 'textNames' ? textNames : options.rename, file);
  if (texts) r = attachWmtTexts(r, texts, textNames, file);
  return r;
}

function positiveInt(s: string, at: { file: string; line: number; field: string }): number {
  if (!/^\d+$/.test(s) || Number(s) < 1) throw judgmentError(at, 'type', `expected a positive integer, got ${JSON.stringify(s)}`);
  return Number(s);
}

/** System-level DA (and, for WMT20, the metric scores in the same table) as one-item Ratings (`level: 'sys'`). */
export async function importWmtDaSys(file: string, options: WmtDaOptions = {}): Promise<RatingsBundle> {
  const text = await readText(file);
  const rows = parseWhitespaceTable(text);
  if (rows.length === 0) throw judgmentError({ file, line: 0 }, 'empty', 'no rows');
  const first = rows[0].cells;
  let bundle: RatingsBundle;
  // WMT20 writes a missing metric score as an empty field between single spaces, so split on each space there
  if (first[0] === 'LP' && first[1] === 'SYSTEM') bundle = wmt20SysScores(parseDelimited(text, file, { delimiter: ' ', quoting: false }), file, options);
  else if (first[0] === 'RAW.SCR') bundle = rankingTable(rows.slice(1), file, options, { raw: 0, z: 1, sys: 3, judgments: 4, width: 5 });
  else bundle = rankingTable(rows, file, options, { raw: 0, z: 1, sys: 4, judgments: 3, width: [5, 6] });
  if (options.rename !== undefined) {
    const names = options.rename === 'textNames' ? WMT21_TEXT_NAMES : options.rename;
    bundle.human = bundle.human.map((r) => renameSystems(r, names, file));
    bundle.metrics = bundle.metrics.map((r) => renameSystems(r, names, file));
  }
  return bundle;
}

interface RankingColumns {
  raw: number;
  z: number;
  sys: number;
  judgments: number;
  width: number | number[];
}

function rankingTable(rows: TextRow[], file: string, options: WmtDaOptions, cols: RankingColumns): RatingsBundle {
  const widths = Array.isArray(cols.width) ? cols.width : [cols.width];
  const strip = submissionIdStripper(
    rows.map((r) => r.cells[cols.sys] ?? ''),
    options.stripSubmissionIds ?? 'auto',
  );
  const z = new RatingsBuilder(file, { field: 'SYS' });
  const raw = new RatingsBuilder(file, { field: 'SYS' });
  for (const { line, cells } of rows) {
    if (!widths.includes(cells.length)) throw judgmentError({ file, line }, 'csv', `expected ${widths.join(' or ')} fields, got ${cells.length}`);
    const system = strip(cells[cols.sys]);
    const n = Number(cells[cols.judgments]);
    if (!Number.isInteger(n) || n < 0) throw judgmentError({ file, line, field: 'N' }, 'type', `expected a count, got ${JSON.stringify(cells[cols.judgments])}`);
    z.add(system, 'sys', ratingValue(cells[cols.z], { file, line, field: 'Z' }), line, n);
    raw.add(system, 'sys', ratingValue(cells[cols.raw], { file, line, field: 'RAW' }), line, n);
  }
  const group = options.group ?? daFileLanguagePair(file);
  return {
    kind: 'ratings-bundle',
    human: [z.build({ protocol: 'da-z', group, level: 'sys' }, { withCounts: true }), raw.build({ protocol: 'da-raw', group, level: 'sys' }, { withCounts: true })],
    metrics: [],
    source: file,
  };
}

function wmt20SysScores(rows: TextRow[], file: string, options: WmtDaOptions): RatingsBundle {
  const header = rows[0].cells;
  const body = rows.slice(1);
  const strip = submissionIdStripper(
    body.map((r) => r.cells[1] ?? ''),
    options.stripSubmissionIds ?? 'auto',
  );
  const builders = header.slice(2).map(() => new RatingsBuilder(file, { field: 'SYSTEM' }));
  const lps = new Set<string>();
  for (const { line, cells } of body) {
    if (cells.length !== header.length) throw judgmentError({ file, line }, 'csv', `row has ${cells.length} fields, header has ${header.length}`);
    lps.add(cells[0]);
    const system = strip(cells[1]);
    for (let c = 2; c < header.length; c++) builders[c - 2].add(system, 'sys', ratingValue(cells[c], { file, line, field: header[c] }), line);
  }
  const group = options.group ?? (lps.size === 1 ? [...lps][0] : undefined);
  const protocolOf = (name: string): string => (name === 'HUMAN' ? 'da-z' : name === 'HUMAN_RAW' ? 'da-raw' : `metric:${name}`);
  const all = builders.map((b, k) => b.build({ protocol: protocolOf(header[k + 2]), group, level: 'sys' }));
  return {
    kind: 'ratings-bundle',
    human: all.filter((r) => r.protocol!.startsWith('da-')),
    metrics: all.filter((r) => r.protocol!.startsWith('metric:')),
    source: file,
  };
}
