// Tie-calibrated acc_23 / tau_23 grouped by item, on item resamples (the bootstrap), without rebuilding and
// re-sorting the pairs of every resample. Returns, for an index vector of items (repeats allowed), exactly the
// bits of `tieCalibratedKendall(resampleColumns(gold, [metric], numSys, items), …, averageBy 'item')`.
//
// Why it can be equal, not just close: grouped by item, a resample is a list of copies of original item
// groups. Group g (the g-th draw) holds the same pairs as its item, so the resample's pairs are the original
// pairs, each repeated once per draw of its item. The reference's sweep visits them stably sorted by |Δ|, so in
// the order (|Δ|, draw position g, pair index within the item). We sort the original pairs once by
// (|Δ|, item, pair index); within one run of equal |Δ|, the pairs of one item stay consecutive in both orders,
// and the resample visits them once per draw, draws in ascending position. Every copy of an item enters the run
// with the same counts (all earlier runs touched every copy alike), so each copy applies the same sequence of
// `total − tau(before) + tau(after)` steps. An item's counts change only through its own pairs, in the fixed
// sorted order, so these per-pair steps are constants: computed once, replayed at each draw position, positions
// merged across the run's items in ascending order. The total's float operations are then
// the reference's, one for one; the initial total is summed over draws in position order, as it sums groups.
// Thresholds: the value recorded for a |Δ| is the total after the run's last pair, and only runs with at least
// one drawn pair make a threshold; NaN |Δ| (metric NaN) sort last in (position, pair) order, one threshold each.
// Cost per resample: O(items + pairs · mean multiplicity) plus a small sort for runs shared by several drawn items.

import { type GoldVector, itemCount } from './grouping.js';
import { stableOrder } from './stable-order.js';
import { CON, DIS, pairCategory, TIE_BOTH, TIE_GOLD, TIE_METRIC, type TieCalibratedVariant } from './tie-calibration.js';

export interface ResampledTieCalibration {
  /** Best average tau (NaN when no drawn item has a pair). */
  tau: number;
  /** The smallest threshold reaching it. */
  epsilon: number;
  /** Drawn items with at least one pair (the averaging denominator). */
  groups: number;
  /** Rated cells in the resample, counting repeats. */
  cells: number;
}

/**
 * The pairs of a (systems × items) matrix grouped by item, sorted once; `at(items)` gives the tie-calibrated
 * value on any item resample. See the file comment for why it equals the direct computation bit for bit.
 */
export class ItemResampledTieCalibration {
  private readonly numItems: number;
  /** Rated cells per original item. */
  private readonly ratedPerItem: Int32Array;
  /** Per item: its tau before any metric tie, and whether it has a pair (pair total > 0). */
  private readonly initialTau: Float64Array;
  private readonly hasPairs: Uint8Array;
  /** Per sorted pair: the item's tau before and after the pair becomes a metric tie. */
  private readonly stepBefore: Float64Array;
  private readonly stepAfter: Float64Array;
  /**
   * Segments: maximal stretches of sorted pairs with one |Δ| and one item. Segment s is item segItem[s], pairs
   * [segStart[s], segStart[s+1]); run r (one |Δ|) is segments [runSeg[r], runSeg[r+1]) at threshold runDiff[r].
   * NaN pairs, when present, are the last run.
   */
  private readonly segItem: Int32Array;
  private readonly segStart: Int32Array;
  private readonly runSeg: Int32Array;
  private readonly runDiff: Float64Array;
  private readonly nanRun: boolean;

  // Scratch, reused by every call.
  private readonly mult: Int32Array;
  private readonly posStart: Int32Array;
  private readonly cursor: Int32Array;
  private readonly segOf: Int32Array;
  private positions = new Int32Array(0);
  private merged = new Int32Array(64);

