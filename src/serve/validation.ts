// Request bodies: JSON parse errors and schema violations become 400 answers naming the field path, with the item
// index first (`items[3].output: …`), so a client can find the one bad sample in a batch of thousands.
import type { z } from 'zod';
import { HttpError } from './http-error.js';

export function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, `malformed JSON body: ${(err as Error).message}`);
  }
}

/** `items[3].output`, `query[0]`, `scorers` from a zod issue path. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out || '(body)';
}

export function validate<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const issues = r.error.issues.slice(0, 20).map((i) => ({ path: fieldPath(i.path), message: i.message }));
  const first = issues[0];
  throw new HttpError(400, `invalid request: ${first.path}: ${first.message}${issues.length > 1 ? ` (and ${r.error.issues.length - 1} more)` : ''}`, {}, { issues });
}
