// Stream a file as numbered lines in constant memory, with strict UTF-8.
//
// Why not node:readline: it decodes with replacement, so invalid UTF-8 turns silently into U+FFFD, and it also
// splits on a lone \r. Here:
// - lines end at \n only (as Python's `open(..., newline="\n")`, which sacreBLEU uses); a \r before the \n stays in
//   the line, and each format decides what to do with it (plain text: Python rstrip() removes it; JSON: it is
//   whitespace; CSV/TSV: dropped at the end of a record, kept inside a quoted field);
// - a final line without \n is still a line; a file ending in \n has no extra empty line (Python's iteration rule);
// - a byte-order mark is kept as U+FEFF (Python's 'utf-8' codec keeps it; JSONL/CSV readers drop it on line 1);
// - invalid UTF-8 is reported per line, with the offending byte, instead of being replaced;
// - `.gz` files are gunzipped on the fly (concatenated gzip members included).

import { createReadStream } from 'node:fs';
import { pipeline, type Readable } from 'node:stream';
import { createRequire } from 'node:module';
import { DataError } from './errors.js';
import { STDIN_PATH } from './stdin-path.js';

/** A line that is not valid UTF-8: its bytes and where the first bad sequence starts. */
export interface InvalidLine {
  bytes: Uint8Array;
  /** 0-based byte offset of the first ill-formed sequence in the line. */
  byteOffset: number;
}

/** Consecutive lines decoded together: one batch per read chunk keeps the per-line overhead low. */
export interface LineBatch {
  /** 1-based number of `lines[0]`. */
  firstLine: number;
  lines: string[];
  /** Lines that are not valid UTF-8, by line number; `lines` holds a lossy (U+FFFD) decoding of them. */
  invalid?: Map<number, InvalidLine>;
}

export interface LineReadOptions {
  /** Gunzip the input; default: when the path ends in `.gz`. */
  gzip?: boolean;
  /** Bytes per read (default 64 KiB). */
  chunkSize?: number;
}

const NEWLINE = 0x0a;
// ignoreBOM: keep U+FEFF in the text (the default would swallow it, unlike Python).
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lossyDecoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

export function isGzipPath(path: string): boolean {
  return path.toLowerCase().endsWith('.gz');
}

/** Batches of numbered lines of `path`. Throws DataError `io` if the file cannot be read. */
export async function* readLineBatches(path: string, opts: LineReadOptions = {}): AsyncGenerator<LineBatch> {
  const stream = openByteStream(path, opts);
  let nextLine = 1;
  // bytes of an unfinished line, kept as a list so a very long line is concatenated once, not per chunk
  let carry: Buffer[] = [];
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const lastNewline = chunk.lastIndexOf(NEWLINE);
      if (lastNewline < 0) {
        carry.push(chunk);
        continue;
      }
      const head = chunk.subarray(0, lastNewline + 1);
      const block = carry.length === 0 ? head : Buffer.concat([...carry, head]);
      // copy the tail: it must outlive this chunk
      carry = lastNewline + 1 < chunk.length ? [Buffer.from(chunk.subarray(lastNewline + 1))] : [];
      const batch = decodeBlock(block, nextLine, true);
      nextLine += batch.lines.length;
      yield batch;
    }
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw ioError(path, e, nextLine - 1);
  }
  if (carry.length > 0) {
    const block = Buffer.concat(carry);
    if (block.length > 0) yield decodeBlock(block, nextLine, false);
  }
}

/** One line at a time (convenience over `readLineBatches`). */
export async function* readLines(
  path: string,
  opts: LineReadOptions = {},
): AsyncGenerator<{ line: number; text: string; invalid?: InvalidLine }> {
  for await (const batch of readLineBatches(path, opts)) {
    for (let i = 0; i < batch.lines.length; i++) {
      const line = batch.firstLine + i;
      yield { line, text: batch.lines[i], invalid: batch.invalid?.get(line) };
    }
  }
}

