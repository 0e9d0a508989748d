// Google's error-level MQM TSVs (`mqm_ted_ende.tsv`: one row per annotated error, or one `No-error` row), turned into
// segment scores with the weights of Freitag et al. (2021): Major 5, but Major Non-translation 25; Minor 1, but Minor
// Fluency/Punctuation 0.1; Neutral and No-error 0. Per rater and segment the weights are summed, then averaged over the
// segment's raters and negated — this gives the upstream `avg_seg_scores` files (see the data README).
// Fields contain bare `"`, so the TSV is read with quoting off. The target marks the error span as `<v>…</v>`;
// the tags are removed to give the translation.

import type { Ratings } from '../types.js';
import { parseDelimited } from './_csv.js';
import { judgmentError, readText } from './_io.js';
import { RatingsBuilder, renameSystems } from './_ratings.js';

export interface WmtMqmErrorsOptions {
  /** Rename systems, e.g. `{ ref: 'ref-A' }` for the TED file (its `ref` is `ref-A` in the avg file). */
  rename?: Readonly<Record<string, string>>;
  /** Number of segments in the test set: items become 1..N, unrated ones NaN (the error file lists rated ones only). */
  segments?: number;
  group?: string;
}

/** MQM weight of one annotated error (0 for `No-error` rows). */
export function mqmErrorWeight(severity: string, category: string): number | undefined {
  switch (severity.trim().toLowerCase()) {
    case 'major':
      // the singleton category is spelled `Non-translation` or `Non-translation!` in different releases
      return category.startsWith('Non-translation') ? 25 : 5;
    case 'minor':
      return category === 'Fluency/Punctuation' ? 0.1 : 1;
    case 'neutral':
    case 'no-error':
      return 0;
    default:
      return undefined;
  }
}

const REQUIRED = ['system', 'seg_id', 'rater', 'category', 'severity'] as const;

function stripSpanTags(s: string): string {
  return s.replace(/<\/?v>/g, '');
}

interface SegmentAccumulator {
  line: number;
  raterPenalty: Map<string, number>;
  target?: string;
  source?: string;
}

export async function importWmtMqmErrors(file: string, options: WmtMqmErrorsOptions = {}): Promise<Ratings> {
  const rows = parseDelimited(await readText(file), file, { delimiter: '\t', quoting: false });
  if (rows.length < 2) throw judgmentError({ file, line: 0 }, 'empty', 'no error rows');
  const header = rows[0].cells;
  const col = (name: string): number => header.indexOf(name);
  for (const name of REQUIRED) {
    if (col(name) < 0) throw judgmentError({ file, line: rows[0].line, field: name }, 'missing-field', 'column missing from the header');
  }
  const [cSystem, cSeg, cRater, cCategory, cSeverity] = REQUIRED.map(col);
  const cSource = col('source');
  const cTarget = col('target');
  const segments = new Map<string, SegmentAccumulator>();
  const systemsInOrder: string[] = [];
  const segIds = new Set<number>();
  for (let r = 1; r < rows.length; r++) {
    const { line, cells } = rows[r];
    if (cells.length < header.length - 1 || cells.length > header.length) {
      // the trailing comment column may be absent
      throw judgmentError({ file, line }, 'csv', `row has ${cells.length} fields, header has ${header.length}`);
    }
    const system = cells[cSystem];
    const seg = cells[cSeg];
    if (!/^[1-9]\d*$/.test(seg)) throw judgmentError({ file, line, field: 'seg_id' }, 'type', `expected a positive integer, got ${JSON.stringify(seg)}`);
    const weight = mqmErrorWeight(cells[cSeverity], cells[cCategory]);
    if (weight === undefined) throw judgmentError({ file, line, field: 'severity' }, 'type', `unknown severity ${JSON.stringify(cells[cSeverity])}`);
    const key = `${system}\t${seg}`;
    let acc = segments.get(key);
    if (acc === undefined) {
      if (!systemsInOrder.includes(system)) systemsInOrder.push(system);
      segIds.add(Number(seg));
      acc = { line, raterPenalty: new Map() };
      if (cTarget >= 0 && cells[cTarget] !== undefined) acc.target = stripSpanTags(cells[cTarget]);
      if (cSource >= 0 && cells[cSource] !== undefined) acc.source = stripSpanTags(cells[cSource]);
      segments.set(key, acc);
    }
    const rater = cells[cRater];
    acc.raterPenalty.set(rater, (acc.raterPenalty.get(rater) ?? 0) + weight);
  }
  const builder = new RatingsBuilder(file);
  for (const s of systemsInOrder) builder.system(s);
  const maxSeg = options.segments ?? 0;
  for (const id of segIds) {
    if (maxSeg > 0 && id > maxSeg) throw judgmentError({ file, line: 0, field: 'seg_id' }, 'length-mismatch', `segment ${id} > ${maxSeg} segments`);
  }
  const order = maxSeg > 0 ? Array.from({ length: maxSeg }, (_, i) => i + 1) : [...segIds].sort((x, y) => x - y);
  for (const id of order) builder.item(String(id));
  const sourceOf = new Map<string, string>();
  const targetOf = new Map<string, string>();
  for (const [key, acc] of segments) {
    const [system, seg] = key.split('\t');
    let total = 0;
    for (const p of acc.raterPenalty.values()) total += p;
    builder.add(system, seg, -(total / acc.raterPenalty.size) || 0, acc.line);
    if (acc.source !== undefined && !sourceOf.has(seg)) sourceOf.set(seg, acc.source);
    if (acc.target !== undefined) targetOf.set(key, acc.target);
  }
  let r = builder.build({ protocol: 'mqm', group: options.group, level: 'seg' });
  if (cTarget >= 0) {
    r.outputs = [];
    for (const sys of r.systems) for (const item of r.items) r.outputs.push(targetOf.get(`${sys}\t${item}`) ?? null);
  }
  if (cSource >= 0) r.sources = r.items.map((id) => sourceOf.get(id) ?? null);
  if (options.rename) r = renameSystems(r, options.rename, file);
  return r;
}
