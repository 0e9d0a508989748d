// JSON Lines with the line of each value (mt-metrics-eval's .jsonl sources, references and outputs).

import { judgmentError } from './_io.js';

export interface LocatedValue {
  line: number;
  value: unknown;
}

/** One value per non-blank line. */
export function parseJsonLines(text: string, file: string): LocatedValue[] {
  const lines = text.split('\n');
  const out: LocatedValue[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    try {
      out.push({ line: i + 1, value: JSON.parse(line) });
    } catch (e) {
      throw judgmentError({ file, line: i + 1 }, 'json', `invalid JSON: ${shortJsonMessage(e)}`);
    }
  }
  return out;
}

function shortJsonMessage(e: unknown): string {
  return String((e as Error).message).replace(/\s*\(line \d+ column \d+\)/, '');
}
