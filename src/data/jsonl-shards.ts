// A JSONL file as shards of raw bytes: whole lines, `rowsPerShard` records each, cut where a single-process run's
// batches end. The reading thread only finds newlines (a native byte search) and tells blank lines from records; a
// shard is decoded, parsed and mapped to items where it is scored — on a worker thread — by `jsonlShardItems`, with the
// very rules of the streaming reader (`readJsonlLine`, `recordToItem`). So a bad row gives the same FILE:LINE error
// on any thread, the shards hold the same items as `batched(recordsToItems(…), rowsPerShard)` and, as bytes, they cross
// to a thread by transfer rather than by a structured clone of thousands of objects.
//
// Only the fail-fast policy: under `--on-error skip` which rows a batch holds depends on which rows are rejected, so
// that mode reads items on the main thread (the streaming reader).
import type { Item } from '../scorers/contract.js';
import { DataError } from './errors.js';
import { emptyFileError, readJsonlLine } from './jsonl.js';
import { decodeBlock, ioError, openByteStream } from './lines.js';
import { checkReferenceCount, recordToItem, type FieldMapping, type ReferenceCountRule } from './items.js';

/** Whole JSONL lines of one shard, with what it takes to turn them into items anywhere. */
export interface JsonlShard {
  readonly kind: 'jsonl';
  /** The input path, as named in messages. */
  file: string;
  /** 1-based line number of the first line in `bytes`. */
  firstLine: number;
  /** Records (non-blank lines) in `bytes`. */
  rows: number;
  /** Whole lines, each ending in \n except the file's last line when the file does not end in one. */
  bytes: Uint8Array;
  /** Plain data (no `numbers`: those need the main thread's missing-value tally). */
  mapping: FieldMapping;
}

export function isJsonlShard(x: unknown): x is JsonlShard {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'jsonl';
}

export interface JsonlShardOptions {
  rowsPerShard: number;
  gzip?: boolean;
  /** Bytes per read (default 64 KiB, as the streaming reader: an I/O error then names the same line count). */
  chunkSize?: number;
  allowEmpty?: boolean;
}

const NEWLINE = 0x0a;
const BOM = [0xef, 0xbb, 0xbf];

/** Grows by doubling; a finished shard takes the buffer with it (transferable) and a fresh one starts. */
class ByteBuilder {
  private buf: Uint8Array;
  length = 0;
  constructor(private capacity: number) {
    this.buf = new Uint8Array(capacity);
  }
  append(bytes: Uint8Array): void {
    if (this.length + bytes.length > this.buf.length) {
      let cap = this.buf.length * 2;
      while (cap < this.length + bytes.length) cap *= 2;
      const next = new Uint8Array(cap);
      next.set(this.buf.subarray(0, this.length));
      this.buf = next;
      this.capacity = cap;
    }
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }
  take(): Uint8Array {
    const out = this.buf.subarray(0, this.length);
    this.buf = new Uint8Array(this.capacity);
    this.length = 0;
    return out;
  }
}

/**
 * Shards of `path` (a JSONL file, `.gz` or standard input `-`). Blank lines — JSON whitespace only, after a byte-order
 * mark on line 1 — are not records, exactly as `readJsonlLine` decides; everything else is a record, so a line that
 * turns out not to parse is still counted where the streaming reader counts it (as the row that fails).
 */
