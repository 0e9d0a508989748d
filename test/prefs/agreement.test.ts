// Raw agreement, Cohen's κ and Fleiss' κ on hand-checked cases and reference values computed side by side with
// scikit-learn 1.9.1 (`cohen_kappa_score`) and statsmodels 0.15.0 (`fleiss_kappa`) in /work/scratch (not needed to run).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agreementReport, cohenKappa, fleissKappa, fleissKappaFromCounts, rawAgreement, reliabilityFromRecords, reliabilityMatrix } from '../../src/prefs/index.js';

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test("Cohen's κ: the Wikipedia 2×2 example (20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no) is 0.4", () => {
  const a: string[] = [];
  const b: string[] = [];
  const add = (x: string, y: string, n: number) => {
    for (let i = 0; i < n; i++) {
      a.push(x);
      b.push(y);
    }
  };
  add('yes', 'yes', 20);
  add('yes', 'no', 5);
  add('no', 'yes', 10);
  add('no', 'no', 15);
  const data = reliabilityMatrix([a, b]);
  // p_o = 0.7, p_e = 0.5·0.6 + 0.5·0.4 = 0.5
  close(cohenKappa(data).value, 0.4);
  close(rawAgreement(data).value, 0.7);
});

test("Cohen's κ, unweighted / linear / quadratic, equals sklearn's cohen_kappa_score", () => {
  const a = [1, 2, 3, 4, 5, 3, 2, 1, 4, 4, 5, 2, 3, 3, 1, 2, 5, 4, 3, 2];
  const b = [1, 3, 3, 4, 4, 3, 2, 2, 5, 4, 5, 1, 3, 2, 1, 2, 4, 4, 3, 3];
  const data = reliabilityMatrix([a, b]);
  close(cohenKappa(data).value, 0.4920634920634921);
  close(cohenKappa(data, { weights: 'linear' }).value, 0.7142857142857143);
  close(cohenKappa(data, { weights: 'quadratic' }).value, 0.8707592891760905);
});

test("Fleiss' κ: Wikipedia's worked example (10 subjects, 14 raters, 5 categories) is 0.210", () => {
  const table = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
  ];
  const k = fleissKappaFromCounts(table);
  assert.equal(Math.round(k.value * 1000) / 1000, 0.21);
  close(k.value, 0.20993070442195522); // statsmodels fleiss_kappa
  // Wikipedia: P̄ = 0.378, P̄e = 0.213
  assert.equal(Math.round(k.observed * 1000) / 1000, 0.378);
  assert.equal(Math.round(k.expected * 1000) / 1000, 0.213);
});

test("Fleiss' κ from label data equals statsmodels; unequal ratings per unit are refused", () => {
  const r = [
    ['x', 'y', 'x', 'z', 'y', 'y', 'x', 'z'],
    ['x', 'y', 'y', 'z', 'y', 'x', 'x', 'z'],
    ['x', 'y', 'x', 'z', 'z', 'y', 'y', 'z'],
  ];
  close(fleissKappa(reliabilityMatrix(r)).value, 0.4973821989528795);
  assert.throws(() => fleissKappa(reliabilityMatrix([['x', 'y'], ['x', null], ['y', 'y']])), /same number of ratings per unit/);
});

test('raw agreement averages the agreeing share of rater pairs per unit', () => {
  // unit 1: 3 raters agree (1); unit 2: 2 of 3 agree → 2 of 6 ordered pairs (1/3); unit 3: one value, left out
  const data = reliabilityMatrix([[1, 1, 5], [1, 1, null], [1, 2, null]]);
  const r = rawAgreement(data);
  assert.equal(r.units, 2);
  close(r.value, (1 + 1 / 3) / 2);
});

test('agreement report: coefficients that apply, reproducible bootstrap CIs over units', () => {
  const records = [];
  const labels = ['a', 'b', 'c'];
  // 40 units, 2 raters who agree on 30 (a deterministic pattern)
  for (let u = 0; u < 40; u++) {
    const x = labels[u % 3];
    const y = u % 4 === 0 ? labels[(u + 1) % 3] : x;
    records.push({ unit: `u${u}`, rater: 'r1', value: x }, { unit: `u${u}`, rater: 'r2', value: y });
  }
  const data = reliabilityFromRecords(records);
  const rep = agreementReport(data, { levels: ['nominal'], bootstrap: 300, seed: 11 });
  close(rep.raw.value, 30 / 40);
  assert.ok(rep.cohen && rep.fleiss);
  // two raters, every unit coded twice: Fleiss' κ is Scott's π, and so is α up to the small-sample factor
  const n = 80;
  close(rep.alpha[0].value, 1 - ((n - 1) / n) * (1 - rep.fleiss!.value));
  const again = agreementReport(data, { levels: ['nominal'], bootstrap: 300, seed: 11 });
  assert.deepEqual(again, rep);
  for (const c of [rep.raw, rep.cohen!, rep.fleiss!]) assert.ok(c.ci!.lower < c.value && c.value < c.ci!.upper);
  const three = agreementReport(reliabilityMatrix([[1, 2, 3], [1, 2, 3], [1, 2, null]]));
  assert.equal(three.cohen, undefined);
  assert.match(three.fleissSkipped!, /same number of ratings/);
});
