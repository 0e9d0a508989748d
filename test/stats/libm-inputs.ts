// The inputs of test/fixtures/libm/generate.py, drawn identically: a splitmix64 stream per block, mapped to a double by
// the block's category. Any difference from the Python functions shows up as a digest mismatch of the whole block.
const MASK64 = (1n << 64n) - 1n;

export const LOG_CATEGORIES = [
  'positive-bits',
  'unit-interval',
  'bleu-precision',
  'near-one-ulps',
  'near-one-wide',
  'near-powers-of-two',
  'subnormal',
  'integers',
  'ratios',
] as const;
export const EXP_CATEGORIES = [
  'full-range',
  'negative-sums',
  'brevity-penalty',
  'small',
  'tiny',
  'subnormal-results',
  'overflow-edge',
  'any-bits',
  'medium',
] as const;
const FUNCTION_IDS = { log: 1n, exp: 2n } as const;
export type LibmFunction = keyof typeof FUNCTION_IDS;

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

export function fromBits(bits: bigint): number {
  u64[0] = bits;
  return f64[0];
}

export function toBits(x: number): bigint {
  f64[0] = x;
  return u64[0];
}

/** Bit pattern as 16 lower-case hex digits, as generate.py writes them. */
export function bitsHex(x: number): string {
  return toBits(x).toString(16).padStart(16, '0');
}

export class SplitMix64 {
  constructor(private state: bigint) {}
  next(): bigint {
    this.state = (this.state + 0x9e3779b97f4a7c15n) & MASK64;
    let z = this.state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
    return z ^ (z >> 31n);
  }
}

const TWO_M53 = 2 ** -53;
const unit = (u: bigint): number => Number(u >> 11n) * TWO_M53;

function logInput(category: (typeof LOG_CATEGORIES)[number], u: bigint): number {
  switch (category) {
    case 'positive-bits':
      return fromBits(1n + (u % 0x7fefffffffffffffn));
    case 'unit-interval':
      return (Number(u >> 11n) + 1) * TWO_M53;
    case 'bleu-precision': {
      const total = 1 + Number((u & 0xfffffn) % 5000n);
      const correct = Number((u >> 20n) % BigInt(total + 1));
      if (correct === 0) return 100 / (2 ** (1 + Number((u >> 40n) % 4n)) * total);
      return (100 * correct) / total;
    }
    case 'near-one-ulps': {
      const d = u >> 44n;
      return u & 1n ? fromBits(0x3ff0000000000000n + d) : fromBits(0x3fefffffffffffffn - d);
    }
    case 'near-one-wide':
      return 0.9 + unit(u) * 0.2;
    case 'near-powers-of-two': {
      const e = ((u >> 54n) % 2046n) + 1n;
      const d = u & 0xffffn;
      return (u >> 16n) & 1n ? fromBits((e << 52n) + d) : fromBits((e << 52n) - 1n - d);
    }
    case 'subnormal':
      return fromBits(1n + (u % ((1n << 52n) - 1n)));
    case 'integers':
      return 1 + Number(u % 1000000n);
    case 'ratios':
      return (1 + Number(u % 1000n)) / (1 + Number((u >> 32n) % 1000n));
  }
}

function expInput(category: (typeof EXP_CATEGORIES)[number], u: bigint): number {
  switch (category) {
    case 'full-range':
      return -745.2 + unit(u) * 1455.0;
    case 'negative-sums':
      return -(unit(u) * 20.0);
    case 'brevity-penalty': {
      const sysLen = 1 + Number(u % 1000n);
      const refLen = sysLen + 1 + Number((u >> 32n) % 1000n);
      return 1 - refLen / sysLen;
    }
    case 'small': {
      const e = 1023n - 54n + ((u >> 58n) % 54n);
      return fromBits((((u >> 63n) << 63n) | (e << 52n) | (u & 0xfffffffffffffn)) & MASK64);
    }
    case 'tiny':
      return fromBits(((u >> 63n) << 63n) | ((u & 0x7fffffffffffffffn) % (0x3c9n << 52n)));
    case 'subnormal-results':
      return -745.2 + unit(u) * 36.8;
    case 'overflow-edge':
      return 700.0 + unit(u) * 9.79;
    case 'any-bits':
      return fromBits(((u >> 63n) << 63n) | ((u & 0x7fffffffffffffffn) % 0x7ff0000000000000n));
    case 'medium':
      return -50.0 + unit(u) * 100.0;
  }
}

/** The category and inputs of one block, as generate.py's block_inputs. */
export function blockInputs(fn: LibmFunction, block: number, blockSize: number, blocksPerCategory: number): {
  category: string;
  inputs: Float64Array;
} {
  const stream = new SplitMix64((FUNCTION_IDS[fn] << 32n) | BigInt(block));
  const inputs = new Float64Array(blockSize);
  const index = Math.floor(block / blocksPerCategory);
  if (fn === 'log') {
    const category = LOG_CATEGORIES[index];
    for (let i = 0; i < blockSize; i++) inputs[i] = logInput(category, stream.next());
    return { category, inputs };
  }
  const category = EXP_CATEGORIES[index];
  for (let i = 0; i < blockSize; i++) inputs[i] = expInput(category, stream.next());
  return { category, inputs };
}

/** FNV-1a (32-bit) over the little-endian bytes of each double, as generate.py's fnv1a32. */
export function digestOfOutputs(outputs: Float64Array): string {
  const bytes = new Uint8Array(outputs.buffer, outputs.byteOffset, outputs.byteLength);
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}
