// What happens to a bad row: `fail` stops at the first one with a DataError; `skip` counts it, writes it to a
// rejects file and goes on. Either way nothing disappears without a trace: rows in = rows out + skipped.

import { open, type FileHandle } from 'node:fs/promises';
import { DataError, type DataErrorKind } from './errors.js';
import { openAtomicFile, type AtomicFile } from './output-file.js';

export type OnError = 'fail' | 'skip';

export interface ErrorPolicy {
  onError: OnError;
  /** JSONL file that receives one `{file, line, unit, field, kind, error, raw}` object per skipped row (skip mode). */
  rejectsPath?: string;
}

export interface RejectSummary {
  skipped: number;
  rejectsPath?: string;
  byKind: Partial<Record<DataErrorKind, number>>;
  /** The messages of the first few skipped rows, for a console summary. */
  firstErrors: string[];
}

/** One line of the rejects file. */
export interface RejectRecord {
  file: string;
  line: number;
  unit: 'line' | 'row';
  field: string | null;
  kind: DataErrorKind;
  error: string;
  /** The offending input: the raw line(s) of text formats, the decoded record of parquet or of a mapping error. */
  raw: unknown;
  /** For invalid UTF-8, the exact bytes (base64), since `raw` can only hold a lossy decoding. */
  rawBase64?: string;
}

const FIRST_ERRORS_KEPT = 10;

/**
 * Receives every row-level DataError of a read. Readers and mappers call `reject`; in fail mode that throws, in skip
 * mode it records the row. Whole-file problems (missing file, empty file, line-count mismatch) are thrown directly
 * and never reach a sink: there is no row to skip.
 */
export class ErrorSink {
  private skippedCount = 0;
  private readonly byKind: Partial<Record<DataErrorKind, number>> = {};
  private readonly firstErrors: string[] = [];
  private closed = false;

  private constructor(
    readonly policy: ErrorPolicy,
    private readonly handle: FileHandle | undefined,
    private readonly file?: AtomicFile,
  ) {}

  /**
   * Opens the rejects file in skip mode. It is written beside the target and moved into place by `close` (replacing
   * any stale rejects file), or removed by `abort` when the run fails.
   */
  static async open(policy: ErrorPolicy = { onError: 'fail' }): Promise<ErrorSink> {
    if (policy.onError !== 'skip' || policy.rejectsPath === undefined) return new ErrorSink(policy, undefined);
    const file = openAtomicFile(policy.rejectsPath);
    return new ErrorSink(policy, await open(file.path, 'w'), file);
  }

  /** A fail-mode sink, the default when a reader is called without one. */
  static failFast(): ErrorSink {
    return new ErrorSink({ onError: 'fail' }, undefined);
  }

  get skipping(): boolean {
    return this.policy.onError === 'skip';
  }

  get skipped(): number {
    return this.skippedCount;
  }

  /** Fail mode: throws `error`. Skip mode: counts the row and appends it to the rejects file. */
  async reject(error: DataError, raw: unknown, rawBytes?: Uint8Array): Promise<void> {
    if (!this.skipping) throw error;
    if (this.closed) throw new Error('ErrorSink.reject called after close()');
    this.skippedCount++;
    this.byKind[error.kind] = (this.byKind[error.kind] ?? 0) + 1;
    if (this.firstErrors.length < FIRST_ERRORS_KEPT) this.firstErrors.push(error.message);
    if (this.handle === undefined) return;
    const rec: RejectRecord = {
      file: error.file,
      line: error.line,
      unit: error.unit,
      field: error.field ?? null,
      kind: error.kind,
      error: error.message,
      raw,
    };
    if (rawBytes !== undefined) rec.rawBase64 = Buffer.from(rawBytes).toString('base64');
    await this.handle.write(`${JSON.stringify(rec, jsonSafe)}\n`);
  }

  summary(): RejectSummary {
    return {
      skipped: this.skippedCount,
      rejectsPath: this.handle === undefined ? undefined : this.policy.rejectsPath,
      byKind: { ...this.byKind },
      firstErrors: [...this.firstErrors],
    };
  }

  async close(): Promise<RejectSummary> {
    if (!this.closed) {
      this.closed = true;
      await this.handle?.close();
      await this.file?.commit();
    }
    return this.summary();
  }

  /** A failed run: closes and removes the rejects file being written. */
  async abort(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle?.close();
    await this.file?.abort();
  }
}

/** JSON.stringify replacer for raw values that JSON cannot hold (parquet INT64 beyond 2^53, binary columns). */
function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return { base64: Buffer.from(value).toString('base64') };
  return value;
}
