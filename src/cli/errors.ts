// Turns typed errors into one clear line and the documented exit code: 1 bad input or failed check, 2 usage error.
import { SpecError } from '../scorers/spec.js';
import { ScorerInputError } from '../scorers/contract.js';
import { noteCommandError } from '../store/command-run.js';
import { OutputPathError } from '../data/errors.js';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function exitCodeFor(err: unknown): number {
  if (err instanceof UsageError || err instanceof SpecError || err instanceof OutputPathError) return 2;
  return 1;
}

export function describeError(err: unknown): string {
  if (err instanceof ScorerInputError) return `error: ${err.message} (field "${err.field}")`;
  if (err instanceof Error) return `error: ${err.message}`;
  return `error: ${String(err)}`;
}

/**
 * Wraps a command action: prints `error: …` (on stderr, or through `writeError` for callers that capture output)
 * and sets the exit code instead of a stack trace.
 */
export function action<A extends unknown[]>(
  fn: (...args: A) => Promise<void> | void,
  writeError: (text: string) => void = (text) => process.stderr.write(text),
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      noteCommandError(err);
      writeError(describeError(err) + '\n');
      if (debugEnabled() && err instanceof Error) writeError(`${err.stack}\n`);
      process.exitCode = exitCodeFor(err);
    }
  };
}

/** Stack traces are for developers: only the global `--debug` flag (or TRENCHCOAT_DEBUG=1) shows them. */
export function debugEnabled(): boolean {
  const v = process.env.TRENCHCOAT_DEBUG;
  return v !== undefined && v !== '' && v !== '0';
}
