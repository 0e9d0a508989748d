// Paths shared by the judgment importer tests: the committed slices, the sibling WMT21 text fixture, and the full
// reference data in ../shared when it is present (developer machines only).
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ratings } from '../../src/judgments/types.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(HERE, '../..');
export const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/judgments');
/** The WMT21 en-de source, references and 4 system outputs committed for the lexical tests. */
export const WMT21_TEXT_FIXTURES = path.join(REPO_ROOT, 'test/fixtures/wmt21');
export const SHARED_DATA = path.resolve(REPO_ROOT, '../shared/data');
export const hasSharedData = (): boolean => existsSync(SHARED_DATA);
export const fixture = (...parts: string[]): string => path.join(FIXTURES, ...parts);
export const shared = (...parts: string[]): string => path.join(SHARED_DATA, ...parts);

/** A fresh temp file with the given content (for malformed-input tests). */
export function tempFile(name: string, content: string | Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tc-judgments-'));
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
}

export function cell(r: Ratings, system: string, item: string): number {
  const s = r.systems.indexOf(system);
  const i = r.items.indexOf(item);
  if (s < 0 || i < 0) throw new Error(`no cell ${system}/${item}`);
  return r.values[s * r.items.length + i];
}

/** A system's row of values. */
export function row(r: Ratings, system: string): number[] {
  const s = r.systems.indexOf(system);
  if (s < 0) throw new Error(`no system ${system}`);
  return Array.from(r.values.subarray(s * r.items.length, (s + 1) * r.items.length));
}

export function rated(values: number[]): number[] {
  return values.filter((v) => !Number.isNaN(v));
}

export function mean(values: number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

export function pearson(x: number[], y: number[]): number {
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** Python's round(x, 2) for the magnitudes in published tables (no .xx5 ties occur in them). */
export const round = (x: number, digits: number): number => Number(x.toFixed(digits));
