// CPython's math.cos, bit for bit. CPython calls the C library's cos; glibc 2.36's (sysdeps/ieee754/dbl-64/s_sin.c,
// the IBM Accurate Mathematical Library after the 2.28 removal of its slow paths) is NOT correctly rounded: it claims
// at most ~0.52 ulp, and about 1 result in 2,000 on [0, π] is the other neighbour of the true value — enough to change
// a reward such as TRL's cosine-scaled length reward in its last bit. On x86-64 with FMA and AVX2, glibc's ifunc runs
// __cos_fma (s_sin-fma.c, built with -mfma -mavx2), where GCC fused many a·b + c into one rounding. This file
// re-evaluates that build operation by operation in the order of its machine code (read from Debian's libm.so.6,
// glibc 2.36-9+deb12u14), each fused multiply-add emulated exactly (libm.ts's fma). The reduction of |x| >= 105414350
// (__branred, branred.c) is built without -mfma, so its operations are plain double ones here too. glibc's SSE2 build
// (a CPU without FMA) rounds differently in rare cases and is not reproduced. Exactness is pinned by
// test/stats/libm-cos.test.ts against CPython on over a million inputs.
//
// cos(±Infinity) and cos(NaN) are NaN (Python raises ValueError for the infinities).
import { fma } from './libm.js';
import { SINCOS_TABLE_BITS, TWO_OVER_PI_BASE_2_24 } from './libm-cos-tables.js';

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

const SINCOS = new Float64Array(SINCOS_TABLE_BITS.length);
for (let i = 0; i < SINCOS.length; i++) {
  const bits = SINCOS_TABLE_BITS[i];
  SINCOS[i] = fromBits(parseInt(bits.slice(0, 8), 16) >>> 0, parseInt(bits.slice(8), 16) >>> 0);
}

// Polynomial constants of s_sin.c and usncs.h, as stored in libm.so.6 (cs2 = 0.49999…9995 rounds to 0.5).
const SN3 = -0.16666666666666488; // -0x1.5555555555515p-3
const SN5 = 0.008333332142857223; // 0x1.11110e829872fp-7
const CS2 = 0.5;
const CS4 = -0.04166666666666644; // -0x1.5555555555535p-5
const CS6 = 0.001388888740079376; // 0x1.6c16bedd9e239p-10
const S1 = -0.16666666666666666; // -0x1.5555555555555p-3
const S2 = 0.008333333333332329; // 0x1.1111111110ecep-7
const S3 = -0.00019841269834414642; // -0x1.a01a019db08b8p-13
const S4 = 2.755729806860771e-6; // 0x1.71de27b9a7ed9p-19
const S5 = -2.5022014848318398e-8; // -0x1.addffc2fcdf59p-26
const BIG = 52776558133248; // 0x1.8p45: |x| + BIG rounds |x| to a multiple of 1/128 and puts 128·|x| in the low word
const HP0 = 1.5707963267948966; // 0x1.921fb54442d18p0, π/2 high part
const HP1 = 6.123233995736766e-17; // 0x1.1a62633145c07p-54, π/2 low part
const MP1 = 1.5707963407039642; // 0x1.921fb58000000p0
const MP2 = -1.3909067564377153e-8; // -0x1.dde973c000000p-27
const PP3 = -4.97899623147991e-17; // -0x1.cb3b398000000p-55
const PP4 = -1.9034889620193266e-25; // -0x1.d747f23e32ed7p-83
const HPINV = 0.6366197723675814; // 0x1.45f306dc9c883p-1, 2/π
const TOINT = 6755399441055744; // 0x1.8p52

/** glibc do_cos(x, dx): cos(x + dx) from the table row nearest |x| and short Taylor series (FMA build). */
function doCos(x: number, dx: number): number {
  if (x < 0) dx = -dx;
  const ax = Math.abs(x);
  const u = BIG + ax;
  f64[0] = u;
  const k = u32[LO] << 2;
  const r = ax - (u - BIG) + dx;
  const rr = r * r;
  const s = fma(r * rr, fma(rr, SN5, SN3), r);
  const c = rr * fma(rr, fma(rr, CS6, CS4), CS2);
  const cor = fma(-s, SINCOS[k], fma(-c, SINCOS[k + 2], fma(-s, SINCOS[k + 1], SINCOS[k + 3])));
  return SINCOS[k + 2] + cor;
}

/** glibc do_sin(x, dx): sin(x + dx), a Taylor series below 0.126 and the table above (FMA build). */
function doSin(x: number, dx: number): number {
  if (Math.abs(x) < 0.126) {
    const xx = x * x;
    const poly = fma(fma(fma(fma(fma(xx, S5, S4), xx, S3), xx, S2), xx, S1), x, -(0.5 * dx));
    return x + fma(xx, poly, dx);
  }
  if (x <= 0) dx = -dx;
  const ax = Math.abs(x);
  const u = BIG + ax;
  f64[0] = u;
  const k = u32[LO] << 2;
  const r = ax - (u - BIG);
  const rr = r * r;
  const s = r + fma(r * rr, fma(rr, SN5, SN3), dx);
  const c = fma(r, dx, rr * fma(rr, fma(rr, CS6, CS4), CS2));
  const cor = fma(s, SINCOS[k + 2], fma(-c, SINCOS[k], fma(s, SINCOS[k + 3], SINCOS[k + 1])));
  const v = SINCOS[k] + cor;
  // copysign(v, x); |x| >= 0.126, so x is not a zero
  return x < 0 ? -Math.abs(v) : Math.abs(v);
}

