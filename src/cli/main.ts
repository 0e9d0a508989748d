#!/usr/bin/env node
// trenchcoat command line. Each command lives in its own file and only parses flags, calls the library and prints;
// commands.ts lists them and program.ts registers only the ones this command line needs, so startup stays fast.
import { VERSION } from '../version.js';
import { commandsFor } from './commands.js';
import { endQuietlyOnBrokenPipe } from './broken-pipe.js';

const args = process.argv.slice(2);
const commands = commandsFor(args);
if (commands.length === 0) {
  // `--version`: what commander prints for it, without loading commander (a third of the start-up of this line)
  endQuietlyOnBrokenPipe();
  process.stdout.write(`${VERSION}\n`);
} else {
  // one import: the guards come with the program, so they share its bundle chunk (one file less to load)
  const { buildProgram, installProcessGuards } = await import('./program.js');
  installProcessGuards();
  const program = await buildProgram(commands);
  await program.parseAsync(process.argv);
}
