// CPython's math.exp and math.log, bit for bit. CPython calls the C library; on Linux that is glibc, whose exp and
// log (since 2.28, from Arm's optimized-routines) are NOT correctly rounded: on x86-64 with FMA (glibc's ifunc picks
// __exp_fma/__log_fma there) roughly 1 in 1,000 exp and 1 in 4,000 log results of random inputs differ in the last
// bit from the correctly rounded value, and V8's Math.exp/Math.log differ from both far more often. So a correctly
// rounded routine would not reproduce sacreBLEU either; this file re-evaluates glibc's algorithm operation by
// operation instead, in the order its FMA build executes (read from the machine code of libm.so.6, glibc 2.36), with
// each fused multiply-add emulated exactly. Exactness is pinned by test/stats/libm.test.ts against CPython on
// millions of inputs. glibc's SSE2 build (x86-64 without FMA) rounds differently in rare cases; it is not reproduced.
//
// Non-finite and out-of-domain arguments follow IEEE-754 (as glibc returns them), where Python raises instead:
// log(0) = -Infinity (Python: ValueError), log(x < 0) = NaN (ValueError), exp(x > 709.78…) = Infinity
// (OverflowError). Underflow gives 0 or a subnormal exactly as Python does.
//
// Used where a reference computes with Python's math.log/math.exp and the exact double matters: BLEU (sacreBLEU's
// my_log, brevity penalty and geometric mean) and BERTScore's idf (bert-score's math.log). Deliberately not used:
// fitted models and iterative solvers compared at a tolerance (calibration, the length-controlled GLM, Bradley–Terry,
// Dawid–Skene, Elo's pow), the p-value special functions (scipy's own cephes code, not libm), our own RNG's samplers
// (a different stream from NumPy's anyway), softmax over float32 model outputs, and judge logprob weighting (no
// Python reference defines it).
import { EXP_TABLE_BITS, LOG_TABLE_BITS } from './libm-tables.js';

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
// Index of the high (sign, exponent) word of a double in u32: 1 on little-endian machines.
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

function fromBits(hi: number, lo: number): number {
  u32[HI] = hi;
  u32[LO] = lo;
  return f64[0];
}

function tableToDoubles(bits: readonly string[]): Float64Array {
  const out = new Float64Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = fromBits(parseInt(bits[i].slice(0, 8), 16) >>> 0, parseInt(bits[i].slice(8), 16) >>> 0);
  return out;
}

const EXP_TABLE = tableToDoubles(EXP_TABLE_BITS);
// High words of the scale entries, to which the exponent adjustment k << 45 is added as an integer (as glibc does).
const EXP_SCALE_HI = new Int32Array(128);
const EXP_SCALE_LO = new Uint32Array(128);
for (let j = 0; j < 128; j++) {
  EXP_SCALE_HI[j] = parseInt(EXP_TABLE_BITS[2 * j + 1].slice(0, 8), 16) | 0;
  EXP_SCALE_LO[j] = parseInt(EXP_TABLE_BITS[2 * j + 1].slice(8), 16) >>> 0;
}
const LOG_TABLE = tableToDoubles(LOG_TABLE_BITS);

/** A C99 hexadecimal floating literal with a 53-bit significand, e.g. '-0x1.62e42fefa0000p-8', as a double. */
function hexFloat(literal: string): number {
  const m = /^(-?)0x1\.([0-9a-f]{13})p([+-]\d+)$/.exec(literal);
  if (m === null) throw new Error(`libm: malformed constant ${literal}`);
  const exponent = 1023 + Number(m[3]);
  const hi = (exponent << 20) | parseInt(m[2].slice(0, 5), 16);
  const v = fromBits(hi >>> 0, parseInt(m[2].slice(5), 16) >>> 0);
  return m[1] === '-' ? -v : v;
}

// exp constants (glibc __exp_data, EXP_TABLE_BITS = 7, EXP_POLY_ORDER = 5).
const INV_LN2_N = hexFloat('0x1.71547652b82fep+7');
const NEG_LN2_HI_N = hexFloat('-0x1.62e42fefa0000p-8');
const NEG_LN2_LO_N = hexFloat('-0x1.cf79abc9e3b3ap-47');
const SHIFT = hexFloat('0x1.8000000000000p+52');
const TWO_P1009 = hexFloat('0x1.0000000000000p+1009');
const TWO_M1022 = hexFloat('0x1.0000000000000p-1022');
const TWO_P52 = hexFloat('0x1.0000000000000p+52');
const TWO_P27 = hexFloat('0x1.0000000000000p+27');
const EXP_C2 = hexFloat('0x1.ffffffffffdbdp-2');
const EXP_C3 = hexFloat('0x1.555555555543cp-3');
const EXP_C4 = hexFloat('0x1.55555cf172b91p-5');
const EXP_C5 = hexFloat('0x1.1111167a4d017p-7');

