// The dot product at the end of scipy's pearsonr, bit for bit. scipy 1.17 computes r = np.vecdot(xm/‖xm‖, ym/‖ym‖);
// NumPy hands a contiguous float64 vecdot to BLAS (cblas_ddot), and the wheels' OpenBLAS (0.3.31, DYNAMIC_ARCH) picks
// its ddot kernel by CPU at run time. The kernels associate the sum differently and use fused multiply-adds, so the
// same Python call returns different last bits on different machines. Two x86-64 kernels are reproduced here, each
// with its FMAs emulated exactly (libm.ts `fma`):
//   'skylakex' (kernel/x86_64/ddot_microk_skylakex-2.c: AVX-512 CPUs, e.g. Intel Xeon since Skylake-SP, AMD Zen 4):
//       4 × 8-lane FMA accumulators over blocks of 32, folded to 4 × 4 lanes (lane l + lane l+4), 4 × 4-lane FMA
//       accumulators over a remaining block of 16, then ((a0 + a1) + a2) + a3 lane-wise, (l0 + l2) + (l1 + l3);
//   'haswell'  (ddot_microk_haswell-2.c: AVX2 CPUs, e.g. AMD Zen 1–3, Intel Core without AVX-512):
//       4 × 4-lane FMA accumulators over blocks of 16 (hand-written vfmadd231pd), each folded (l0 + l2, l1 + l3),
//       then (a0 + a1) + (a2 + a3) pairwise, then the two halves;
// both over the first n & −16 values, then the rest one at a time in ddot.c's C loop (dot += y_i·x_i), which the
// SkylakeX build contracts to an FMA and the Haswell build does not (as measured: fused, the Haswell goldens below
// differ on item-grouped Pearson, where every group is shorter than 16).
// Measured on WMT21 en-de: this machine's numpy (AVX-512, corename SkylakeX) gives the PERM-BOTH Pearson delta
// 0.0036221517713215523, the golden in shared/golden (made on an AVX2 machine) 0.0036221517713215245; 'skylakex'
// reproduces 162 np.vecdot values and 48 mt-metrics-eval outputs of this machine, 'haswell' the 15 segment-level
// Pearson values and that delta of the shared golden. Other kernels (ARM, generic C) are not reproduced. OpenBLAS
// splits a ddot of more than 10,000 values over its threads (a machine-dependent partition); beyond that length the
// result is the single-threaded kernel's.
//
// Which kernel: the one numpy would use on this machine, chosen as OpenBLAS's DYNAMIC_ARCH does (SkylakeX when the CPU
// has AVX-512 F/CD/BW/DQ/VL, else Haswell), so a user comparing with their own scipy sees the same last bits.
// TRENCHCOAT_DOT_KERNEL=skylakex|haswell reproduces another machine's numpy; the kernel in use is named in the
// meta-eval report next to the seed.
import { readFileSync } from 'node:fs';
import { fma } from './libm.js';

export type DotKernel = 'skylakex' | 'haswell';
export const DOT_KERNELS: readonly DotKernel[] = ['skylakex', 'haswell'];

const SKYLAKEX_FLAGS = ['avx512f', 'avx512cd', 'avx512bw', 'avx512dq', 'avx512vl'];

/** The kernel OpenBLAS would pick given a CPU's /proc/cpuinfo `flags` (AVX-512 → SkylakeX, else Haswell). */
export function kernelForCpuFlags(flags: readonly string[]): DotKernel {
  const have = new Set(flags);
  return SKYLAKEX_FLAGS.every((f) => have.has(f)) ? 'skylakex' : 'haswell';
}

let detected: DotKernel | undefined;

/** TRENCHCOAT_DOT_KERNEL if set (an unknown value is an error), else the kernel for this machine's CPU. */
export function defaultDotKernel(): DotKernel {
  const forced = process.env.TRENCHCOAT_DOT_KERNEL;
  if (forced !== undefined && forced !== '') {
    if (!(DOT_KERNELS as readonly string[]).includes(forced)) {
      throw new RangeError(`TRENCHCOAT_DOT_KERNEL: expected one of ${DOT_KERNELS.join(', ')}, got "${forced}"`);
    }
    return forced as DotKernel;
  }
  if (detected === undefined) detected = kernelForCpuFlags(cpuFlags());
  return detected;
}

function cpuFlags(): string[] {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('flags'));
    return line === undefined ? [] : line.slice(line.indexOf(':') + 1).trim().split(/\s+/);
  } catch {
    return []; // no /proc (macOS, Windows): the AVX2 kernel, the more common x86-64 build
  }
}

// libm's fma is exact while Dekker's split cannot overflow and the partial products do not underflow.
const SMALL = 2 ** -960;
const LARGE = 2 ** 960;

