// Input flags shared by the commands that read items: a record file with a field mapping, or plain-text files.
import { Option, type Command } from 'commander';
import type { ErrorPolicy, FieldMapping, JsonlShard, RecordFormat, RejectSummary } from '../data/index.js';
import { STDIN_PATH } from '../data/stdin-path.js';
import type { Item } from '../scorers/contract.js';
import { statSync } from 'node:fs';
import { isTextFormat, MissingValues, MISSING_POLICIES, type MissingPolicy } from '../data/numbers.js';
import { UsageError } from './errors.js';
import { collect } from './options.js';

export interface InputFlags {
  data?: string;
  hyp?: string;
  ref: string[];
  src?: string;
  format?: string;
  idField?: string;
  outputField?: string;
  refField: string[];
  promptField?: string;
  contextField?: string;
  metaField: string[];
  onError: string;
  rejects?: string;
  missing?: string;
}

export function addInputOptions(cmd: Command): Command {
  return cmd
    .option('-d, --data <file>', 'records: .jsonl, .json, .csv, .tsv, .parquet (optionally .gz); - reads standard input (with --format)')
    .option('--format <fmt>', 'override the format guessed from the extension: jsonl | json | csv | tsv | parquet')
    .option('--id-field <name>', 'item id field (default: id, else the line number)')
    .option('--output-field <name>', 'hypothesis / response field', 'output')
    .addOption(new Option('--ref-field <name>', 'reference field, repeatable; a field may hold a list').argParser(collect).default([], 'none'))
    .option('--prompt-field <name>', 'source / prompt field')
    .option('--context-field <name>', 'context (documents) field')
    .addOption(new Option('--meta-field <name>', 'extra field kept in item meta, repeatable; "rest" keeps every other field (column: and grouping fields are kept anyway)').argParser(collect).default([], 'none'))
    .option('--hyp <file>', 'plain-text hypotheses, one segment per line (sacreBLEU style); - reads standard input')
    .addOption(new Option('--ref <file>', 'plain-text references aligned with --hyp, repeatable').argParser(collect).default([], 'none'))
    .option('--src <file>', 'plain-text sources aligned with --hyp')
    .option('--on-error <policy>', 'fail: stop at the first bad row; skip: count it and write it to --rejects', 'fail')
    .addOption(missingOption())
    .option('--rejects <file>', 'where skipped rows go, with --on-error skip (JSONL; default: <input>.rejects.jsonl; required when the input is standard input or a pipe)');
}

export interface ItemSource {
  items: AsyncIterable<Item>;
  /** Closes the rejects file and reports how many rows were skipped. Call after consuming `items`. */
  close(): Promise<RejectSummary>;
  /** A failed run: removes the rejects file being written. */
  abort(): Promise<void>;
  /** The input file, for messages. */
  path: string;
  /** Missing values of the number fields (filled while `items` is consumed). */
  missing: MissingValues;
  /**
   * With `shardRows`, for a JSONL input read fail-fast without number fields: the input as shards of raw lines, read
   * into items where they are scored (a worker thread). Consume either this or `items`, not both.
   */
  shards?: AsyncIterable<JsonlShard>;
}

