// Reads the verl goldens of test/fixtures/verifiable (gzipped JSONL; see the README there).
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const FIXTURES = fileURLToPath(new URL('../../fixtures/verifiable/', import.meta.url));

export function readGoldens<T>(name: string): T[] {
  const text = gunzipSync(readFileSync(FIXTURES + name)).toString('utf8');
  return text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as T);
}
