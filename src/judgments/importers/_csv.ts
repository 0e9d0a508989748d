// Delimited text: RFC 4180 CSV/TSV (quoted fields may hold delimiters, doubled quotes and newlines), a no-quoting mode
// for files whose fields contain bare `"` (the WMT MQM error TSVs), and whitespace-separated tables (WMT DA files,
// MQM avg_seg_scores, mt-metrics-eval score files) split the way Python's `str.split()` splits.

import { pySplit } from '../../scorers/lexical/text.js';
import { judgmentError } from './_io.js';

export interface TextRow {
  /** 1-based line on which the row starts. */
  line: number;
  cells: string[];
}

export interface DelimitedOptions {
  delimiter: string;
  /** `false`: a `"` is an ordinary character (upstream MQM TSVs must be read this way). Default true. */
  quoting?: boolean;
}

/** Rows of a delimited text; blank lines are skipped. */
export function parseDelimited(text: string, file: string, options: DelimitedOptions): TextRow[] {
  const { delimiter } = options;
  const quoting = options.quoting ?? true;
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const rows: TextRow[] = [];
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    if (line === '') continue;
    if (!quoting || line.indexOf('"') < 0) {
      rows.push({ line: i + 1, cells: line.split(delimiter) });
      continue;
    }
    const parsed = parseQuotedRow(lines, i, delimiter, file);
    rows.push({ line: i + 1, cells: parsed.cells });
    i = parsed.lastLine;
  }
  return rows;
}

/** One RFC 4180 row starting at `lines[first]`; a quoted field may continue over following lines. */
function parseQuotedRow(lines: string[], first: number, delimiter: string, file: string): { cells: string[]; lastLine: number } {
  const cells: string[] = [];
  let lineIndex = first;
  let line = stripCr(lines[lineIndex]);
  let pos = 0;
  for (;;) {
    if (line.charCodeAt(pos) !== 34) {
      // unquoted field: up to the next delimiter
      const end = line.indexOf(delimiter, pos);
      if (end < 0) {
        cells.push(line.slice(pos));
        return { cells, lastLine: lineIndex };
      }
      cells.push(line.slice(pos, end));
      pos = end + delimiter.length;
      continue;
    }
    // quoted field: collect pieces until a quote that is not doubled
    const pieces: string[] = [];
    pos++;
    for (;;) {
      const q = line.indexOf('"', pos);
      if (q < 0) {
        pieces.push(line.slice(pos), '\n');
        lineIndex++;
        if (lineIndex >= lines.length) {
          throw judgmentError({ file, line: first + 1 }, 'csv', 'unterminated quoted field');
        }
        line = stripCr(lines[lineIndex]);
        pos = 0;
        continue;
      }
      pieces.push(line.slice(pos, q));
      if (line.charCodeAt(q + 1) === 34) {
        pieces.push('"');
        pos = q + 2;
        continue;
      }
      pos = q + 1;
      break;
    }
    cells.push(pieces.join(''));
    if (pos === line.length) return { cells, lastLine: lineIndex };
    if (!line.startsWith(delimiter, pos)) {
      throw judgmentError({ file, line: lineIndex + 1 }, 'csv', `unexpected character after a closing quote in field ${cells.length}`);
    }
    pos += delimiter.length;
  }
}

function stripCr(line: string): string {
  return line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
}

/** Rows split on runs of Python whitespace (`line.split()`); blank lines are skipped. */
export function parseWhitespaceTable(text: string): TextRow[] {
  const lines = text.split('\n');
  const rows: TextRow[] = [];
  for (let i = 0; i < lines.length; i++) {
    const cells = pySplit(lines[i]);
    if (cells.length > 0) rows.push({ line: i + 1, cells });
  }
  return rows;
}

/** Header + records: every row must have as many cells as the header. */
export function rowsToRecords(rows: TextRow[], file: string): { columns: string[]; records: { line: number; record: Record<string, string> }[] } {
  if (rows.length === 0) throw judgmentError({ file, line: 0 }, 'empty', 'no header row');
  const columns = rows[0].cells;
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c)) throw judgmentError({ file, line: rows[0].line, field: c }, 'csv', 'duplicate column name in header');
    seen.add(c);
  }
  const records: { line: number; record: Record<string, string> }[] = [];
  for (let r = 1; r < rows.length; r++) {
    const { line, cells } = rows[r];
    if (cells.length !== columns.length) {
      throw judgmentError({ file, line }, 'csv', `row has ${cells.length} fields, header has ${columns.length}`);
    }
    const record: Record<string, string> = {};
    for (let c = 0; c < columns.length; c++) record[columns[c]] = cells[c];
    records.push({ line, record });
  }
  return { columns, records };
}
