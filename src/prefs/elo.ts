// Online Elo as FastChat's `compute_elo` runs it over Arena battles in time order: every model starts at `init`,
// and after each battle both ratings move by K·(actual − expected) with the expectations taken from the ratings
// before the battle:
//   E_A = 1 / (1 + base^((R_B − R_A)/scale)),  E_B = 1 / (1 + base^((R_A − R_B)/scale)),
//   R_A += K·(S_A − E_A),  R_B += K·(1 − S_A − E_B),   S_A = 1 / 0 / 0.5 (tie) or a probability.
// Defaults K = 4, scale 400, base 10, init 1000. The result depends on battle order; FastChat's bootstrap for this
// rating system ("elo") resamples battles with replacement, replays them in the drawn order and reports the median
// of each model's rating over rounds, with a percentile interval.

import { createRng } from '../stats/rng.js';
import { bootstrapSettings, quantileSorted } from './_resample.js';
import { outcomeScore, type Battle } from './battles.js';

export interface EloOptions {
  k?: number;
  scale?: number;
  base?: number;
  init?: number;
}

export interface EloRating {
  model: string;
  rating: number;
  /** With bootstrap: the median over rounds (which FastChat reports as the rating), and a percentile interval. */
  median?: number;
  lower?: number;
  upper?: number;
  /** 1 + #models whose lower bound exceeds this upper bound (bootstrap), else 1 + #models rated higher. */
  rank: number;
  battles: number;
}

export interface EloResult {
  /** Sorted by rating (the online rating, or the bootstrap median when bootstrapped), highest first. */
  ratings: EloRating[];
  battles: number;
  options: Required<EloOptions>;
  bootstrap?: { rounds: number; seed: number; confidence: number };
}

interface Encoded {
  models: string[];
  a: Int32Array;
  b: Int32Array;
  score: Float64Array;
}

function encode(battles: Iterable<Battle>): Encoded {
  const index = new Map<string, number>();
  const id = (m: string): number => {
    let i = index.get(m);
    if (i === undefined) index.set(m, (i = index.size));
    return i;
  };
  const a: number[] = [];
  const b: number[] = [];
  const score: number[] = [];
  for (const x of battles) {
    a.push(id(x.modelA));
    b.push(id(x.modelB));
    score.push(outcomeScore(x.outcome));
  }
  return { models: [...index.keys()], a: Int32Array.from(a), b: Int32Array.from(b), score: Float64Array.from(score) };
}

/** Replays battles `order[0]`, `order[1]`, … (default all in input order) into `rating`. */
function replay(e: Encoded, o: Required<EloOptions>, rating: Float64Array, order?: Int32Array): void {
  rating.fill(o.init);
  const n = order ? order.length : e.a.length;
  for (let t = 0; t < n; t++) {
    const x = order ? order[t] : t;
    const i = e.a[x];
    const j = e.b[x];
    const ra = rating[i];
    const rb = rating[j];
    const ea = 1 / (1 + Math.pow(o.base, (rb - ra) / o.scale));
    const eb = 1 / (1 + Math.pow(o.base, (ra - rb) / o.scale));
    const sa = e.score[x];
    rating[i] = ra + o.k * (sa - ea);
    // a self-battle writes B after A, from the same starting rating, as FastChat's dict updates do
    rating[j] = (i === j ? rating[i] : rb) + o.k * (1 - sa - eb);
  }
}

export function onlineElo(battles: Iterable<Battle>, options: EloOptions = {}, bootstrap?: { rounds?: number; seed?: number; confidence?: number }): EloResult {
  const o: Required<EloOptions> = { k: 4, scale: 400, base: 10, init: 1000, ...options };
  if (!(o.k > 0) || !(o.scale > 0) || !(o.base > 1)) throw new RangeError('Elo needs k > 0, scale > 0 and base > 1');
  const e = encode(battles);
  const M = e.models.length;
  const rating = new Float64Array(M);
  replay(e, o, rating);
  const counts = new Float64Array(M);
  for (let t = 0; t < e.a.length; t++) {
    counts[e.a[t]]++;
    if (e.b[t] !== e.a[t]) counts[e.b[t]]++;
  }
  const rows: EloRating[] = e.models.map((model, m) => ({ model, rating: rating[m], rank: 0, battles: counts[m] }));
  const result: EloResult = { ratings: [], battles: e.a.length, options: o };
  let sortKey = rating;
  if (bootstrap) {
    const { rounds, seed, confidence } = bootstrapSettings(bootstrap);
    const rng = createRng(seed);
    const n = e.a.length;
    const order = new Int32Array(n);
    const draws = new Float64Array(rounds * M);
    const round = new Float64Array(M);
    for (let r = 0; r < rounds; r++) {
      for (let t = 0; t < n; t++) order[t] = rng.int(n);
      replay(e, o, round, order);
      draws.set(round, r * M);
    }
    const column = new Float64Array(rounds);
    const tail = (1 - confidence) / 2;
    const median = new Float64Array(M);
    rows.forEach((row, m) => {
      for (let r = 0; r < rounds; r++) column[r] = draws[r * M + m];
      column.sort();
      row.median = median[m] = quantileSorted(column, 0.5);
      row.lower = quantileSorted(column, tail);
      row.upper = quantileSorted(column, 1 - tail);
    });
    sortKey = median;
    result.bootstrap = { rounds, seed, confidence };
  }
  rows.forEach((row, m) => {
    let rank = 1;
    rows.forEach((other, q) => {
      if (q !== m && (bootstrap ? (other.lower as number) > (row.upper as number) : other.rating > row.rating)) rank++;
    });
    row.rank = rank;
  });
  result.ratings = rows.map((r, m) => [r, m] as const).sort((x, y) => sortKey[y[1]] - sortKey[x[1]] || x[1] - y[1]).map(([r]) => r);
  return result;
}
