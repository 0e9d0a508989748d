// Errors cross a thread or process boundary as plain data and are rebuilt on the other side, so a bad item scored on a
// worker is reported exactly as it would be in a single-process run (a ScorerInputError keeps its item id and field).
import { ScorerInputError } from '../scorers/contract.js';

export interface SerializedError {
  name: string;
  message: string;
  itemId?: string;
  field?: string;
}

export function serializeError(err: unknown): SerializedError {
  const e = err instanceof Error ? err : new Error(String(err));
  const out: SerializedError = { name: e.name, message: e.message };
  if (e instanceof ScorerInputError) {
    out.itemId = e.itemId;
    out.field = e.field;
  }
  return out;
}

export function deserializeError(e: SerializedError): Error {
  if (e.name === 'ScorerInputError') return new ScorerInputError(e.message, e.itemId ?? '', e.field ?? '');
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}
