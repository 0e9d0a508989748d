// Krippendorff's α (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability"): α = 1 − D_o / D_e over the
// coincidence matrix of pairable values. A unit is pairable when at least two raters coded it; each of its m values
// is paired with the m − 1 others, every pair weighted 1/(m − 1), so a unit contributes m to the total n.
//
//   α = 1 − (n − 1) · Σ_ck o_ck δ²(c, k) / Σ_ck n_c n_k δ²(c, k)
//
// δ² for the four levels: nominal [c ≠ k]; ordinal (Σ_{g=c..k} n_g − (n_c + n_k)/2)² over the ordered values;
// interval (c − k)²; ratio ((c − k)/(c + k))². Missing values simply do not take part.
//
// Everything is computed from per-unit value counts with a weight per unit (1 for the estimate, the multiplicity of
// the unit in a bootstrap resample otherwise), so a bootstrap round costs one pass over the units, not a rebuild.
// Nominal and interval use closed forms of the sums (no V × V matrix, so continuous interval data of any size is
// fine): Σ_{i≠j}(v_i − v_j)² = 2·m·Σ(v_i − v̄)² within a unit and 2·n·Σ(v − v̄)² over all pairable values.

import { createRng } from '../stats/rng.js';
import { bootstrapSettings, percentileInterval, resampleIndices, type Interval } from './_resample.js';
import type { ReliabilityData } from './reliability.js';

export type MeasurementLevel = 'nominal' | 'ordinal' | 'interval' | 'ratio';
export const MEASUREMENT_LEVELS: readonly MeasurementLevel[] = ['nominal', 'ordinal', 'interval', 'ratio'];

export interface KrippendorffAlpha {
  alpha: number;
  level: MeasurementLevel;
  /** Units coded by at least two raters. */
  pairableUnits: number;
  /** n: the number of pairable values. */
  pairableValues: number;
  /** D_o and D_e (per pairable value); α = 1 − D_o / D_e. NaN α when D_e = 0 (a single value was ever used). */
  observedDisagreement: number;
  expectedDisagreement: number;
  /** Percentile bootstrap interval over resampled units, when asked for. */
  ci?: Interval;
  bootstrap?: { rounds: number; seed: number };
}

export interface AlphaBootstrapOptions {
  rounds?: number;
  seed?: number;
  confidence?: number;
}

/** The value counts of every pairable unit, in compressed rows over the sorted distinct values. */
interface UnitTable {
  domain: Float64Array; // ascending distinct pairable values
  start: Int32Array; // unit u's entries are start[u] … start[u+1]−1
  valueIndex: Int32Array;
  count: Float64Array;
  m: Float64Array; // values in the unit
  units: number;
}

export function krippendorffAlpha(data: ReliabilityData, level: MeasurementLevel = 'nominal', bootstrap?: AlphaBootstrapOptions): KrippendorffAlpha {
  if (!MEASUREMENT_LEVELS.includes(level)) throw new RangeError(`unknown level of measurement "${level}" (${MEASUREMENT_LEVELS.join(', ')})`);
  if (data.categories && level !== 'nominal' && level !== 'ordinal') {
    // label codes are positions, not magnitudes: differences and ratios of them mean nothing
    throw new RangeError(`${level} α needs numeric values; labels support nominal and ordinal`);
  }
  const table = unitTable(data);
  if (table.units === 0) throw new RangeError("Krippendorff's α needs at least one unit coded by two or more raters");
  const ones = new Float64Array(table.units).fill(1);
  const point = alphaFromTable(table, level, ones);
  const result: KrippendorffAlpha = { ...point, level, pairableUnits: table.units };
  if (bootstrap) {
    const { rounds, seed, confidence } = bootstrapSettings(bootstrap);
    const rng = createRng(seed);
    const picks = new Int32Array(table.units);
    const weights = new Float64Array(table.units);
    const alphas = new Float64Array(rounds);
    for (let b = 0; b < rounds; b++) {
      resampleIndices(rng, table.units, picks);
      weights.fill(0);
      for (let i = 0; i < picks.length; i++) weights[picks[i]] += 1;
      alphas[b] = alphaFromTable(table, level, weights).alpha;
    }
    result.ci = percentileInterval(alphas, confidence);
    result.bootstrap = { rounds, seed };
  }
  return result;
}

