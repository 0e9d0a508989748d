// Chance-corrected and raw agreement between raters on the same units, with percentile bootstrap intervals over
// resampled units (every coefficient of one report resamples the same units for a given seed).
//
// - Raw agreement: per unit with m ≥ 2 values, the share of the m(m − 1) ordered rater pairs that agree, averaged
//   over units (Fleiss' P̄, which for two raters is the share of units they agree on).
// - Cohen's κ (1960) for two raters on the units both rated; weighted κ (Cohen 1968) with linear |i − j| or quadratic
//   (i − j)² disagreement weights over the sorted categories, which is sklearn's `cohen_kappa_score(weights=…)`:
//   κ = 1 − Σ w·O / Σ w·E, with E the outer product of the two raters' marginals.
// - Fleiss' κ (1971) for a fixed number of ratings per unit: κ = (P̄ − P̄_e)/(1 − P̄_e), P̄_e = Σ_j p_j².
//   Units with no rating are left out; any other count that differs is an error (use Krippendorff's α there).
// - Krippendorff's α at any level, missing values allowed (krippendorff.ts).

import { createRng } from '../stats/rng.js';
import { checkLevel, checkRounds, percentileInterval, resampleIndices, type Interval } from './_resample.js';
import { krippendorffAlpha, type MeasurementLevel } from './krippendorff.js';
import { selectUnits, unitValues, type ReliabilityData } from './reliability.js';

export interface Coefficient {
  value: number;
  /** Units that entered the coefficient. */
  units: number;
  ci?: Interval;
}

export type KappaWeights = 'none' | 'linear' | 'quadratic';

export function rawAgreement(data: ReliabilityData): Coefficient {
  let sum = 0;
  let units = 0;
  for (let u = 0; u < data.units.length; u++) {
    const vals = unitValues(data, u);
    const m = vals.length;
    if (m < 2) continue;
    const counts = new Map<number, number>();
    for (const v of vals) counts.set(v, (counts.get(v) ?? 0) + 1);
    let agreeing = 0;
    for (const c of counts.values()) agreeing += c * (c - 1);
    sum += agreeing / (m * (m - 1));
    units++;
  }
  return { value: units ? sum / units : NaN, units };
}

/** Cohen's κ between raters `a` and `b` (indices into data.raters; default the first two). */
export function cohenKappa(data: ReliabilityData, options: { a?: number; b?: number; weights?: KappaWeights } = {}): Coefficient {
  const a = options.a ?? 0;
  const b = options.b ?? 1;
  const weights = options.weights ?? 'none';
  if (data.raters.length < 2) throw new RangeError("Cohen's κ needs two raters");
  for (const r of [a, b]) if (!(r >= 0 && r < data.raters.length)) throw new RangeError(`no rater ${r}`);
  const nU = data.units.length;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let u = 0; u < nU; u++) {
    const x = data.values[a * nU + u];
    const y = data.values[b * nU + u];
    if (!Number.isNaN(x) && !Number.isNaN(y)) {
      xs.push(x);
      ys.push(y);
    }
  }
  const n = xs.length;
  if (n === 0) return { value: NaN, units: 0 };
  const cats = Float64Array.from(new Set([...xs, ...ys])).sort();
  const k = cats.length;
  const index = new Map<number, number>();
  cats.forEach((c, i) => index.set(c, i));
  const observed = new Float64Array(k * k);
  const rowSum = new Float64Array(k);
  const colSum = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const p = index.get(xs[i]) as number;
    const q = index.get(ys[i]) as number;
    observed[p * k + q] += 1;
    rowSum[p] += 1;
    colSum[q] += 1;
  }
  let wObserved = 0;
  let wExpected = 0;
  for (let p = 0; p < k; p++) {
    for (let q = 0; q < k; q++) {
      // weights on category positions, not values, as sklearn does
      const w = weights === 'none' ? (p === q ? 0 : 1) : weights === 'linear' ? Math.abs(p - q) : (p - q) * (p - q);
      if (w === 0) continue;
      wObserved += w * observed[p * k + q];
      wExpected += (w * rowSum[p] * colSum[q]) / n;
    }
  }
  return { value: wExpected === 0 ? NaN : 1 - wObserved / wExpected, units: n };
}

export interface FleissKappa extends Coefficient {
  /** P̄: mean per-unit agreement; P̄_e: agreement expected by chance. */
  observed: number;
  expected: number;
  ratersPerUnit: number;
}

/** Fleiss' κ from reliability data (every rated unit must carry the same number of values, at least 2). */
export function fleissKappa(data: ReliabilityData): FleissKappa {
  const cats = new Map<number, number>();
  const rows: number[][] = [];
  for (let u = 0; u < data.units.length; u++) {
    const vals = unitValues(data, u);
    if (vals.length === 0) continue;
    rows.push(vals);
    for (const v of vals) if (!cats.has(v)) cats.set(v, cats.size);
  }
  const counts = rows.map((vals) => {
    const row = new Array<number>(cats.size).fill(0);
    for (const v of vals) row[cats.get(v) as number] += 1;
    return row;
  });
  return fleissKappaFromCounts(counts);
}

