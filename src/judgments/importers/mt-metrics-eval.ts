// The mt-metrics-eval directory layout (google-research/mt-metrics-eval, `mt-metrics-eval-v2/<testset>/`):
//   documents/<lp>.docs                     `domain doc` per segment
//   sources/<lp>.txt                        one segment per line (or .jsonl, field `source`)
//   references/<lp>.<ref>.txt               (or .jsonl, field `target`)
//   system-outputs/<lp>/<sys>.txt           (or .jsonl, field `hypothesis`); a system named like a reference is human
//   human-scores/<lp>.<name>.<level>.score  `sys score` per line; seg files list each system's scores in segment order;
//                                           domain files are `domain sys score`; `None` = not rated
//   metric-scores/<lp>/<metric>-<refs>.<level>.score   same layout; `None` is not allowed for metrics
// Texts are read like mt-metrics-eval reads them (Python text mode, so \r\n, \r and \n end lines; each line
// right-stripped; `[No translation supplied]` = no output). Both human and metric scores become Ratings, the metric
// ones with protocol `metric:<name>`, so a metric-scores file serves as a precomputed scorer.

import path from 'node:path';
import { readdir } from 'node:fs/promises';
import type { Ratings } from '../types.js';
import { parseWhitespaceTable } from './_csv.js';
import { exists, isDirectory, judgmentError, readText, splitLines } from './_io.js';
import { parseJsonLines } from './_json.js';
import { RatingsBuilder } from './_ratings.js';
import { ratingValue } from './_values.js';
import type { RatingsBundle } from './result.js';
import { pyRstrip } from '../../scorers/lexical/text.js';

export type MtmeLevel = 'seg' | 'doc' | 'domain' | 'sys';
const LEVELS: readonly MtmeLevel[] = ['seg', 'doc', 'domain', 'sys'];

/** mt-metrics-eval's marker for a missing translation line. */
export const NO_TRANSLATION = '[No translation supplied]';

export interface MtmeOptions {
  /** Test set folder under the root (`wmt23`). Default: the root itself when it has `human-scores/`, else its only subfolder. */
  testset?: string;
  /** Language pair (`en-de`). Default: the only one in `sources/` / `human-scores/`. */
  lp?: string;
  /** Read metric-scores/ too (default true). */
  metrics?: boolean;
  /** Read sources, references and outputs and attach them to seg-level Ratings (default true). */
  texts?: boolean;
  /** Only these levels (default all). */
  levels?: MtmeLevel[];
}

export interface MtmeDocument {
  name: string;
  domain: string;
  /** 0-based segment range [begin, end). */
  begin: number;
  end: number;
}

export interface MtmeEvalSet extends RatingsBundle {
  testset: string;
  lp: string;
  /** Every system with an output file, sorted; includes human "systems" (those named like a reference). */
  systems: string[];
  humanSystems: string[];
  documents: MtmeDocument[];
  /** Domain names sorted (mt-metrics-eval's canonical order, since domains have no natural one). */
  domains: string[];
  sources?: (string | null)[];
  references?: Record<string, (string | null)[]>;
  outputs?: Record<string, (string | null)[]>;
}

