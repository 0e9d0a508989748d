// `trenchcoat report RUN_ID|RESULT.json -o FILE`: the self-contained HTML page of a saved --json result, or of a
// recorded run whose record keeps the result it printed.
import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { detectResultKind, renderReport, ReportInputError } from '../report/index.js';
import { defaultStorePath } from '../store/paths.js';
import { openRunStore } from '../store/runs.js';
import { hasPendingRuns } from '../store/pending-runs.js';
import type { RunRecord } from '../store/types.js';
import { action, UsageError } from './errors.js';
import { checkHtmlTarget, hashInputs, writeFileAtomic } from './html.js';

interface ReportFlags {
  out?: string;
  cache?: string;
}

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('write a self-contained HTML report (charts, tables, provenance) from a saved --json result or a recorded run')
    .argument('<source>', 'RESULT.json (what meta-eval, probe, bon or prefs printed with --json), or a run id (`trenchcoat runs`)')
    .option('-o, --out <file>', 'the HTML file to write')
    .option('--cache <path>', 'store file holding the run records (default: $TRENCHCOAT_HOME/cache.sqlite or ./.trenchcoat/cache.sqlite)')
    .addHelpText(
      'after',
      `
Examples:
  trenchcoat meta-eval -j pairs.jsonl -s chrf -s bleu --json > result.json
  trenchcoat report result.json -o report.html
  trenchcoat report 01J9ZK3QY4 -o report.html        # a run from \`trenchcoat runs\``,
    )
    .action(action(async (source: string, flags: ReportFlags) => reportCommand(source, flags)));
}

/** A saved --json result: one JSON document (a file of several is not a result). */
export function readResultFile(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (err) {
    const m = /position (\d+)/.exec((err as Error).message);
    const line = m ? text.slice(0, Number(m[1])).split('\n').length : undefined;
    throw new ReportInputError(`not valid JSON${line ? ` (line ${line})` : ''}: ${(err as Error).message}`, line ? `${file}:${line}` : file);
  }
}

/** The page of a saved --json result file (what `trenchcoat report RESULT.json` writes). */
export async function renderResultFile(source: string, now: string): Promise<string> {
  const result = readResultFile(source);
  const kind = detectResultKind(result, source);
  return renderReport([{ kind, result }], { argv: null, source: `result file ${source}`, dataHashes: await hashInputs([source]).then((h) => h.map((d) => ({ ...d, file: `${d.file} (the result file)` }))), renderedAt: now });
}

async function reportCommand(source: string, flags: ReportFlags): Promise<void> {
  if (!flags.out) throw new UsageError('give -o FILE for the HTML report');
  const now = new Date().toISOString();
  if (existsSync(source)) {
    checkHtmlTarget(flags.out, [source]);
    writeFileAtomic(flags.out, await renderResultFile(source, now));
  } else {
    const run = findRun(source, flags.cache ?? defaultStorePath());
    // `result` is the JSON a command printed, stored on its run record (run records with results: issue 8)
    const result = (run as RunRecord & { result?: unknown }).result;
    if (result === undefined || result === null) throw new ReportInputError(`run ${run.id} (${run.command}) has no stored result to draw; re-run it, or save its --json output and pass that file`);
    const parsed = typeof result === 'string' ? JSON.parse(result) : result;
    const kind = detectResultKind(parsed, `run ${run.id}`);
    const html = await renderReport([{ kind, result: parsed }], {
      argv: run.argv,
      source: `run ${run.id} (${run.status})`,
      dataHashes: run.dataHash ? [{ file: 'inputs (hash recorded with the run)', sha256: run.dataHash }] : [],
      version: run.version,
      computedAt: run.startedAt,
      renderedAt: now,
    });
    writeFileAtomic(flags.out, html);
  }
  process.stderr.write(`report written to ${flags.out}\n`);
}

function findRun(id: string, store: string): RunRecord {
  if (!existsSync(store) && !hasPendingRuns(store)) throw new UsageError(`"${id}" is neither a file nor a run id (no run store at ${store})`);
  const runs = openRunStore(store);
  try {
    const run = runs.getRun(id);
    if (!run) throw new UsageError(`"${id}" is neither a file nor a run id recorded in ${store}`);
    return run;
  } finally {
    runs.close();
  }
}
