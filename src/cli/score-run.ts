// Runs `trenchcoat score` (declared in score.ts): opens the input, scores it with every scorer, prints or writes the result.
import { createScorer } from '../scorers/registry.js';
import { ColumnScorer } from '../scorers/simple/column.js';
import { loadScorersFor } from '../scorers/load-scorers.js';
import { batched, scoreStream, type ScoreRunResult } from '../scoring.js';
import type { Score } from '../scorers/contract.js';
import { openItems, rejectsPathFor, type InputFlags } from './input.js';
import { withNeededMetaFields } from './meta-fields.js';
import { levelOf } from './options.js';
import { printJson } from './output.js';
import { createProgress } from './progress.js';
import { formatNumber, formatTable } from './table.js';
import { assertOutputsAreNotInputs, openRecordWriter } from '../data/index.js';
import { formatMissingNote } from '../data/numbers.js';
import { VERSION } from '../version.js';
import { checkUnusedCache, resolveCachePath } from './cache-options.js';
import { benefitsFromCache } from '../store/cached-scorer.js';
import { openScoringSession } from '../store/session.js';
import { parseMaxFailures, reportFailures } from './failures.js';
import { recordResult } from './run-record.js';
import type { ScoreFlags } from './score.js';
import { openExecutor, shardSizeOf } from './scale-options.js';

export async function runScoreCommand(flags: ScoreFlags): Promise<void> {
  flags = { ...flags, level: levelOf(flags.level, ['corpus', 'segment'] as const)! };
  assertOutputsAreNotInputs(
    [
      { flag: '--out', path: flags.out },
      { flag: '--rejects', path: rejectsPathFor(flags) },
      { flag: '--cache', path: typeof flags.cache === 'string' ? flags.cache : undefined },
    ],
    inputFiles(flags),
  );
  // Without -s the run is BLEU (sacreBLEU's default metric): said on stderr so nobody reads BLEU as something else
  if (flags.scorer.length === 0) process.stderr.write('no --scorer given: scoring with bleu (the default)\n');
  const allowFailures = parseMaxFailures(flags.maxFailures);
  const specs = flags.scorer.length ? flags.scorer : ['bleu'];
  await loadScorersFor(specs);
  const created = specs.map((s) => createScorer(s));
  // a cache named with --cache that no scorer here uses is still checked: unusable is an error, unused is said
  if (typeof flags.cache === 'string' && !created.some(benefitsFromCache)) process.stderr.write((await checkUnusedCache(flags.cache)) + '\n');
  const columns = created.flatMap((s) => (s instanceof ColumnScorer ? [s.column] : []));
  // JSONL shards are read into items where they are scored: on worker threads, the main thread only cuts the bytes
  const source = await openItems(withNeededMetaFields(flags, created, [flags.groupBy]), { numberFields: [...new Set(columns)], shardRows: shardSizeOf(flags), sameReferenceCount: created.some((s) => s.needs.references) });
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
  let scale: Awaited<ReturnType<typeof openExecutor>> | undefined;
  try {
    scale = await openExecutor(flags, scorers);
    result = await scoreStream(source.shards ?? batched(source.items, scale.shardSize), scorers, {
      executor: scale.executor,
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
    await scale?.close();
    const q = scale?.summary();
    if (q) process.stderr.write(q + '\n');
    const c = session.cacheSummary();
    if (c) process.stderr.write(c + '\n');
  }
  await writer?.close();
  const summary = await source.close();
  const failedItems = result.runs.reduce((n, r) => n + r.failures.failed, 0);
  session.finish({ items: result.items, skipped: summary.skipped, failed: failedItems }, summary.skipped + failedItems, result.runs.map((r) => r.signature));
  session.close();
  if (keepSegments) result.runs.forEach((r, k) => (r.segments = segments[k]));
  if (summary.skipped > 0) process.stderr.write(`skipped ${summary.skipped} bad row(s); see ${summary.rejectsPath ?? 'the messages above'}\n`);
  const missing = source.missing.summary();
  const json = { ...(scoreResultJson(result, ids, summary.skipped) as object), ...(missing.count > 0 ? { missing } : {}) };
  if (flags.json) {
    printJson(json);
  } else {
    recordResult(json);
    if (missing.count > 0) process.stdout.write(formatMissingNote(missing) + '\n');
    // --level segment without --out: one tab-separated line per segment first (as sacreBLEU's --sentence-level), then the table
    if (keepSegments) process.stdout.write(formatSegmentLines(result, ids) + '\n\n');
    process.stdout.write(formatScoreTable(result) + '\n');
    if (flags.out) process.stdout.write(`segment scores: ${flags.out}\n`);
  }
  reportFailures(result.runs.map((r) => ({ label: r.spec, failures: r.failures })), allowFailures);
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
      failures: { failed: r.failures.failed, abstained: r.failures.abstained, failedIds: r.failures.failedIds, lastError: r.failures.lastError },
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
  // shown only when a scorer gave no score somewhere: failed (could not run) apart from abstained (ran, no score)
  const missing = result.runs.some((r) => r.failures.failed + r.failures.abstained > 0);
  if (grouped) {
    // one row per group, one column per scorer: the shape of a leaderboard
    const groups = result.runs[0]?.corpus.map((c) => c.group as string) ?? [];
    const header = ['group', 'n', ...result.runs.map((r) => r.spec)];
    const rows = groups.map((g, k) => [g, String(result.runs[0].corpus[k].n), ...result.runs.map((r) => formatNumber(r.corpus[k].score.value))]);
    lines.push(formatTable(header, rows, ['l', 'r', ...result.runs.map(() => 'r' as const)]));
    if (missing) {
      lines.push('');
      for (const r of result.runs) lines.push(`  ${r.spec}: ${r.failures.abstained} abstained, ${r.failures.failed} failed`);
    }
  } else if (missing) {
    const rows = result.runs.map((r) => [r.spec, String(r.corpus[0].n), formatNumber(r.corpus[0].score.value), String(r.failures.abstained), String(r.failures.failed)]);
    lines.push(formatTable(['scorer', 'n', 'score', 'abstained', 'failed'], rows, ['l', 'r', 'r', 'r', 'r']));
  } else {
    const rows = result.runs.map((r) => [r.spec, String(r.corpus[0].n), formatNumber(r.corpus[0].score.value)]);
    lines.push(formatTable(['scorer', 'n', 'score'], rows, ['l', 'r', 'r']));
  }
  lines.push('', 'signatures:');
  for (const r of result.runs) lines.push(`  ${r.spec}  ${r.signature}`);
  return lines.join('\n');
}

function inputFiles(flags: InputFlags): string[] {
  // standard input cannot be hashed after the fact (it is consumed by the run)
  const files = flags.data ? [flags.data] : [flags.hyp as string, ...flags.ref, ...(flags.src ? [flags.src] : [])];
  return files.filter((f) => f !== '-');
}
