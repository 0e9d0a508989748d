// Position consistency of a pairwise judge run in both orders, and LLMBar's published statistics.
// LLMBar (princeton-nlp/LLMBar, LLMEvaluator/evaluate.py) runs every pair with the outputs as given ("swap = False")
// and swapped ("swap = True") and records both winners in original-order terms; statistics.json holds the counts
// computed below, formatted with Python's str(float). The positional-bias rates follow the MT-Bench paper
// (Zheng et al. 2023, Table 2: consistent / biased toward first / biased toward second / other).

/** A winner in original-order terms: 1 = output_1, 2 = output_2, null = no decision. */
export type Winner = 1 | 2 | null;

export interface TwoOrderRuns {
  /** Gold label per pair: 1 or 2. */
  labels: readonly (1 | 2)[];
  /** Winner with the outputs in the original order (output_1 shown first). */
  original: readonly Winner[];
  /** Winner with the outputs swapped (output_2 shown first), already mapped back to original-order terms. */
  swapped: readonly Winner[];
}

export interface PositionConsistency {
  n: number;
  /** LLMBar correct_False: #(original winner == label). */
  correctOriginal: number;
  /** LLMBar correct_True: #(swapped winner == label). */
  correctSwapped: number;
  /** LLMBar correct_both: #(both winners == label). */
  correctBoth: number;
  /** LLMBar equal: #(original == swapped); two nulls count as equal. */
  equal: number;
  /** Percent, LLMBar correct_average: (correctOriginal + correctSwapped) / 2 / n · 100. */
  correctAverage: number;
  /** Share of pairs where the judge picked whichever output was shown first, both times. */
  firstPositionBias: number;
  /** Share of pairs where the judge picked whichever output was shown second, both times. */
  secondPositionBias: number;
  /** Share of pairs whose two winners differ with a null involved (neither positional pattern). */
  inconsistentOther: number;
  /** Accuracy with a consistent correct pair worth 1, an inconsistent pair 0.5, anything else 0. */
  accuracyInconsistentHalf: number;
  /** Accuracy with only consistent correct pairs counted (= correctBoth / n). */
  accuracyInconsistentWrong: number;
}

function checkLengths(runs: TwoOrderRuns): number {
  const n = runs.labels.length;
  if (runs.original.length !== n || runs.swapped.length !== n) {
    throw new RangeError(`labels, original and swapped differ in length (${n}, ${runs.original.length}, ${runs.swapped.length})`);
  }
  return n;
}

export function positionConsistency(runs: TwoOrderRuns): PositionConsistency {
  const n = checkLengths(runs);
  let correctOriginal = 0, correctSwapped = 0, correctBoth = 0, equal = 0;
  let first = 0, second = 0, other = 0;
  for (let i = 0; i < n; i++) {
    const label = runs.labels[i];
    const wF = runs.original[i];
    const wT = runs.swapped[i];
    if (wF === label) correctOriginal++;
    if (wT === label) correctSwapped++;
    if (wF === label && wT === label) correctBoth++;
    if (wF === wT) equal++;
    // Original order shows output_1 first, the swapped order output_2 first.
    else if (wF === 1 && wT === 2) first++;
    else if (wF === 2 && wT === 1) second++;
    else other++;
  }
  const inconsistent = n - equal;
  return {
    n,
    correctOriginal,
    correctSwapped,
    correctBoth,
    equal,
    correctAverage: ((correctOriginal + correctSwapped) / 2 / n) * 100,
    firstPositionBias: first / n,
    secondPositionBias: second / n,
    inconsistentOther: other / n,
    accuracyInconsistentHalf: (correctBoth + 0.5 * inconsistent) / n,
    accuracyInconsistentWrong: correctBoth / n,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// LLMBar's kappa fields. evaluate.py maps each winner with `int(w) if w in ("0", "1") else 0`, i.e. "1" -> 1 and
// "2" or null -> 0, while the labels stay the ints 1 and 2; sklearn's cohen_kappa_score then runs on those codes.
// The published kappas therefore measure agreement on "picked output_1", not the label agreement their name
// suggests. Reproduced as published.

function llmbarKappaCode(w: Winner): number {
  return w === 1 ? 1 : 0;
}

/**
 * sklearn.metrics.cohen_kappa_score (unweighted): 1 − Σ_{i≠j} C_ij / Σ_{i≠j} E_ij with E = outer(column sums,
 * row sums) / N over the sorted union of labels. The denominator is summed over the flattened k×k matrix in NumPy's
 * order (see `_numpySumSmall`). A single label on both sides gives 0/0 = NaN, as sklearn returns with a warning.
 */
export function cohenKappa(y1: readonly number[], y2: readonly number[]): number {
  if (y1.length !== y2.length) throw new RangeError('cohenKappa: lengths differ');
  const labels = [...new Set([...y1, ...y2])].sort((a, b) => a - b);
  const k = labels.length;
  const index = new Map(labels.map((l, i) => [l, i] as const));
  const confusion = new Array<number>(k * k).fill(0);
  for (let i = 0; i < y1.length; i++) confusion[index.get(y1[i])! * k + index.get(y2[i])!]++;
  const colSums = new Array<number>(k).fill(0); // sum over axis 0
  const rowSums = new Array<number>(k).fill(0); // sum over axis 1
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      colSums[j] += confusion[i * k + j];
      rowSums[i] += confusion[i * k + j];
    }
  }
  const total = y1.length;
  let observedOff = 0;
  const expectedOff = new Array<number>(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      // np.outer(sum0, sum1) / N: expected[i][j] = colSums[i] · rowSums[j] / N; the weight matrix zeroes the diagonal.
      expectedOff[i * k + j] = i === j ? 0 : (colSums[i] * rowSums[j]) / total;
      if (i !== j) observedOff += confusion[i * k + j];
    }
  }
  return 1 - observedOff / _numpySumSmall(expectedOff);
}

