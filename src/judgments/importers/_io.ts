// File access shared by the judgment importers: gzip by magic bytes (so `x.jsonl` that is really gzip, and `x.gz`
// that is not, both work), strict UTF-8 with the offending line in the error, and the error constructor every
// importer uses so that messages always name file, line and field.

import { open, readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DataError, type DataErrorKind, type PositionUnit } from '../../data/errors.js';
import { pyRstrip } from '../../scorers/lexical/text.js';

/** Where a value came from, for error messages. */
export interface Where {
  file: string;
  /** 1-based line (text formats) or row (parquet); 0 = the whole file. */
  line: number;
  field?: string;
  unit?: PositionUnit;
}

export function judgmentError(at: Where, kind: DataErrorKind, detail: string): DataError {
  return new DataError({ file: at.file, line: at.line, field: at.field, unit: at.unit, kind, detail });
}

export function isGzip(buf: Uint8Array): boolean {
  return buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b;
}

/** A read failure as one clear line: a folder where this format reads a file gets its own message, not EISDIR. */
function readError(file: string, e: unknown): Error {
  if ((e as NodeJS.ErrnoException)?.code === 'EISDIR') {
    return judgmentError({ file, line: 0 }, 'io', 'is a folder, but this format reads one file (folders are read as mt-metrics-eval, frank or llmbar layouts): give the file');
  }
  return judgmentError({ file, line: 0 }, 'io', `cannot read file: ${(e as Error).message}`);
}

/** The first `n` bytes of a file, as stored (zero bytes past the end of a shorter file): for magic-number sniffing. */
export async function readFirstBytes(file: string, n: number): Promise<Buffer> {
  const head = Buffer.alloc(n);
  try {
    const fh = await open(file, 'r');
    try {
      await fh.read(head, 0, n, 0);
    } finally {
      await fh.close();
    }
  } catch (e) {
    throw readError(file, e);
  }
  return head;
}

export async function readBytes(file: string): Promise<Buffer> {
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch (e) {
    throw readError(file, e);
  }
  if (!isGzip(buf)) return buf;
  try {
    return gunzipSync(buf);
  } catch (e) {
    throw judgmentError({ file, line: 0 }, 'io', `corrupt gzip data: ${(e as Error).message}`);
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Whole file as text (gunzipped when gzip), UTF-8 BOM removed. Invalid UTF-8 is an error naming its line. */
export async function readText(file: string): Promise<string> {
  const buf = await readBytes(file);
  let text: string;
  try {
    text = strictUtf8.decode(buf);
  } catch {
    throw judgmentError({ file, line: firstBadUtf8Line(buf) }, 'encoding', 'invalid UTF-8');
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function firstBadUtf8Line(buf: Buffer): number {
  let start = 0;
  let line = 1;
  while (start <= buf.length) {
    let end = buf.indexOf(0x0a, start);
    if (end < 0) end = buf.length;
    try {
      strictUtf8.decode(buf.subarray(start, end));
    } catch {
      return line;
    }
    start = end + 1;
    line++;
  }
  return 0;
}

/**
 * Lines of a text, without terminators; a final terminator does not make an extra empty line.
 * `universal` splits on `\r\n`, `\r` and `\n` like Python's text mode (what mt-metrics-eval reads with);
 * `lf` splits on `\n` only and drops one trailing `\r` (CRLF files).
 */
export function splitLines(text: string, mode: 'lf' | 'universal' = 'lf'): string[] {
  if (text === '') return [];
  const lines = mode === 'universal' ? text.split(/\r\n|\r|\n/) : text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (mode === 'lf') {
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i];
      if (l.charCodeAt(l.length - 1) === 13) lines[i] = l.slice(0, -1);
    }
  }
  return lines;
}

/** Plain-text segment files (one segment per line), right-stripped of Python whitespace as sacreBLEU and mt-metrics-eval do. */
export async function readSegmentLines(file: string, mode: 'lf' | 'universal' = 'lf'): Promise<string[]> {
  return splitLines(await readText(file), mode).map(pyRstrip);
}

export async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

export async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

/** Regular files under `dir`, recursively up to `maxDepth` folder levels, sorted for a deterministic order. */
export async function listFiles(dir: string, maxDepth = 4): Promise<string[]> {
  const out: string[] = [];
  async function walk(d: string, depth: number): Promise<void> {
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch (e) {
      throw judgmentError({ file: d, line: 0 }, 'io', `cannot list directory: ${(e as Error).message}`);
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (depth < maxDepth) await walk(p, depth + 1);
      } else if (e.isFile()) {
        out.push(p);
      }
    }
  }
  await walk(dir, 0);
  return out.sort();
}

/** A file name without a trailing `.gz`. */
export function withoutGz(file: string): string {
  return file.endsWith('.gz') ? file.slice(0, -3) : file;
}
