// A stand-in for src/cli/main.ts with only the probe and bon commands registered (main.ts is edited elsewhere), with
// the same exit-code conventions: usage errors 2, bad input or failed checks 1.
import { Command } from 'commander';
import { registerProbeCommand } from '../../src/cli/probe.js';
import { registerBonCommand } from '../../src/cli/bon.js';

const program = new Command().name('trenchcoat').exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));
registerProbeCommand(program);
registerBonCommand(program);
await program.parseAsync(process.argv);
