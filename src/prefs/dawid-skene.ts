// Dawid & Skene (1979), "Maximum likelihood estimation of observer error-rates using the EM algorithm": every item has
// a latent true class j (prior p_j); annotator k reports class l for an item of class j with probability π_k[j][l],
// independently. An annotator may label one item several times (the paper's anaesthetist 1 assessed each patient
// three times); all labels count.
//
// EM as in the paper: start from item-class weights T, then repeat (M-step, E-step):
//   M: p_j = mean_i T_ij;  π_k[j][l] = Σ_i T_ij n_ikl / Σ_i T_ij n_ik·   (eqs. 2.3, 2.4)
//   E: T_ij ∝ p_j Π_k Π_l π_k[j][l]^n_ikl                              (eq. 2.5; here in log space)
// Initial T (`init`):
//   - 'vote-share' (default): T_ij = the share of item i's labels that say j, the paper's eq. 3.1. On the paper's
//     Table 1 data this reaches the published marginals p = (0.40, 0.42, 0.11, 0.07): 0.3996, 0.4220, 0.1118, 0.0667
//     after 15 iterations.
//   - 'majority': T_ij = 1 for the most frequent label (ties → the lowest class), 0 elsewhere. Hard starts can stall
//     in another local maximum: on the same data it ends at p = (0.3997, 0.4670, 0.1111, 0.0222).
// Convergence: after an iteration, stop when no class marginal and no error rate moved by more than `tolerance`
// (default 1e-6) since the previous one, or after `maxIterations` (default 100). The marginals and error rates
// reported are the last M-step's; the posteriors and labels the E-step that follows it.

export interface LabelObservation {
  item: string;
  annotator: string;
  label: string | number;
}

export interface DawidSkeneOptions {
  init?: 'vote-share' | 'majority';
  maxIterations?: number;
  tolerance?: number;
  /** Class order (default: numbers ascending, else labels in code-point order). */
  classes?: ReadonlyArray<string | number>;
}

export interface DawidSkeneResult {
  classes: string[];
  items: string[];
  annotators: string[];
  /** p_j. */
  classMarginals: Float64Array;
  /** π: annotator-major, errorRates[(k * J + j) * J + l] = P(annotator k says l | true class j). */
  errorRates: Float64Array;
  /** P(item i is class j), items × classes. */
  posteriors: Float64Array;
  /** The most probable class of each item (ties → the lowest class). */
  labels: string[];
  iterations: number;
  converged: boolean;
  /** log-likelihood of the final parameters (eq. 2.7). */
  logLikelihood: number;
}

export function dawidSkene(observations: Iterable<LabelObservation>, options: DawidSkeneOptions = {}): DawidSkeneResult {
  const init = options.init ?? 'vote-share';
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-6;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) throw new RangeError(`maxIterations must be a positive integer, got ${maxIterations}`);
  const { items, annotators, classes, counts } = countLabels(observations, options.classes);
  const I = items.length;
  const K = annotators.length;
  const J = classes.length;
  if (I === 0) throw new RangeError('Dawid–Skene needs at least one label');

  let T = initialWeights(counts, I, K, J, init);
  let p: Float64Array = new Float64Array(J);
  let pi: Float64Array = new Float64Array(K * J * J);
  let prevP: Float64Array | undefined;
  let prevPi: Float64Array | undefined;
  let iterations = 0;
  let converged = false;
  let logLikelihood = NaN;
  while (iterations < maxIterations) {
    iterations++;
    [p, pi] = mStep(counts, T, I, K, J);
    ({ T, logLikelihood } = eStep(counts, p, pi, I, K, J));
    if (prevP && prevPi && maxAbsChange(p, prevP) <= tolerance && maxAbsChange(pi, prevPi) <= tolerance) {
      converged = true;
      break;
    }
    prevP = p;
    prevPi = pi;
  }
  const labels = items.map((_, i) => {
    let best = 0;
    for (let j = 1; j < J; j++) if (T[i * J + j] > T[i * J + best]) best = j;
    return classes[best];
  });
  return { classes, items, annotators, classMarginals: p, errorRates: pi, posteriors: T, labels, iterations, converged, logLikelihood };
}

