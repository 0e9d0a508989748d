// Progress on stderr. On a terminal: a bar redrawn in place, through every phase of a run (scoring, then bootstrap and
// permutation resampling), never left at 100% while work goes on. Not on a terminal (logs, CI, pipes): nothing for
// short runs; a run that takes longer than ~10 s writes one plain line every ~10 s, so a log shows that it is alive
// and how far it got, without a flood of carriage returns.
export interface Progress {
  /** `total` may be unknown for streamed input: then only the count is shown. */
  update(done: number, total?: number): void;
  /** Starts a new phase (e.g. `bootstrap`): the bar restarts with this label and counts `unit` (default: items). */
  phase(label: string, unit?: string): void;
  finish(): void;
}

export interface ProgressOptions {
  /** Milliseconds since some origin; injected by tests. Default `performance.now`. */
  now?: () => number;
  /** Calls `fn` every `ms` until the returned function is called; injected by tests. Default: an unref'd setInterval. */
  every?: (fn: () => void, ms: number) => () => void;
  /** Seconds between plain lines when the stream is not a terminal. Default 10. */
  intervalSeconds?: number;
}

type Stream = Pick<NodeJS.WriteStream, 'write'> & { isTTY?: boolean };

function defaultEvery(fn: () => void, ms: number): () => void {
  const t = setInterval(fn, ms);
  t.unref(); // a progress line must never keep the process alive
  return () => clearInterval(t);
}

export function createProgress(label: string, stream: Stream = process.stderr, opts: ProgressOptions = {}): Progress {
  return stream.isTTY ? terminalBar(label, stream) : periodicLines(label, stream, opts);
}

function terminalBar(label: string, stream: Stream): Progress {
  let last = '';
  let drawn = false;
  let unit = 'items';
  return {
    update(done, total) {
      let text: string;
      if (total === undefined) text = `${label}: ${done} ${unit}`;
      else {
        const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
        const width = 30;
        const fill = Math.round((width * pct) / 100);
        text = `${label} [${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${pct}% (${done}/${total})`;
        // redraw only when the percentage moves: thousands of updates must not mean thousands of writes
        if (text.replace(/ \(\d+\/\d+\)$/, '') === last.replace(/ \(\d+\/\d+\)$/, '')) return;
      }
      // \x1b[K clears what a longer previous line left behind
      stream.write(`\r${text}\x1b[K`);
      last = text;
      drawn = true;
    },
    phase(next, nextUnit = 'items') {
      label = next;
      unit = nextUnit;
      last = '';
    },
    finish() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}

function periodicLines(label: string, stream: Stream, opts: ProgressOptions): Progress {
  const now = opts.now ?? (() => performance.now());
  const intervalMs = (opts.intervalSeconds ?? 10) * 1000;
  const start = now();
  let lastLine = start;
  let state: { done: number; total?: number } | undefined;
  let unit = 'items';
  let printedState = '';
  const tick = () => {
    const t = now();
    if (t - lastLine < intervalMs || state === undefined) return;
    const { done, total } = state;
    const where = total === undefined ? `${done} ${unit}` : `${done}/${total} ${unit} (${total > 0 ? Math.floor((100 * done) / total) : 100}%)`;
    const line = `${label}: ${where}`;
    lastLine = t;
    if (line === printedState) return; // nothing moved since the last line: say nothing rather than repeat it
    printedState = line;
    stream.write(`${line}, ${Math.round((t - start) / 1000)} s elapsed\n`);
  };
  const stop = (opts.every ?? defaultEvery)(tick, intervalMs);
  return {
    update(done, total) {
      state = { done, total };
      tick();
    },
    phase(next, nextUnit = 'items') {
      label = next;
      unit = nextUnit;
      state = undefined;
    },
    finish() {
      stop();
    },
  };
}
