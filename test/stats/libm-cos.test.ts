import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { cos } from '../../src/stats/libm-cos.js';
import { bitsHex, digestOfOutputs, fromBits } from './libm-inputs.js';
import { cosBlockInputs } from './libm-cos-inputs.js';

const FIXTURES = new URL('../fixtures/libm/', import.meta.url);
type Blocks = { blockSize: number; blocksPerCategory: number; cos: { block: number; category: string; digest: string }[] };
const blocks = JSON.parse(readFileSync(new URL('cos-blocks.json', FIXTURES), 'utf8')) as Blocks;
const pairs = (JSON.parse(readFileSync(new URL('cos-pairs.json', FIXTURES), 'utf8')) as { pairs: [string, string, string][] }).pairs;

function outputsOf(f: (x: number) => number, inputs: Float64Array): Float64Array {
  const out = new Float64Array(inputs.length);
  for (let i = 0; i < inputs.length; i++) out[i] = f(inputs[i]);
  return out;
}

/** The double nearest the true cosine, for |x| <= 4: Taylor series in BigInt fixed point (2^-200), rounded once. */
function correctlyRoundedCos(x: number): number {
  const SCALE = 200n;
  const one = 1n << SCALE;
  // x exactly as a fixed-point BigInt: x = m · 2^e with m a 53-bit integer
  let m = x;
  let e = 0;
  while (!Number.isInteger(m)) {
    m *= 2;
    e--;
  }
  const X = (BigInt(m) << SCALE) >> BigInt(-e);
  const X2 = (X * X) >> SCALE;
  let term = one;
  let sum = 0n;
  for (let n = 0n; term !== 0n; n += 2n) {
    sum += term;
    term = -((term * X2) >> SCALE) / ((n + 1n) * (n + 2n));
  }
  // round sum · 2^-200 to a double: take 53 significant bits plus the rest for round-half-even
  const neg = sum < 0n;
  let a = neg ? -sum : sum;
  const bits = a.toString(2).length;
  const shift = BigInt(bits - 53);
  const q = a >> shift;
  const rem = a - (q << shift);
  const half = 1n << (shift - 1n);
  const up = rem > half || (rem === half && (q & 1n) === 1n);
  a = up ? q + 1n : q;
  const v = Number(a) * 2 ** (Number(shift) - 200);
  return neg ? -v : v;
}

describe("libm cos: CPython's math.cos (glibc 2.36 __cos_fma) bit for bit", () => {
  it(`every block of ${blocks.cos.length} x ${blocks.blockSize} generated inputs has CPython's output digest`, () => {
    const failures: string[] = [];
    for (const { block, category, digest } of blocks.cos) {
      const { category: ours, inputs } = cosBlockInputs(block, blocks.blockSize, blocks.blocksPerCategory);
      assert.equal(ours, category, `block ${block}: generator categories out of step with generate_cos.py`);
      const got = digestOfOutputs(outputsOf(cos, inputs));
      if (got !== digest) {
        failures.push(`cos block ${block} (${category}): digest ${got}, CPython ${digest}; ` +
          `see the items with: python3 test/fixtures/libm/generate_cos.py --dump ${block}`);
      }
    }
    assert.deepEqual(failures, []);
    assert.ok(blocks.cos.length * blocks.blockSize >= 1_000_000);
    assert.ok(blocks.cos.filter((b) => b.category === 'progress-pi').length * blocks.blockSize >= 100_000);
  });

  it('the digests would catch a last-bit difference: V8 Math.cos fails the blocks of the reward range', () => {
    for (const category of ['progress-pi', 'length-ratios']) {
      const { block, digest } = blocks.cos.find((b) => b.category === category)!;
      const { inputs } = cosBlockInputs(block, blocks.blockSize, blocks.blocksPerCategory);
      assert.notEqual(digestOfOutputs(outputsOf(Math.cos, inputs)), digest, `Math.cos matched CPython on block ${block}`);
    }
  });

  it(`${pairs.length} explicit pairs: specials, path edges, and 200 arguments in [0, π] where glibc is not correctly rounded`, () => {
    const wrong: string[] = [];
    for (const [xHex, yHex, note] of pairs) {
      const x = fromBits(BigInt('0x' + xHex));
      const expected = fromBits(BigInt('0x' + yHex));
      const got = cos(x);
      const same = Number.isNaN(expected) ? Number.isNaN(got) : bitsHex(got) === yHex;
      if (!same) wrong.push(`cos(${x}) [${xHex}] = ${got} [${bitsHex(got)}], CPython ${expected} [${yHex}] (${note})`);
    }
    assert.deepEqual(wrong, []);
  });

  it('on those 200 arguments a correctly rounded cos differs from glibc every time (so they pin glibc, not the true value)', () => {
    const notCR = pairs.filter((p) => p[2] === 'glibc is not correctly rounded here');
    assert.equal(notCR.length, 200);
    for (const [xHex, yHex] of notCR) {
      const x = fromBits(BigInt('0x' + xHex));
      const cr = correctlyRoundedCos(x);
      assert.notEqual(bitsHex(cr), yHex, `cos(${x})`);
      // glibc is the other neighbour: one ulp away
      assert.ok(Math.abs(cr - fromBits(BigInt('0x' + yHex))) <= Number.EPSILON, `cos(${x})`);
    }
  });

  it('the correctly rounded reference itself: exact on values with known cosines', () => {
    assert.equal(correctlyRoundedCos(0), 1);
    assert.equal(correctlyRoundedCos(Math.PI), -1);
    assert.equal(correctlyRoundedCos(1), 0.5403023058681398);
    assert.equal(correctlyRoundedCos(Math.PI / 3), 0.5000000000000001);
  });

  it('domain: cos(±Infinity) and cos(NaN) are NaN, cos(±0) = 1, and cos is even', () => {
    assert.ok(Number.isNaN(cos(Infinity)));
    assert.ok(Number.isNaN(cos(-Infinity)));
    assert.ok(Number.isNaN(cos(NaN)));
    assert.equal(cos(0), 1);
    assert.equal(cos(-0), 1);
    for (const x of [0.3, 1.7, 2.722815898497013, 12345.678, 3e9, 1e300]) assert.equal(cos(-x), cos(x));
  });
});