/** The DataError for an invalid line: names the byte and its offset, which TextDecoder does not. */
export function invalidUtf8Error(file: string, line: number, invalid: InvalidLine, field?: string): DataError {
  const b = invalid.bytes[invalid.byteOffset];
  const hex = b === undefined ? '' : ` 0x${b.toString(16).toUpperCase().padStart(2, '0')}`;
  return new DataError({
    file,
    line,
    field,
    kind: 'encoding',
    detail: `invalid UTF-8: byte${hex} at byte offset ${invalid.byteOffset} of the line`,
  });
}

/**
 * Offset of the first ill-formed UTF-8 sequence, or -1 if `bytes` is well-formed. Follows the Unicode table of
 * well-formed byte sequences (Unicode 15, Table 3-7): no overlongs, no surrogates, nothing above U+10FFFF.
 */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0; // overlong
      if (b === 0xed) hi = 0x9f; // surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90; // overlong
      if (b === 0xf4) hi = 0x8f; // above U+10FFFF
    } else return i;
    if (i + need >= n) return i; // sequence cut off by the end of the line
    const second = bytes[i + 1];
    if (second < lo || second > hi) return i;
    for (let k = 2; k <= need; k++) {
      const c = bytes[i + k];
      if (c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

export { STDIN_PATH };

// node:zlib is required when a .gz file is opened, not imported with this module: it is outside Node's start-up
// snapshot (a few ms of every run), and most inputs are not gzipped
const requireBuiltin = createRequire(import.meta.url);

export function openByteStream(path: string, opts: LineReadOptions): Readable {
  // `-` is standard input, as in sacreBLEU and Unix tools (the CLI's `--hyp -`, `--data - --format F`)
  const raw = path === STDIN_PATH ? process.stdin : createReadStream(path, { highWaterMark: opts.chunkSize ?? 1 << 16 });
  if (!(opts.gzip ?? isGzipPath(path))) return raw;
  const { createGunzip } = requireBuiltin('node:zlib') as typeof import('node:zlib');
  const gunzip = createGunzip();
  // pipeline destroys the gunzip stream with the source's error (e.g. ENOENT), so the consumer sees it
  pipeline(raw, gunzip, () => {});
  return gunzip;
}

/** The `io` DataError for a failed read of `path` after `linesRead` complete lines (also used by the shard reader). */
export function ioError(path: string, e: unknown, linesRead: number): DataError {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'EISDIR') return new DataError({ file: path, line: 0, kind: 'io', detail: 'is a folder, not a file: give the file' });
  const what = err?.code?.startsWith('Z_') || /incorrect header|unexpected end of file/i.test(String(err?.message))
    ? `cannot gunzip: ${err.message}`
    : `cannot read: ${err?.message ?? String(e)}`;
  const after = linesRead > 0 ? ` (after ${linesRead} complete lines)` : '';
  return new DataError({ file: path, line: 0, kind: 'io', detail: `${what}${after}` });
}

/** Decode a block of whole lines (ending in \n unless it is the file's last, unterminated line). */
export function decodeBlock(block: Uint8Array, firstLine: number, endsWithNewline: boolean): LineBatch {
  let text: string | undefined;
  try {
    text = strictDecoder.decode(block);
  } catch {
    return decodeLineByLine(block, firstLine);
  }
  const lines = text.split('\n');
  if (endsWithNewline) lines.pop();
  return { firstLine, lines };
}

/** Slow path, only for blocks holding invalid UTF-8: find which lines are bad. */
function decodeLineByLine(block: Uint8Array, firstLine: number): LineBatch {
  const lines: string[] = [];
  const invalid = new Map<number, InvalidLine>();
  let start = 0;
  const end = block.length;
  while (start < end) {
    let nl = block.indexOf(NEWLINE, start);
    if (nl < 0) nl = end;
    const bytes = block.subarray(start, nl);
    const bad = firstInvalidUtf8Offset(bytes);
    if (bad < 0) {
      lines.push(strictDecoder.decode(bytes));
    } else {
      lines.push(lossyDecoder.decode(bytes));
      invalid.set(firstLine + lines.length - 1, { bytes: Uint8Array.from(bytes), byteOffset: bad });
    }
    start = nl + 1;
  }
  return { firstLine, lines, invalid };
}
