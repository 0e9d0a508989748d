import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  estimateInstructionDifficulty,
  parseLcWeightsCsv,
  predictLengthControlledWinRate,
  upstreamLogistic,
} from '../../src/probes/length-controlled/predict.js';
import { defaultCs, fitLengthControlledWinRate } from '../../src/probes/length-controlled/fit.js';
import { expit, fitL1Logistic } from '../../src/probes/length-controlled/l1-logistic.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const FIX = path.join(here, '../fixtures/probes');
const SHARED = path.resolve(here, '../../../shared');
const expected = JSON.parse(readFileSync(path.join(FIX, 'expected.json'), 'utf8'));
const weights = parseLcWeightsCsv(readFileSync(path.join(FIX, 'lc-weights-baseline_gpt4_1106_preview.csv'), 'utf8'));
const models = JSON.parse(gunzipSync(readFileSync(path.join(FIX, 'alpacaeval-lc.json.gz'))).toString('utf8')).models as Record<
  string,
  { preferences: (number | null)[]; modelLengths: number[]; baselineLengths: number[]; instructionIndex: number[] }
>;

function leaderboardLc(): Map<string, number> {
  const [header, ...rows] = readFileSync(path.join(FIX, 'alpacaeval-leaderboard.csv'), 'utf8').trim().split('\n');
  const j = header.split(',').indexOf('length_controlled_winrate');
  return new Map(rows.map((r) => r.split(',')).filter((c) => c[j] !== '').map((c) => [c[0], Number(c[j])]));
}

/** Per-instruction P(model wins) of every bundled model but the baseline, aligned by instruction. */
function preferenceMatrix(): Float64Array[] {
  return Object.entries(models)
    .filter(([m]) => m !== 'gpt4_1106_preview')
    .map(([, a]) => {
      const row = new Float64Array(805).fill(NaN);
      a.preferences.forEach((v, k) => (row[a.instructionIndex[k]] = v === null ? NaN : (v === 0 ? 1.5 : v) - 1));
      return row;
    });
}

test('weights CSV: 200 models, the baseline row all zeros', () => {
  assert.equal(weights.size, 200);
  assert.deepEqual(weights.get('gpt4_1106_preview'), { length: 0, difficulty: 0, notGamed: 0 });
  // first data row of the file, as printed with %.16f
  assert.deepEqual(weights.get('gpt4_1106_preview_verbose'), { length: -1.5835274219761557, difficulty: 0.8334888457867451, notGamed: 0.1923534665807022 });
  assert.throws(() => parseLcWeightsCsv('model,a,b\nx,1,2\n'), /no column/);
});

test("upstream's logistic exp(−logaddexp(0, −x)) is the sigmoid, stable at both ends", () => {
  assert.equal(upstreamLogistic(0), 0.5);
  assert.ok(Math.abs(upstreamLogistic(2) - 1 / (1 + Math.exp(-2))) <= 2 ** -52); // exp/log1p rounding: within an ulp
  assert.equal(upstreamLogistic(-800), 0);
  assert.equal(upstreamLogistic(800), 1);
});

test('LC prediction from saved weights equals a NumPy side-by-side of the upstream formula for all 200 models', () => {
  // Difficulty: the notebook's fallback estimate, logit(mean P(win)) over the 18 bundled non-baseline models; the
  // same vector in Python (test/fixtures/probes/expected.json) and here.
  const d = estimateInstructionDifficulty(preferenceMatrix());
  const dPy = expected.lc.difficulty as number[];
  let maxD = 0;
  for (let i = 0; i < 805; i++) maxD = Math.max(maxD, Math.abs(d[i] - dPy[i]));
  assert.ok(maxD < 1e-13, `difficulty max diff ${maxD}`);
  const base = weights.get('gpt4_1106_preview')!;
  let maxDiff = 0;
  let n = 0;
  for (const [m, py] of Object.entries(expected.lc.predictedWithEstimatedDifficulty as Record<string, number>)) {
    const ours = predictLengthControlledWinRate(weights.get(m)!, base, dPy);
    maxDiff = Math.max(maxDiff, Math.abs(ours - py));
    n++;
  }
  assert.equal(n, 200);
  assert.ok(maxDiff < 1e-12, `max |diff| ${maxDiff}`);
});

