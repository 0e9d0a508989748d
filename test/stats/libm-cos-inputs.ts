// The inputs of test/fixtures/libm/generate_cos.py, drawn identically (splitmix64 per block, mapped by category).
import { fromBits, SplitMix64, toBits } from './libm-inputs.js';

export const COS_CATEGORIES = [
  'progress-pi',
  'length-ratios',
  'small',
  'tiny',
  'mid',
  'medium',
  'large',
  'near-half-pi-multiples',
  'any-bits',
] as const;
const COS_FUNCTION_ID = 3n;
const SIGN = 1n << 63n;
const TWO_M53 = 2 ** -53;
const unit = (u: bigint): number => Number(u >> 11n) * TWO_M53;

function cosInput(category: (typeof COS_CATEGORIES)[number], u: bigint): number {
  const sign = u >> 63n ? -1 : 1;
  switch (category) {
    case 'progress-pi':
      return unit(u) * Math.PI;
    case 'length-ratios': {
      const maxLen = 1 + Number(u % 8192n);
      const length = Number((u >> 20n) % BigInt(3 * maxLen + 1));
      return (length / maxLen) * Math.PI;
    }
    case 'small':
      return sign * unit(u) * 0.86;
    case 'tiny':
      return fromBits((u & SIGN) | ((u & 0x7fffffffffffffffn) % (0x3e5n << 52n)));
    case 'mid':
      return sign * (0.85 + unit(u) * 1.58);
    case 'medium':
      return -100.0 + unit(u) * 200.0;
    case 'large':
      return -1.1e8 + unit(u) * 2.2e8;
    case 'near-half-pi-multiples': {
      const k = 1 + Number((u >> 20n) % (1n << 20n));
      const d = u & 0x3ffn;
      const x = k * (Math.PI / 2);
      return (u >> 10n) & 1n ? fromBits(toBits(x) + d) : fromBits(toBits(x) - d);
    }
    case 'any-bits':
      return fromBits((u & SIGN) | ((u & 0x7fffffffffffffffn) % 0x7ff0000000000000n));
  }
}

/** The category and inputs of one block, as generate_cos.py's block_inputs. */
export function cosBlockInputs(block: number, blockSize: number, blocksPerCategory: number): { category: string; inputs: Float64Array } {
  const stream = new SplitMix64((COS_FUNCTION_ID << 32n) | BigInt(block));
  const category = COS_CATEGORIES[Math.floor(block / blocksPerCategory)];
  const inputs = new Float64Array(blockSize);
  for (let i = 0; i < blockSize; i++) inputs[i] = cosInput(category, stream.next());
  return { category, inputs };
}
