// HANNA (dig-team/hanna-benchmark-asg) `hanna_metric_scores.csv` / `hanna_metric_scores_llm.csv`: one row per story
// generator (`Model` column: Human, BertGeneration, CTRL, …), then one column per human criterion or metric whose cell
// is a Python list with one value per prompt (story i of every row answers prompt i). Each column becomes a
// system × prompt Ratings; items are the 0-based prompt indices as text. Column names are kept byte for byte
// (they carry symbol suffixes such as `BLEU Ξ§` that the published ranking files use as keys).
// Human columns: the six criteria (mean of 3 raters, 1–5 Likert) and, in the LLM file, `Human …` per-rater columns.

import type { Ratings } from '../types.js';
import { parseDelimited, rowsToRecords } from './_csv.js';
import { judgmentError, readText } from './_io.js';
import { RatingsBuilder } from './_ratings.js';
import { listValue, ratingValue } from './_values.js';
import type { RatingsBundle } from './result.js';

export const HANNA_CRITERIA = ['Relevance', 'Coherence', 'Empathy', 'Surprise', 'Engagement', 'Complexity'] as const;

export interface HannaOptions {
  /** Only these columns (default all). */
  columns?: string[];
  /** Leave out these systems (the published correlations leave out `Human`). */
  excludeSystems?: string[];
}

function isHumanColumn(name: string): boolean {
  return (HANNA_CRITERIA as readonly string[]).includes(name) || name.startsWith('Human ');
}

export async function importHanna(file: string, options: HannaOptions = {}): Promise<RatingsBundle> {
  const rows = parseDelimited(await readText(file), file, { delimiter: ',' });
  const { columns, records } = rowsToRecords(rows, file);
  const systemColumn = columns[0];
  if (systemColumn !== 'Model') throw judgmentError({ file, line: 1, field: systemColumn }, 'format', 'expected the first column to be "Model"');
  const wanted = columns.slice(1).filter((c) => options.columns === undefined || options.columns.includes(c));
  for (const c of options.columns ?? []) {
    if (!columns.includes(c)) throw judgmentError({ file, line: 1, field: c }, 'missing-field', 'no such column');
  }
  const excluded = new Set(options.excludeSystems ?? []);
  const builders = wanted.map(() => new RatingsBuilder(file));
  let nItems = -1;
  for (const { line, record } of records) {
    const system = record[systemColumn];
    if (excluded.has(system)) continue;
    wanted.forEach((column, k) => {
      const list = listValue(record[column], { file, line, field: column });
      if (nItems < 0) nItems = list.length;
      if (list.length !== nItems) throw judgmentError({ file, line, field: column }, 'length-mismatch', `${list.length} values, earlier cells have ${nItems}`);
      list.forEach((v, i) => builders[k].add(system, String(i), ratingValue(v, { file, line, field: `${column}[${i}]` }), line));
    });
  }
  const human: Ratings[] = [];
  const metrics: Ratings[] = [];
  wanted.forEach((column, k) => {
    const isHuman = isHumanColumn(column);
    const r = builders[k].build({ protocol: isHuman ? `likert:${column}` : `metric:${column}`, level: 'seg' });
    (isHuman ? human : metrics).push(r);
  });
  return { kind: 'ratings-bundle', human, metrics, source: file };
}
