// `--html FILE` of the commands: the result they print with --json, drawn as a self-contained page (src/report),
// with the command line, the sha256 of every input file and the date in its header.
import { existsSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderReport, type DataHash, type ReportPart, type ResultKind } from '../report/index.js';
import { hashFile } from '../store/runs.js';
import { UsageError } from './errors.js';

export interface HtmlReportInput {
  kind: ResultKind;
  /** The --json result: an object, or the exact JSON text the command printed (NaN written as null). */
  result: unknown;
  /** Input files and folders named on the command line, in order; undefined entries are flags not given. */
  inputFiles: (string | undefined)[];
  argv?: string[];
}

/** sha256 of each input file; folders and standard input are listed without a hash, saying why. */
export async function hashInputs(files: readonly (string | undefined)[]): Promise<DataHash[]> {
  const out: DataHash[] = [];
  for (const f of files) {
    if (f === undefined || out.some((d) => d.file === f)) continue;
    if (f === '-') out.push({ file: f, sha256: null, note: 'standard input, not hashed' });
    else if (!existsSync(f)) out.push({ file: f, sha256: null, note: 'not found when the page was written' });
    else if (statSync(f).isDirectory()) out.push({ file: f, sha256: null, note: 'a folder, not hashed' });
    else out.push({ file: f, sha256: await hashFile(f) });
  }
  return out;
}

/** Refuses a page path that is one of the inputs (it would overwrite the data). */
export function checkHtmlTarget(file: string, inputs: readonly (string | undefined)[]): void {
  const target = path.resolve(file);
  for (const f of inputs) if (f !== undefined && f !== '-' && path.resolve(f) === target) throw new UsageError(`--html ${file} is an input file; choose another path`);
}

/** Writes `text` to `file` through a temporary file in the same folder and a rename: never a half-written page. */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

export async function writeHtmlReport(file: string, input: HtmlReportInput): Promise<void> {
  checkHtmlTarget(file, input.inputFiles);
  const result = typeof input.result === 'string' ? JSON.parse(input.result) : JSON.parse(JSON.stringify(input.result));
  const part: ReportPart = { kind: input.kind, result };
  const html = await renderReport([part], {
    argv: input.argv ?? process.argv.slice(2),
    source: 'this run',
    dataHashes: await hashInputs(input.inputFiles),
    computedAt: new Date().toISOString(),
    renderedAt: new Date().toISOString(),
  });
  writeFileAtomic(file, html);
  process.stderr.write(`report written to ${file}\n`);
}
