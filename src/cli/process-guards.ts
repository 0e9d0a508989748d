// What the process does about errors no command caught: a reader that closed our stdout early (`… | head`) ends the
// run quietly, as Unix tools do; anything else prints one `error:` line (the stack only with --debug) and exits 1.
import { debugEnabled, describeError, exitCodeFor } from './errors.js';

function isBrokenPipe(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'EPIPE';
}

export function installProcessGuards(): void {
  // The reader is gone: nothing more can be shown, and it is not a failure of the run.
  process.stdout.on('error', (err) => {
    if (isBrokenPipe(err)) process.exit(0);
    throw err;
  });
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
