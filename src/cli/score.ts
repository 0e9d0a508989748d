// `trenchcoat score`: score a data file or plain-text hypothesis/reference files with one or more scorers.
import type { Command } from 'commander';
import { createScorer } from '../scorers/registry.js';
import { ColumnScorer } from '../scorers/simple/column.js';
import '../scorers/builtin.js';
import { batched, scoreStream, type ScoreRunResult } from '../scoring.js';
import type { Score } from '../scorers/contract.js';
import { action, UsageError } from './errors.js';
import { addInputOptions, openItems, rejectsPathFor, type InputFlags } from './input.js';
import { collect } from './options.js';
import { printJson } from './output.js';
import { createProgress } from './progress.js';
import { formatNumber, formatTable } from './table.js';
import { assertOutputsAreNotInputs, openRecordWriter } from '../data/index.js';
import { formatMissingNote } from '../data/numbers.js';
import { VERSION } from '../version.js';
import { addCacheOptions, resolveCachePath, type CacheFlags } from './cache.js';
import { openScoringSession } from '../store/session.js';

interface ScoreFlags extends InputFlags, CacheFlags {
  scorer: string[];
  level: string;
  groupBy?: string;
  out?: string;
  json?: boolean;
}

export function registerScoreCommand(program: Command): void {
  const cmd = program
    .command('score')
    .description('score outputs with one or more scorers (corpus and/or segment level)')
    .option('-s, --scorer <spec>', 'scorer spec, repeatable (e.g. bleu, chrf++, ter, rouge-l:stem=true, column:COMET)', collect, [])
    .option('-l, --level <level>', 'corpus | segment', 'corpus')
    .option('-g, --group-by <field>', 'corpus score per value of this field (e.g. system)')
    .option('-o, --out <file>', 'write segment scores to FILE (.jsonl, .csv, .tsv or .parquet)')
    .option('--json', 'machine-readable JSON on stdout');
  addInputOptions(cmd);
  addCacheOptions(cmd);
  cmd.addHelpText(
    'after',
    `
Examples:
  trenchcoat score --hyp system.de --ref ref.A.de --ref ref.C.de -s bleu -s chrf -s ter
  trenchcoat score --data outputs.jsonl --ref-field reference -s bleu:tokenize=intl -s chrf++ --group-by system
  trenchcoat score --data outputs.csv --output-field response --ref-field gold -s rouge-l --level segment --out scores.parquet
  trenchcoat score --data rm.jsonl -s column:reward --on-error skip --rejects bad-rows.jsonl`,
  );
  cmd.action(action(async (flags: ScoreFlags) => runScoreCommand(flags)));
}

