// Calibration of probabilistic forecasts: reliability diagrams, expected calibration error, the Brier score with
// Murphy's decomposition, and temperature scaling of a scorer's margin into a preference probability.
//
// Conventions (the ones a reader can check against a reference):
// - Binning follows sklearn.calibration.calibration_curve. Equal-width edges are np.linspace(0, 1, B + 1), i.e.
//   edge i = i · (1/B) with the last edge exactly 1. Equal-mass edges are np.percentile(p, linspace(0, 1, B+1)·100)
//   (linear interpolation, NumPy's lerp). A forecast goes to bin `np.searchsorted(interior_edges, p)` (side left):
//   the bins are [e0, e1], (e1, e2], …, (e_{B-1}, e_B], so a forecast on an edge belongs to the lower bin and 0
//   belongs to the first bin (Guo et al.'s ECELoss leaves exactly 0 out of every bin; we do not).
//   With equal-mass edges ties in the data can leave bins empty.
// - ECE (Naeini et al. 2015; Guo et al. 2017): Σ_b (n_b/N)·|acc_b − conf_b| over non-empty bins, with conf_b the
//   mean forecast and acc_b the mean outcome of the bin. For top-label ECE of a classifier pass the top-label
//   confidence and whether that label was right.
// - Brier decomposition (Murphy 1973): BS = REL − RES + UNC when all forecasts in a bin are equal (group by
//   distinct value). With wider bins two more terms appear (Stephenson, Coelho & Jolliffe 2008):
//   BS = REL − RES + UNC + WBV − 2·WBC, within-bin variance and covariance; both are returned so the identity holds.
// - Temperature scaling (Guo et al. 2017) of a margin Δ = s(a) − s(b): P(a ≻ b) = σ(Δ / T), T fitted by minimising
//   the mean binary cross-entropy. The loss is convex in β = 1/T, so β is found by a bracketed Newton iteration.
// Sums run in input order within a bin and in bin order across bins (what np.bincount and a Python loop do).

export type BinStrategy = 'equal-width' | 'equal-mass';

export interface BinningOptions {
  /** Number of bins (default 10). */
  bins?: number;
  /** Default 'equal-width'. */
  strategy?: BinStrategy;
}

function checkProbabilities(p: ArrayLike<number>, what: string): void {
  for (let i = 0; i < p.length; i++) {
    const x = p[i];
    if (!(x >= 0 && x <= 1)) throw new RangeError(`${what}[${i}] = ${x} is not a probability in [0, 1]`);
  }
}

function checkSameLength(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) throw new RangeError(`forecasts and outcomes differ in length (${a.length}, ${b.length})`);
  if (a.length === 0) throw new RangeError('no forecasts');
}

