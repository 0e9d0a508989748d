// Reading a best-of-n curve for over-optimisation (Gao, Schulman & Hilton 2023):
//  - the gold gain over n = 1 as a function of d = √KL_bon is fitted by gain(d) = d·(α − β·d) (their best-of-n
//    functional form), by ordinary least squares on the two coefficients; the fitted curve peaks at d* = α / (2β)
//    when β > 0;
//  - the Goodhart point is the n where the estimated gold score is highest (the smallest such n on ties): past it,
//    selecting harder on the proxy makes the gold score worse;
//  - the proxy–gold gap compares the two gains on a common scale: each gain divided by the standard deviation of
//    that score over all candidates (pooled over prompts), so "proxy went up 1 sd while gold went up 0.2 sd" reads
//    directly. The raw gains are reported too.

import { klBestOfN, nForKl, type BestOfNCurve } from './best-of-n.js';

export interface GoldGainFit {
  alpha: number;
  beta: number;
  /** Root mean squared residual of the fit over the n used. */
  rmse: number;
  /** d* = α / (2β) and its KL and nearest n, when β > 0 (else null: the fit never turns down). */
  peak: { d: number; kl: number; n: number; gain: number } | null;
}

/** Least-squares fit of gain = α·d − β·d² through the origin. */
export function fitGoldGain(d: ArrayLike<number>, gain: ArrayLike<number>): GoldGainFit {
  if (d.length !== gain.length) throw new RangeError('d and gain differ in length');
  // Normal equations for the columns [d, −d²].
  let s11 = 0, s12 = 0, s22 = 0, b1 = 0, b2 = 0;
  for (let i = 0; i < d.length; i++) {
    const x1 = d[i], x2 = -d[i] * d[i];
    s11 += x1 * x1;
    s12 += x1 * x2;
    s22 += x2 * x2;
    b1 += x1 * gain[i];
    b2 += x2 * gain[i];
  }
  const det = s11 * s22 - s12 * s12;
  if (!(Math.abs(det) > 0)) throw new RangeError('gold-gain fit needs at least two distinct n > 1');
  const alpha = (b1 * s22 - b2 * s12) / det;
  const beta = (s11 * b2 - s12 * b1) / det;
  let ss = 0;
  for (let i = 0; i < d.length; i++) ss += (gain[i] - d[i] * (alpha - beta * d[i])) ** 2;
  let peak: GoldGainFit['peak'] = null;
  if (beta > 0) {
    const dStar = alpha / (2 * beta);
    const kl = dStar * dStar;
    peak = { d: dStar, kl, n: nForKl(kl), gain: dStar * (alpha - beta * dStar) };
  }
  return { alpha, beta, rmse: Math.sqrt(ss / d.length), peak };
}

export interface OveroptimizationReport {
  n: number[];
  kl: number[];
  /** d = √KL. */
  d: number[];
  proxy: number[];
  gold: number[];
  proxyGain: number[];
  goldGain: number[];
  /** proxyGain / sd(proxy) − goldGain / sd(gold); NaN when a scale is 0 or unknown. */
  standardizedGap: number[];
  fit: GoldGainFit;
  /** The fitted gold curve gold[n=1] + d·(α − β·d) at each n (what a report draws beside the estimates). */
  fittedGold: number[];
  /** n with the highest estimated gold score (smallest on ties) and that score. */
  goodhart: { n: number; gold: number };
}

export function overoptimizationReport(curve: BestOfNCurve, scales: { proxySd?: number; goldSd?: number } = {}): OveroptimizationReport {
  const len = curve.n.length;
  const n = Array.from(curve.n);
  const kl = n.map(klBestOfN);
  const d = kl.map(Math.sqrt);
  const proxy = Array.from(curve.proxy);
  const gold = Array.from(curve.gold);
  const proxyGain = proxy.map((v) => v - proxy[0]);
  const goldGain = gold.map((v) => v - gold[0]);
  const ps = scales.proxySd ?? NaN, gs = scales.goldSd ?? NaN;
  const standardizedGap = proxyGain.map((p, k) => (ps > 0 && gs > 0 ? p / ps - goldGain[k] / gs : NaN));
  let best = 0;
  for (let k = 1; k < len; k++) if (gold[k] > gold[best]) best = k;
  const fit = fitGoldGain(d.slice(1), goldGain.slice(1));
  return {
    n,
    kl,
    d,
    proxy,
    gold,
    proxyGain,
    goldGain,
    standardizedGap,
    fit,
    fittedGold: d.map((x) => gold[0] + x * (fit.alpha - fit.beta * x)),
    goodhart: { n: n[best], gold: gold[best] },
  };
}

/** Population standard deviation of every finite value in the sets (the pooled scale of a score). */
export function pooledStd(sets: readonly ArrayLike<number>[]): number {
  let n = 0, sum = 0;
  for (const s of sets) for (let i = 0; i < s.length; i++) if (Number.isFinite(s[i])) (sum += s[i]), n++;
  if (n === 0) return NaN;
  const mean = sum / n;
  let ss = 0;
  for (const s of sets) for (let i = 0; i < s.length; i++) if (Number.isFinite(s[i])) ss += (s[i] - mean) ** 2;
  return Math.sqrt(ss / n);
}
