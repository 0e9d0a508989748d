// Plain-text segment files, read the way sacreBLEU's command line reads them: UTF-8, lines split at \n only
// (Python `open(..., newline="\n")`), and each line passed through Python's `str.rstrip()`, which also removes the
// \r of CRLF files and trailing Unicode spaces (U+00A0, U+2028, U+3000, …). Leading spaces are kept, a byte-order mark
// is kept (U+FEFF is not Python whitespace), and a final line without \n counts.
//
// A hypothesis file and its reference files are read in lockstep. Different line counts are an error naming every
// file with its count (sacreBLEU itself stops with "System and reference streams have different lengths").

import { pyRstrip } from '../scorers/lexical/text.js';
import { DataError } from './errors.js';
import { invalidUtf8Error, readLineBatches, type InvalidLine, type LineReadOptions } from './lines.js';
import { ErrorSink } from './policy.js';

export interface TextSegment {
  /** 1-based line number = segment number. */
  line: number;
  text: string;
  /** Set when the line is not valid UTF-8; `text` is then a lossy decoding. */
  invalid?: InvalidLine;
}

/** Consecutive segments of one file (one batch per read chunk), rstripped as sacreBLEU does. */
export interface TextSegmentBatch {
  firstLine: number;
  texts: string[];
  /** Lines that are not valid UTF-8, by line number; `texts` holds a lossy decoding of them. */
  invalid?: Map<number, InvalidLine>;
}

export async function* readTextSegmentBatches(path: string, opts: LineReadOptions = {}): AsyncGenerator<TextSegmentBatch> {
  for await (const batch of readLineBatches(path, opts)) {
    const texts = batch.lines;
    for (let i = 0; i < texts.length; i++) texts[i] = pyRstrip(texts[i]);
    yield { firstLine: batch.firstLine, texts, invalid: batch.invalid };
  }
}

/** The segments of one file, one at a time. Invalid UTF-8 is reported on the segment, not thrown. */
export async function* readTextSegments(path: string, opts: LineReadOptions = {}): AsyncGenerator<TextSegment> {
  for await (const batch of readTextSegmentBatches(path, opts)) {
    for (let i = 0; i < batch.texts.length; i++) {
      const line = batch.firstLine + i;
      const seg: TextSegment = { line, text: batch.texts[i] };
      const invalid = batch.invalid?.get(line);
      if (invalid !== undefined) seg.invalid = invalid;
      yield seg;
    }
  }
}

/** All segments of one file; invalid UTF-8 throws. */
export async function readTextFile(path: string, opts: LineReadOptions = {}): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of readTextSegmentBatches(path, opts)) {
    if (batch.invalid !== undefined) {
      const [line, invalid] = batch.invalid.entries().next().value as [number, InvalidLine];
      throw invalidUtf8Error(path, line, invalid);
    }
    for (const t of batch.texts) out.push(t);
  }
  return out;
}

export interface TextFiles {
  /** Hypothesis (system output) file. */
  hyp: string;
  /** Reference files, one reference per file per line. */
  refs: string[];
  /** Optional source file (becomes the item's prompt). */
  src?: string;
}

export interface AlignedSegment {
  line: number;
  hyp: string;
  refs: string[];
  src?: string;
}

/**
 * Segment i of the hypothesis with segment i of every reference (and source). In skip mode a segment with invalid
 * UTF-8 in any file is dropped from all of them together, so alignment holds, and rejected with the first bad file.
 * A line-count mismatch is noticed when the shortest file ends and is always thrown (no row can be skipped to fix it).
 */
export async function* readAlignedText(
  files: TextFiles,
  sink: ErrorSink = ErrorSink.failFast(),
  opts: LineReadOptions = {},
): AsyncGenerator<AlignedSegment> {
  const paths = [files.hyp, ...files.refs, ...(files.src === undefined ? [] : [files.src])];
  const nRefs = files.refs.length;
  const cursors = paths.map((p) => new SegmentCursor(readTextSegmentBatches(p, opts)));
  try {
    for (let line = 1; ; line++) {
      // refill, in parallel, only the files whose batch is used up (batches end at different lines per file)
      if (cursors.some((c) => c.empty)) await Promise.all(cursors.map((c) => c.fill()));
      const ended = cursors.map((c) => c.ended);
      if (ended.every(Boolean)) break;
      if (ended.some(Boolean)) {
        // count what is left in the longer files so the message can give every file's length
        const counts = await Promise.all(cursors.map((c) => c.countToEnd()));
        throw lengthMismatch(paths, counts);
      }
      const texts = cursors.map((c) => c.take());
      const bad = cursors.findIndex((c) => c.lastInvalid !== undefined);
      const refs = texts.slice(1, 1 + nRefs);
      if (bad >= 0) {
        const invalid = cursors[bad].lastInvalid as InvalidLine;
        await sink.reject(invalidUtf8Error(paths[bad], line, invalid), { hyp: texts[0], refs }, invalid.bytes);
        continue;
      }
      const out: AlignedSegment = { line, hyp: texts[0], refs };
      if (files.src !== undefined) out.src = texts[1 + nRefs];
      yield out;
    }
  } finally {
    await Promise.all(cursors.map((c) => c.close()));
  }
  if (cursors[0].taken === 0) {
    throw new DataError({ file: files.hyp, line: 0, kind: 'empty', detail: 'the hypothesis file has no lines' });
  }
}

/** Walks one file's segments batch by batch, so lockstep reading costs no promise per line. */
class SegmentCursor {
  private batch: TextSegmentBatch | undefined;
  private index = 0;
  ended = false;
  taken = 0;
  lastInvalid: InvalidLine | undefined;

  constructor(private readonly source: AsyncGenerator<TextSegmentBatch>) {}

  /** True when the current batch is used up (fill() must run before take()). */
  get empty(): boolean {
    return !this.ended && (this.batch === undefined || this.index >= this.batch.texts.length);
  }

  async fill(): Promise<void> {
    while (this.empty) {
      const r = await this.source.next();
      if (r.done) this.ended = true;
      else {
        this.batch = r.value;
        this.index = 0;
      }
    }
  }

  /** The next segment; call after fill() found one. */
  take(): string {
    const b = this.batch as TextSegmentBatch;
    const i = this.index++;
    this.taken++;
    this.lastInvalid = b.invalid?.get(b.firstLine + i);
    return b.texts[i];
  }

  /** Lines taken so far plus all that remain (consumes the file). */
  async countToEnd(): Promise<number> {
    let n = this.taken + (this.batch === undefined ? 0 : this.batch.texts.length - this.index);
    this.index = this.batch?.texts.length ?? 0;
    for (;;) {
      const r = await this.source.next();
      if (r.done) break;
      n += r.value.texts.length;
    }
    this.ended = true;
    return n;
  }

  async close(): Promise<void> {
    await this.source.return(undefined);
  }
}

function lengthMismatch(paths: string[], counts: number[]): DataError {
  const min = Math.min(...counts);
  const list = paths.map((p, k) => `${p} has ${counts[k]}`).join(', ');
  // name the first file whose count differs from the hypothesis's, or the hypothesis if it is the odd one out
  const odd = counts.findIndex((c) => c !== counts[0]);
  return new DataError({
    file: paths[0],
    line: min + 1,
    kind: 'length-mismatch',
    detail:
      `line counts differ: ${list} lines ` +
      `(hypothesis and reference files must have one segment per line, in the same order; first differing file: ${paths[odd]})`,
  });
}
