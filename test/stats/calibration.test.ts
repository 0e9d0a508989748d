import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  binIndex,
  brierDecomposition,
  brierScore,
  equalMassEdges,
  equalWidthEdges,
  expectedCalibrationError,
  fitTemperature,
  marginToProbability,
  preferenceProbability,
  reliabilityDiagram,
  sigmoid,
  temperatureNll,
} from '../../src/stats/calibration.js';

// Side-by-side reference values below come from NumPy/SciPy (numpy 2.4, scipy 1.17) running sklearn's
// calibration_curve binning (np.linspace / np.percentile edges, np.searchsorted on the interior edges,
// np.bincount sums) in a scratch script; exact fractions are worked out by hand in the comments.

test('equal-width edges are np.linspace(0, 1, B+1) and a forecast on an edge goes to the lower bin', () => {
  const e10 = equalWidthEdges(10);
  // np.linspace(0, 1, 11): 3·0.1 = 0.30000000000000004, 6·0.1 = 0.6000000000000001, 7·0.1 = 0.7000000000000001
  assert.deepEqual(Array.from(e10), [0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6000000000000001, 0.7000000000000001, 0.8, 0.9, 1]);
  // np.searchsorted(edges[1:-1], [0.3, 0.30000000000000004, 0.1, 0.7]) = [2, 2, 0, 6]
  assert.deepEqual([0.3, 0.30000000000000004, 0.1, 0.7].map((p) => binIndex(p, e10)), [2, 2, 0, 6]);
  assert.equal(binIndex(0, e10), 0); // 0 belongs to the first bin
  assert.equal(binIndex(1, e10), 9);
});

test('reliability diagram and ECE on a hand-worked case (4 equal-width bins)', () => {
  const f = [0.125, 0.25, 0.25, 0.5, 0.625, 0.75, 0.875, 1];
  const y = [0, 0, 1, 1, 0, 1, 1, 1];
  const d = reliabilityDiagram(f, y, { bins: 4 });
  // bins [0, .25] ∋ .125 .25 .25 | (.25, .5] ∋ .5 | (.5, .75] ∋ .625 .75 | (.75, 1] ∋ .875 1
  assert.deepEqual(d.map((b) => b.count), [3, 1, 2, 2]);
  assert.deepEqual(d.map((b) => b.accuracy), [1 / 3, 1, 0.5, 1]);
  assert.deepEqual(d.map((b) => b.meanConfidence), [0.625 / 3, 0.5, 0.6875, 0.9375]);
  // ECE = 3/8·|1/3 − 5/24| + 1/8·|1 − 1/2| + 2/8·|1/2 − 11/16| + 2/8·|1 − 15/16| = 3/64 + 4/64 + 3/64 + 1/64 = 11/64
  // (numpy: 0.171875)
  assert.ok(Math.abs(expectedCalibrationError(f, y, { bins: 4 }) - 11 / 64) < 1e-16);
});

test('ECE with 10 equal-width bins and with equal-mass bins (numpy side by side)', () => {
  const f = [0.05, 0.1, 0.1, 0.2, 0.35, 0.4, 0.7, 0.8, 0.95, 0.99];
  const y = [0, 0, 1, 0, 1, 0, 1, 1, 1, 1];
  const d = reliabilityDiagram(f, y, { bins: 10 });
  // np.bincount(binids) = [3 1 0 2 0 0 1 1 0 2]; 0.7 sits on edge 0.7000000000000001's lower side (bin 6)
  assert.deepEqual(d.map((b) => b.count), [3, 1, 0, 2, 0, 0, 1, 1, 0, 2]);
  assert.ok(Number.isNaN(d[2].meanConfidence) && Number.isNaN(d[2].accuracy));
  // numpy, adding (n_b/N)·|acc_b − conf_b| bin by bin as Guo et al.'s ECELoss does: 0.176
  assert.equal(expectedCalibrationError(f, y, { bins: 10 }), 0.176);
  // np.percentile(f, np.linspace(0, 1, 4) * 100) = [0.05, 0.19999999999999993, 0.6999999999999994, 0.99]
  assert.deepEqual(Array.from(equalMassEdges(f, 3)), [0.05, 0.19999999999999993, 0.6999999999999994, 0.99]);
  const m = reliabilityDiagram(f, y, { bins: 3, strategy: 'equal-mass' });
  assert.deepEqual(m.map((b) => b.count), [3, 3, 4]);
  // calibration_curve(strategy='quantile'): prob_true [1/3, 1/3, 1], prob_pred [0.08333333333333333, 0.3166666666666667, 0.8600000000000001]
  assert.deepEqual(m.map((b) => b.accuracy), [0.3333333333333333, 0.3333333333333333, 1]);
  assert.deepEqual(m.map((b) => b.meanConfidence), [0.08333333333333333, 0.3166666666666667, 0.8600000000000001]);
  // numpy, same association: 0.13599999999999995 (np.sum(|acc − conf| · n_b / N) associates differently and prints
  // 0.13599999999999993: the last bits of an ECE depend on that choice, and we follow ECELoss's).
  assert.equal(expectedCalibrationError(f, y, { bins: 3, strategy: 'equal-mass' }), 0.13599999999999995);
});

