// OpenBLAS ddot reproduced bit for bit (src/stats/blas-dot.ts), and through it scipy's pearsonr and mt-metrics-eval's
// PERM-BOTH deltas. Goldens: fixtures/metaeval/blas-dot-skylakex.json (numpy 2.4.6 np.vecdot and mt-metrics-eval
// @68a481a on an AVX-512 machine, OpenBLAS kernel SkylakeX) and results.en-de.json (made on an AVX2 machine: Haswell).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadMatrix, loadResults, readJson } from '../fixtures/metaeval/load.js';
import { blasDot, defaultDotKernel, fusedMultiplyAdd, kernelForCpuFlags, type DotKernel } from '../../src/stats/blas-dot.js';
import { fma } from '../../src/stats/libm.js';
import { pearson } from '../../src/stats/correlation.js';
import { averageCorrelation, packGroups } from '../../src/stats/grouping.js';
import { MatrixCorrelation } from '../../src/stats/matrix-correlation.js';
import { permutationSigDiff, zscore, type PermutationCorrelation } from '../../src/stats/permutation.js';
import type { AverageBy } from '../../src/stats/grouping.js';

const golden = readJson('blas-dot-skylakex.json');
const matrix = loadMatrix();

/** The generator's inputs: (((i·mult + add) mod 2^32) / 2^32 − 1/2) · 2^scale, exact doubles. */
function hashed(n: number, [mult, add, scale]: number[]): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (Number((BigInt(i) * BigInt(mult) + BigInt(add)) % 4294967296n) / 4294967296 - 0.5) * 2 ** scale;
  return out;
}

test('golden: the SkylakeX kernel equals np.vecdot on 162 vectors of 1…9,999 values', () => {
  assert.equal(golden.openblas_core, 'SkylakeX');
  const wrong: string[] = [];
  for (const c of golden.vecdot) {
    const got = blasDot(hashed(c.n, c.x), hashed(c.n, c.y), 'skylakex');
    if (!Object.is(got, c.vecdot)) wrong.push(`n=${c.n}: ${got} vs ${c.vecdot}`);
  }
  assert.deepEqual(wrong, []);
  assert.equal(golden.vecdot.length, 162);
});

test('the two kernels and a plain loop are different sums (why the kernel is named)', () => {
  let differ = 0;
  let plainDiffers = 0;
  for (const c of golden.vecdot) {
    const x = hashed(c.n, c.x);
    const y = hashed(c.n, c.y);
    const skx = blasDot(x, y, 'skylakex');
    if (skx !== blasDot(x, y, 'haswell')) differ++;
    let plain = 0;
    for (let i = 0; i < x.length; i++) plain += x[i] * y[i];
    if (plain !== skx) plainDiffers++;
  }
  assert.ok(differ >= 20, `kernels differ on ${differ} vectors`);
  assert.ok(plainDiffers >= 50, `a plain loop differs on ${plainDiffers} vectors`);
});

test('PERM-BOTH Pearson delta, no grouping: each kernel reproduces its machine (SkylakeX here, Haswell for the shared golden)', () => {
  const packed = packGroups(matrix.gold, [matrix.metrics.bleu, matrix.metrics.chrf], matrix.numSys, 'none');
  const a = zscore(packed.metrics[0]);
  const b = zscore(packed.metrics[1]);
  const delta = (kernel: DotKernel) => pearson(packed.gold, b, kernel).r - pearson(packed.gold, a, kernel).r;
  assert.equal(delta('skylakex'), golden.perm_both_delta['bleu/chrf/pearson/none']);
  assert.equal(delta('skylakex'), 0.0036221517713215523);
  assert.equal(delta('haswell'), loadResults().significance.perm_both_pearson_none.delta);
  assert.equal(delta('haswell'), 0.0036221517713215245);
});