/** np.sum of a contiguous float64 vector of at most 128 values (NumPy's unrolled 8-accumulator block). */
function _numpySumSmall(v: readonly number[]): number {
  const n = v.length;
  if (n < 8) {
    let s = 0;
    for (const x of v) s += x;
    return s;
  }
  if (n > 128) throw new RangeError('_numpySumSmall: more than 128 values');
  const r = v.slice(0, 8);
  let i = 8;
  for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] += v[i + j];
  let s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
  for (; i < n; i++) s += v[i];
  return s;
}

export interface LLMBarKappas {
  kappa_False: number;
  kappa_True: number;
  kappa_average: number;
  kappa_agreement: number;
}

export function llmbarKappas(runs: TwoOrderRuns): LLMBarKappas {
  checkLengths(runs);
  const codeF = runs.original.map(llmbarKappaCode);
  const codeT = runs.swapped.map(llmbarKappaCode);
  const labels = runs.labels.map((l) => l as number);
  const kappa_False = cohenKappa(codeF, labels);
  const kappa_True = cohenKappa(codeT, labels);
  return { kappa_False, kappa_True, kappa_average: (kappa_False + kappa_True) / 2, kappa_agreement: cohenKappa(codeF, codeT) };
}

// ---------------------------------------------------------------------------------------------------------------
// statistics.json as LLMBar writes it.

/**
 * Python's str()/repr() of a float (shortest round-trip digits): fixed notation for decimal exponents −4 … 15 with
 * at least one fractional digit ("95.0"), scientific otherwise ("1e-05", "1.5e+16"); "nan", "inf", "-inf".
 */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, expText] = x.toExponential().split('e'); // shortest digits that round-trip
  const exp = Number(expText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = negative ? '-' : '';
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : `${Math.abs(exp)}`;
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const frac = digits.slice(exp + 1);
  return `${sign}${intPart}.${frac || '0'}`;
}

/** The statistics.json object LLMBar's evaluate.py writes for one evaluator setting. */
export function llmbarStatistics(runs: TwoOrderRuns): Record<string, string | number> {
  const s = positionConsistency(runs);
  const ratio = (c: number) => `${c} / ${s.n} = ${pythonFloatRepr((c / s.n) * 100)}%`;
  return {
    correct_False: ratio(s.correctOriginal),
    correct_True: ratio(s.correctSwapped),
    correct_average: `${pythonFloatRepr(s.correctAverage)}%`,
    correct_both: ratio(s.correctBoth),
    equal: ratio(s.equal),
    ...llmbarKappas(runs),
  };
}
