// FRANK (artidoro/frank `data/`): `human_annotations.json` (per summary: hash, model_name, dataset cnndm|bbc,
// Factuality = share of sentences without error, one column per error type with 1 = no such error, Flip_* ablations,
// split valid|test) and `baseline_factuality_metrics_outputs.json` (same keys; Rouge, Bleu, Meteor, BertScore, FactCC,
// FEQA, Dep Entail, QAGS). Numbers may be JSON numbers or strings; empty strings and nulls are missing (NaN).
// Both become model_name × article-hash Ratings over one shared index, so metric and human cells line up; a model
// summarised only one dataset's articles, so the other dataset's cells are NaN. The official recipe joins on
// (hash, model_name) and drops missing values — NaN cells make that a filter on the consumer's side.

import path from 'node:path';
import type { Ratings } from '../types.js';
import { Fields } from './_fields.js';
import { exists, isDirectory, judgmentError } from './_io.js';
import { RatingsBuilder } from './_ratings.js';
import { ratingValue } from './_values.js';
import { readRecordTable, type RecordTable } from './records.js';
import type { RatingsBundle } from './result.js';

export const FRANK_HUMAN_FILE = 'human_annotations.json';
export const FRANK_METRICS_FILE = 'baseline_factuality_metrics_outputs.json';
const KEY_COLUMNS = new Set(['hash', 'model_name', 'dataset', 'split']);

export interface FrankOptions {
  /** The metrics file; default the sibling baseline_factuality_metrics_outputs.json when present. */
  metricsFile?: string | false;
  /** Keep only one dataset (`cnndm` or `bbc`) or split (`valid` or `test`). */
  dataset?: string;
  split?: string;
}

/** `target` is the data folder or the human_annotations.json file. */
export async function importFrank(target: string, options: FrankOptions = {}): Promise<RatingsBundle> {
  const humanFile = (await isDirectory(target)) ? path.join(target, FRANK_HUMAN_FILE) : target;
  let metricsFile: string | undefined;
  if (options.metricsFile !== false) {
    const sibling = path.join(path.dirname(humanFile), FRANK_METRICS_FILE);
    metricsFile = options.metricsFile ?? ((await exists(sibling)) ? sibling : undefined);
  }
  const human = await readRecordTable(humanFile, 'json');
  const metrics = metricsFile ? await readRecordTable(metricsFile, 'json') : undefined;
  // one index for systems and items across both files, so all matrices share their layout
  const systems = new RatingsBuilder(humanFile);
  const keep = (f: Fields): boolean =>
    (options.dataset === undefined || f.string('dataset') === options.dataset) && (options.split === undefined || f.string('split') === options.split);
  for (const table of metrics ? [human, metrics] : [human]) {
    for (const row of table.rows) {
      const f = new Fields(table, row);
      if (!keep(f)) continue;
      systems.system(f.string('model_name'));
      systems.item(f.string('hash'));
    }
  }
  return {
    kind: 'ratings-bundle',
    human: columnsToRatings(human, systems, keep, (c) => (c === 'Factuality' ? 'factuality' : `frank:${c}`)),
    metrics: metrics ? columnsToRatings(metrics, systems, keep, (c) => `metric:${c}`) : [],
    source: humanFile,
  };
}

function columnsToRatings(table: RecordTable, index: RatingsBuilder, keep: (f: Fields) => boolean, protocolOf: (column: string) => string): Ratings[] {
  const columns: string[] = [];
  for (const row of table.rows) for (const k of Object.keys(row.record)) if (!KEY_COLUMNS.has(k) && !columns.includes(k)) columns.push(k);
  const builders = columns.map(() => {
    const b = new RatingsBuilder(table.file, { field: 'hash' });
    for (const s of index.systems) b.system(s);
    for (const i of index.items) b.item(i);
    return b;
  });
  for (const row of table.rows) {
    const f = new Fields(table, row);
    if (!keep(f)) continue;
    const system = f.string('model_name');
    const item = f.string('hash');
    columns.forEach((c, k) => {
      if (row.record[c] === undefined) return;
      builders[k].add(system, item, ratingValue(row.record[c], f.at(c)), row.line);
    });
  }
  if (columns.length === 0) throw judgmentError({ file: table.file, line: 0 }, 'empty', 'no score columns');
  return builders.map((b, k) => b.build({ protocol: protocolOf(columns[k]), level: 'seg' }));
}
