// `trenchcoat demo` (what `npm start` runs): score the bundled real MQM TED en-de sample with the built-in metrics and the
// length baseline, per system, next to the human MQM score.
import type { Command } from 'commander';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createScorer } from '../scorers/registry.js';
import '../scorers/builtin.js';
import { runScorers } from '../scoring.js';
import { readItems } from '../data/index.js';
import { action } from './errors.js';
import { formatNumber, formatTable } from './table.js';

export const DEMO_DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples/mqm-ted-ende/ted-ende.jsonl');
export const DEMO_SCORERS = ['column:mqm', 'bleu', 'chrf', 'chrf++', 'ter', 'rouge-l', 'length'];

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('score the bundled WMT21 TED en-de MQM sample with every built-in metric, per system')
    .option('--json', 'machine-readable JSON')
    .action(action(async (flags: { json?: boolean }) => runDemo(flags)));
}

export async function runDemo(flags: { json?: boolean }): Promise<void> {
  const { items } = await readItems(DEMO_DATA, {
    mapping: { idField: 'id', outputField: 'output', refFields: ['reference'], promptField: 'source', metaFields: ['system', 'seg_id', 'mqm'] },
  });
  const scorers = DEMO_SCORERS.map((s) => createScorer(s));
  const result = await runScorers(items, scorers, { level: 'corpus', groupBy: 'system' });
  if (flags.json) {
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    return;
  }
  const systems = result.runs[0].corpus.map((c, k) => ({ name: c.group as string, k, mqm: c.score.value as number }));
  systems.sort((a, b) => b.mqm - a.mqm);
  const header = ['system (by human MQM)', ...result.runs.map((r) => (r.spec === 'column:mqm' ? 'MQM' : r.spec))];
  const rows = systems.map((s) => [s.name, ...result.runs.map((r) => formatNumber(r.corpus[s.k].score.value, r.spec === 'column:mqm' ? 3 : 2))]);
  const out = [
    `WMT21 TED talks en-de: ${items.length} segments from ${systems.length} MT systems, expert MQM (Freitag et al. 2021, Apache-2.0)`,
    `MQM is minus the error penalty (0 = perfect); BLEU/chrF/TER are corpus scores per system; ROUGE-L and length are means.`,
    '',
    formatTable(header, rows, ['l', ...result.runs.map(() => 'r' as const)]),
    '',
    'signatures:',
    ...result.runs.map((r) => `  ${r.signature}`),
  ];
  process.stdout.write(out.join('\n') + '\n');
}
