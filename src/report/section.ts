// What each result renderer returns: a section of the page, the scorer signatures and seed it names.
import type { Figure } from './chart.js';
import type { Signature } from './provenance.js';
import type { TableData } from './table.js';

/** A table block with `collapsed` is drawn inside a closed <details> (long listings; opened for printing). */
export type Block = { figure: Figure } | { heading: string; caption?: string; table: TableData; collapsed?: boolean } | { html: string };

export interface Section {
  title: string;
  /** Lines of plain text under the title: what data, how many, which options. */
  summary: string[];
  blocks: Block[];
  signatures: Signature[];
  seed: string | null;
  notes?: string[];
}

/** A JSON number that may have been NaN (null) or ±∞ ("Infinity") when it was written. */
export type JsonNumber = number | null | string;

export function num(v: JsonNumber | undefined): number {
  if (typeof v === 'number') return v;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  return NaN;
}

/** Only finite numbers go into a chart's data (vega drops nothing silently: a NaN would vanish); tables keep all. */
export function finite(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Chart height for `rows` categorical rows. */
export function bandHeight(rows: number, per = 24): number {
  return Math.max(60, rows * per);
}
