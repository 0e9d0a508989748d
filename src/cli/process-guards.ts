// What the process does about errors no command caught: a reader that closed our stdout early (`… | head`) ends the
// run quietly, as Unix tools do; anything else prints one `error:` line (the stack only with --debug) and exits 1.
import { debugEnabled, describeError, exitCodeFor } from './errors.js';
import { endQuietlyOnBrokenPipe, isBrokenPipe } from './broken-pipe.js';

export function installProcessGuards(): void {
  endQuietlyOnBrokenPipe();
  const fatal = (err: unknown): void => {
    if (isBrokenPipe(err)) process.exit(0);
    try {
      process.stderr.write(`${describeError(err)}\n`);
      if (debugEnabled() && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    } finally {
      process.exit(exitCodeFor(err));
    }
  };
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
}
