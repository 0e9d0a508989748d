// A stable ascending order of double keys: what Python's `list.sort(key=…)` gives, which tie calibration
// must follow pair by pair to reproduce the reference's floating-point accumulation. -0 equals +0 (as under
// Python's `<`); NaN keys go last in index order (Python's order for them is an accident of its merge
// algorithm; last is our documented choice). Small inputs use the engine's stable comparison sort. Large ones
// radix-sort the top 32 bits of an order-preserving 64-bit key (3 passes of 11 bits, ~1.7x faster than a
// native BigUint64Array sort at 1e5 keys); keys sharing their top 32 bits — equal values, or values within
// ~1e-6 relative of each other — are then put in order by their low bits, index breaking ties.

const RADIX_MIN = 2048;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function compareSort(keys: Float64Array): Uint32Array {
  const order = new Uint32Array(keys.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => {
    const x = keys[a];
    const y = keys[b];
    if (x < y) return -1;
    if (x > y) return 1;
    const xNaN = x !== x;
    const yNaN = y !== y;
    if (xNaN !== yNaN) return xNaN ? 1 : -1;
    return a - b;
  });
  return order;
}

/** Order-preserving 64-bit keys (hi, lo words): flip the sign bit of non-negatives, all bits of negatives. */
function sortableBits(keys: Float64Array): [Uint32Array<ArrayBuffer>, Uint32Array<ArrayBuffer>] {
  const n = keys.length;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  const words = new Uint32Array(keys.buffer, keys.byteOffset, 2 * n);
  const H = LITTLE_ENDIAN ? 1 : 0;
  const L = LITTLE_ENDIAN ? 0 : 1;
  for (let i = 0; i < n; i++) {
    const v = keys[i];
    let h = words[2 * i + H];
    let l = words[2 * i + L];
    if (v !== v) {
      h = 0x7ff80000; // one canonical positive NaN: above +Infinity after the flip
      l = 0;
    } else if (v === 0) {
      h = 0; // -0 → +0
      l = 0;
    }
    if (h >>> 31) {
      hi[i] = ~h >>> 0;
      lo[i] = ~l >>> 0;
    } else {
      hi[i] = (h | 0x80000000) >>> 0;
      lo[i] = l;
    }
  }
  return [hi, lo];
}

/**
 * Stable order of indices by a 32-bit key: LSD radix, 3 passes of 11 bits, keys carried along (sequential
 * reads); the three digit histograms are counted in one read. Takes ownership of `key` (it is permuted).
 * Returns the order and the keys in that order.
 */
function radixOrder32(key: Uint32Array<ArrayBuffer>): [Uint32Array<ArrayBuffer>, Uint32Array<ArrayBuffer>] {
  const n = key.length;
  let keys = key;
  let keysNext = new Uint32Array(n);
  let order = new Uint32Array(n);
  let orderNext = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const counts = new Uint32Array(3 * 2048);
  for (let i = 0; i < n; i++) {
    const k = keys[i];
    counts[k & 0x7ff]++;
    counts[2048 + ((k >>> 11) & 0x7ff)]++;
    counts[4096 + (k >>> 22)]++;
  }
  for (let pass = 0; pass < 3; pass++) {
    const shift = 11 * pass;
    const base = 2048 * pass;
    if (counts[base + ((keys[0] >>> shift) & 0x7ff)] === n) continue; // one digit value: nothing moves
    let sum = 0;
    for (let d = base; d < base + 2048; d++) {
      const c = counts[d];
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const k = keys[i];
      const to = counts[base + ((k >>> shift) & 0x7ff)]++;
      keysNext[to] = k;
      orderNext[to] = order[i];
    }
    let t = keys;
    keys = keysNext;
    keysNext = t;
    t = order;
    order = orderNext;
    orderNext = t;
  }
  return [order, keys];
}

function radixSort(keys: Float64Array): Uint32Array {
  const n = keys.length;
  const [hi, lo] = sortableBits(keys);
  const [order, sortedHi] = radixOrder32(hi);
  // Runs with equal top bits are in index order; reorder them by the low bits where those are not already ascending.
  let start = 0;
  while (start < n) {
    const h = sortedHi[start];
    let end = start + 1;
    while (end < n && sortedHi[end] === h) end++;
    if (end - start > 1) {
      let sorted = true;
      for (let k = start + 1; k < end && sorted; k++) sorted = lo[order[k]] >= lo[order[k - 1]];
      if (!sorted) {
        const run = order.subarray(start, end);
        run.set(Uint32Array.from(run).sort((a, b) => lo[a] - lo[b] || a - b));
      }
    }
    start = end;
  }
  return order;
}

/** Indices 0…n−1 sorted by `keys` ascending, equal keys in index order, NaN last. */
export function stableOrder(keys: Float64Array): Uint32Array {
  return keys.length < RADIX_MIN ? compareSort(keys) : radixSort(keys);
}