test('a perfectly calibrated finite sample has ECE 0 and reliability 0', () => {
  // forecast .25 four times with one positive, .75 four times with three positives
  const f = [0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75];
  const y = [0, 0, 0, 1, 1, 1, 0, 1];
  assert.equal(expectedCalibrationError(f, y, { bins: 10 }), 0);
  const b = brierDecomposition(f, y);
  // BS = (3·.0625 + .5625)·2/8 = 0.1875 = REL 0 − RES 0.0625 + UNC 0.25
  assert.deepEqual(
    [b.brier, b.reliability, b.resolution, b.uncertainty, b.withinBinVariance, b.withinBinCovariance, b.bins],
    [0.1875, 0, 0.0625, 0.25, 0, 0, 2],
  );
});

test('Brier score and Murphy decomposition on a miscalibrated hand-worked case', () => {
  const f = [0.5, 0.5, 1, 1, 1, 1, 0, 0];
  const y = [1, 0, 1, 1, 1, 0, 0, 1];
  // squared errors .25 .25 0 0 0 1 0 1 -> 2.5/8
  assert.equal(brierScore(f, y), 0.3125);
  const b = brierDecomposition(f, y);
  // groups 0 (n 2, ō .5), .5 (n 2, ō .5), 1 (n 4, ō .75); base rate 5/8
  // REL = (2·.25 + 0 + 4·.0625)/8 = 0.09375; RES = (2·(1/8)² + 2·(1/8)² + 4·(1/8)²)/8 = 0.015625; UNC = 15/64
  assert.deepEqual([b.reliability, b.resolution, b.uncertainty], [0.09375, 0.015625, 0.234375]);
  assert.equal(b.reliability - b.resolution + b.uncertainty, b.brier);
});

test('binned decomposition needs the within-bin terms (Stephenson et al. 2008)', () => {
  const f = [0.125, 0.375, 0.625, 0.875];
  const y = [0, 1, 0, 1];
  const b = brierDecomposition(f, y, { bins: 2 });
  // bins {.125, .375} (f̄ .25, ō .5) and {.625, .875} (f̄ .75, ō .5)
  // REL = (2·.0625 + 2·.0625)/4 = .0625, RES = 0, UNC = .25, WBV = 4·.125²/4 = .015625,
  // WBC = ((−.125)(−.5) + (.125)(.5)) · 2 / 4 = .0625; BS = (.015625 + .390625 + .390625 + .015625)/4 = .203125
  assert.deepEqual(
    [b.brier, b.reliability, b.resolution, b.uncertainty, b.withinBinVariance, b.withinBinCovariance],
    [0.203125, 0.0625, 0, 0.25, 0.015625, 0.0625],
  );
  assert.equal(b.reliability - b.resolution + b.uncertainty, 0.3125); // off by WBV − 2·WBC = −0.109375 without them
  assert.equal(b.reliability - b.resolution + b.uncertainty + b.withinBinVariance - 2 * b.withinBinCovariance, b.brier);
});

test('property: with finitely many forecast values, REL − RES + UNC = BS', () => {
  const values = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
  const sample = fc.array(fc.record({ f: fc.constantFrom(...values), y: fc.constantFrom(0, 1) }), { minLength: 1, maxLength: 200 });
  fc.assert(
    fc.property(sample, (rows) => {
      const b = brierDecomposition(rows.map((r) => r.f), rows.map((r) => r.y));
      // Equal forecasts make f̄_k = f exactly only up to rounding of sum/count; both extra terms vanish to < 1e-30.
      return Math.abs(b.reliability - b.resolution + b.uncertainty - b.brier) <= 1e-15 && b.withinBinVariance < 1e-30 && Math.abs(b.withinBinCovariance) < 1e-15;
    }),
    { seed: 20240611, numRuns: 300 },
  );
});

test('property: with any binning, REL − RES + UNC + WBV − 2·WBC = BS', () => {
  const sample = fc.array(fc.record({ f: fc.double({ min: 0, max: 1, noNaN: true }), y: fc.constantFrom(0, 1) }), { minLength: 1, maxLength: 200 });
  fc.assert(
    fc.property(sample, fc.integer({ min: 1, max: 20 }), fc.constantFrom('equal-width' as const, 'equal-mass' as const), (rows, bins, strategy) => {
      const b = brierDecomposition(rows.map((r) => r.f), rows.map((r) => r.y), { bins, strategy });
      return Math.abs(b.reliability - b.resolution + b.uncertainty + b.withinBinVariance - 2 * b.withinBinCovariance - b.brier) <= 1e-14;
    }),
    { seed: 7, numRuns: 300 },
  );
});

