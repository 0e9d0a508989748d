// JSONL rows built from the WMT21 fixture slice (test/fixtures/wmt21): every en-de and de-en system against its ref A,
// repeated until `n` rows, each with an id and its system, for tests that need a large real-text input.
import { writeFileSync } from 'node:fs';
import { DE_EN_SYSTEMS, EN_DE_SYSTEMS, hypLines, refLines } from '../fixtures/wmt21/load.js';

export interface Wmt21Row {
  id: string;
  system: string;
  output: string;
  reference: string;
}

export function wmt21Rows(n: number): Wmt21Row[] {
  const pool: Omit<Wmt21Row, 'id'>[] = [];
  for (const [lp, systems] of [['en-de', EN_DE_SYSTEMS], ['de-en', DE_EN_SYSTEMS]] as const) {
    const refs = refLines(lp, 'A');
    for (const system of systems) hypLines(lp, system).forEach((output, i) => pool.push({ system: `${lp}/${system}`, output, reference: refs[i] }));
  }
  const rows: Wmt21Row[] = [];
  for (let i = 0; i < n; i++) rows.push({ id: `r${i + 1}`, ...pool[i % pool.length] });
  return rows;
}

export function writeWmt21Jsonl(path: string, n: number): string {
  writeFileSync(path, wmt21Rows(n).map((r) => JSON.stringify(r)).join('\n') + '\n');
  return path;
}
