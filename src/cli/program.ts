// Builds the commander program with only the commands a command line needs: none for `--version`, the named one for
// `trenchcoat CMD …` and `trenchcoat help CMD`, and every command whenever the line could show the program's own help
// or error (no command, `--help`, an unknown word or option), so what commander prints is the same as with all loaded.
import { Command } from 'commander';
import { VERSION } from '../version.js';
import { COMMANDS, type CommandEntry } from './commands.js';
import { installRunRecording } from './run-record.js';
import { describeEmptyListDefaults } from './options.js';

/** The program's own options that take no value: words after them can still be the command. */
const VALUELESS_GLOBAL_OPTIONS = new Set(['--debug']);
const VERSION_OPTIONS = new Set(['-V', '--version']);

/** Which commands `trenchcoat ARGS…` needs registered (ARGS without node and the script). Loading all is always safe. */
export function commandsFor(args: readonly string[], commands: readonly CommandEntry[] = COMMANDS): readonly CommandEntry[] {
  const named = (word: string | undefined): readonly CommandEntry[] => {
    const entry = commands.find((c) => c.name === word);
    return entry ? [entry] : commands;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (VALUELESS_GLOBAL_OPTIONS.has(arg)) continue;
    // commander prints the version as soon as it parses the flag, before looking at any command
    if (VERSION_OPTIONS.has(arg)) return [];
    if (arg.startsWith('-')) return commands;
    // commander's implicit `help CMD` shows CMD's help; `help` alone or with an unknown word shows the program's
    if (arg === 'help') return named(args[i + 1]);
    return named(arg);
  }
  return commands;
}

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