  constructor(gold: GoldVector, metric: ArrayLike<number | null>, numSys: number, variant: TieCalibratedVariant = 'acc23') {
    if (gold.length !== metric.length) throw new RangeError(`length mismatch: gold ${gold.length}, metric ${metric.length}`);
    if (variant !== '23' && variant !== 'acc23') throw new RangeError('Only the *23 variants support epsilon optimization.');
    const nI = itemCount(gold.length, numSys);
    this.numItems = nI;
    const acc = variant === 'acc23';
    const rated = new Int32Array(nI);
    let maxPairs = 0;
    for (let i = 0; i < nI; i++) {
      let r = 0;
      for (let s = 0; s < numSys; s++) {
        const c = s * nI + i;
        if (gold[c] !== null && gold[c] !== undefined && metric[c] !== null && metric[c] !== undefined) r++;
      }
      rated[i] = r;
      maxPairs += (r * (r - 1)) / 2;
    }
    this.ratedPerItem = rated;
    const counts = new Float64Array(nI * 5);
    const pairTotal = new Float64Array(nI);
    const diff = new Float64Array(maxPairs);
    const item = new Int32Array(maxPairs);
    const cat = new Uint8Array(maxPairs);
    const hs = new Float64Array(numSys);
    const ms = new Float64Array(numSys);
    let P = 0;
    // Pairs enumerated item by item, (i < j) over rated cells in system order: the reference's order.
    for (let i = 0; i < nI; i++) {
      let r = 0;
      for (let s = 0; s < numSys; s++) {
        const c = s * nI + i;
        const h = gold[c];
        const m = metric[c];
        if (h === null || h === undefined || m === null || m === undefined) continue;
        hs[r] = h;
        ms[r++] = m;
      }
      for (let a = 0; a < r; a++) {
        for (let b = a + 1; b < r; b++) {
          const k = pairCategory(hs[a], hs[b], ms[a], ms[b]);
          diff[P] = Math.abs(ms[a] - ms[b]);
          item[P] = i;
          cat[P] = k;
          counts[i * 5 + (k & 7)]++;
          pairTotal[i]++;
          P++;
        }
      }
    }
    // The same float expression as tie-calibration.ts's tauOf.
    const tauOf = (i: number): number => {
      const o = i * 5;
      const num = acc ? counts[o + CON] + counts[o + TIE_BOTH] : counts[o + CON] + counts[o + TIE_BOTH] - counts[o + DIS] - counts[o + TIE_GOLD] - counts[o + TIE_METRIC];
      return num / pairTotal[i];
    };
    this.initialTau = new Float64Array(nI);
    this.hasPairs = new Uint8Array(nI);
    for (let i = 0; i < nI; i++) {
      if (pairTotal[i] > 0) {
        this.hasPairs[i] = 1;
        this.initialTau[i] = tauOf(i);
      }
    }
    const order = stableOrder(diff);
    this.stepBefore = new Float64Array(P);
    this.stepAfter = new Float64Array(P);
    const segItem: number[] = [];
    const segStart: number[] = [];
    const runSeg: number[] = [];
    const runDiff: number[] = [];
    let nanRun = false;
    let prevDiff = NaN;
    let prevItem = -1;
    for (let k = 0; k < P; k++) {
      const p = order[k];
      const d = diff[p];
      const it = item[p];
      const c = cat[p];
      this.stepBefore[k] = tauOf(it);
      counts[it * 5 + (c & 7)]--;
      counts[it * 5 + (c & 8 ? TIE_BOTH : TIE_METRIC)]++;
      this.stepAfter[k] = tauOf(it);
      const isNaN = d !== d;
      // Every NaN is its own threshold in the reference, but all NaN pairs share one draw-ordered run here.
      const newRun = k === 0 || (isNaN ? !nanRun : d !== prevDiff);
      if (newRun) {
        runSeg.push(segItem.length);
        runDiff.push(d);
        if (isNaN) nanRun = true;
      }
      if (newRun || it !== prevItem) {
        segItem.push(it);
        segStart.push(k);
      }
      prevDiff = d;
      prevItem = it;
    }
    segStart.push(P);
    runSeg.push(segItem.length);
    this.segItem = Int32Array.from(segItem);
    this.segStart = Int32Array.from(segStart);
    this.runSeg = Int32Array.from(runSeg);
    this.runDiff = Float64Array.from(runDiff);
    this.nanRun = nanRun;
    this.mult = new Int32Array(nI);
    this.posStart = new Int32Array(nI + 1);
    this.cursor = new Int32Array(nI);
    this.segOf = new Int32Array(nI);
  }

