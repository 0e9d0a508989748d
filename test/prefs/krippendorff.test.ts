// Krippendorff's α against the published test vectors.
//  - Wikipedia's computational example (3 coders × 15 units, missing values): nominal 0.691358, interval 0.810845,
//    as pinned (6 decimals) by the `krippendorff` package's tests (pln-fing-udelar/fast-krippendorff).
//  - Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability" (4 observers × 12 units; unit 12 has one
//    value and is unpairable): nominal .743, ordinal .815, interval .849, ratio .797. The same data is the book
//    example (Content Analysis, 4th ed., ch. 12) whose nominal value 0.743421052631579 is pinned exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { krippendorffAlpha, reliabilityFromRecords, reliabilityMatrix, type MeasurementLevel } from '../../src/prefs/index.js';

const _ = null;
const WIKIPEDIA = [
  [_, _, _, _, _, 3, 4, 1, 2, 1, 1, 3, 3, _, 3],
  [1, _, 2, 1, 3, 3, 4, 3, _, _, _, _, _, _, _],
  [_, _, 2, 1, 3, 4, 4, _, 2, 1, 1, 3, 3, _, 4],
];
const KRIPPENDORFF_2011 = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
  [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
];

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

test('Wikipedia example: nominal 0.691358 and interval 0.810845 (krippendorff package test vectors)', () => {
  const data = reliabilityMatrix(WIKIPEDIA);
  assert.equal(round(krippendorffAlpha(data, 'nominal').alpha, 6), 0.691358);
  assert.equal(round(krippendorffAlpha(data, 'interval').alpha, 6), 0.810845);
  // Wikipedia's worked numbers: n = 26 pairable values, from 12 units coded at least twice
  const a = krippendorffAlpha(data, 'nominal');
  assert.equal(a.pairableUnits, 12);
  assert.equal(a.pairableValues, 26);
});

test('Krippendorff 2011 example: nominal .743, ordinal .815, interval .849, ratio .797', () => {
  const data = reliabilityMatrix(KRIPPENDORFF_2011);
  const expected: [MeasurementLevel, number][] = [['nominal', 0.743], ['ordinal', 0.815], ['interval', 0.849], ['ratio', 0.797]];
  for (const [level, value] of expected) assert.equal(round(krippendorffAlpha(data, level).alpha, 3), value, level);
  assert.ok(Math.abs(krippendorffAlpha(data, 'nominal').alpha - 0.743421052631579) < 1e-15);
  assert.equal(krippendorffAlpha(data, 'nominal').pairableValues, 40);
});

test('label data: ordinal α with a label order equals α on the codes; nominal does not need an order', () => {
  const names = ['very low', 'low', 'mid', 'high', 'very high'];
  const records = KRIPPENDORFF_2011.flatMap((row, r) => row.map((v, u) => ({ unit: String(u), rater: String(r), value: v === null ? null : names[v - 1] })));
  const labelled = reliabilityFromRecords(records, { order: names });
  assert.equal(round(krippendorffAlpha(labelled, 'ordinal').alpha, 3), 0.815);
  assert.ok(Math.abs(krippendorffAlpha(reliabilityFromRecords(records), 'nominal').alpha - 0.743421052631579) < 1e-15);
  assert.throws(() => krippendorffAlpha(labelled, 'interval'), /labels support nominal and ordinal/);
});

test('perfect agreement is 1; a single value used throughout has no α; no pairable unit is an error', () => {
  assert.equal(krippendorffAlpha(reliabilityMatrix([[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4]]), 'interval').alpha, 1);
  assert.ok(Number.isNaN(krippendorffAlpha(reliabilityMatrix([[1, 1], [1, 1]])).alpha));
  assert.throws(() => krippendorffAlpha(reliabilityMatrix([[1, _], [_, 2]])), /at least one unit/);
  // ratio with zeros: the 0/0 distance of two zeros is 0, as in the krippendorff package (α = 1)
  assert.equal(krippendorffAlpha(reliabilityMatrix([[0, 1, 2], [0, 1, 2]]), 'ratio').alpha, 1);
});

test('bootstrap over units: same seed, same interval; the interval brackets the estimate', () => {
  const data = reliabilityMatrix(KRIPPENDORFF_2011);
  const a = krippendorffAlpha(data, 'ordinal', { rounds: 500, seed: 3 });
  const b = krippendorffAlpha(data, 'ordinal', { rounds: 500, seed: 3 });
  const c = krippendorffAlpha(data, 'ordinal', { rounds: 500, seed: 4 });
  assert.deepEqual(a.ci, b.ci);
  assert.notDeepEqual(a.ci, c.ci);
  assert.ok(a.ci!.lower < a.alpha && a.alpha <= a.ci!.upper);
  assert.equal(a.ci!.upper, 1); // many resamples of 11 units agree perfectly
});