// log constants (glibc __log_data, LOG_TABLE_BITS = 7, LOG_POLY_ORDER = 6, LOG_POLY1_ORDER = 12).
const LN2_HI = hexFloat('0x1.62e42fefa3800p-1');
const LN2_LO = hexFloat('0x1.ef35793c76730p-45');
const A = [
  hexFloat('-0x1.0000000000001p-1'),
  hexFloat('0x1.555555551305bp-2'),
  hexFloat('-0x1.fffffffeb4590p-3'),
  hexFloat('0x1.999b324f10111p-3'),
  hexFloat('-0x1.55575e506c89fp-3'),
];
const [A0, A1, A2, A3, A4] = A;
const B = [
  -0.5,
  hexFloat('0x1.5555555555577p-2'),
  hexFloat('-0x1.ffffffffffdcbp-3'),
  hexFloat('0x1.999999995dd0cp-3'),
  hexFloat('-0x1.55555556745a7p-3'),
  hexFloat('0x1.24924a344de30p-3'),
  hexFloat('-0x1.fffffa4423d65p-4'),
  hexFloat('0x1.c7184282ad6cap-4'),
  hexFloat('-0x1.999eb43b068ffp-4'),
  hexFloat('0x1.78182f7afd085p-4'),
  hexFloat('-0x1.5521375d145cdp-4'),
];
const [B0, B1, B2, B3, B4, B5, B6, B7, B8, B9, B10] = B;

const SPLITTER = 134217729; // 2^27 + 1, Veltkamp's splitting constant

/**
 * fma(a, b, c) = a·b + c rounded once, as the FMA instruction glibc's ifunc selects. Exact for the operands reached
 * here (no overflow, and no underflow in the partial products): a·b = uh + ul by Dekker's product, c + uh = th + tl
 * by Knuth's sum, then RN(th + RO(tl + ul)), RO = round to odd (Boldo & Melquiond, "Emulation of FMA and correctly
 * rounded sums: proved algorithms using rounding to odd", IEEE TC 2008).
 */
export function fma(a: number, b: number, c: number): number {
  const uh = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const ul = ah * bh - uh + ah * bl + al * bh + al * bl;
  const th = c + uh;
  const bb = th - c;
  const tl = c - (th - bb) + (uh - bb);
  if (ul === 0) return tl === 0 ? th : th + tl;
  const v = tl + ul;
  const vb = v - tl;
  const err = tl - (v - vb) + (ul - vb);
  return th + (err === 0 ? v : roundToOdd(v, err));
}

/** The neighbour of v (RN of v + err) whose last significand bit is odd: v itself if odd, else one step toward err. */
function roundToOdd(v: number, err: number): number {
  f64[0] = v;
  let lo = u32[LO];
  if ((lo & 1) === 1) return v;
  let hi = u32[HI];
  // Away from zero: the next magnitude only sets the last bit. Toward zero: subtract one from the 64-bit pattern.
  if (v > 0 === err > 0) lo = (lo | 1) >>> 0;
  else if (lo === 0) {
    lo = 0xffffffff;
    hi = (hi - 1) >>> 0;
  } else lo = (lo - 1) >>> 0;
  return fromBits(hi, lo);
}

/** CPython's math.exp (glibc 2.36 __exp_fma), except that overflow gives Infinity instead of raising. */
export function exp(x: number): number {
  f64[0] = x;
  const xhi = u32[HI];
  let abstop = (xhi >>> 20) & 0x7ff;
  if (abstop - 0x3c9 >>> 0 >= 0x3f) {
    // |x| < 2^-54: exp(x) rounds to 1 + x.
    if (abstop < 0x3c9) return 1.0 + x;
    if (abstop >= 0x409) {
      if (x === -Infinity) return 0.0;
      if (abstop >= 0x7ff) return 1.0 + x;
      return xhi >>> 31 ? 0.0 : Infinity;
    }
    // 512 <= |x| < 1024: the result may overflow or be subnormal, handled below.
    abstop = 0;
  }
  // exp(x) = 2^(k/128) · exp(r), x = k·ln2/128 + r, |r| <= ln2/256.
  const kdShifted = fma(x, INV_LN2_N, SHIFT);
  // The low word of kdShifted holds k (two's complement, |k| < 2^18).
  f64[0] = kdShifted;
  const k = u32[LO] | 0;
  const kd = kdShifted - SHIFT;
  // kd·NEG_LN2_HI_N is exact for |kd| < 2^17 (36 + 17 bits), and then the fused operation is a plain addition.
  const r1 = kd < 131072 && kd > -131072 ? x + kd * NEG_LN2_HI_N : fma(kd, NEG_LN2_HI_N, x);
  const r = fma(kd, NEG_LN2_LO_N, r1);
  const j = k & 127;
  const tail = EXP_TABLE[2 * j];
  // sbits = T[2j+1] + (k << 45) on 64 bits; k << 45 only reaches the high word (k's low 7 bits go to bits 45..51).
  const sbitsHi = (EXP_SCALE_HI[j] + (k << 13)) | 0;
  const sbitsLo = EXP_SCALE_LO[j];
  const r2 = r * r;
  const tmp = fma(r2 * r2, fma(r, EXP_C5, EXP_C4), fma(fma(r, EXP_C3, EXP_C2), r2, r + tail));
  if (abstop === 0) return expSpecialCase(tmp, sbitsHi, sbitsLo, k);
  const scale = fromBits(sbitsHi >>> 0, sbitsLo);
  return fma(scale, tmp, scale);
}

