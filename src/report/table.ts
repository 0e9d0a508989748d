// Tables of a report: every number a chart shows is in one, sortable, with the exact value kept in data-v.
import { escapeHtml } from './html.js';

export type Cell = string | number | null | undefined;

export interface Column {
  label: string;
  /** Numbers are right-aligned and printed with `digits` decimals (default 4); text columns are left as given. */
  digits?: number;
}

export interface TableData {
  columns: Column[];
  rows: Cell[][];
}

/** A number as the tables print it: fixed decimals; NaN / null as an em dash; ±∞ as ±∞. */
export function formatCell(v: Cell, digits = 4): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v;
  if (Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  return Number.isInteger(v) && digits === 0 ? String(v) : v.toFixed(digits);
}

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
            const exact = typeof v === 'number' && Number.isFinite(v) ? ` data-v="${v}" title="${v}"` : ' data-v=""';
            return `<td class="num"${exact}>${escapeHtml(formatCell(v, col.digits))}</td>`;
          })
          .join('') +
        '</tr>',
    )
    .join('\n');
  return `<table class="sortable">${caption ? `<caption class="note">${escapeHtml(caption)}</caption>` : ''}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}