/** n_ikl: how often annotator k gave item i label l; items × annotators × classes. */
function countLabels(observations: Iterable<LabelObservation>, classOrder?: ReadonlyArray<string | number>) {
  const itemIndex = new Map<string, number>();
  const annIndex = new Map<string, number>();
  const rows: [number, number, string | number][] = [];
  for (const o of observations) {
    let i = itemIndex.get(o.item);
    if (i === undefined) itemIndex.set(o.item, (i = itemIndex.size));
    let k = annIndex.get(o.annotator);
    if (k === undefined) annIndex.set(o.annotator, (k = annIndex.size));
    rows.push([i, k, o.label]);
  }
  let classes: (string | number)[];
  if (classOrder) classes = [...classOrder];
  else {
    const seen = [...new Set(rows.map((r) => r[2]))];
    classes = seen.every((c) => typeof c === 'number')
      ? (seen as number[]).sort((a, b) => a - b)
      : seen.map(String).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
  const classIndex = new Map(classes.map((c, j) => [String(c), j]));
  const I = itemIndex.size;
  const K = annIndex.size;
  const J = classes.length;
  const counts = new Float64Array(I * K * J);
  for (const [i, k, label] of rows) {
    const j = classIndex.get(String(label));
    if (j === undefined) throw new RangeError(`label ${JSON.stringify(label)} is not one of the classes`);
    counts[(i * K + k) * J + j] += 1;
  }
  return { items: [...itemIndex.keys()], annotators: [...annIndex.keys()], classes: classes.map(String), counts };
}

function initialWeights(counts: Float64Array, I: number, K: number, J: number, init: 'vote-share' | 'majority'): Float64Array {
  if (init !== 'vote-share' && init !== 'majority') throw new RangeError(`init must be vote-share or majority, got "${init}"`);
  const T = new Float64Array(I * J);
  for (let i = 0; i < I; i++) {
    const votes = new Float64Array(J);
    let total = 0;
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < J; j++) {
        votes[j] += counts[(i * K + k) * J + j];
        total += counts[(i * K + k) * J + j];
      }
    }
    if (init === 'vote-share') {
      for (let j = 0; j < J; j++) T[i * J + j] = votes[j] / total;
    } else {
      let best = 0;
      for (let j = 1; j < J; j++) if (votes[j] > votes[best]) best = j;
      T[i * J + best] = 1;
    }
  }
  return T;
}

function mStep(counts: Float64Array, T: Float64Array, I: number, K: number, J: number): [Float64Array, Float64Array] {
  const p = new Float64Array(J);
  for (let i = 0; i < I; i++) for (let j = 0; j < J; j++) p[j] += T[i * J + j];
  for (let j = 0; j < J; j++) p[j] /= I;
  const pi = new Float64Array(K * J * J);
  for (let i = 0; i < I; i++) {
    for (let k = 0; k < K; k++) {
      const base = (i * K + k) * J;
      for (let j = 0; j < J; j++) {
        const t = T[i * J + j];
        if (t === 0) continue;
        for (let l = 0; l < J; l++) pi[(k * J + j) * J + l] += t * counts[base + l];
      }
    }
  }
  for (let kj = 0; kj < K * J; kj++) {
    let s = 0;
    for (let l = 0; l < J; l++) s += pi[kj * J + l];
    // an annotator never seen on class-j items keeps a zero row: it then says nothing about class j
    if (s > 0) for (let l = 0; l < J; l++) pi[kj * J + l] /= s;
  }
  return [p, pi];
}

function eStep(counts: Float64Array, p: Float64Array, pi: Float64Array, I: number, K: number, J: number): { T: Float64Array; logLikelihood: number } {
  const T = new Float64Array(I * J);
  const logPi = pi.map(Math.log);
  let logLikelihood = 0;
  const lw = new Float64Array(J);
  for (let i = 0; i < I; i++) {
    let max = -Infinity;
    for (let j = 0; j < J; j++) {
      let s = Math.log(p[j]);
      for (let k = 0; k < K; k++) {
        const base = (i * K + k) * J;
        for (let l = 0; l < J; l++) {
          const n = counts[base + l];
          if (n !== 0) s += n * logPi[(k * J + j) * J + l]; // 0^0 = 1: unseen labels contribute nothing
        }
      }
      lw[j] = s;
      if (s > max) max = s;
    }
    let z = 0;
    for (let j = 0; j < J; j++) z += Math.exp(lw[j] - max);
    for (let j = 0; j < J; j++) T[i * J + j] = Math.exp(lw[j] - max) / z;
    logLikelihood += max + Math.log(z);
  }
  return { T, logLikelihood };
}

function maxAbsChange(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