test('margins to probabilities: stable sigmoid, temperature, limits', () => {
  assert.equal(sigmoid(0), 0.5);
  assert.equal(sigmoid(800), 1);
  assert.equal(sigmoid(-800), 0); // exp(-800) underflows to 0 without a NaN
  assert.equal(sigmoid(-745), 5e-324);
  // σ(ln 3) = 3/4; ln 3 passes through two roundings (2/T) first, so allow one ulp of 0.75 either way
  assert.ok(Math.abs(marginToProbability(2, 2 / Math.log(3)) - 0.75) <= 1.2e-16);
  assert.equal(preferenceProbability(3, 1, 2), sigmoid(1));
  assert.deepEqual([marginToProbability(1, 0), marginToProbability(-1, 0), marginToProbability(0, 0)], [1, 0, 0.5]);
  assert.equal(marginToProbability(5, Infinity), 0.5);
  assert.throws(() => marginToProbability(1, -1), /temperature/);
});

test('temperature fit: closed form with one margin magnitude', () => {
  // Δ = 2 everywhere, 3 of 4 labels agree: σ(2/T) = 3/4, T = 2 / ln 3 (= 1.8204784532536746)
  const fit = fitTemperature([2, 2, 2, 2], [1, 1, 1, 0]);
  assert.equal(fit.status, 'converged');
  assert.ok(Math.abs(fit.temperature - 2 / Math.log(3)) <= 1e-15 * fit.temperature, `${fit.temperature}`);
  // the NLL at the optimum is the label entropy, −(¾ ln ¾ + ¼ ln ¼) = 0.5623351446188083
  assert.ok(Math.abs(fit.nll - 0.5623351446188083) < 1e-15);
  // margins of either sign: a rejected-side margin with label 0 agrees too
  const mixed = fitTemperature([2, -2, 2, -2], [1, 0, 0, 0]);
  assert.ok(Math.abs(mixed.temperature - 2 / Math.log(3)) <= 1e-15 * mixed.temperature);
});

test('temperature fit: mixed margins and a soft label (scipy side by side)', () => {
  const margins = [-3, -1, 0.5, 1, 2, 4, -0.5, 2.5];
  const labels = [0, 1, 1, 0, 1, 1, 0.5, 1];
  const fit = fitTemperature(margins, labels);
  // scipy.optimize.brentq on the derivative in β = 1/T (rtol 4·eps): T = 1.3481388805603276, NLL 0.5000318891777106;
  // minimize_scalar on log T agrees to 1e-9 (1.348138881339433).
  assert.ok(Math.abs(fit.temperature - 1.3481388805603276) <= 1e-14, `${fit.temperature}`);
  assert.ok(Math.abs(fit.nll - 0.5000318891777106) <= 1e-15);
  assert.ok(Math.abs(temperatureNll(margins, labels, fit.temperature) - fit.nll) <= 1e-16);
  // the fitted T is a minimum: nudging it either way raises the NLL
  assert.ok(temperatureNll(margins, labels, fit.temperature * 1.01) > fit.nll);
  assert.ok(temperatureNll(margins, labels, fit.temperature / 1.01) > fit.nll);
});

test('temperature fit: separable and signal-free margins', () => {
  const sep = fitTemperature([1, 2, -1, 0], [1, 1, 0, 1]);
  assert.equal(sep.status, 'separable');
  assert.equal(sep.temperature, 0);
  assert.equal(sep.nll, Math.LN2 / 4); // only the zero margin costs anything in the limit
  // one disagreeing soft label is enough to make the optimum finite
  assert.equal(fitTemperature([1, 2, -1], [1, 0.999, 0]).status, 'converged');
  const none = fitTemperature([1, -1], [0, 1]);
  assert.deepEqual([none.status, none.temperature, none.nll], ['no-signal', Infinity, Math.LN2]);
  assert.equal(fitTemperature([0, 0, 0], [1, 0, 1]).status, 'no-signal');
  assert.throws(() => fitTemperature([1, 2], [1]), /length/);
  assert.throws(() => fitTemperature([1, NaN], [1, 0]), /finite/);
});

test('inputs outside [0, 1] are rejected', () => {
  assert.throws(() => expectedCalibrationError([1.2], [1]), /probability/);
  assert.throws(() => brierDecomposition([0.5], [0.5]), /binary/);
  assert.throws(() => equalWidthEdges(0), /positive integer/);
});