/** Fleiss' κ from a units × categories table of counts (each row the same total, the raters per unit). */
export function fleissKappaFromCounts(counts: ReadonlyArray<ArrayLike<number>>): FleissKappa {
  const N = counts.length;
  if (N === 0) return { value: NaN, units: 0, observed: NaN, expected: NaN, ratersPerUnit: 0 };
  const k = counts[0].length;
  let m = -1;
  const columnTotals = new Float64Array(k);
  let pBarSum = 0;
  counts.forEach((row, i) => {
    if (row.length !== k) throw new RangeError(`row ${i} has ${row.length} categories, row 0 has ${k}`);
    let total = 0;
    let squares = 0;
    for (let j = 0; j < k; j++) {
      total += row[j];
      squares += row[j] * row[j];
      columnTotals[j] += row[j];
    }
    if (m < 0) m = total;
    else if (total !== m) {
      throw new RangeError(`Fleiss' κ needs the same number of ratings per unit (unit ${i} has ${total}, unit 0 has ${m}); use Krippendorff's α`);
    }
    pBarSum += m > 1 ? (squares - m) / (m * (m - 1)) : NaN;
  });
  if (m < 2) throw new RangeError("Fleiss' κ needs at least two ratings per unit");
  const observed = pBarSum / N;
  let expected = 0;
  for (let j = 0; j < k; j++) {
    const p = columnTotals[j] / (N * m);
    expected += p * p;
  }
  const value = expected === 1 ? NaN : (observed - expected) / (1 - expected);
  return { value, units: N, observed, expected, ratersPerUnit: m };
}

export interface AgreementOptions {
  /** Krippendorff's α level(s) to report (default nominal). */
  levels?: MeasurementLevel[];
  /** Weights for Cohen's κ (default none). */
  kappaWeights?: KappaWeights;
  /** Bootstrap rounds over units; 0 = no intervals (default 0). */
  bootstrap?: number;
  seed?: number;
  confidence?: number;
}

export interface AgreementReport {
  raters: number;
  units: number;
  ratings: number;
  raw: Coefficient;
  /** Only for exactly two raters. */
  cohen?: Coefficient & { weights: KappaWeights };
  /** Only when every rated unit has the same number of ratings (≥ 2); otherwise the reason it was left out. */
  fleiss?: FleissKappa;
  fleissSkipped?: string;
  alpha: { level: MeasurementLevel; value: number; units: number; pairableValues: number; ci?: Interval }[];
  bootstrap?: { rounds: number; seed: number; confidence: number };
}

/** Every coefficient that applies to the data, with bootstrap intervals over units when `bootstrap` > 0. */
export function agreementReport(data: ReliabilityData, options: AgreementOptions = {}): AgreementReport {
  const levels = options.levels ?? ['nominal'];
  const kappaWeights = options.kappaWeights ?? 'none';
  const rounds = options.bootstrap ?? 0;
  const seed = options.seed ?? 0;
  const confidence = options.confidence ?? 0.95;
  let ratings = 0;
  for (const v of data.values) if (!Number.isNaN(v)) ratings++;

  type Stat = (d: ReliabilityData) => number;
  const stats: { name: string; fn: Stat }[] = [{ name: 'raw', fn: (d) => rawAgreement(d).value }];
  const report: AgreementReport = { raters: data.raters.length, units: data.units.length, ratings, raw: rawAgreement(data), alpha: [] };
  if (data.raters.length === 2) {
    report.cohen = { ...cohenKappa(data, { weights: kappaWeights }), weights: kappaWeights };
    stats.push({ name: 'cohen', fn: (d) => cohenKappa(d, { weights: kappaWeights }).value });
  }
  try {
    report.fleiss = fleissKappa(data);
    stats.push({ name: 'fleiss', fn: (d) => fleissKappa(d).value });
  } catch (e) {
    report.fleissSkipped = (e as Error).message;
  }
  for (const level of levels) {
    const a = krippendorffAlpha(data, level);
    report.alpha.push({ level, value: a.alpha, units: a.pairableUnits, pairableValues: a.pairableValues });
    stats.push({ name: `alpha:${level}`, fn: (d) => safeAlpha(d, level) });
  }
  if (rounds > 0) {
    checkRounds(rounds);
    checkLevel(confidence);
    const draws = stats.map(() => new Float64Array(rounds));
    const rng = createRng(seed);
    const picks = new Int32Array(data.units.length);
    for (let b = 0; b < rounds; b++) {
      resampleIndices(rng, data.units.length, picks);
      const sample = selectUnits(data, picks);
      stats.forEach((s, i) => (draws[i][b] = s.fn(sample)));
    }
    const ci = (name: string) => percentileInterval(draws[stats.findIndex((s) => s.name === name)], confidence);
    report.raw.ci = ci('raw');
    if (report.cohen) report.cohen.ci = ci('cohen');
    if (report.fleiss) report.fleiss.ci = ci('fleiss');
    for (const a of report.alpha) a.ci = ci(`alpha:${a.level}`);
    report.bootstrap = { rounds, seed, confidence };
  }
  return report;
}

/** α of a resample, NaN when the resample has no pairable unit (left out of the interval). */
function safeAlpha(d: ReliabilityData, level: MeasurementLevel): number {
  try {
    return krippendorffAlpha(d, level).alpha;
  } catch {
    return NaN;
  }
}