/** glibc do_sincos(a, da, n): the quadrant n picks sin or cos and the sign. */
function doSinCos(a: number, da: number, n: number): number {
  const v = n & 1 ? doCos(a, da) : doSin(a, da);
  return n & 2 ? -v : v;
}

/** CPython's math.cos (glibc 2.36 __cos_fma), except that ±Infinity gives NaN instead of raising. */
export function cos(x: number): number {
  f64[0] = x;
  const k = u32[HI] & 0x7fffffff;
  if (k < 0x3e400000) return 1.0; // |x| < 2^-27
  if (k < 0x3feb6000) return doCos(x, 0); // |x| < 0.855469
  if (k < 0x400368fd) {
    // |x| < 2.426265: cos(x) = sin(π/2 - |x|), π/2 in two parts (106 bits)
    const y = HP0 - Math.abs(x);
    const a = y + HP1;
    const da = y - a + HP1;
    return doSin(a, da);
  }
  if (k < 0x419921fb) {
    // |x| < 105414350: x = n·π/2 + (a + da), π/2 in four parts; the fused steps are those of the FMA build
    const t = fma(x, HPINV, TOINT);
    const xn = t - TOINT;
    f64[0] = t;
    const n = u32[LO] & 3;
    const y = fma(-xn, MP2, fma(-xn, MP1, x));
    const t2 = fma(-xn, PP3, y);
    let db = fma(-xn, PP3, y - t2);
    const b = fma(-xn, PP4, t2);
    db = db + fma(-xn, PP4, t2 - b);
    return doSinCos(b, db, n + 1);
  }
  if (k < 0x7ff00000) {
    const [n, a, da] = reduceLarge(x);
    return doSinCos(a, da, n + 1);
  }
  return NaN;
}

const SPLIT = 134217729; // 2^27 + 1
const TM600 = 2 ** -600;
const TM24 = 2 ** -24;
const BIG_R = 6755399441055744; // 0x1.8p52
const BIG1 = 27021597764222976; // 0x1.8p54
const BR_MP2 = -1.3909067675399456e-8; // 0xbe4dde9740000000: branred.h's mp2 differs from usncs.h's

/** One half (x1 or x2) of __branred: the fraction of x·2/π, as sum (integer part mod 4) and b + bb. */
function reduceHalf(xi: number, r: Float64Array): [number, number, number] {
  f64[0] = xi;
  let k = (u32[HI] >>> 20) & 2047;
  k = Math.trunc((k - 450) / 24);
  if (k < 0) k = 0;
  let gor = fromBits((0x63f00000 - ((k * 24) << 20)) >>> 0, 0); // 2^576 · 2^(-24k)
  for (let i = 0; i < 6; i++) {
    r[i] = xi * TWO_OVER_PI_BASE_2_24[k + i] * gor;
    gor *= TM24;
  }
  let sum = 0;
  for (let i = 0; i < 3; i++) {
    const s = r[i] + BIG_R - BIG_R;
    sum += s;
    r[i] -= s;
  }
  let t = 0;
  for (let i = 0; i < 6; i++) t += r[5 - i];
  let bb = r[0] - t + r[1] + r[2] + r[3] + r[4] + r[5];
  let s = t + BIG_R - BIG_R;
  sum += s;
  t -= s;
  const b = t + bb;
  bb = t - b + bb;
  s = sum + BIG1 - BIG1;
  sum -= s;
  return [sum, b, bb];
}

const R = new Float64Array(6);

/** glibc __branred: x = n·π/2 + (a + aa) for 105414350 <= |x| < 2^1024, with n mod 4 (no fused operations). */
function reduceLarge(x0: number): [number, number, number] {
  const x = x0 * TM600;
  let t = x * SPLIT;
  const x1 = t - (t - x);
  const x2 = x - x1;
  const [sum1, b1, bb1] = reduceHalf(x1, R);
  const [sum2, b2, bb2] = reduceHalf(x2, R);
  let sum = sum1 + sum2;
  let b = b1 + b2;
  let bb = Math.abs(b1) > Math.abs(b2) ? b1 - b + b2 : b2 - b + b1;
  if (b > 0.5) {
    b -= 1.0;
    sum += 1.0;
  } else if (b < -0.5) {
    b += 1.0;
    sum -= 1.0;
  }
  let s = b + (bb + bb1 + bb2);
  t = b - s + bb + (bb1 + bb2);
  b = s * SPLIT;
  const t1 = b - (b - s);
  const t2 = s - t1;
  b = s * HP0;
  bb = t1 * MP1 - b + t1 * BR_MP2 + t2 * MP1 + (t2 * BR_MP2 + s * HP1 + t * HP0);
  s = b + bb;
  t = b - s + bb;
  return [Math.trunc(sum) & 3, s, t];
}