/** glibc's specialcase(): results that may overflow, or be subnormal (rounded once, at the subnormal precision). */
function expSpecialCase(tmp: number, sbitsHi: number, sbitsLo: number, k: number): number {
  if (k >= 0) {
    // The exponent of scale may have overflowed by up to 460: take 1009 off it and multiply back after.
    const scale = fromBits((sbitsHi - (1009 << 20)) >>> 0, sbitsLo);
    return TWO_P1009 * fma(scale, tmp, scale);
  }
  const scale = fromBits((sbitsHi + (1022 << 20)) >>> 0, sbitsLo);
  const scaleTmp = scale * tmp;
  let y = scale + scaleTmp;
  if (y < 1.0) {
    // Round at the subnormal precision before scaling, to avoid a double rounding.
    const lo = scale - y + scaleTmp;
    const hi = 1.0 + y;
    const lo2 = 1.0 - hi + y + lo;
    y = lo2 + hi - 1.0;
    if (y === 0) y = 0.0;
  }
  return TWO_M1022 * y;
}

const LOG_NEAR_ONE_LO = 0x3fee0000; // high word of 1 - 2^-4
const LOG_NEAR_ONE_SPAN = 0x00030900; // high words below 1 + 0x1.09p-4, minus the above (low words are 0 at both ends)
const LOG_OFF_HI = 0x3fe60000; // high word of OFF = 0x3fe6000000000000

/** CPython's math.log of a float (glibc 2.36 __log_fma), except log(0) = -Infinity and log(x < 0) = NaN. */
export function log(x: number): number {
  f64[0] = x;
  let hi = u32[HI];
  let lo = u32[LO];
  if ((hi - LOG_NEAR_ONE_LO) >>> 0 < LOG_NEAR_ONE_SPAN) return logNearOne(x, hi, lo);
  const top = hi >>> 16;
  if ((top - 0x0010) >>> 0 >= 0x7ff0 - 0x0010) {
    if (x === 0) return -Infinity;
    if (x === Infinity) return x;
    if (top & 0x8000 || (top & 0x7ff0) === 0x7ff0) return NaN;
    // Subnormal: scale into the normal range and take 52 off the exponent.
    f64[0] = x * TWO_P52;
    hi = (u32[HI] - (52 << 20)) >>> 0;
    lo = u32[LO];
  }
  // x = 2^k · z, z in [OFF, 2·OFF); the low word of tmp = ix - OFF is the low word of ix.
  const tmpHi = (hi - LOG_OFF_HI) | 0;
  const i = (tmpHi >>> 13) & 127;
  const k = tmpHi >> 20;
  const z = fromBits((hi - (tmpHi & 0xfff00000)) >>> 0, lo);
  const invc = LOG_TABLE[2 * i];
  const logc = LOG_TABLE[2 * i + 1];
  const kd = k;
  const r = fma(z, invc, -1.0);
  // kd·LN2_HI is exact (11 + 42 bits): the fused operation rounds like a plain one.
  const w = kd * LN2_HI + logc;
  const hiSum = w + r;
  const loSum = fma(kd, LN2_LO, w - hiSum + r);
  const r2 = r * r;
  const p = fma(fma(r, A4, A3), r2, fma(r, A2, A1));
  const y = fma(r * r2, p, fma(r2, A0, loSum));
  return y + hiSum;
}

/** glibc's path for 1 - 2^-4 <= x < 1 + 0x1.09p-4: a polynomial in r = x - 1 with r + r²/2 in double-double. */
function logNearOne(x: number, hi: number, lo: number): number {
  if (hi === 0x3ff00000 && lo === 0) return 0;
  const r = x - 1.0;
  const r2 = r * r;
  const r3 = r * r2;
  const p123 = fma(r2, B3, fma(r, B2, B1));
  const p456 = fma(r2, B6, fma(r, B5, B4));
  const p78910 = fma(r3, B10, fma(r2, B9, fma(r, B8, B7)));
  const poly = fma(fma(p78910, r3, p456), r3, p123);
  // The products of the fused operations here are exact (r·2^27; rhi has at most 26 bits, so rhi² and rhi²·(-1/2)
  // are exact), so they round like the separate operations of the C source.
  const w = r * TWO_P27;
  const rhi = w + r - w;
  const rlo = r - rhi;
  const rhi2 = rhi * rhi;
  const hiSum = r + rhi2 * B0;
  const loSum = r - hiSum + rhi2 * B0;
  const lo2 = fma(B0 * rlo, r + rhi, loSum);
  const y = fma(poly, r3, lo2);
  return hiSum + y;
}
