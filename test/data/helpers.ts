// Shared helpers for the data-layer tests (not a test file itself).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataError, type DataErrorKind } from '../../src/data/index.js';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/data');
export const WMT21 = path.resolve(FIXTURES, '../wmt21');
export const fixture = (...parts: string[]): string => path.join(FIXTURES, ...parts);

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

export interface ExpectedError {
  file: string;
  line: number;
  kind: DataErrorKind;
  field?: string;
  /** a fragment the message must contain */
  says?: string | RegExp;
}

/** Asserts that `p` rejects with a DataError at exactly this place. */
export async function rejectsAt(p: Promise<unknown>, want: ExpectedError): Promise<DataError> {
  let caught: unknown;
  try {
    await p;
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof DataError, `expected a DataError, got ${String(caught)}`);
  const e = caught as DataError;
  assert.deepEqual(
    { file: e.file, line: e.line, kind: e.kind, field: e.field },
    { file: want.file, line: want.line, kind: want.kind, field: want.field },
    e.message,
  );
  if (typeof want.says === 'string') assert.ok(e.message.includes(want.says), e.message);
  else if (want.says) assert.match(e.message, want.says);
  return e;
}

/** A fresh temporary directory, removed when the test ends. */
export function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'trenchcoat-data-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
