// The definition of chrF's n-gram statistics, with string n-grams and Maps: the oracle the interning code in
// src/scorers/lexical/ is tested against.

/** Occurrences of each n-gram of `toks`, keyed by its tokens joined with `sep`. */
export function ngramCounts(toks: readonly string[], n: number, sep: string): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i + n <= toks.length; i++) {
    const k = toks.slice(i, i + n).join(sep);
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

/**
 * sacreBLEU's chrF triple for one order: [hypothesis n-grams, reference n-grams, matches], where matches are
 * Σ min(hypothesis count, reference count), and a reference too short for the order reports 0 hypothesis n-grams.
 */
export function overlapTriple(hyp: ReadonlyMap<string, number>, ref: ReadonlyMap<string, number>): [number, number, number] {
  let nh = 0;
  let nr = 0;
  let nm = 0;
  for (const [k, c] of hyp) {
    nh += c;
    nm += Math.min(c, ref.get(k) ?? 0);
  }
  for (const c of ref.values()) nr += c;
  return [nr > 0 ? nh : 0, nr, nm];
}
