// Timing with spread: median, min and max of several runs (this machine is shared and noisy, so one figure hides
// how much the runs moved). Peak memory of a child process comes from process.resourceUsage().maxRSS there.
export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function spreadOf(seconds: readonly number[]): Spread {
  const s = [...seconds].sort((a, b) => a - b);
  const n = s.length;
  const median = n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  return { median, min: s[0], max: s[n - 1], runs: n };
}

/** Runs `fn` `runs` times (after `warmup` untimed calls) and returns the spread of wall times and the last output. */
export function timeSpread<T>(fn: () => T, runs: number, warmup = 0): { spread: Spread; out: T } {
  let out!: T;
  for (let w = 0; w < warmup; w++) out = fn();
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    out = fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return { spread: spreadOf(times), out };
}

export const fmtSpread = (s: Spread, unit: 's' | 'ms' = 's'): string => {
  const k = unit === 'ms' ? 1e3 : 1;
  const f = (x: number) => (x * k).toPrecision(3);
  return `${f(s.median)} ${unit} [${f(s.min)}–${f(s.max)}]`;
};
