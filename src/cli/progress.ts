// A progress bar on stderr, drawn only when stderr is a TTY (never into logs or pipes).
export interface Progress {
  /** `total` may be unknown for streamed input: then only the count is shown. */
  update(done: number, total?: number): void;
  finish(): void;
}

export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update() {}, finish() {} };
  let last = -1;
  let drawn = false;
  return {
    update(done, total) {
      if (total === undefined) {
        stream.write(`\r${label}: ${done} items`);
        drawn = true;
        return;
      }
      const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
      if (pct === last) return;
      last = pct;
      const width = 30;
      const fill = Math.round((width * pct) / 100);
      stream.write(`\r${label} [${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${pct}% (${done}/${total})`);
      drawn = true;
    },
    finish() {
      if (drawn) stream.write('\n');
    },
  };
}
