// `trenchcoat scorers`: list the registered scorers, their options and spec syntax.
import type { Command } from 'commander';
import { findScorerFactory, listScorers, scorerOptionLines } from '../scorers/registry.js';
import { UsageError } from './errors.js';
import '../scorers/builtin.js';
import { formatTable } from './table.js';
import { action } from './errors.js';
import { printJson } from './output.js';

export function registerScorersCommand(program: Command): void {
  program
    .command('scorers [name]')
    .description('list available scorers; with NAME, that scorer\'s options one per line with defaults')
    .option('--json', 'machine-readable JSON')
    .addHelpText('after', '\nExamples:\n  trenchcoat scorers\n  trenchcoat scorers bleu\n\nA spec is NAME or NAME:key=value,key=value (e.g. bleu:tokenize=intl,lowercase=true).')
    .action(
      action((name: string | undefined, flags: { json?: boolean }) => {
        if (name !== undefined) {
          const f = findScorerFactory(name);
          if (!f) throw new UsageError(`unknown scorer "${name}" (known: ${listScorers().map((x) => x.name).join(', ')})`);
          const lines = scorerOptionLines(f);
          if (flags.json) {
            printJson({ name: f.name, aliases: f.aliases ?? [], summary: f.summary, options: lines });
            return;
          }
          const out = [`${f.name}${f.aliases?.length ? ` (also: ${f.aliases.join(', ')})` : ''}: ${f.summary}`, '', lines.length ? 'options (spec NAME:key=value,key=value):' : 'no options'];
          const width = Math.max(...lines.map((l) => l.name.length));
          for (const l of lines) {
            const choices = l.values && (l.default === undefined || l.values.includes('|')) ? `${l.values}` : '';
            const what = [choices, l.default !== undefined && `default ${l.default}`, l.note].filter(Boolean).join('; ');
            out.push(`  ${l.name.padEnd(width)}  ${what}`.trimEnd());
            if (l.doc) out.push(`  ${' '.repeat(width)}  ${l.doc}`);
          }
          process.stdout.write(out.join('\n') + '\n');
          return;
        }
        const all = listScorers();
        if (flags.json) {
          printJson(all.map((f) => ({ name: f.name, aliases: f.aliases ?? [], summary: f.summary, options: f.options ?? '' })));
          return;
        }
        const rows = all.map((f) => [f.name, (f.aliases ?? []).join(' '), f.summary, f.options ?? '']);
        process.stdout.write(formatTable(['name', 'aliases', 'what', 'options'], rows) + '\n');
      }),
    );
}
