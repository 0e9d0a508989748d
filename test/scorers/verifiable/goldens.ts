// Reads the verl goldens of test/fixtures/verifiable (gzipped JSONL; see the README there).
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

// VERIFIABLE_GOLDENS_DIR runs the same checks on a held-out set (generate.py … --seed S --n N).
const FIXTURES = process.env.VERIFIABLE_GOLDENS_DIR ?? fileURLToPath(new URL('../../fixtures/verifiable/', import.meta.url));

export function readGoldens<T>(name: string): T[] {
  const text = gunzipSync(readFileSync(path.join(FIXTURES, name))).toString('utf8');
  return text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as T);
}
