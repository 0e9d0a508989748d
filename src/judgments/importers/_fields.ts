// Typed access to record fields with errors that name file, line and field.

import type { ChatMessage } from '../../scorers/contract.js';
import { describeValue } from '../../data/errors.js';
import type { Where } from './_io.js';
import { judgmentError } from './_io.js';
import type { RecordRow, RecordTable } from './records.js';

/** Position helper bound to one record. */
export class Fields {
  constructor(
    private readonly table: RecordTable,
    readonly row: RecordRow,
  ) {}

  at(field?: string): Where {
    return { file: this.table.file, line: this.row.line, field, unit: this.table.unit };
  }

  has(field: string): boolean {
    return this.row.record[field] !== undefined && this.row.record[field] !== null;
  }

  raw(field: string): unknown {
    return this.row.record[field];
  }

  string(field: string): string {
    const v = this.row.record[field];
    if (typeof v === 'string') return v;
    if (v === undefined) throw judgmentError(this.at(field), 'missing-field', 'field is missing');
    throw judgmentError(this.at(field), 'type', `expected a string, got ${describeValue(v)}`);
  }

  optionalString(field: string): string | undefined {
    const v = this.row.record[field];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'bigint') return String(v);
    throw judgmentError(this.at(field), 'type', `expected a string, got ${describeValue(v)}`);
  }

  stringList(field: string): string[] {
    const v = this.row.record[field];
    if (!Array.isArray(v)) {
      if (v === undefined) throw judgmentError(this.at(field), 'missing-field', 'field is missing');
      throw judgmentError(this.at(field), 'type', `expected a list of strings, got ${describeValue(v)}`);
    }
    v.forEach((x, i) => {
      if (typeof x !== 'string') throw judgmentError(this.at(`${field}[${i}]`), 'type', `expected a string, got ${describeValue(x)}`);
    });
    return v as string[];
  }

  integer(field: string): number {
    const v = this.row.record[field];
    const n = typeof v === 'bigint' ? Number(v) : v;
    if (typeof n === 'number' && Number.isInteger(n)) return n;
    if (v === undefined) throw judgmentError(this.at(field), 'missing-field', 'field is missing');
    throw judgmentError(this.at(field), 'type', `expected an integer, got ${describeValue(v)}`);
  }

  /** A prompt: plain text or a chat transcript (`[{role, content}, …]`). */
  prompt(field: string): string | ChatMessage[] {
    const v = this.row.record[field];
    if (typeof v === 'string') return v;
    if (Array.isArray(v)) return chatMessages(v, this.at(field));
    if (v === undefined) throw judgmentError(this.at(field), 'missing-field', 'field is missing');
    throw judgmentError(this.at(field), 'type', `expected text or a list of chat messages, got ${describeValue(v)}`);
  }
}

export function chatMessages(list: unknown[], at: Where): ChatMessage[] {
  return list.map((m, i) => {
    const o = m as { role?: unknown; content?: unknown } | null;
    if (o === null || typeof o !== 'object' || typeof o.role !== 'string' || typeof o.content !== 'string') {
      throw judgmentError({ ...at, field: `${at.field}[${i}]` }, 'type', 'expected a chat message {role, content}');
    }
    return { role: o.role, content: o.content };
  });
}
