// WMT plaintext test sets: `<testset>.<lp>.src.<l>`, `<testset>.<lp>.ref.<X>.<l>`, `<testset>.<lp>.hyp.<SYS>.<l>`
// (optionally gzipped), found anywhere under the given folders, so both the upstream `txt/{sources,references,
// system-outputs}` layout and a flat folder work. Attaches them to segment-level Ratings whose items are 1-based lines.

import path from 'node:path';
import type { Ratings } from '../types.js';
import { judgmentError, listFiles, readSegmentLines, withoutGz } from './_io.js';
import { referenceOfSystem, WMT21_TEXT_NAMES } from './wmt-names.js';

export interface WmtTexts {
  testset: string;
  lp: string;
  source: string[];
  /** Reference name (`A`, `C`, …) → lines. */
  references: Map<string, string[]>;
  /** Submission name → lines. */
  outputs: Map<string, string[]>;
}

export interface WmtTextsOptions {
  /** Folder(s) holding the text files; searched recursively. */
  dir: string | string[];
  testset: string;
  /** Language pair as in the file names, e.g. `en-de`. */
  lp: string;
  /** Judgment system name → text file system name. Default WMT21_TEXT_NAMES (`Nemo` → `NVIDIA-NeMo`). */
  names?: Readonly<Record<string, string>>;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export async function loadWmtTexts(options: WmtTextsOptions): Promise<WmtTexts> {
  const { testset, lp } = options;
  const dirs = Array.isArray(options.dir) ? options.dir : [options.dir];
  const prefix = `^${escapeRegExp(testset)}\\.${escapeRegExp(lp)}\\.`;
  const srcRe = new RegExp(`${prefix}src\\.[^.]+$`);
  const refRe = new RegExp(`${prefix}ref\\.([^.]+)\\.[^.]+$`);
  const hypRe = new RegExp(`${prefix}hyp\\.(.+)\\.[^.]+$`);
  let sourceFile: string | undefined;
  const refFiles = new Map<string, string>();
  const hypFiles = new Map<string, string>();
  for (const dir of dirs) {
    for (const file of await listFiles(dir)) {
      const name = path.basename(withoutGz(file));
      let m: RegExpExecArray | null;
      if (srcRe.test(name)) sourceFile ??= file;
      else if ((m = refRe.exec(name))) {
        if (!refFiles.has(m[1])) refFiles.set(m[1], file);
      } else if ((m = hypRe.exec(name))) {
        if (!hypFiles.has(m[1])) hypFiles.set(m[1], file);
      }
    }
  }
  if (sourceFile === undefined) {
    throw judgmentError({ file: dirs.join(', '), line: 0 }, 'io', `no source file ${testset}.${lp}.src.* found`);
  }
  const source = await readSegmentLines(sourceFile);
  const readAligned = async (file: string): Promise<string[]> => {
    const lines = await readSegmentLines(file);
    if (lines.length !== source.length) {
      throw judgmentError({ file, line: 0 }, 'length-mismatch', `${lines.length} lines, the source has ${source.length}`);
    }
    return lines;
  };
  const references = new Map<string, string[]>();
  for (const ref of [...refFiles.keys()].sort()) references.set(ref, await readAligned(refFiles.get(ref)!));
  const outputs = new Map<string, string[]>();
  for (const sys of [...hypFiles.keys()].sort()) outputs.set(sys, await readAligned(hypFiles.get(sys)!));
  return { testset, lp, source, references, outputs };
}

/**
 * Sources, all references and, per system, its output (or, for `ref-X`, reference X), aligned with the items
 * (1-based line numbers). Systems without a text file get null outputs (MQM's `ref-B`, `metricsystem1..5`).
 */
export function attachWmtTexts(r: Ratings, texts: WmtTexts, names: Readonly<Record<string, string>> = WMT21_TEXT_NAMES, file = ''): Ratings {
  const lineOf = r.items.map((id) => {
    const n = Number(id);
    if (!Number.isInteger(n) || n < 1 || n > texts.source.length) {
      throw judgmentError({ file, line: 0, field: 'seg_id' }, 'length-mismatch', `segment ${id} is outside the ${texts.source.length} lines of ${texts.testset}.${texts.lp}`);
    }
    return n - 1;
  });
  const refNames = [...texts.references.keys()];
  const refLines = refNames.map((n) => texts.references.get(n)!);
  const outputs: (string | null)[] = new Array(r.systems.length * r.items.length).fill(null);
  r.systems.forEach((sys, s) => {
    const textName = Object.prototype.hasOwnProperty.call(names, sys) ? names[sys] : sys;
    const ref = referenceOfSystem(sys);
    const lines = texts.outputs.get(textName) ?? (ref === undefined ? undefined : texts.references.get(ref));
    if (!lines) return;
    for (let i = 0; i < lineOf.length; i++) outputs[s * r.items.length + i] = lines[lineOf[i]];
  });
  return {
    ...r,
    outputs,
    sources: lineOf.map((l) => texts.source[l]),
    references: lineOf.map((l) => refLines.map((lines) => lines[l])),
    referenceNames: refNames,
  };
}