function checkBinCount(bins: number): void {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be a positive integer, got ${bins}`);
}

/** np.linspace(0, 1, bins + 1): edge i = i · (1/bins), last edge exactly 1. */
export function equalWidthEdges(bins: number): Float64Array {
  checkBinCount(bins);
  const step = 1 / bins;
  const edges = new Float64Array(bins + 1);
  for (let i = 0; i < bins; i++) edges[i] = i * step;
  edges[bins] = 1;
  return edges;
}

/** np.percentile(values, np.linspace(0, 1, bins + 1) * 100) with the default linear method. */
export function equalMassEdges(values: ArrayLike<number>, bins: number): Float64Array {
  checkBinCount(bins);
  if (values.length === 0) throw new RangeError('no forecasts');
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const q = equalWidthEdges(bins);
  const edges = new Float64Array(bins + 1);
  for (let i = 0; i <= bins; i++) {
    // percentile divides the percentages by 100 again; the round trip can move q by an ulp, so do it the same way.
    const virtual = (n - 1) * ((q[i] * 100) / 100);
    if (virtual >= n - 1) {
      edges[i] = sorted[n - 1];
      continue;
    }
    const below = Math.floor(virtual);
    const t = virtual - below;
    const a = sorted[below];
    const b = sorted[below + 1];
    const diff = b - a;
    // NumPy's _lerp interpolates from the nearer end: exact at t = 1 and monotone.
    edges[i] = t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
  }
  return edges;
}

export function binEdges(forecasts: ArrayLike<number>, options: BinningOptions = {}): Float64Array {
  const bins = options.bins ?? 10;
  return (options.strategy ?? 'equal-width') === 'equal-width' ? equalWidthEdges(bins) : equalMassEdges(forecasts, bins);
}

/** np.searchsorted(edges[1:-1], p, side='left'): the number of interior edges strictly below p. */
export function binIndex(p: number, edges: ArrayLike<number>): number {
  let lo = 0;
  let hi = edges.length - 2; // interior edges are edges[1 .. length-2]
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid + 1] < p) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface ReliabilityBin {
  lower: number;
  upper: number;
  count: number;
  /** Mean forecast in the bin (NaN when empty). */
  meanConfidence: number;
  /** Mean outcome in the bin, the observed frequency (NaN when empty). */
  accuracy: number;
}

/** Per-bin counts, mean forecast and observed frequency; empty bins are kept with count 0 and NaN means. */
export function reliabilityDiagram(forecasts: ArrayLike<number>, outcomes: ArrayLike<number>, options: BinningOptions = {}): ReliabilityBin[] {
  checkSameLength(forecasts, outcomes);
  checkProbabilities(forecasts, 'forecasts');
  checkProbabilities(outcomes, 'outcomes');
  const edges = binEdges(forecasts, options);
  const bins = edges.length - 1;
  const count = new Float64Array(bins);
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  for (let i = 0; i < forecasts.length; i++) {
    const b = binIndex(forecasts[i], edges);
    count[b]++;
    sumP[b] += forecasts[i];
    sumY[b] += outcomes[i];
  }
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++) {
    out.push({
      lower: edges[b],
      upper: edges[b + 1],
      count: count[b],
      meanConfidence: count[b] ? sumP[b] / count[b] : NaN,
      accuracy: count[b] ? sumY[b] / count[b] : NaN,
    });
  }
  return out;
}

/** ECE = Σ_b (n_b / N) · |accuracy_b − meanConfidence_b| over the non-empty bins. */
export function expectedCalibrationError(forecasts: ArrayLike<number>, outcomes: ArrayLike<number>, options: BinningOptions = {}): number {
  const diagram = reliabilityDiagram(forecasts, outcomes, options);
  const n = forecasts.length;
  let ece = 0;
  for (const bin of diagram) if (bin.count > 0) ece += (bin.count / n) * Math.abs(bin.accuracy - bin.meanConfidence);
  return ece;
}

/** Mean squared difference between forecast and outcome (outcomes may be soft, in [0, 1]). */
export function brierScore(forecasts: ArrayLike<number>, outcomes: ArrayLike<number>): number {
  checkSameLength(forecasts, outcomes);
  checkProbabilities(forecasts, 'forecasts');
  checkProbabilities(outcomes, 'outcomes');
  let s = 0;
  for (let i = 0; i < forecasts.length; i++) {
    const d = forecasts[i] - outcomes[i];
    s += d * d;
  }
  return s / forecasts.length;
}

export interface BrierDecomposition {
  brier: number;
  /** (1/N) Σ_k n_k (f̄_k − ō_k)²: lower is better. */
  reliability: number;
  /** (1/N) Σ_k n_k (ō_k − ō)²: higher is better. */
  resolution: number;
  /** ō (1 − ō): the Brier score of always forecasting the base rate. */
  uncertainty: number;
  /** (1/N) Σ_k Σ_{i∈k} (f_i − f̄_k)²; 0 when every bin holds one forecast value. */
  withinBinVariance: number;
  /** (1/N) Σ_k Σ_{i∈k} (f_i − f̄_k)(o_i − ō_k); 0 when every bin holds one forecast value. */
  withinBinCovariance: number;
  /** Bins that hold at least one forecast. */
  bins: number;
}

/**
 * Murphy's decomposition of the Brier score for binary outcomes (0/1). `bins: 'distinct'` (the default) groups
 * equal forecasts, which makes BS = REL − RES + UNC exact up to rounding; a bin count groups by binning instead,
 * and then BS = REL − RES + UNC + WBV − 2·WBC.
 */
export function brierDecomposition(
  forecasts: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  options: { bins?: number | 'distinct'; strategy?: BinStrategy } = {},
): BrierDecomposition {
  checkSameLength(forecasts, outcomes);
  checkProbabilities(forecasts, 'forecasts');
  for (let i = 0; i < outcomes.length; i++) {
    if (outcomes[i] !== 0 && outcomes[i] !== 1) throw new RangeError(`outcomes[${i}] = ${outcomes[i]}: the decomposition needs binary outcomes`);
  }
  const n = forecasts.length;
  const binOf = new Int32Array(n);
  let binCount: number;
  const bins = options.bins ?? 'distinct';
  if (bins === 'distinct') {
    const values = [...new Set(Array.from(forecasts))].sort((a, b) => a - b);
    const index = new Map(values.map((v, i) => [v, i] as const));
    for (let i = 0; i < n; i++) binOf[i] = index.get(forecasts[i])!;
    binCount = values.length;
  } else {
    const edges = binEdges(forecasts, { bins, strategy: options.strategy });
    for (let i = 0; i < n; i++) binOf[i] = binIndex(forecasts[i], edges);
    binCount = bins;
  }
  const count = new Float64Array(binCount);
  const sumF = new Float64Array(binCount);
  const sumO = new Float64Array(binCount);
  let totalO = 0;
  for (let i = 0; i < n; i++) {
    count[binOf[i]]++;
    sumF[binOf[i]] += forecasts[i];
    sumO[binOf[i]] += outcomes[i];
    totalO += outcomes[i];
  }
  const base = totalO / n;
  const meanF = new Float64Array(binCount);
  const meanO = new Float64Array(binCount);
  let rel = 0, res = 0, used = 0;
  for (let k = 0; k < binCount; k++) {
    if (!count[k]) continue;
    used++;
    meanF[k] = sumF[k] / count[k];
    meanO[k] = sumO[k] / count[k];
    rel += count[k] * (meanF[k] - meanO[k]) ** 2;
    res += count[k] * (meanO[k] - base) ** 2;
  }
  let wbv = 0, wbc = 0, brier = 0;
  for (let i = 0; i < n; i++) {
    const k = binOf[i];
    const df = forecasts[i] - meanF[k];
    wbv += df * df;
    wbc += df * (outcomes[i] - meanO[k]);
    brier += (forecasts[i] - outcomes[i]) ** 2;
  }
  return {
    brier: brier / n,
    reliability: rel / n,
    resolution: res / n,
    uncertainty: base * (1 - base),
    withinBinVariance: wbv / n,
    withinBinCovariance: wbc / n,
    bins: used,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Margins to probabilities.

/** The logistic function without overflow: exp is only ever taken of a non-positive number. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** log(1 + e^x) without overflow or loss of precision for large |x|. */
function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/**
 * P(a ≻ b) = σ(Δ / T) for a scorer margin Δ = s(a) − s(b) (Bradley–Terry with temperature T). T = Infinity gives
 * 1/2 everywhere (no signal); T = 0 gives the hard decision 1, 0, or 1/2 for Δ = 0.
 */
export function marginToProbability(margin: number, temperature = 1): number {
  if (!(temperature >= 0)) throw new RangeError(`temperature must be ≥ 0, got ${temperature}`);
  if (temperature === 0) return margin > 0 ? 1 : margin < 0 ? 0 : 0.5;
  if (temperature === Infinity) return 0.5;
  return sigmoid(margin / temperature);
}

/** P(a ≻ b) from the two scores: marginToProbability(scoreA − scoreB, T). */
export function preferenceProbability(scoreA: number, scoreB: number, temperature = 1): number {
  return marginToProbability(scoreA - scoreB, temperature);
}

function checkLabels(labels: ArrayLike<number>, margins: ArrayLike<number>): void {
  if (labels.length !== margins.length) throw new RangeError(`margins and labels differ in length (${margins.length}, ${labels.length})`);
  if (labels.length === 0) throw new RangeError('no margins');
  checkProbabilities(labels, 'labels');
  for (let i = 0; i < margins.length; i++) if (!Number.isFinite(margins[i])) throw new RangeError(`margins[${i}] = ${margins[i]} is not finite`);
}

/** Mean negative log-likelihood of (soft) labels y ∈ [0, 1] under σ(β·Δ): mean of y·softplus(−βΔ) + (1−y)·softplus(βΔ). */
function nllAtBeta(margins: ArrayLike<number>, labels: ArrayLike<number>, beta: number): number {
  let s = 0;
  for (let i = 0; i < margins.length; i++) {
    const z = beta * margins[i];
    const y = labels[i];
    s += y * softplus(-z) + (1 - y) * softplus(z);
  }
  return s / margins.length;
}

/** Mean NLL of the labels under P = σ(Δ / T) (natural log); T = Infinity gives ln 2. */
export function temperatureNll(margins: ArrayLike<number>, labels: ArrayLike<number>, temperature: number): number {
  checkLabels(labels, margins);
  if (!(temperature > 0)) throw new RangeError(`temperature must be > 0, got ${temperature}`);
  return nllAtBeta(margins, labels, 1 / temperature);
}

export interface TemperatureFit {
  /** The fitted T (Infinity when the margins carry no signal, 0 when they separate the labels). */
  temperature: number;
  /** Mean NLL at the fitted temperature. */
  nll: number;
  /**
   * 'converged': an interior optimum. 'no-signal': the NLL does not decrease from β = 1/T = 0 (margins
   * uncorrelated with or opposed to the labels), so T = Infinity. 'separable': the NLL keeps decreasing as T → 0
   * (every positive margin has label 1 and every negative one label 0), so T = 0.
   */
  status: 'converged' | 'no-signal' | 'separable';
  iterations: number;
}

/**
 * Fit T in σ(Δ / T) by minimising the mean binary cross-entropy over β = 1/T ≥ 0. The loss is convex in β with
 * derivative g(β) = mean((σ(βΔ) − y)·Δ) and second derivative mean(σ(1−σ)·Δ²), so the optimum is the root of g:
 * bracket it by doubling, then Newton steps, falling back to bisection when a step leaves the bracket.
 */
export function fitTemperature(margins: ArrayLike<number>, labels: ArrayLike<number>, options: { maxIterations?: number } = {}): TemperatureFit {
  checkLabels(labels, margins);
  const maxIterations = options.maxIterations ?? 200;
  const n = margins.length;
  const gradient = (beta: number): [number, number] => {
    let g = 0, h = 0;
    for (let i = 0; i < n; i++) {
      const p = sigmoid(beta * margins[i]);
      g += (p - labels[i]) * margins[i];
      h += p * (1 - p) * margins[i] * margins[i];
    }
    return [g / n, h / n];
  };
  let iterations = 0;
  const [g0] = gradient(0);
  if (g0 >= 0) return { temperature: Infinity, nll: Math.LN2, status: 'no-signal', iterations };
  // Decided exactly rather than by watching g: in floating point σ(βΔ) saturates to 1 and g reads 0 long before
  // the limit. The NLL decreases for ever iff every positive margin has label 1 and every negative margin label 0
  // (zero margins cost ln 2 whatever T is).
  let separable = true;
  let zeros = 0;
  for (let i = 0; i < n; i++) {
    if (margins[i] > 0 ? labels[i] !== 1 : margins[i] < 0 ? labels[i] !== 0 : false) separable = false;
    if (margins[i] === 0) zeros++;
  }
  if (separable) return { temperature: 0, nll: (zeros * Math.LN2) / n, status: 'separable', iterations };
  // Otherwise some term (σ(βΔ) − y)Δ tends to a positive limit, so doubling β reaches g > 0.
  let lo = 0;
  let hi = 1;
  for (;;) {
    iterations++;
    const [g] = gradient(hi);
    if (g >= 0) break;
    lo = hi;
    hi *= 2;
    if (!Number.isFinite(hi)) throw new RangeError('fitTemperature: could not bracket the optimum');
  }
  let beta = (lo + hi) / 2;
  for (; iterations < maxIterations; iterations++) {
    const [g, h] = gradient(beta);
    if (g === 0) break;
    if (g < 0) lo = beta;
    else hi = beta;
    let next = h > 0 ? beta - g / h : NaN;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - beta) <= 4 * Number.EPSILON * beta) {
      beta = next;
      break;
    }
    beta = next;
  }
  return { temperature: 1 / beta, nll: nllAtBeta(margins, labels, beta), status: 'converged', iterations };
}
