// Tables of a report: every number a chart shows is in one, sortable, with the exact value kept in data-v.
import { escapeHtml } from './html.js';

/** A count in a column of measures (a "quantity / value" table): printed as an integer, like a count column. */
export interface CountCell {
  count: number;
}

export type Cell = string | number | null | undefined | CountCell;

export const count = (n: number): CountCell => ({ count: n });

export interface Column {
  label: string;
  /**
   * Numbers are right-aligned and printed with `digits` decimals: 0 for counts, which print as integers ("16"), the
   * measure's precision otherwise; text columns (no digits) are left as given.
   */
  digits?: number;
}

export interface TableData {
  columns: Column[];
  rows: Cell[][];
}

// Beyond this magnitude fixed decimals stop being readable (a fitted peak n of 4.3e47 printed 48 digits).
const SCIENTIFIC = 1e9;

/**
 * A number as the tables print it: fixed decimals (a count as an integer, a fraction in a count column with up to 6
 * significant figures); a magnitude ≥ 1e9 in scientific notation with digits + 1 significant figures; NaN / null as
 * an em dash; ±∞ as ±∞.
 */
export function formatCell(v: Cell, digits = 4): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v;
  if (typeof v === 'object') return formatCell(v.count, 0);
  if (Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (Math.abs(v) >= SCIENTIFIC) return v.toPrecision(Math.max(1, digits) + 1).replace('e+', 'e');
  // a fractional value in a count column (soft wins, a mean count) is not rounded into a count it is not
  if (digits === 0 && !Number.isInteger(v)) return String(Number(v.toPrecision(6)));
  // a tiny negative (−1e-17 from a sum) rounds to zero: no "-0.0000" (data-v keeps the exact value)
  const fixed = v.toFixed(digits);
  return /^-0\.?0*$/.test(fixed) ? fixed.slice(1) : fixed;
}

const cellNumber = (v: Cell): number | undefined => (typeof v === 'number' ? v : typeof v === 'object' && v !== null ? v.count : undefined);

export function htmlTable(t: TableData, caption?: string): string {
  const head = t.columns.map((c) => `<th scope="col"${c.digits !== undefined ? ' class="num"' : ''}>${escapeHtml(c.label)}</th>`).join('');
  const body = t.rows
    .map(
      (r) =>
        '<tr>' +
        r
          .map((v, j) => {
            const col = t.columns[j];
            if (col?.digits === undefined) return `<td>${escapeHtml(formatCell(v))}</td>`;
            const x = cellNumber(v);
            const exact = x !== undefined && Number.isFinite(x) ? ` data-v="${x}" title="${x}"` : ' data-v=""';
            return `<td class="num"${exact}>${escapeHtml(formatCell(v, col.digits))}</td>`;
          })
          .join('') +
        '</tr>',
    )
    .join('\n');
  return `<table class="sortable">${caption ? `<caption class="note">${escapeHtml(caption)}</caption>` : ''}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}