export async function importMtMetricsEval(root: string, options: MtmeOptions = {}): Promise<MtmeEvalSet> {
  const dir = await resolveTestsetDir(root, options.testset);
  const testset = path.basename(dir);
  const lp = options.lp ?? (await onlyLanguagePair(dir));
  const levels = new Set(options.levels ?? LEVELS);

  const documents = await readDocuments(path.join(dir, 'documents', `${lp}.docs`));
  const domains = [...new Set(documents.map((d) => d.domain))].sort();
  const sources = await readTextsIfPresent(path.join(dir, 'sources'), `${lp}.txt`, `${lp}.jsonl`, 'source');
  const textFiles = new Map<(string | null)[], string>();
  const references = await readNamedTexts(path.join(dir, 'references'), (f) => referenceName(f, lp), 'target', textFiles);
  const outputs = await readNamedTexts(path.join(dir, 'system-outputs', lp), (f) => f.slice(0, f.length - path.extname(f).length), 'hypothesis', textFiles);
  const nSegments = sources?.length ?? documents.at(-1)?.end;
  for (const lines of [...Object.values(references), ...Object.values(outputs)]) {
    if (nSegments !== undefined && lines.length !== nSegments) {
      throw judgmentError({ file: textFiles.get(lines)!, line: 0 }, 'length-mismatch', `${lines.length} lines, the source has ${nSegments}`);
    }
  }
  const systems = Object.keys(outputs).sort();
  const shape: ScoreShape = { nSegments, documents, domains, knownSystems: systems.length > 0 ? new Set(systems) : undefined };

  const human: Ratings[] = [];
  const humanDir = path.join(dir, 'human-scores');
  if (await isDirectory(humanDir)) {
    for (const f of (await readdir(humanDir)).sort()) {
      const toks = f.split('.');
      if (toks[0] !== lp || toks.at(-1) !== 'score') continue;
      if (toks.length < 4) throw judgmentError({ file: path.join(humanDir, f), line: 0 }, 'format', 'expected <lp>.<name>.<level>.score');
      const level = toks.at(-2) as MtmeLevel;
      const name = toks.slice(1, -2).join('.');
      if (!LEVELS.includes(level)) throw judgmentError({ file: path.join(humanDir, f), line: 0 }, 'format', `unknown level ${JSON.stringify(level)}`);
      if (!levels.has(level)) continue;
      human.push(await readScoreFile(path.join(humanDir, f), name, level, lp, shape, true));
    }
  }
  const metrics: Ratings[] = [];
  const metricDir = path.join(dir, 'metric-scores', lp);
  if (options.metrics !== false && (await isDirectory(metricDir))) {
    for (const f of (await readdir(metricDir)).sort()) {
      if (!f.endsWith('.score')) continue;
      const m = /^(.+)\.([^.]+)\.score$/.exec(f);
      const level = m?.[2] as MtmeLevel | undefined;
      if (!m || !LEVELS.includes(level!)) {
        throw judgmentError({ file: path.join(metricDir, f), line: 0 }, 'format', 'expected NAME-REF.LEVEL.score with LEVEL sys, domain, doc or seg');
      }
      if (!levels.has(level!)) continue;
      metrics.push(await readScoreFile(path.join(metricDir, f), m[1], level!, lp, shape, false));
    }
  }
  const withTexts = options.texts !== false;
  const set: MtmeEvalSet = {
    kind: 'ratings-bundle',
    source: dir,
    testset,
    lp,
    systems,
    humanSystems: systems.filter((s) => s in references),
    documents,
    domains,
    human,
    metrics,
  };
  if (withTexts) {
    set.sources = sources;
    set.references = references;
    set.outputs = outputs;
    const refNames = Object.keys(references).sort();
    const attach = (r: Ratings): Ratings => {
      if (r.level !== 'seg') return r;
      if (sources) r.sources = sources.slice();
      if (refNames.length > 0) {
        r.referenceNames = refNames;
        r.references = r.items.map((_, i) => refNames.map((n) => references[n][i] ?? ''));
      }
      if (Object.keys(outputs).length > 0) {
        r.outputs = [];
        for (const sys of r.systems) for (let i = 0; i < r.items.length; i++) r.outputs.push(outputs[sys]?.[i] ?? null);
      }
      return r;
    };
    human.forEach(attach);
    metrics.forEach(attach);
  }
  return set;
}

async function resolveTestsetDir(root: string, testset: string | undefined): Promise<string> {
  if (testset !== undefined) return path.join(root, testset);
  if (await isDirectory(path.join(root, 'human-scores'))) return root;
  if (!(await isDirectory(root))) throw judgmentError({ file: root, line: 0 }, 'io', 'not a directory');
  const subdirs: string[] = [];
  for (const e of await readdir(root, { withFileTypes: true })) {
    if (e.isDirectory() && (await isDirectory(path.join(root, e.name, 'human-scores')))) subdirs.push(e.name);
  }
  if (subdirs.length !== 1) {
    throw judgmentError({ file: root, line: 0 }, 'format', subdirs.length === 0 ? 'no test set folder with human-scores/ found' : `several test sets (${subdirs.sort().join(', ')}): pass testset`);
  }
  return path.join(root, subdirs[0]);
}

async function onlyLanguagePair(dir: string): Promise<string> {
  const lps = new Set<string>();
  for (const sub of ['sources', 'human-scores']) {
    const d = path.join(dir, sub);
    if (!(await isDirectory(d))) continue;
    for (const f of await readdir(d)) lps.add(f.split('.')[0]);
  }
  if (lps.size !== 1) throw judgmentError({ file: dir, line: 0 }, 'format', lps.size === 0 ? 'no language pair found' : `several language pairs (${[...lps].sort().join(', ')}): pass lp`);
  return [...lps][0];
}

function referenceName(file: string, lp: string): string | undefined {
  // <lp>.<ref>.<ext>: the reference name is the second-to-last dot field, as mt-metrics-eval reads it
  if (!file.startsWith(`${lp}.`)) return undefined;
  const toks = file.split('.');
  return toks.length >= 3 ? toks[toks.length - 2] : undefined;
}

async function readDocuments(file: string): Promise<MtmeDocument[]> {
  if (!(await exists(file))) return [];
  const docs: MtmeDocument[] = [];
  const lines = splitLines(await readText(file), 'universal');
  for (let i = 0; i < lines.length; i++) {
    const toks = lines[i].split(/\s+/).filter((t) => t !== '');
    if (toks.length < 2) throw judgmentError({ file, line: i + 1 }, 'csv', 'expected "domain doc"');
    const [domain, name] = toks;
    const last = docs.at(-1);
    if (last && last.name === name) {
      last.end = i + 1;
      continue;
    }
    if (docs.some((d) => d.name === name)) throw judgmentError({ file, line: i + 1, field: 'doc' }, 'format', `document ${JSON.stringify(name)} is not contiguous`);
    docs.push({ name, domain, begin: i, end: i + 1 });
  }
  return docs;
}