/** a·b + c rounded once, for every pair of finite or non-finite doubles. */
export function fusedMultiplyAdd(a: number, b: number, c: number): number {
  const p = Math.abs(a * b);
  if (p >= SMALL && p <= LARGE && Math.abs(a) <= LARGE && Math.abs(b) <= LARGE && Math.abs(c) <= LARGE) return fma(a, b, c);
  if (a === 0 || b === 0 || !Number.isFinite(a) || !Number.isFinite(b)) return a * b + c; // the product is exact
  if (!Number.isFinite(c)) return c + 0 * a; // a finite product: c decides (NaN stays NaN)
  return exactFusedMultiplyAdd(a, b, c);
}

function integerParts(x: number): [bigint, number] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const e = Number((bits >> 52n) & 0x7ffn);
  const m = bits & 0xfffffffffffffn;
  const sign = bits >> 63n ? -1n : 1n;
  return e === 0 ? [sign * m, -1074] : [sign * (m | (1n << 52n)), e - 1075];
}

/** a·b + c in exact integer arithmetic, rounded to nearest-even (also into the subnormal range and to ±Infinity). */
function exactFusedMultiplyAdd(a: number, b: number, c: number): number {
  const [ma, ea] = integerParts(a);
  const [mb, eb] = integerParts(b);
  const [mc, ec] = integerParts(c);
  const e = Math.min(ea + eb, ec);
  const sum = ma * mb * (1n << BigInt(ea + eb - e)) + mc * (1n << BigInt(ec - e));
  if (sum === 0n) return a * b + c; // exact zero: IEEE's sign rule for a sum
  const negative = sum < 0n;
  let magnitude = negative ? -sum : sum;
  let exponent = e;
  // Keep 53 significant bits, or fewer where the result is subnormal (its last bit is worth 2^-1074).
  const length = magnitude.toString(2).length;
  const drop = Math.max(length - 53, -1074 - exponent);
  if (drop > 0) {
    const d = BigInt(drop);
    const rest = magnitude & ((1n << d) - 1n);
    const half = 1n << (d - 1n);
    magnitude >>= d;
    exponent += drop;
    if (rest > half || (rest === half && (magnitude & 1n) === 1n)) magnitude += 1n;
  }
  // Number(magnitude) is exact (≤ 2^53); scale in two steps so that 2^exponent itself never under- or overflows.
  const half1 = Math.trunc(exponent / 2);
  const v = Number(magnitude) * 2 ** half1 * 2 ** (exponent - half1);
  return negative ? -v : v;
}

/** Σ x_i·y_i as OpenBLAS's ddot `kernel` computes it (see the file comment). */
export function blasDot(x: ArrayLike<number>, y: ArrayLike<number>, kernel: DotKernel = defaultDotKernel()): number {
  const n = x.length;
  if (y.length !== n) throw new RangeError(`length mismatch: ${n} vs ${y.length}`);
  const n16 = n & -16;
  let dot = 0;
  if (n16 > 0) dot = kernel === 'skylakex' ? skylakexBlocks(x, y, n16) : haswellBlocks(x, y, n16);
  else if (kernel !== 'skylakex' && kernel !== 'haswell') throw new RangeError(`unknown dot kernel '${kernel as string}'`);
  if (kernel === 'skylakex') for (let i = n16; i < n; i++) dot = fusedMultiplyAdd(y[i], x[i], dot);
  else for (let i = n16; i < n; i++) dot += y[i] * x[i];
  return dot;
}

function skylakexBlocks(x: ArrayLike<number>, y: ArrayLike<number>, n16: number): number {
  const n32 = n16 & -32;
  const wide = new Float64Array(32); // accumulator a, lane l at 8a + l
  let i = 0;
  for (; i < n32; i += 32) for (let k = 0; k < 32; k++) wide[k] = fusedMultiplyAdd(x[i + k], y[i + k], wide[k]);
  const acc = new Float64Array(16); // accumulator a, lane l at 4a + l
  for (let a = 0; a < 4; a++) for (let l = 0; l < 4; l++) acc[4 * a + l] = wide[8 * a + l] + wide[8 * a + l + 4];
  for (; i < n16; i += 16) for (let k = 0; k < 16; k++) acc[k] = fusedMultiplyAdd(x[i + k], y[i + k], acc[k]);
  const s = [0, 0, 0, 0];
  for (let l = 0; l < 4; l++) s[l] = acc[l] + acc[4 + l] + acc[8 + l] + acc[12 + l];
  return s[0] + s[2] + (s[1] + s[3]);
}

function haswellBlocks(x: ArrayLike<number>, y: ArrayLike<number>, n16: number): number {
  const acc = new Float64Array(16);
  for (let i = 0; i < n16; i += 16) for (let k = 0; k < 16; k++) acc[k] = fusedMultiplyAdd(x[i + k], y[i + k], acc[k]);
  const lo = [0, 0, 0, 0];
  const hi = [0, 0, 0, 0];
  for (let a = 0; a < 4; a++) {
    lo[a] = acc[4 * a] + acc[4 * a + 2];
    hi[a] = acc[4 * a + 1] + acc[4 * a + 3];
  }
  return lo[0] + lo[1] + (lo[2] + lo[3]) + (hi[0] + hi[1] + (hi[2] + hi[3]));
}