  /** The tie-calibrated value on the matrix made of item columns `items` (in that order, repeats allowed). */
  at(items: ArrayLike<number>): ResampledTieCalibration {
    const nI = this.numItems;
    const n = items.length;
    const { mult, posStart, cursor, segOf, initialTau, hasPairs, stepBefore, stepAfter, segItem, segStart, runSeg, runDiff } = this;
    mult.fill(0);
    let cells = 0;
    for (let g = 0; g < n; g++) {
      const it = items[g];
      if (!(it >= 0 && it < nI)) throw new RangeError(`item index ${it} outside 0…${nI - 1}`);
      mult[it]++;
      cells += this.ratedPerItem[it];
    }
    // Draw positions bucketed by item, ascending within each item.
    let acc = 0;
    for (let i = 0; i < nI; i++) {
      posStart[i] = acc;
      cursor[i] = acc;
      acc += mult[i];
    }
    posStart[nI] = acc;
    if (this.positions.length < n) this.positions = new Int32Array(n);
    const positions = this.positions;
    for (let g = 0; g < n; g++) positions[cursor[items[g]]++] = g;

    let numRows = 0;
    let total = 0;
    for (let g = 0; g < n; g++) {
      const it = items[g];
      if (hasPairs[it]) {
        numRows++;
        total += initialTau[it];
      }
    }
    // Thresholds as the reference records them: entry 0 is ε = 0 holding the initial value until a run at |Δ| = 0
    // overwrites it; the first maximum (NaN skipped) wins, as np.nanargmax. An entry's value is total / numRows;
    // division is monotone, so a total at most the best total cannot beat it and is not divided.
    if (numRows === 0) return { tau: NaN, epsilon: 0, groups: 0, cells };
    let entryEps = 0;
    let entryTotal = total;
    let haveBest = false;
    let bestTotal = 0;
    let bestVal = NaN;
    let bestEps = 0;
    const runs = runSeg.length - 1;
    for (let r = 0; r < runs; r++) {
      const s0 = runSeg[r];
      const s1 = runSeg[r + 1];
      let drawnSegs = 0;
      let drawnPositions = 0;
      let lastSeg = -1;
      for (let s = s0; s < s1; s++) {
        const m = mult[segItem[s]];
        if (m > 0) {
          drawnSegs++;
          drawnPositions += m;
          lastSeg = s;
        }
      }
      if (drawnSegs === 0) continue;
      const isNaNRun = this.nanRun && r === runs - 1;
      if (drawnSegs === 1 && !isNaNRun) {
        const it = segItem[lastSeg];
        const k0 = segStart[lastSeg];
        const k1 = segStart[lastSeg + 1];
        for (let p = mult[it]; p > 0; p--) {
          for (let k = k0; k < k1; k++) {
            total -= stepBefore[k];
            total += stepAfter[k];
          }
        }
      } else {
        // Positions of the run's drawn items, ascending: the order in which the resample meets their copies.
        if (drawnPositions > this.merged.length) this.merged = new Int32Array(Math.max(drawnPositions, 2 * this.merged.length));
        const merged = this.merged;
        let w = 0;
        for (let s = s0; s < s1; s++) {
          const it = segItem[s];
          segOf[it] = s;
          for (let p = posStart[it], pe = posStart[it + 1]; p < pe; p++) merged[w++] = positions[p];
        }
        if (w <= 32) {
          for (let a = 1; a < w; a++) {
            const v = merged[a];
            let b = a - 1;
            while (b >= 0 && merged[b] > v) {
              merged[b + 1] = merged[b];
              b--;
            }
            merged[b + 1] = v;
          }
        } else {
          merged.subarray(0, w).sort();
        }
        for (let t = 0; t < w; t++) {
          const s = segOf[items[merged[t]]];
          for (let k = segStart[s], k1 = segStart[s + 1]; k < k1; k++) {
            total -= stepBefore[k];
            total += stepAfter[k];
            if (isNaNRun) {
              // each NaN pair is a threshold of its own (NaN !== NaN)
              if (!haveBest || (entryTotal > bestTotal && entryTotal / numRows > bestVal)) {
                haveBest = true;
                bestTotal = entryTotal;
                bestVal = entryTotal / numRows;
                bestEps = entryEps;
              }
              entryEps = NaN;
              entryTotal = total;
            }
          }
        }
        if (isNaNRun) continue;
      }
      const d = runDiff[r];
      if (entryEps === d) entryTotal = total;
      else {
        if (!haveBest || (entryTotal > bestTotal && entryTotal / numRows > bestVal)) {
          haveBest = true;
          bestTotal = entryTotal;
          bestVal = entryTotal / numRows;
          bestEps = entryEps;
        }
        entryEps = d;
        entryTotal = total;
      }
    }
    if (!haveBest || (entryTotal > bestTotal && entryTotal / numRows > bestVal)) {
      bestTotal = entryTotal;
      bestVal = entryTotal / numRows;
      bestEps = entryEps;
    }
    return { tau: bestVal, epsilon: bestEps, groups: numRows, cells };
  }
}