/** Opens the input named by the flags as a stream of items (constant memory), under the chosen error policy. */
export async function openItems(flags: InputFlags, opts: { numberFields?: string[]; shardRows?: number; sameReferenceCount?: boolean } = {}): Promise<ItemSource> {
  if (flags.onError !== 'fail' && flags.onError !== 'skip') throw new UsageError(`--on-error must be fail or skip, not "${flags.onError}"`);
  if (Boolean(flags.data) === Boolean(flags.hyp)) throw new UsageError('give either --data FILE or --hyp FILE [--ref FILE …]');
  const input = (flags.data ?? flags.hyp) as string;
  checkStandardInput(flags);
  const policy: ErrorPolicy = { onError: flags.onError, rejectsPath: rejectsPathFor(flags) };
  if (flags.hyp) {
    if (flags.refField.length || flags.promptField || flags.idField) throw new UsageError('--*-field flags apply to --data, not to --hyp');
  } else if (flags.ref.length || flags.src) {
    throw new UsageError('--ref/--src go with --hyp; with --data use --ref-field/--prompt-field');
  }
  if (flags.format !== undefined && !FORMATS.includes(flags.format as RecordFormat)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${flags.format}"`);
  }
  // the readers are imported here, not at the top, so declaring these flags (`CMD --help`) does not load them
  const { ErrorSink, formatFromPath, readJsonlShardsOf, readRecords, recordsToItems, textItems } = await import('../data/index.js');
  const missing = new MissingValues(missingPolicy(flags.missing));
  const sink = await ErrorSink.open(policy);
  let items: AsyncIterable<Item>;
  let shards: AsyncIterable<JsonlShard> | undefined;
  if (flags.hyp) items = textItems({ hyp: flags.hyp, refs: flags.ref, src: flags.src }, sink);
  else {
    const metaFields = flags.metaField.length === 1 && flags.metaField[0] === 'rest' ? ('rest' as const) : flags.metaField;
    const mapping: FieldMapping = {
      idField: flags.idField,
      outputField: flags.outputField,
      refFields: flags.refField.length ? flags.refField : undefined,
      promptField: flags.promptField,
      contextField: flags.contextField,
      metaFields: metaFields === 'rest' || metaFields.length ? metaFields : undefined,
      sameReferenceCount: opts.sameReferenceCount,
    };
    if (opts.numberFields?.length) {
      const format = flags.format ?? formatFromPath(flags.data as string)?.format;
      mapping.numbers = { fields: opts.numberFields, text: isTextFormat(format), missing };
    }
    items = recordsToItems(readRecords(flags.data as string, { format: flags.format as RecordFormat | undefined, sink }), mapping, sink);
    if (opts.shardRows !== undefined && !sink.skipping && mapping.numbers === undefined) {
      shards = readJsonlShardsOf(flags.data as string, mapping, { format: flags.format as RecordFormat | undefined, rowsPerShard: opts.shardRows });
    }
  }
  return { items, shards, close: () => sink.close(), abort: () => sink.abort(), path: input, missing };
}

/** `--missing error|skip`, the one spelling of the missing-value policy for every command that reads values. */
export function missingOption(): Option {
  return new Option('--missing <policy>', 'a null or absent value: error (stop, naming FILE:LINE) or skip (leave it out; the count and lines are printed with the result)')
    .choices(MISSING_POLICIES as string[])
    .default('error');
}

export function missingPolicy(v: string | undefined): MissingPolicy {
  if (v === undefined) return 'error';
  if (!MISSING_POLICIES.includes(v as MissingPolicy)) throw new UsageError(`--missing must be one of ${MISSING_POLICIES.join(', ')}, not "${v}"`);
  return v as MissingPolicy;
}

/**
 * The rejects file of a run: `--rejects`, else `<input>.rejects.jsonl` beside a regular input file. `--rejects`
 * without `--on-error skip` would silently do nothing, and standard input or a pipe has no folder to put a rejects
 * file in (it once tried to write /dev/stdin.rejects.jsonl): both are usage errors.
 */
export function rejectsPathFor(flags: Pick<InputFlags, 'onError' | 'rejects' | 'data' | 'hyp'>): string | undefined {
  if (flags.onError !== 'skip') {
    if (flags.rejects !== undefined) throw new UsageError('--rejects only applies with --on-error skip (in fail mode the first bad row stops the run)');
    return undefined;
  }
  if (flags.rejects !== undefined) return flags.rejects;
  const input = flags.data ?? flags.hyp;
  if (input === undefined) return undefined;
  if (!isRegularFile(input)) throw new UsageError(`--on-error skip reading ${input === '-' ? 'standard input' : input} (not a regular file) needs --rejects FILE`);
  return `${input}.rejects.jsonl`;
}

function isRegularFile(path: string): boolean {
  // /dev/stdin redirected from a file stats as that file, but it has no folder of its own to write beside
  if (path === '-' || path.startsWith('/dev/') || path.startsWith('/proc/')) return false;
  try {
    return statSync(path).isFile();
  } catch {
    // a missing file is reported by the reader, with its own message
    return true;
  }
}

const FORMATS: readonly RecordFormat[] = ['jsonl', 'json', 'csv', 'tsv', 'parquet'];

/** `-` (standard input) is one stream: at most one input may name it, records need --format, skip mode needs --rejects. */
function checkStandardInput(flags: InputFlags): void {
  const named = [flags.data, flags.hyp, ...flags.ref, flags.src].filter((f) => f === STDIN_PATH);
  if (named.length > 1) throw new UsageError('only one input can be standard input (-)');
  if (flags.data === STDIN_PATH) {
    if (flags.format === undefined) throw new UsageError('--data - (standard input) needs --format jsonl | json | csv | tsv');
    if (flags.format === 'parquet') throw new UsageError('parquet cannot be read from standard input (it needs random access): give a file');
  }
  if (named.length && flags.onError === 'skip' && !flags.rejects) throw new UsageError('--on-error skip on standard input needs --rejects FILE');
}
