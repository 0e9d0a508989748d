// A component's transforms, always in this order: z-normalise with the stated statistics ((v − mean)/std), negate,
// scale, offset, clip. Stated, not estimated, statistics keep a reward pointwise: an item's reward never depends on the
// rest of its batch. The `on-failure` value replaces a failed component's value AFTER the transforms (it is already in
// reward units) and is never transformed.
import type { RewardComponentDef } from './reward-file.js';

export function transformComponentValue(v: number, c: RewardComponentDef): number {
  let x = v;
  if (c.normalize) x = (x - c.normalize.mean) / c.normalize.std;
  if (c.negate) x = -x;
  if (c.scale !== undefined) x *= c.scale;
  if (c.offset !== undefined) x += c.offset;
  if (c.clip) x = Math.min(Math.max(x, c.clip[0]), c.clip[1]);
  return x;
}

function _order(a: number, b: number): [number, number] {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  return [Number.isNaN(lo) ? -Infinity : lo, Number.isNaN(hi) ? Infinity : hi];
}

/** Bounds of a component's contribution: its scorer's range through the transforms, widened by `on-failure`. */
export function transformedRange(range: readonly [number, number], c: RewardComponentDef): [number, number] {
  let [lo, hi] = range;
  if (c.normalize) [lo, hi] = _order((lo - c.normalize.mean) / c.normalize.std, (hi - c.normalize.mean) / c.normalize.std);
  if (c.negate) [lo, hi] = [-hi, -lo];
  // 0 · ±∞ is NaN in IEEE arithmetic; a zero scale pins the contribution at 0
  if (c.scale !== undefined) [lo, hi] = c.scale === 0 ? [0, 0] : _order(lo * c.scale, hi * c.scale);
  if (c.offset !== undefined) [lo, hi] = [lo + c.offset, hi + c.offset];
  if (c.clip) [lo, hi] = [Math.min(Math.max(lo, c.clip[0]), c.clip[1]), Math.min(Math.max(hi, c.clip[0]), c.clip[1])];
  const f = c['on-failure'];
  if (f !== undefined) [lo, hi] = [Math.min(lo, f), Math.max(hi, f)];
  return [lo, hi];
}

/** The component's transforms as a signature fragment: every field that changes its contribution. */
export function transformSignature(c: RewardComponentDef): string {
  const parts: string[] = [];
  if (c.weight !== undefined && c.weight !== 1) parts.push(`w=${c.weight}`);
  if (c.normalize) parts.push(`z=${c.normalize.mean}/${c.normalize.std}`);
  if (c.negate) parts.push('neg');
  if (c.scale !== undefined) parts.push(`scale=${c.scale}`);
  if (c.offset !== undefined) parts.push(`offset=${c.offset}`);
  if (c.clip) parts.push(`clip=${c.clip[0]}..${c.clip[1]}`);
  if (c['on-failure'] !== undefined) parts.push(`on-failure=${c['on-failure']}`);
  if (c.timeout !== undefined) parts.push(`timeout=${c.timeout}s`);
  return parts.join(',');
}
