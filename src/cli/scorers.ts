// `trenchcoat scorers`: list the registered scorers, their options and spec syntax.
import type { Command } from 'commander';
import { listScorers } from '../scorers/registry.js';
import '../scorers/builtin.js';
import { formatTable } from './table.js';
import { action } from './errors.js';
import { printJson } from './output.js';

export function registerScorersCommand(program: Command): void {
  program
    .command('scorers')
    .description('list available scorers and their spec options')
    .option('--json', 'machine-readable JSON')
    .addHelpText('after', '\nExample:\n  trenchcoat scorers\n\nA spec is NAME or NAME:key=value,key=value (e.g. bleu:tokenize=intl,lowercase=true).')
    .action(
      action((flags: { json?: boolean }) => {
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