async function readTextLines(file: string, jsonField: string): Promise<(string | null)[]> {
  if (file.endsWith('.jsonl')) {
    return parseJsonLines(await readText(file), file).map(({ line, value }) => {
      const v = (value as Record<string, unknown> | null)?.[jsonField];
      if (typeof v !== 'string') throw judgmentError({ file, line, field: jsonField }, 'missing-field', 'expected a string field');
      return v;
    });
  }
  return splitLines(await readText(file), 'universal').map((l) => {
    const s = pyRstrip(l);
    return s === NO_TRANSLATION ? null : s;
  });
}

async function readTextsIfPresent(dir: string, txt: string, jsonl: string, field: string): Promise<(string | null)[] | undefined> {
  if (await exists(path.join(dir, txt))) return readTextLines(path.join(dir, txt), field);
  if (await exists(path.join(dir, jsonl))) return readTextLines(path.join(dir, jsonl), field);
  return undefined;
}

async function readNamedTexts(
  dir: string,
  nameOf: (file: string) => string | undefined,
  field: string,
  fileOf: Map<(string | null)[], string>,
): Promise<Record<string, (string | null)[]>> {
  const out: Record<string, (string | null)[]> = {};
  if (!(await isDirectory(dir))) return out;
  for (const f of (await readdir(dir)).sort()) {
    const name = nameOf(f);
    if (name === undefined || !(f.endsWith('.txt') || f.endsWith('.jsonl'))) continue;
    if (name in out) throw judgmentError({ file: path.join(dir, f), line: 0 }, 'format', `duplicate name ${JSON.stringify(name)}`);
    out[name] = await readTextLines(path.join(dir, f), field);
    fileOf.set(out[name], path.join(dir, f));
  }
  return out;
}

interface ScoreShape {
  nSegments?: number;
  documents: MtmeDocument[];
  domains: string[];
  knownSystems?: Set<string>;
}

async function readScoreFile(file: string, name: string, level: MtmeLevel, lp: string, shape: ScoreShape, isHuman: boolean): Promise<Ratings> {
  const rows = parseWhitespaceTable(await readText(file));
  const width = level === 'domain' ? 3 : 2;
  const perSystem = new Map<string, { value: number; line: number; domain?: string }[]>();
  for (const { line, cells } of rows) {
    if (cells.length !== width) throw judgmentError({ file, line }, 'csv', `expected ${width} fields (${level === 'domain' ? 'domain system score' : 'system score'}), got ${cells.length}`);
    const system = cells[width - 2];
    if (shape.knownSystems && !shape.knownSystems.has(system)) {
      throw judgmentError({ file, line, field: 'system' }, 'type', `unknown system ${JSON.stringify(system)} (no output file for it)`);
    }
    const raw = cells[width - 1];
    if (!isHuman && raw === 'None') throw judgmentError({ file, line, field: 'score' }, 'type', 'metric scores may not be None');
    const value = ratingValue(raw, { file, line, field: 'score' });
    let list = perSystem.get(system);
    if (!list) perSystem.set(system, (list = []));
    list.push({ value, line, domain: level === 'domain' ? cells[0] : undefined });
  }
  const items = itemsOf(level, shape, perSystem, file);
  const builder = new RatingsBuilder(file, { field: level === 'domain' ? 'domain' : 'system' });
  for (const id of items) builder.item(id);
  for (const [system, list] of perSystem) {
    if (level === 'domain') {
      for (const c of list) {
        if (!shape.domains.includes(c.domain!) && shape.domains.length > 0) throw judgmentError({ file, line: c.line, field: 'domain' }, 'type', `unknown domain ${JSON.stringify(c.domain)}`);
        builder.add(system, c.domain!, c.value, c.line);
      }
      continue;
    }
    if (list.length !== items.length) {
      throw judgmentError({ file, line: list[list.length - 1].line, field: 'system' }, 'length-mismatch', `system ${JSON.stringify(system)} has ${list.length} ${level} scores, expected ${items.length}`);
    }
    list.forEach((c, i) => builder.add(system, items[i], c.value, c.line));
  }
  return builder.build({ protocol: isHuman ? name : `metric:${name}`, group: lp, level });
}

function itemsOf(level: MtmeLevel, shape: ScoreShape, perSystem: Map<string, { domain?: string }[]>, file: string): string[] {
  if (level === 'sys') return ['sys'];
  if (level === 'doc') {
    if (shape.documents.length === 0) throw judgmentError({ file, line: 0 }, 'format', 'doc-level scores need documents/<lp>.docs');
    return shape.documents.map((d) => d.name);
  }
  if (level === 'domain') {
    if (shape.domains.length > 0) return shape.domains;
    return [...new Set([...perSystem.values()].flatMap((l) => l.map((c) => c.domain!)))].sort();
  }
  const n = shape.nSegments ?? Math.max(0, ...[...perSystem.values()].map((l) => l.length));
  return Array.from({ length: n }, (_, i) => String(i + 1));
}
