import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { exp, fma, log } from '../../src/stats/libm.js';
import { bitsHex, blockInputs, digestOfOutputs, fromBits, type LibmFunction, SplitMix64, toBits } from './libm-inputs.js';

const FIXTURES = new URL('../fixtures/libm/', import.meta.url);
type Blocks = { blockSize: number; blocksPerCategory: number } & Record<LibmFunction, { block: number; category: string; digest: string }[]>;
const blocks = JSON.parse(readFileSync(new URL('blocks.json', FIXTURES), 'utf8')) as Blocks;
const pairs = (JSON.parse(readFileSync(new URL('pairs.json', FIXTURES), 'utf8')) as { pairs: [LibmFunction, string, string, string][] })
  .pairs;

const OURS: Record<LibmFunction, (x: number) => number> = { log, exp };
const V8: Record<LibmFunction, (x: number) => number> = { log: Math.log, exp: Math.exp };

function outputsOf(f: (x: number) => number, inputs: Float64Array): Float64Array {
  const out = new Float64Array(inputs.length);
  for (let i = 0; i < inputs.length; i++) out[i] = f(inputs[i]);
  return out;
}

describe('libm: CPython math.log / math.exp bit for bit', () => {
  for (const fn of ['log', 'exp'] as const) {
    it(`${fn}: every block of ${blocks[fn].length} x ${blocks.blockSize} generated inputs has CPython's output digest`, () => {
      const failures: string[] = [];
      for (const { block, category, digest } of blocks[fn]) {
        const { category: ours, inputs } = blockInputs(fn, block, blocks.blockSize, blocks.blocksPerCategory);
        assert.equal(ours, category, `block ${block}: generator categories out of step with generate.py`);
        const got = digestOfOutputs(outputsOf(OURS[fn], inputs));
        if (got !== digest) {
          failures.push(`${fn} block ${block} (${category}): digest ${got}, CPython ${digest}; ` +
            `see the items with: python3 test/fixtures/libm/generate.py --dump ${fn} ${block}`);
        }
      }
      assert.deepEqual(failures, []);
      assert.ok(blocks[fn].length * blocks.blockSize >= 1_000_000);
    });
  }

  it('the block digests would catch a last-bit difference (V8 Math.log / Math.exp fail them)', () => {
    for (const fn of ['log', 'exp'] as const) {
      const { block, digest } = blocks[fn].find((b) => b.category === (fn === 'log' ? 'bleu-precision' : 'negative-sums'))!;
      const { inputs } = blockInputs(fn, block, blocks.blockSize, blocks.blocksPerCategory);
      assert.notEqual(digestOfOutputs(outputsOf(V8[fn], inputs)), digest, `V8 Math.${fn} matched CPython on block ${block}`);
    }
  });

  it(`${pairs.length} explicit input/output pairs: specials, path edges, and where glibc is not correctly rounded`, () => {
    const wrong: string[] = [];
    for (const [fn, xHex, yHex, note] of pairs) {
      const x = fromBits(BigInt('0x' + xHex));
      const expected = fromBits(BigInt('0x' + yHex));
      const got = OURS[fn](x);
      const same = Number.isNaN(expected) ? Number.isNaN(got) : bitsHex(got) === yHex;
      if (!same) wrong.push(`${fn}(${x}) [${xHex}] = ${got} [${bitsHex(got)}], CPython ${expected} [${yHex}] (${note})`);
    }
    assert.deepEqual(wrong, []);
    assert.ok(pairs.filter((p) => p[3].startsWith('glibc is not correctly rounded')).length >= 200);
  });

  it('domain: log(0) = -Infinity, log(-x) = NaN, exp overflow = Infinity, exp(-Infinity) = 0', () => {
    assert.equal(log(0), -Infinity);
    assert.equal(log(-0), -Infinity);
    assert.ok(Number.isNaN(log(-1e-300)));
    assert.ok(Number.isNaN(log(NaN)));
    assert.equal(log(Infinity), Infinity);
    assert.equal(exp(710), Infinity);
    assert.equal(exp(-Infinity), 0);
    assert.equal(exp(Infinity), Infinity);
    assert.ok(Number.isNaN(exp(NaN)));
    assert.equal(Object.is(exp(-800), 0), true);
  });
});

/** a·b + c rounded once to nearest-even, computed exactly with BigInt: the reference for the emulated fma. */
function exactFma(a: number, b: number, c: number): number {
  const parts = (x: number): [bigint, number] => {
    const bits = toBits(x);
    const e = Number((bits >> 52n) & 0x7ffn);
    const m = bits & 0xfffffffffffffn;
    const sign = bits >> 63n ? -1n : 1n;
    return e === 0 ? [sign * m, -1074] : [sign * (m | (1n << 52n)), e - 1075];
  };
  const [ma, ea] = parts(a);
  const [mb, eb] = parts(b);
  const [mc, ec] = parts(c);
  const e = Math.min(ea + eb, ec);
  const sum = ma * mb * (1n << BigInt(ea + eb - e)) + mc * (1n << BigInt(ec - e));
  if (sum === 0n) return a * b + c;
  const neg = sum < 0n;
  let mag = neg ? -sum : sum;
  let exponent = e;
  const len = mag.toString(2).length;
  if (len > 53) {
    const drop = BigInt(len - 53);
    const rest = mag & ((1n << drop) - 1n);
    const half = 1n << (drop - 1n);
    mag >>= drop;
    exponent += len - 53;
    if (rest > half || (rest === half && (mag & 1n) === 1n)) mag += 1n;
  }
  const v = Number(mag) * 2 ** exponent;
  return neg ? -v : v;
}

describe('libm: emulated fma', () => {
  it('equals the exactly rounded a·b + c on 200,000 random triples, including cancelling and half-way cases', () => {
    const rng = new SplitMix64(0x5eedn);
    const unit = () => Number(rng.next() >> 11n) * 2 ** -53;
    const wrong: string[] = [];
    for (let i = 0; i < 200_000; i++) {
      const a = (unit() - 0.5) * 2 ** ((i % 40) - 20);
      const b = (unit() - 0.5) * 2 ** ((i % 17) - 8);
      let c: number;
      switch (i % 4) {
        case 0:
          c = unit() - 0.5;
          break;
        case 1:
          c = -(a * b); // cancellation: the result is the rounding error of the product
          break;
        case 2:
          c = -(a * b) * (1 + 2 ** -52 * (1 + (i % 7))); // near-cancellation
          break;
        default:
          c = (unit() - 0.5) * 2 ** ((i % 90) - 45); // widely different magnitudes
      }
      const got = fma(a, b, c);
      const want = exactFma(a, b, c);
      if (!Object.is(got, want)) wrong.push(`fma(${a}, ${b}, ${c}) = ${got}, exact ${want}`);
    }
    assert.deepEqual(wrong.slice(0, 5), []);
  });

  it('rounds an exact tie of a·b + c to even, where a separate multiply and add would round down', () => {
    // a·b = 1 + 2^-51 + 2^-104 exactly; with c = -(2^-53 + 2^-104) the sum is 1 + 3·2^-53, half-way between
    // 1 + 2^-52 and 1 + 2^-51 (even). Rounding the product first loses the 2^-104 and lands below the tie.
    const a = 1 + 2 ** -52;
    const c = -(2 ** -53 + 2 ** -104);
    assert.equal(fma(a, a, c), 1 + 2 ** -51);
    assert.equal(a * a + c, 1 + 2 ** -52);
    assert.equal(exactFma(a, a, c), 1 + 2 ** -51);
  });
});
