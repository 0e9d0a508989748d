// Content hashes of input files, for run records. Apart from runs.ts so that recording a command's run (command-run.ts)
// does not load the SQLite store's code.
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, statSync } from 'node:fs';

/** Regular files up to this size are read in one call: a stream's chunks through the thread pool cost a short run more. */
const READ_WHOLE_BYTES = 16 << 20;

/** sha256 (hex) of a file's bytes; streamed (constant memory) above READ_WHOLE_BYTES and for anything not a regular file. */
export async function hashFile(file: string): Promise<string> {
  const h = createHash('sha256');
  const st = statSync(file);
  if (st.isFile() && st.size <= READ_WHOLE_BYTES) return h.update(readFileSync(file)).digest('hex');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** One hash for several input files, order-sensitive (hypothesis then references): sha256 over their hashes. */
export async function hashFiles(files: readonly string[]): Promise<string> {
  if (files.length === 1) return hashFile(files[0]);
  const hashes: string[] = [];
  for (const f of files) hashes.push(await hashFile(f));
  return combineHashes(hashes);
}

/** The one hash of several inputs' hashes, order-sensitive: sha256 over each hash and a newline. */
export function combineHashes(hashes: readonly string[]): string {
  const h = createHash('sha256');
  for (const x of hashes) h.update(`${x}\n`);
  return h.digest('hex');
}
