// `trenchcoat score`: score a data file or plain-text hypothesis/reference files with one or more scorers.
import type { Command } from 'commander';
import { createScorer } from '../scorers/registry.js';
import '../scorers/builtin.js';
import { runScorers, type ScoreRunResult } from '../scoring.js';
import { action, UsageError } from './errors.js';
import { addInputOptions, loadItems, type InputFlags } from './input.js';
import { createProgress } from './progress.js';
import { formatNumber, formatTable } from './table.js';
import { openRecordWriter } from '../data/index.js';
import { VERSION } from '../version.js';

interface ScoreFlags extends InputFlags {
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

function collect(v: string, acc: string[]): string[] {
  return [...acc, v];
}

export async function runScoreCommand(flags: ScoreFlags): Promise<void> {
  if (flags.level !== 'corpus' && flags.level !== 'segment') throw new UsageError(`--level must be corpus or segment, not "${flags.level}"`);
  const specs = flags.scorer.length ? flags.scorer : ['bleu'];
  const scorers = specs.map((s) => createScorer(s));
  const { items, skipped, rejectsPath } = await loadItems(flags);
  const level = flags.out ? 'segment' : (flags.level as 'corpus' | 'segment');
  const progress = createProgress('scoring');
  const result = await runScorers(items, scorers, { level, groupBy: flags.groupBy, onProgress: progress.update });
  progress.finish();
  if (flags.out) await writeSegments(flags.out, items, result, flags.groupBy);
  if (skipped > 0) process.stderr.write(`skipped ${skipped} bad row(s); see ${rejectsPath}\n`);
  if (flags.json) {
    process.stdout.write(JSON.stringify(scoreResultJson(result, items.map((i) => i.id), skipped), null, 2) + '\n');
    return;
  }
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

async function writeSegments(path: string, items: { id: string; meta?: Record<string, unknown> }[], result: ScoreRunResult, groupBy?: string): Promise<void> {
  const w = await openRecordWriter(path);
  for (let i = 0; i < items.length; i++) {
    const rec: Record<string, unknown> = { id: items[i].id };
    if (groupBy) rec[groupBy] = items[i].meta?.[groupBy] ?? null;
    for (const r of result.runs) rec[r.spec] = r.segments?.[i].value ?? null;
    await w.write(rec);
  }
  await w.close();
}
