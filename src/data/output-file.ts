// Output files never destroy inputs and never exist half-written.
//
// - `assertOutputsAreNotInputs`: an output path that resolves to an input (same real path, or a hard link: same device
//   and inode) is refused before anything is opened, since opening it for writing would truncate the input before it
//   is read.
// - `openAtomicFile`: writers write to a temporary file in the target's folder (same file system, so the final rename
//   is atomic) and rename it over the target only when the whole output was written; a failed run removes the
//   temporary file, so it leaves no output at all rather than a well-formed partial one. Targets that are not regular
//   files (/dev/stdout, a FIFO) are written in place: they cannot be renamed over and hold nothing to protect.

import { realpathSync, statSync, type Stats } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { OutputPathError } from './errors.js';

// (OutputPathError lives in errors.ts, the CLI's error path reads it without this module's file system code)
export { OutputPathError };

/** One output the command will write, named by the flag that chose it, for the message. */
export interface OutputTarget {
  flag: string;
  path: string | undefined;
}

interface Identity {
  real: string;
  stat?: Stats;
}

function identify(path: string): Identity {
  const abs = resolve(path);
  let stat: Stats | undefined;
  try {
    stat = statSync(abs);
  } catch {
    stat = undefined;
  }
  let real: string;
  try {
    real = realpathSync(abs);
  } catch {
    // the file does not exist yet: its folder may still be a symlink to an input's folder
    try {
      real = join(realpathSync(dirname(abs)), basename(abs));
    } catch {
      real = abs;
    }
  }
  return { real, stat };
}

function sameFile(a: Identity, b: Identity): boolean {
  if (a.real === b.real) return true;
  return a.stat !== undefined && b.stat !== undefined && a.stat.dev === b.stat.dev && a.stat.ino === b.stat.ino && a.stat.isFile();
}

/** Throws OutputPathError when an output resolves to one of `inputs` or two outputs resolve to the same file. */
export function assertOutputsAreNotInputs(outputs: readonly OutputTarget[], inputs: readonly (string | undefined)[]): void {
  const ins = inputs.filter((p): p is string => p !== undefined && p !== '-' && p !== '').map((p) => ({ path: p, id: identify(p) }));
  const outs = outputs.filter((o): o is { flag: string; path: string } => o.path !== undefined && o.path !== '-' && o.path !== '');
  const seen: { flag: string; path: string; id: Identity }[] = [];
  for (const o of outs) {
    const id = identify(o.path);
    // writing to a terminal or pipe (/dev/stdout) destroys nothing
    if (id.stat !== undefined && !id.stat.isFile()) continue;
    for (const i of ins) {
      if (sameFile(id, i.id)) {
        throw new OutputPathError(`${o.flag} ${o.path} is the input file ${i.path}; writing it would destroy the input: choose another output path`);
      }
    }
    for (const s of seen) {
      if (sameFile(id, s.id)) throw new OutputPathError(`${o.flag} ${o.path} and ${s.flag} ${s.path} are the same file: choose different output paths`);
    }
    seen.push({ ...o, id });
  }
}

/** A file being written: `path` is where the bytes go now; `commit` moves them to the target, `abort` removes them. */
export interface AtomicFile {
  readonly target: string;
  readonly path: string;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/**
 * Why an output file could not be opened, naming the target the user gave, never the temporary file beside it (whose
 * name holds a pid and random bytes): `cannot write: folder out/ does not exist`, or the system message.
 */
export function cannotWriteDetail(e: unknown, file: AtomicFile): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'ENOENT' && file.path !== file.target) return `cannot write: the folder ${dirname(file.target)} does not exist`;
  return `cannot write: ${String(err?.message ?? e).replaceAll(file.path, file.target)}`;
}

/** Chooses a temporary path beside `target` (or `target` itself when it is not a regular file, e.g. /dev/stdout). */
export function openAtomicFile(target: string): AtomicFile {
  let inPlace = false;
  try {
    inPlace = !statSync(target).isFile();
  } catch {
    inPlace = false;
  }
  if (inPlace) return { target, path: target, commit: async () => {}, abort: async () => {} };
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}-${randomHex(4)}.tmp`);
  let settled = false;
  return {
    target,
    path: temp,
    async commit() {
      if (settled) return;
      settled = true;
      try {
        await rename(temp, target);
      } catch (e) {
        await rm(temp, { force: true });
        throw e;
      }
    },
    async abort() {
      if (settled) return;
      settled = true;
      await rm(temp, { force: true });
    },
  };
}

// Web Crypto's generator (a global, loaded on first use) instead of a top-level import of node:crypto: the CLI's error
// path imports this module for OutputPathError, and node:crypto is outside Node's start-up snapshot
function randomHex(bytes: number): string {
  return Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(bytes))).toString('hex');
}
