// A commander program with only `meta-eval`, for the end-to-end tests (main.ts registers it separately).
import { Command } from 'commander';
import { registerMetaEvalCommand } from '../../src/cli/meta-eval.js';

const program = new Command();
program
  .name('trenchcoat')
  .exitOverride((err) => {
    process.exit(err.exitCode === 0 ? 0 : 2);
  });
registerMetaEvalCommand(program);
await program.parseAsync(process.argv);