export async function runScoreCommand(flags: ScoreFlags): Promise<void> {
  if (flags.level !== 'corpus' && flags.level !== 'segment') throw new UsageError(`--level must be corpus or segment, not "${flags.level}"`);
  assertOutputsAreNotInputs(
    [
      { flag: '--out', path: flags.out },
      { flag: '--rejects', path: rejectsPathFor(flags) },
      { flag: '--cache', path: typeof flags.cache === 'string' ? flags.cache : undefined },
    ],
    inputFiles(flags),
  );
  const specs = flags.scorer.length ? flags.scorer : ['bleu'];
  const created = specs.map((s) => createScorer(s));
  // A `column:NAME` scorer reads NAME from the item's meta, and --group-by FIELD groups by meta: keep those fields
  // without making the user list them again with --meta-field.
  const needed = [...created.flatMap((s) => (s instanceof ColumnScorer ? [s.column] : [])), ...(flags.groupBy ? [flags.groupBy] : [])];
  const metaField = flags.metaField.includes('rest') ? flags.metaField : [...new Set([...flags.metaField, ...needed])];
  const columns = created.flatMap((s) => (s instanceof ColumnScorer ? [s.column] : []));
  const source = await openItems({ ...flags, metaField: flags.hyp ? flags.metaField : metaField }, { numberFields: [...new Set(columns)] });
  const session = await openScoringSession(
    created,
    { cachePath: resolveCachePath(flags), command: 'score', argv: process.argv.slice(2), inputFiles: inputFiles(flags) },
  ).catch(async (err: unknown) => {
    await source.abort();
    throw err;
  });
  const scorers = session.scorers;
  // Segment scores are kept in memory only for --json without --out; with --out they stream to the file.
  const keepSegments = flags.level === 'segment' && !flags.out;
  const ids: string[] = [];
  const segments: Score[][] = scorers.map(() => []);
  const writer = flags.out ? await openRecordWriter(flags.out) : undefined;
  const progress = createProgress('scoring');
  let result: ScoreRunResult;
  try {
    result = await scoreStream(batched(source.items), scorers, {
      groupBy: flags.groupBy,
      onProgress: (done) => {
        progress.update(done);
        session.progress({ items: done });
      },
      onSegments:
        flags.level === 'segment' || writer
          ? async (items, scores) => {
              for (let i = 0; i < items.length; i++) {
                if (writer) {
                  const rec: Record<string, unknown> = { id: items[i].id };
                  if (flags.groupBy) rec[flags.groupBy] = items[i].meta?.[flags.groupBy] ?? null;
                  scores.forEach((s, k) => (rec[scorers[k].spec()] = s[i].value));
                  await writer.write(rec);
                }
                if (keepSegments) {
                  ids.push(items[i].id);
                  scores.forEach((s, k) => segments[k].push(s[i]));
                }
              }
            }
          : undefined,
    });
  } catch (err) {
    // a failed run leaves no output file and no rejects file behind
    await writer?.abort();
    await source.abort();
    session.fail(err);
    session.close();
    throw err;
  } finally {
    progress.finish();
    const c = session.cacheSummary();
    if (c) process.stderr.write(c + '\n');
  }
  await writer?.close();
  const summary = await source.close();
  session.finish({ items: result.items, skipped: summary.skipped }, summary.skipped, result.runs.map((r) => r.signature));
  session.close();
  if (keepSegments) result.runs.forEach((r, k) => (r.segments = segments[k]));
  if (summary.skipped > 0) process.stderr.write(`skipped ${summary.skipped} bad row(s); see ${summary.rejectsPath ?? 'the messages above'}\n`);
  const missing = source.missing.summary();
  if (flags.json) {
    printJson({ ...(scoreResultJson(result, ids, summary.skipped) as object), ...(missing.count > 0 ? { missing } : {}) });
    return;
  }
  if (missing.count > 0) process.stdout.write(formatMissingNote(missing) + '\n');
  // --level segment without --out: one tab-separated line per segment first (as sacreBLEU's --sentence-level), then the table
  if (keepSegments) process.stdout.write(formatSegmentLines(result, ids) + '\n\n');
  process.stdout.write(formatScoreTable(result) + '\n');
  if (flags.out) process.stdout.write(`segment scores: ${flags.out}\n`);
}

export function scoreResultJson(result: ScoreRunResult, ids: string[], skipped = 0): unknown {
  return {
    version: VERSION,
    items: result.items,
    skipped,
    results: result.runs.map((r) => ({
      spec: r.spec,
      signature: r.signature,
      direction: r.direction,
      corpus: r.corpus.map((c) => ({ group: c.group, n: c.n, value: c.score.value, details: c.score.details })),
      ...(r.segments ? { segments: r.segments.map((s, i) => ({ id: ids[i], value: s.value })) } : {}),
    })),
  };
}

export function formatSegmentLines(result: ScoreRunResult, ids: readonly string[]): string {
  const lines = [['id', ...result.runs.map((r) => r.spec)].join('\t')];
  for (let i = 0; i < ids.length; i++) lines.push([ids[i], ...result.runs.map((r) => formatNumber(r.segments?.[i].value))].join('\t'));
  return lines.join('\n');
}

export function formatScoreTable(result: ScoreRunResult): string {
  const grouped = result.runs.some((r) => r.corpus.some((c) => c.group !== null));
  const lines: string[] = [];
  if (grouped) {
    // one row per group, one column per scorer: the shape of a leaderboard
    const groups = result.runs[0]?.corpus.map((c) => c.group as string) ?? [];
    const header = ['group', 'n', ...result.runs.map((r) => r.spec)];
    const rows = groups.map((g, k) => [g, String(result.runs[0].corpus[k].n), ...result.runs.map((r) => formatNumber(r.corpus[k].score.value))]);
    lines.push(formatTable(header, rows, ['l', 'r', ...result.runs.map(() => 'r' as const)]));
  } else {
    const rows = result.runs.map((r) => [r.spec, String(r.corpus[0].n), formatNumber(r.corpus[0].score.value)]);
    lines.push(formatTable(['scorer', 'n', 'score'], rows, ['l', 'r', 'r']));
  }
  lines.push('', 'signatures:');
  for (const r of result.runs) lines.push(`  ${r.spec}  ${r.signature}`);
  return lines.join('\n');
}

function inputFiles(flags: InputFlags): string[] {
  return flags.data ? [flags.data] : [flags.hyp as string, ...flags.ref, ...(flags.src ? [flags.src] : [])];
}