test('published LC: the baseline is exactly 50; every model when instruction_difficulty.csv is supplied', (t) => {
  const lc = leaderboardLc();
  const base = weights.get('gpt4_1106_preview')!;
  assert.equal(predictLengthControlledWinRate(base, base, new Float64Array(805).fill(0.3)), lc.get('gpt4_1106_preview'));
  // upstream's per-instruction difficulties live on Hugging Face (tatsu-lab/alpaca_eval, instruction_difficulty.csv),
  // not in the GitHub repository; with them the formula above is upstream's predict_winrate.
  const file = path.join(SHARED, 'data/alpaca_eval/instruction_difficulty.csv');
  if (!existsSync(file)) {
    t.skip('instruction_difficulty.csv (Hugging Face only) not present in ../shared');
    return;
  }
  const rows = readFileSync(file, 'utf8').trim().split('\n').slice(1);
  const difficulty = rows.map((r) => Number(r.split(',').pop()));
  let maxDiff = 0;
  for (const [m, w] of weights) {
    const pub = lc.get(m);
    if (pub === undefined) continue;
    maxDiff = Math.max(maxDiff, Math.abs(predictLengthControlledWinRate(w, base, difficulty) - pub));
  }
  assert.ok(maxDiff < 1e-9, `max |diff| ${maxDiff}`);
});

test('L1 logistic solver reaches the minimiser scipy L-BFGS-B finds on the split-variable problem', () => {
  // claude-2.1's annotations with features tanh(std Δlen), estimated difficulty, 1 (expected.json, l1fit_C*)
  const a = models['claude-2.1'];
  const d = expected.lc.difficulty as number[];
  for (const key of ['l1fit_C0.01', 'l1fit_C0.5']) {
    const ref = expected.lc[key];
    const C = Number(key.slice('l1fit_C'.length));
    const rows: number[] = [];
    const y: number[] = [];
    a.preferences.forEach((v, k) => {
      if (v === null) return;
      rows.push(k);
      y.push((v === 0 ? 1.5 : v) - 1);
    });
    const x = new Float64Array(rows.length * 3);
    rows.forEach((k, r) => {
      x[r * 3] = Math.tanh((a.baselineLengths[k] - a.modelLengths[k]) / ref.sd);
      x[r * 3 + 1] = d[a.instructionIndex[k]];
      x[r * 3 + 2] = 1;
    });
    const fit = fitL1Logistic({ x, p: 3, y }, C);
    assert.ok(fit.converged, key);
    for (let j = 0; j < 3; j++) assert.ok(Math.abs(fit.w[j] - ref.w[j]) < 1e-6, `${key} w[${j}] ${fit.w[j]} vs ${ref.w[j]}`);
    // never worse than the reference optimum (to rounding)
    assert.ok(fit.objective <= ref.objective + 1e-9, `${key} objective ${fit.objective} vs ${ref.objective}`);
  }
});

test('own GLM fit: a model whose wins are explained by length alone gets an LC win rate of 50', () => {
  // 600 instructions; P(model wins) = σ(−2·tanh(std Δlen)) exactly, Δlen = baseline − model length.
  const n = 600;
  const baselineLengths = Array.from({ length: n }, (_, i) => 1000 + ((i * 37) % 200));
  const modelLengths = Array.from({ length: n }, (_, i) => 800 + ((i * 53) % 900)); // mostly longer than the baseline
  const delta = baselineLengths.map((b, i) => b - modelLengths[i]);
  const mean = delta.reduce((s, v) => s + v, 0) / n;
  const sd = Math.sqrt(delta.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  const preferences = delta.map((v) => 1 + expit(-2 * Math.tanh(v / sd)));
  const fit = fitLengthControlledWinRate({ preferences, modelLengths, baselineLengths });
  assert.ok(Math.abs(fit.weights.length + 2) < 0.01, `w_len ${fit.weights.length}`);
  assert.ok(Math.abs(fit.weights.notGamed) < 0.01, `w_gamed ${fit.weights.notGamed}`);
  assert.ok(Math.abs(fit.lcWinRate - 50) < 0.25, `LC ${fit.lcWinRate}`);
  assert.ok(fit.winRate > 55, `raw win rate ${fit.winRate} is length-inflated`);
  assert.equal(defaultCs().length, 10);
  assert.equal(defaultCs()[0], 1e-4);
});

test('own GLM fit on the bundled AlpacaEval models: the length coefficient has the published sign (an approximation of LC, not a reproduction)', () => {
  const lc = leaderboardLc();
  const report: string[] = [];
  for (const [m, a] of Object.entries(models)) {
    if (m === 'gpt4_1106_preview') continue;
    const fit = fitLengthControlledWinRate({ preferences: a.preferences, modelLengths: a.modelLengths, baselineLengths: a.baselineLengths });
    const published = weights.get(m)!;
    assert.ok(published.length < 0 && fit.weights.length < 0, `${m}: judge prefers longer outputs, so w_len < 0 (ours ${fit.weights.length})`);
    report.push(`${m}: ours ${fit.lcWinRate.toFixed(2)} vs published ${lc.get(m)!.toFixed(2)}`);
  }
  assert.equal(report.length, 18);
});
