// Significance clusters ("ranks") of metrics from a matrix of pairwise p-values, as mt-metrics-eval's
// `data.AssignRanks`, `ComputeSigMatrix` and the metric ordering of `CompareMetrics`:
//  - metrics are ordered by decreasing correlation, name breaking ties (Python's sort by (−corr, name));
//  - sig[i][j] (i < j) is the p-value of "metric j is at least as good as metric i" (a permutation test that the
//    lower-ranked metric j does better, i.e. PermutationSigDiff(corr_j, corr_i));
//  - greedy ranks: walk down the order; metric i opens a new cluster when some metric of the current cluster,
//    from its first member up to i − 1, beats it with p ≤ pval (note ≤, as the reference). So no metric is beaten
//    by a member of its own cluster, but neighbours in different clusters need not differ significantly
//    (p-values [0→1: 0.2, 0→2: 0.01, 1→2: 0.3] give ranks 1, 1, 2).

/** Cluster ranks (1-based) for metrics already in decreasing-correlation order. Only sig[j][i], j < i, is read. */
export function assignRanks(sig: ReadonlyArray<ArrayLike<number>>, pval = 0.05): number[] {
  const n = sig.length;
  for (const row of sig) if (row.length !== n) throw new RangeError(`significance matrix must be square, got a ${n} × ${row.length} row`);
  const ranks = new Array<number>(n);
  let rank = 1;
  let clusterStart = 0;
  for (let i = 0; i < n; i++) {
    for (let j = clusterStart; j < i; j++) {
      if (sig[j][i] <= pval) {
        rank++;
        clusterStart = i;
        break;
      }
    }
    ranks[i] = rank;
  }
  return ranks;
}

/** Python's `str` order: by code point (JS `<` compares UTF-16 units, which differs above U+FFFF). */
function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

/** Metric names by decreasing correlation, ties by name (the reference's `sorted(key=(−corr, name))`); NaN last. */
export function orderByCorrelation(corrs: Readonly<Record<string, number>>): string[] {
  return Object.keys(corrs).sort((a, b) => {
    const ca = corrs[a];
    const cb = corrs[b];
    const na = Number.isNaN(ca);
    const nb = Number.isNaN(cb);
    if (na || nb) return na === nb ? compareCodePoints(a, b) : na ? 1 : -1;
    return ca !== cb ? cb - ca : compareCodePoints(a, b);
  });
}

/**
 * The upper-triangular significance matrix over `n` metrics in rank order: sig[i][j] = pValue(i, j) for i < j,
 * where pValue(better, worse) tests "worse is at least as good as better". Zeros elsewhere, as the reference.
 */
export function significanceMatrix(n: number, pValue: (better: number, worse: number) => number): Float64Array[] {
  const sig = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) sig[i][j] = pValue(i, j);
  return sig;
}

export interface RankedMetric {
  name: string;
  corr: number;
  /** Significance cluster, 1 = top. */
  rank: number;
}

export interface SignificanceClusters {
  ranked: RankedMetric[];
  /** Rows and columns in the order of `ranked`. */
  sig: Float64Array[];
}

/**
 * Order metrics, test every pair, and assign clusters (what `CompareMetrics` returns). `test(better, worse)` is the
 * p-value that `worse` is at least as good as `better`, e.g.
 * `(b, w) => permutationSigDiff(gold, scores[w], scores[b], corr, opts).pValue`.
 */
export function significanceClusters(
  corrs: Readonly<Record<string, number>>,
  test: (better: string, worse: string) => number,
  pval = 0.05,
): SignificanceClusters {
  const names = orderByCorrelation(corrs);
  const sig = significanceMatrix(names.length, (i, j) => test(names[i], names[j]));
  const ranks = assignRanks(sig, pval);
  return { ranked: names.map((name, i) => ({ name, corr: corrs[name], rank: ranks[i] })), sig };
}
