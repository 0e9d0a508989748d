// Longest common subsequences of integer id sequences, the two ways ROUGE needs them (rouge.ts):
//  - `lcsLength` for ROUGE-L: only the length, by a bit-parallel recurrence;
//  - `markLcsPositions` for ROUGE-Lsum: WHICH target positions one LCS uses, read back from the full table with
//    rouge-score's own tie-breaking, since that choice decides the summary-level union and so the score.
// Ids are small dense integers (per-item renumbering in rouge.ts); ids < 0 in a target match nothing.

// ---------------------------------------------------------------------------------------------------------------
// LCS length (ROUGE-L) by the bit-parallel recurrence of Allison & Dix (1986) / Hyyrö (2004):
// V' = (V + (V & M[b])) | (V & ~M[b]); the LCS length is the number of zero bits of V among the target's positions.
// It visits |prediction| × ⌈|target| / 32⌉ words instead of the |prediction| × |target| cells of rouge-score's table.

function _popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Length of the longest common subsequence of two id sequences (prediction ids >= 0; ids < 0 in `target` match nothing). */
export function lcsLength(target: Int32Array, prediction: Int32Array): number {
  const m = target.length;
  if (m === 0 || prediction.length === 0) return 0;
  let vocabSize = 0;
  for (let k = 0; k < prediction.length; k++) if (prediction[k] >= vocabSize) vocabSize = prediction[k] + 1;
  const words = (m + 31) >>> 5;
  // Match masks only for ids that occur in the target, compacted so memory is (distinct shared ids) × words.
  const row = new Int32Array(vocabSize).fill(-1);
  let rows = 0;
  for (let i = 0; i < m; i++) {
    const id = target[i];
    if (id >= 0 && id < vocabSize && row[id] < 0) row[id] = rows++;
  }
  if (rows === 0) return 0;
  const masks = new Uint32Array(rows * words);
  for (let i = 0; i < m; i++) {
    const id = target[i];
    if (id >= 0 && id < vocabSize) masks[row[id] * words + (i >>> 5)] |= 1 << (i & 31);
  }
  const v = new Uint32Array(words).fill(0xffffffff);
  for (let k = 0; k < prediction.length; k++) {
    const r = row[prediction[k]];
    if (r < 0) continue; // no match anywhere: V is unchanged
    const base = r * words;
    let carry = 0;
    for (let w = 0; w < words; w++) {
      const x = v[w];
      const u = (x & masks[base + w]) >>> 0;
      const sum = x + u + carry; // exact in a double: at most 2^33 - 1
      carry = sum > 0xffffffff ? 1 : 0;
      v[w] = (sum | (x & ~u)) >>> 0; // `|` takes the low 32 bits of `sum`
    }
  }
  let ones = 0;
  const fullWords = m >>> 5;
  for (let w = 0; w < fullWords; w++) ones += _popcount32(v[w]);
  const rest = m & 31;
  if (rest) ones += _popcount32(v[fullWords] & ((1 << rest) - 1));
  return m - ones;
}

// ---------------------------------------------------------------------------------------------------------------
// LCS positions (ROUGE-Lsum): needs WHICH target positions an LCS uses, so the full table is built and read back exactly as
// rouge-score's `_backtrack_norec` does (its tie-breaking decides the union, and so the score).

/** Scratch buffers, grown on demand and reused across sentence pairs. */
let lcsScratch = new Int32Array(1024);
let rowScratch = new Int32Array(256);
let seenStamp = new Int32Array(256);
let seenCurrent = 0;

/**
 * Marks in `used` the target positions of the LCS that rouge-score's `_lcs_table` + `_backtrack_norec` read out.
 *
 * Target positions whose token does not occur in `prediction` are left out of the table: such a row only copies
 * the row above it, and rouge-score's backtracking always steps straight up through it (left is never strictly
 * larger than up there), so the positions read out are unchanged. Columns cannot be dropped that way.
 */
export function markLcsPositions(target: Int32Array, prediction: Int32Array, used: Uint8Array): void {
  const cols = prediction.length;
  if (target.length === 0 || cols === 0) return;
  // Which ids occur in the prediction (ids are >= 0 there; -1 in the target never matches).
  seenCurrent++;
  for (let j = 0; j < cols; j++) {
    const id = prediction[j];
    if (id >= seenStamp.length) seenStamp = _grown(seenStamp, id + 1);
    seenStamp[id] = seenCurrent;
  }
  if (rowScratch.length < target.length) rowScratch = new Int32Array(Math.max(target.length, rowScratch.length * 2));
  const rowPos = rowScratch;
  let rows = 0;
  for (let i = 0; i < target.length; i++) {
    const id = target[i];
    if (id >= 0 && id < seenStamp.length && seenStamp[id] === seenCurrent) rowPos[rows++] = i;
  }
  if (rows === 0) return;
  const stride = cols + 1;
  const size = (rows + 1) * stride;
  if (lcsScratch.length < size) lcsScratch = new Int32Array(Math.max(size, lcsScratch.length * 2));
  const t = lcsScratch;
  t.fill(0, 0, stride); // row 0
  for (let i = 1; i <= rows; i++) {
    const here = i * stride;
    const above = here - stride;
    const a = target[rowPos[i - 1]];
    t[here] = 0;
    for (let j = 1; j <= cols; j++) {
      if (a === prediction[j - 1]) t[here + j] = t[above + j - 1] + 1;
      else {
        const up = t[above + j];
        const left = t[here + j - 1];
        t[here + j] = up > left ? up : left;
      }
    }
  }
  // rouge-score: take a diagonal on equal tokens; otherwise step left only when left is strictly larger than up.
  let i = rows;
  let j = cols;
  while (i > 0 && j > 0) {
    const pos = rowPos[i - 1];
    if (target[pos] === prediction[j - 1]) {
      used[pos] = 1;
      i--;
      j--;
    } else if (t[i * stride + j - 1] > t[(i - 1) * stride + j]) j--;
    else i--;
  }
}

function _grown(a: Int32Array, min: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(Math.max(min, a.length * 2));
  b.set(a);
  return b;
}