test('golden (Haswell machine): segment-level Pearson of results.en-de.json, 5 metrics × none|sys|item, bit-identical', () => {
  const results = loadResults().segment;
  const wrong: string[] = [];
  for (const metric of ['bleu', 'chrf', 'chrfpp', 'neg_ter', 'length'] as const) {
    for (const averageBy of ['none', 'sys', 'item'] as const) {
      const want = results[metric][`pearson/${averageBy}`][0];
      const got = averageCorrelation((g, m) => pearson(g, m, 'haswell'), matrix.gold, matrix.metrics[metric], { numSys: matrix.numSys, averageBy })[0];
      if (!Object.is(got, want)) wrong.push(`${metric}/${averageBy}: ${got} vs ${want}`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('golden: PERM-BOTH deltas bit-identical for Pearson and Kendall, every grouping, both engines (incl. the 1.39e-17 sys case)', () => {
  const wrong: string[] = [];
  for (const [key, want] of Object.entries(golden.perm_both_delta) as [string, number][]) {
    const [m1, m2, kind, averageBy] = key.split('/') as [keyof typeof matrix.metrics, keyof typeof matrix.metrics, string, AverageBy];
    const corr: PermutationCorrelation = kind === 'pearson' ? { kind: 'pearson' } : { kind: 'kendall', variant: 'b' };
    for (const engine of ['auto', 'generic'] as const) {
      const r = permutationSigDiff(matrix.gold, matrix.metrics[m1], matrix.metrics[m2], corr, { numSys: matrix.numSys, averageBy, k: 1, engine });
      if (!Object.is(r.delta, want)) wrong.push(`${key} (${engine}): ${r.delta} vs ${want}`);
    }
  }
  assert.deepEqual(wrong, []);
  assert.equal(Object.keys(golden.perm_both_delta).length, 18);
});

test('golden: Correlation.Pearson and .Kendall coefficients bit-identical, 5 metrics × none|sys|item', () => {
  const wrong: string[] = [];
  for (const [key, want] of Object.entries(golden.correlation_r) as [string, number][]) {
    const [metric, kind, averageBy] = key.split('/') as [keyof typeof matrix.metrics, 'pearson' | 'kendall', AverageBy];
    const mc = new MatrixCorrelation(matrix.numSys, matrix.gold, matrix.metrics[metric]);
    const got = mc[kind](averageBy)[0];
    if (!Object.is(got, want)) wrong.push(`${key}: ${got} vs ${want}`);
  }
  assert.deepEqual(wrong, []);
  assert.equal(Object.keys(golden.correlation_r).length, 30);
});

test('tails shorter than a block: an fma chain from +0 (SkylakeX), a plain loop (Haswell); empty', () => {
  assert.equal(Object.is(blasDot([], []), 0), true);
  // n = 1: fma(y0, x0, +0) keeps +0 for a −0 product, as the C code does.
  assert.equal(Object.is(blasDot([-0], [1]), 0), true);
  // The tail is fused: t·t = 1 + 2^-51 + 2^-104 exactly; added to −(2^-53 + 2^-104) it is a tie that rounds up to
  // 1 + 2^-51, where rounding the product first lands on 1 + 2^-52.
  const t = 1 + 2 ** -52;
  const c = -(2 ** -53 + 2 ** -104);
  assert.equal(blasDot([1, t], [c, t]), 1 + 2 ** -51);
  assert.equal(blasDot([1, t], [c, t], 'haswell'), 1 + 2 ** -52);
  assert.equal(t * t + c, 1 + 2 ** -52);
  assert.throws(() => blasDot([1, 2], [1]), /length mismatch/);
});

test('fusedMultiplyAdd: exact outside the emulated range (under- and overflowing products, non-finite operands)', () => {
  // Rounded once: c = 0 gives the correctly rounded product, which JS multiplication also is, subnormals included
  // (with the product's sign on an underflow to zero: a nonzero exact result rounds to a zero of its own sign).
  let state = 0x2545f491;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  const wrong: string[] = [];
  for (let i = 0; i < 20_000; i++) {
    const a = (next() + 0.5) * 2 ** (-560 + Math.floor(next() * 60));
    const b = (next() - 0.5) * 2 ** (-560 + Math.floor(next() * 60));
    if (!Object.is(fusedMultiplyAdd(a, b, 0), a * b)) wrong.push(`${a}·${b}`);
    // Normal results scale exactly: compare with the emulated fma on operands moved into its range.
    const c = (next() - 0.5) * 2 ** -1000;
    const scaled = fma(a * 2 ** 600, b * 2 ** 600, c * 2 ** 1200) * 2 ** -1200;
    if (Math.abs(scaled) >= 2 ** -1022 && !Object.is(fusedMultiplyAdd(a, b, c), scaled)) wrong.push(`${a}·${b} + ${c}`);
  }
  assert.deepEqual(wrong.slice(0, 5), []);
  // The product overflows, the exact sum does not.
  assert.equal(fusedMultiplyAdd(2 ** 1000, 2 ** 24, -1.9 * 2 ** 1023), (2 - 1.9) * 2 ** 1023);
  assert.equal(fusedMultiplyAdd(2 ** 1000, 2 ** 24, 0), Infinity);
  assert.equal(fusedMultiplyAdd(Infinity, 2, -Infinity), -Infinity + Infinity);
  assert.equal(fusedMultiplyAdd(1, 2, -Infinity), -Infinity);
  assert.ok(Number.isNaN(fusedMultiplyAdd(0, Infinity, 1)));
  assert.ok(Number.isNaN(fusedMultiplyAdd(1, 2, NaN)));
  // Half of the smallest subnormal, exactly: ties to even (0); three halves round to 2^-1073.
  assert.equal(Object.is(fusedMultiplyAdd(2 ** -537, 2 ** -538, 0), 0), true);
  assert.equal(fusedMultiplyAdd(3 * 2 ** -538, 2 ** -537, 0), 2 ** -1073);
  // 1.5·2^-1074 − 2^-1074 = 0.5·2^-1074: a tie, to +0; rounding the product first gives 2^-1073 − 2^-1074.
  assert.equal(Object.is(fusedMultiplyAdd(3 * 2 ** -538, 2 ** -537, -(2 ** -1074)), 0), true);
  assert.equal(3 * 2 ** -538 * 2 ** -537 - 2 ** -1074, 2 ** -1074);
});

test('the default kernel is the one OpenBLAS picks for the CPU, or TRENCHCOAT_DOT_KERNEL', () => {
  // OpenBLAS's SkylakeX core needs all five AVX-512 subsets; AVX2 alone (or one subset missing) is Haswell.
  assert.equal(kernelForCpuFlags(['fpu', 'avx2', 'fma', 'avx512f', 'avx512cd', 'avx512bw', 'avx512dq', 'avx512vl']), 'skylakex');
  assert.equal(kernelForCpuFlags(['fpu', 'avx2', 'fma', 'avx512f', 'avx512cd', 'avx512dq', 'avx512vl']), 'haswell');
  assert.equal(kernelForCpuFlags(['fpu', 'avx2', 'fma']), 'haswell');
  assert.equal(kernelForCpuFlags([]), 'haswell');
  const saved = process.env.TRENCHCOAT_DOT_KERNEL;
  try {
    process.env.TRENCHCOAT_DOT_KERNEL = 'haswell';
    assert.equal(defaultDotKernel(), 'haswell');
    // The forced kernel reaches pearson(): the shared golden's delta (made on an AVX2 machine) on any CPU.
    const x = Array.from({ length: 41 }, (_, i) => Math.sin(i) * 3 + i / 7);
    const y = Array.from({ length: 41 }, (_, i) => Math.cos(i * 1.3) + i / 5);
    assert.notEqual(pearson(x, y, 'haswell').r, pearson(x, y, 'skylakex').r); // 0.5993546797288426 vs …425
    assert.equal(pearson(x, y).r, pearson(x, y, 'haswell').r);
    process.env.TRENCHCOAT_DOT_KERNEL = 'skylakex';
    assert.equal(defaultDotKernel(), 'skylakex');
    assert.equal(pearson(x, y).r, pearson(x, y, 'skylakex').r);
    process.env.TRENCHCOAT_DOT_KERNEL = 'avx2';
    assert.throws(() => defaultDotKernel(), /TRENCHCOAT_DOT_KERNEL: expected one of skylakex, haswell, got "avx2"/);
  } finally {
    if (saved === undefined) delete process.env.TRENCHCOAT_DOT_KERNEL;
    else process.env.TRENCHCOAT_DOT_KERNEL = saved;
  }
});