function unitTable(data: ReliabilityData): UnitTable {
  const nUnits = data.units.length;
  const perUnit: number[][] = [];
  const all: number[] = [];
  for (let u = 0; u < nUnits; u++) {
    const vals: number[] = [];
    for (let r = 0; r < data.raters.length; r++) {
      const v = data.values[r * nUnits + u];
      if (!Number.isNaN(v)) vals.push(v);
    }
    if (vals.length >= 2) {
      perUnit.push(vals);
      for (const v of vals) all.push(v);
    }
  }
  const domain = Float64Array.from(new Set(all)).sort();
  const index = new Map<number, number>();
  domain.forEach((v, i) => index.set(v, i));
  const start = new Int32Array(perUnit.length + 1);
  const valueIndex: number[] = [];
  const count: number[] = [];
  const m = new Float64Array(perUnit.length);
  perUnit.forEach((vals, u) => {
    const counts = new Map<number, number>();
    for (const v of vals) {
      const k = index.get(v) as number;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    for (const [k, c] of [...counts].sort((a, b) => a[0] - b[0])) {
      valueIndex.push(k);
      count.push(c);
    }
    m[u] = vals.length;
    start[u + 1] = valueIndex.length;
  });
  return { domain, start, valueIndex: Int32Array.from(valueIndex), count: Float64Array.from(count), m, units: perUnit.length };
}

type AlphaParts = Pick<KrippendorffAlpha, 'alpha' | 'pairableValues' | 'observedDisagreement' | 'expectedDisagreement'>;

function alphaFromTable(t: UnitTable, level: MeasurementLevel, weight: Float64Array): AlphaParts {
  switch (level) {
    case 'nominal':
      return nominalAlpha(t, weight);
    case 'interval':
      return intervalAlpha(t, weight);
    default:
      return matrixAlpha(t, level, weight);
  }
}

function finish(n: number, observedSum: number, expectedSum: number): AlphaParts {
  // observedSum = Σ o_ck δ², expectedSum = Σ n_c n_k δ² / (n − 1); both per pairable value after dividing by n
  const observedDisagreement = observedSum / n;
  const expectedDisagreement = expectedSum / n;
  const alpha = expectedSum === 0 ? NaN : 1 - observedSum / expectedSum;
  return { alpha, pairableValues: n, observedDisagreement, expectedDisagreement };
}

function nominalAlpha(t: UnitTable, weight: Float64Array): AlphaParts {
  const nc = new Float64Array(t.domain.length);
  let sameValuePairs = 0; // Σ_c o_cc
  let n = 0;
  for (let u = 0; u < t.units; u++) {
    const w = weight[u];
    if (w === 0) continue;
    let within = 0;
    for (let e = t.start[u]; e < t.start[u + 1]; e++) {
      const c = t.count[e];
      within += c * (c - 1);
      nc[t.valueIndex[e]] += w * c;
    }
    sameValuePairs += (w * within) / (t.m[u] - 1);
    n += w * t.m[u];
  }
  let sumSquares = 0;
  for (let c = 0; c < nc.length; c++) sumSquares += nc[c] * nc[c];
  // Σ_{c≠k} o_ck = n − Σ o_cc;  Σ_{c≠k} n_c n_k = n² − Σ n_c²
  return finish(n, n - sameValuePairs, (n * n - sumSquares) / (n - 1));
}

function intervalAlpha(t: UnitTable, weight: Float64Array): AlphaParts {
  // Shift by the unweighted mean of the domain first: the bootstrap's Σv² − (Σv)²/n then cancels less.
  let shift = 0;
  for (let i = 0; i < t.domain.length; i++) shift += t.domain[i];
  shift /= t.domain.length || 1;
  let observed = 0; // Σ_u m_u·SS_u/(m_u − 1), which is Σ o_ck (c − k)² / 2
  let n = 0;
  let s1 = 0;
  let s2 = 0;
  for (let u = 0; u < t.units; u++) {
    const w = weight[u];
    if (w === 0) continue;
    let mean = 0;
    for (let e = t.start[u]; e < t.start[u + 1]; e++) mean += t.count[e] * t.domain[t.valueIndex[e]];
    mean /= t.m[u];
    let ss = 0;
    for (let e = t.start[u]; e < t.start[u + 1]; e++) {
      const v = t.domain[t.valueIndex[e]];
      const d = v - mean;
      ss += t.count[e] * d * d;
      const x = v - shift;
      s1 += w * t.count[e] * x;
      s2 += w * t.count[e] * x * x;
    }
    observed += (w * t.m[u] * ss) / (t.m[u] - 1);
    n += w * t.m[u];
  }
  const ssAll = Math.max(0, s2 - (s1 * s1) / n);
  // both sides carry the same factor 2, which cancels
  return finish(n, observed, (n * ssAll) / (n - 1));
}

/** Ordinal and ratio: the V × V coincidence matrix and metric. */
function matrixAlpha(t: UnitTable, level: MeasurementLevel, weight: Float64Array): AlphaParts {
  const V = t.domain.length;
  const o = new Float64Array(V * V);
  const nc = new Float64Array(V);
  let n = 0;
  for (let u = 0; u < t.units; u++) {
    const w = weight[u];
    if (w === 0) continue;
    const scale = w / (t.m[u] - 1);
    for (let e = t.start[u]; e < t.start[u + 1]; e++) {
      const c = t.valueIndex[e];
      const cc = t.count[e];
      nc[c] += w * cc;
      for (let f = t.start[u]; f < t.start[u + 1]; f++) {
        const k = t.valueIndex[f];
        const ck = t.count[f];
        o[c * V + k] += scale * (c === k ? cc * (cc - 1) : cc * ck);
      }
    }
    n += w * t.m[u];
  }
  const delta = level === 'ordinal' ? ordinalDelta(nc) : ratioDelta(t.domain);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < V; c++) {
    for (let k = 0; k < V; k++) {
      const d = delta[c * V + k];
      if (d === 0) continue;
      observed += o[c * V + k] * d;
      expected += nc[c] * nc[k] * d;
    }
  }
  return finish(n, observed, expected / (n - 1));
}

function ordinalDelta(nc: Float64Array): Float64Array {
  const V = nc.length;
  const cum = new Float64Array(V + 1); // cum[i] = Σ_{g<i} n_g
  for (let g = 0; g < V; g++) cum[g + 1] = cum[g] + nc[g];
  const d = new Float64Array(V * V);
  for (let c = 0; c < V; c++) {
    for (let k = c + 1; k < V; k++) {
      const x = cum[k + 1] - cum[c] - (nc[c] + nc[k]) / 2;
      d[c * V + k] = d[k * V + c] = x * x;
    }
  }
  return d;
}

function ratioDelta(domain: Float64Array): Float64Array {
  const V = domain.length;
  const d = new Float64Array(V * V);
  for (let c = 0; c < V; c++) {
    for (let k = c + 1; k < V; k++) {
      const s = domain[c] + domain[k];
      const x = s === 0 ? 0 : (domain[c] - domain[k]) / s;
      d[c * V + k] = d[k * V + c] = x * x;
    }
  }
  return d;
}
