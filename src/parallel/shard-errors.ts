// Errors cross a thread or process boundary as plain data and are rebuilt on the other side, so a bad item scored on a
// worker is reported exactly as it would be in a single-process run (a ScorerInputError keeps its item id and field, a
// DataError read on a thread its file, line, kind and field).
import { ScorerInputError } from '../scorers/contract.js';
import { DataError, type DataErrorInit } from '../data/errors.js';

export interface SerializedError {
  name: string;
  message: string;
  itemId?: string;
  field?: string;
  data?: DataErrorInit;
}

export function serializeError(err: unknown): SerializedError {
  const e = err instanceof Error ? err : new Error(String(err));
  const out: SerializedError = { name: e.name, message: e.message };
  if (e instanceof ScorerInputError) {
    out.itemId = e.itemId;
    out.field = e.field;
  }
  if (e instanceof DataError) out.data = { file: e.file, line: e.line, kind: e.kind, detail: e.detail, field: e.field, unit: e.unit };
  return out;
}

export function deserializeError(e: SerializedError): Error {
  if (e.name === 'ScorerInputError') return new ScorerInputError(e.message, e.itemId ?? '', e.field ?? '');
  if (e.name === 'DataError' && e.data) return new DataError(e.data);
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}