export async function* readJsonlShards(path: string, mapping: FieldMapping, opts: JsonlShardOptions): AsyncGenerator<JsonlShard> {
  if (mapping.numbers !== undefined) throw new Error('readJsonlShards: number fields are read on the main thread (use the streaming reader)');
  const perShard = opts.rowsPerShard;
  const stream = openByteStream(path, { gzip: opts.gzip, chunkSize: opts.chunkSize });
  const builder = new ByteBuilder(1 << 19);
  let line = 1; // number of the line being scanned
  let shardFirstLine = 1;
  let rows = 0;
  let total = 0;
  // state of the line being scanned: still possibly blank, and how much of a line-1 byte-order mark it began with
  let blankSoFar = true;
  let lineOffset = 0;
  let bomMatched = 0;
  // with the reference-count rule, every shard carries the first record's count, read from the first shard here (one
  // record parsed on this thread), so a record in any shard that differs is reported at its own line
  let shardMapping = mapping;
  const shard = (): JsonlShard => {
    const bytes = builder.take();
    if (shardMapping.sameReferenceCount === true) {
      const rule = firstReferenceCount(path, shardFirstLine, bytes, mapping);
      if (rule) shardMapping = { ...mapping, sameReferenceCount: rule };
    }
    return { kind: 'jsonl', file: path, firstLine: shardFirstLine, rows, bytes, mapping: shardMapping };
  };
  /** Scans bytes [from, to) of a line; returns whether the line may still be blank. */
  const scan = (chunk: Uint8Array, from: number, to: number): void => {
    for (let i = from; i < to && blankSoFar; i++, lineOffset++) {
      const b = chunk[i];
      if (line === 1 && lineOffset === bomMatched && bomMatched < 3 && b === BOM[bomMatched]) {
        bomMatched++;
        continue;
      }
      if ((bomMatched !== 0 && bomMatched !== 3) || (b !== 0x20 && b !== 0x09 && b !== 0x0d)) blankSoFar = false;
    }
  };
  /** The scanned line ended; true when it completed a shard. */
  const endLine = (): boolean => {
    // a cut-off byte-order mark is not whitespace: the line is invalid UTF-8, a record that fails
    const blank = blankSoFar && (bomMatched === 0 || bomMatched === 3);
    line++;
    blankSoFar = true;
    lineOffset = 0;
    bomMatched = 0;
    if (blank) return false;
    rows++;
    total++;
    return rows === perShard;
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let start = 0; // first byte of `chunk` not yet in the builder
      let pos = 0;
      while (pos < chunk.length) {
        const nl = chunk.indexOf(NEWLINE, pos);
        const end = nl < 0 ? chunk.length : nl;
        if (blankSoFar) scan(chunk, pos, end);
        if (nl < 0) break;
        pos = nl + 1;
        if (endLine()) {
          builder.append(chunk.subarray(start, pos));
          start = pos;
          yield shard();
          rows = 0;
          shardFirstLine = line;
        }
      }
      if (start < chunk.length) builder.append(chunk.subarray(start));
    }
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw ioError(path, e, line - 1);
  }
  // a last line without a newline is still a line (Python's iteration rule); a file ending in \n has no extra line
  if (lineOffset > 0 || bomMatched > 0) endLine();
  if (rows > 0) yield shard();
  if (total === 0 && !opts.allowEmpty) throw emptyFileError(path);
}

/** The reference count of the first record in `bytes` (undefined when it does not read: its worker reports it). */
function firstReferenceCount(file: string, firstLine: number, bytes: Uint8Array, mapping: FieldMapping): ReferenceCountRule | undefined {
  const batch = decodeBlock(bytes, firstLine, bytes.length > 0 && bytes[bytes.length - 1] === NEWLINE);
  for (let i = 0; i < batch.lines.length; i++) {
    const line = firstLine + i;
    const read = readJsonlLine(file, line, batch.lines[i], batch.invalid?.get(line));
    if (read === null) continue;
    if (read instanceof DataError) return undefined;
    try {
      return checkReferenceCount(undefined, recordToItem(read, mapping), read, mapping);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The shard's items, in order; throws the DataError of its first bad row (FILE:LINE and field), as the streaming reader does. */
export function jsonlShardItems(shard: JsonlShard): Item[] {
  const { bytes, file } = shard;
  const batch = decodeBlock(bytes, shard.firstLine, bytes.length > 0 && bytes[bytes.length - 1] === NEWLINE);
  const items: Item[] = [];
  const same = shard.mapping.sameReferenceCount;
  let rule = typeof same === 'object' ? same : undefined;
  for (let i = 0; i < batch.lines.length; i++) {
    const line = batch.firstLine + i;
    const read = readJsonlLine(file, line, batch.lines[i], batch.invalid?.get(line));
    if (read === null) continue;
    if (read instanceof DataError) throw read;
    const item = recordToItem(read, shard.mapping);
    if (same) rule = checkReferenceCount(rule, item, read, shard.mapping);
    items.push(item);
  }
  if (items.length !== shard.rows) throw new Error(`${file}: a shard from line ${shard.firstLine} holds ${items.length} records, not the ${shard.rows} counted when it was cut`);
  return items;
}
