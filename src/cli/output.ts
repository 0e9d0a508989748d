// How commands print: with --json the result as indented JSON, otherwise the human text, each ending in one newline
// on stdout; record files (`--out`) through the data writers, by extension.
import { recordResultText } from './run-record.js';

/** `--json` output: 2-space indented JSON and a newline. It is also the result of the command's run record. */
export function printJson(data: unknown): void {
  const text = JSON.stringify(data, null, 2);
  recordResultText(text);
  process.stdout.write(text + '\n');
}

/** `data` as JSON when `json` is set, else the text `human()` builds (only built when needed); `data` is recorded either way. */
export function printResult(json: boolean | undefined, data: unknown, human: () => string): void {
  if (json) printJson(data);
  else {
    recordResultText(JSON.stringify(data, null, 2));
    process.stdout.write(human() + '\n');
  }
}

/** Writes `records` to `path` (.jsonl, .json, .csv, .tsv, .parquet) atomically: a failed write leaves no file. */
export async function writeRecords(path: string, records: readonly Record<string, unknown>[], inputs: readonly (string | undefined)[] = []): Promise<void> {
  // the writers are imported here, not at the top: every command prints through this file, most never write records
  const { assertOutputsAreNotInputs, openRecordWriter } = await import('../data/index.js');
  assertOutputsAreNotInputs([{ flag: '--out', path }], inputs);
  const w = await openRecordWriter(path);
  try {
    for (const r of records) await w.write(r);
  } catch (e) {
    await w.abort();
    throw e;
  }
  await w.close();
}
