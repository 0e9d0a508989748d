// Dawid & Skene (1979) on the paper's own data (Table 1: 45 patients, 5 anaesthetists, 4 classes; anaesthetist 1
// rated every patient three times). The paper's estimated class marginals are 0.40, 0.42, 0.11, 0.07; started from
// the paper's vote-share initialisation (its eq. 3.1), EM gives 0.3996 / 0.4220 / 0.1118 / 0.0667 after 15 iterations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dawidSkene, type LabelObservation } from '../../src/prefs/index.js';

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/prefs/dawid-skene-1979.json');
const table = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { patients: number[][][] };
const observations: LabelObservation[] = table.patients.flatMap((observers, i) =>
  observers.flatMap((labels, k) => labels.map((label) => ({ item: `p${i + 1}`, annotator: `a${k + 1}`, label }))),
);

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

test('the 1979 data: 315 labels, 45 patients, 5 annotators, 4 classes', () => {
  assert.equal(observations.length, 45 * 7);
  const r = dawidSkene(observations, { maxIterations: 1 });
  assert.deepEqual(r.classes, ['1', '2', '3', '4']);
  assert.equal(r.items.length, 45);
  assert.equal(r.annotators.length, 5);
});

test('class marginals 0.3996 / 0.4220 / 0.1118 / 0.0667 after 15 iterations (vote-share start)', () => {
  const r = dawidSkene(observations, { maxIterations: 15 });
  assert.equal(r.iterations, 15);
  assert.deepEqual([...r.classMarginals].map(round4), [0.3996, 0.422, 0.1118, 0.0667]);
  // the paper's two-decimal table
  assert.deepEqual([...r.classMarginals].map((x) => Math.round(x * 100) / 100), [0.4, 0.42, 0.11, 0.07]);
});

test('convergence rule: the default tolerance 1e-6 stops this data at iteration 15', () => {
  const r = dawidSkene(observations);
  assert.equal(r.converged, true);
  assert.equal(r.iterations, 15);
  const capped = dawidSkene(observations, { maxIterations: 5 });
  assert.equal(capped.converged, false);
  assert.equal(capped.iterations, 5);
});

test('a hard majority-vote start stalls in a worse local maximum (documented, not the default)', () => {
  const soft = dawidSkene(observations);
  const hard = dawidSkene(observations, { init: 'majority' });
  assert.deepEqual([...hard.classMarginals].map(round4), [0.3997, 0.467, 0.1111, 0.0222]);
  assert.ok(hard.logLikelihood < soft.logLikelihood);
});

test('posteriors are distributions; error-rate rows sum to one; unanimous patients get their label', () => {
  const r = dawidSkene(observations);
  const J = 4;
  for (let i = 0; i < r.items.length; i++) {
    let s = 0;
    for (let j = 0; j < J; j++) s += r.posteriors[i * J + j];
    assert.ok(Math.abs(s - 1) < 1e-12);
  }
  for (let kj = 0; kj < 5 * J; kj++) {
    let s = 0;
    for (let l = 0; l < J; l++) s += r.errorRates[kj * J + l];
    assert.ok(Math.abs(s - 1) < 1e-12 || s === 0);
  }
  // patient 11: every rating is 4; patient 1: every rating is 1
  assert.equal(r.labels[10], '4');
  assert.equal(r.labels[0], '1');
});
