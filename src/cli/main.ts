#!/usr/bin/env node
// trenchcoat command line. Each command lives in its own file and only parses flags, calls the library and prints;
// commands.ts lists them and program.ts loads only the ones this command line needs, so startup stays fast.
import { installProcessGuards } from './process-guards.js';
import { buildProgram, commandsFor } from './program.js';

installProcessGuards();
const program = await buildProgram(commandsFor(process.argv.slice(2)));
await program.parseAsync(process.argv);
