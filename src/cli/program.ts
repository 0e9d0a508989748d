// Builds the commander program with the commands a command line needs (`commandsFor` in commands.ts).
import { Command } from 'commander';
import { VERSION } from '../version.js';
import { COMMANDS, type CommandEntry } from './commands.js';
import { installRunRecording } from './run-record.js';
import { describeEmptyListDefaults } from './options.js';

export { installProcessGuards } from './process-guards.js';

/** The program with `commands` registered, in table order, plus the hooks every command gets. */
export async function buildProgram(commands: readonly CommandEntry[] = COMMANDS): Promise<Command> {
  const program = new Command();
  program
    .name('trenchcoat')
    .description('Reward models and evaluation metrics as one thing: score, meta-evaluate, probe.')
    .version(VERSION)
    .option('--debug', 'print stack traces with errors (for bug reports)')
    .showHelpAfterError()
    .exitOverride((err) => {
      // commander's own usage errors (unknown option, missing argument) exit 2; --help and --version exit 0
      process.exit(err.exitCode === 0 ? 0 : 2);
    });
  program.hook('preAction', (thisCommand) => {
    if (thisCommand.opts().debug) process.env.TRENCHCOAT_DEBUG = '1';
  });
  const registers = await Promise.all(commands.map((c) => c.load()));
  for (const register of registers) register(program);
  installRunRecording(program);
  describeEmptyListDefaults(program);
  return program;
}
