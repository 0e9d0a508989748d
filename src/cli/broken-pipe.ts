// A reader that closed our stdout early (`… | head`) ends the run quietly, as Unix tools do. Its own file so the
// `--version` fast path gets it without loading the error machinery of process-guards.ts.

export function isBrokenPipe(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'EPIPE';
}

/** The reader is gone: nothing more can be shown, and it is not a failure of the run. Other stdout errors are thrown. */
export function endQuietlyOnBrokenPipe(): void {
  process.stdout.on('error', (err) => {
    if (isBrokenPipe(err)) process.exit(0);
    throw err;
  });
}
