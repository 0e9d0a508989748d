import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import {
  cohenKappa,
  llmbarStatistics,
  positionConsistency,
  pythonFloatRepr,
  type TwoOrderRuns,
  type Winner,
} from '../../src/metaeval/position.js';
import { hasShared, llmbarSettings, sharedPath, type LLMBarSetting } from '../fixtures/rm/load.js';

const winner = (c: string): Winner => (c === '1' ? 1 : c === '2' ? 2 : null);
function runsOf(s: Pick<LLMBarSetting, 'labels' | 'original' | 'swapped'>): TwoOrderRuns {
  return {
    labels: [...s.labels].map((c) => (c === '1' ? 1 : 2)),
    original: [...s.original].map(winner),
    swapped: [...s.swapped].map(winner),
  };
}

test('hand-checked position statistics on six pairs', () => {
  // labels 1 1 2 2 1 2; original winners 1 2 2 1 null 2; swapped winners 1 1 1 1 null 2
  const runs: TwoOrderRuns = { labels: [1, 1, 2, 2, 1, 2], original: [1, 2, 2, 1, null, 2], swapped: [1, 1, 1, 1, null, 2] };
  const s = positionConsistency(runs);
  assert.equal(s.correctOriginal, 3); // pairs 0, 2, 5
  assert.equal(s.correctSwapped, 3); // pairs 0, 1, 5
  assert.equal(s.correctBoth, 2); // pairs 0, 5
  assert.equal(s.equal, 4); // pairs 0, 3, 4 (null == null), 5
  assert.equal(s.correctAverage, 50);
  // pair 1: 2 then 1 = picked the second-shown both times; pair 2: 2 then 1 as well
  assert.equal(s.secondPositionBias, 2 / 6);
  assert.equal(s.firstPositionBias, 0);
  assert.equal(s.inconsistentOther, 0);
  // consistent-correct 2 + 0.5 · 2 inconsistent
  assert.equal(s.accuracyInconsistentHalf, 3 / 6);
  assert.equal(s.accuracyInconsistentWrong, 2 / 6);
});

test('first-position bias and null-involved inconsistency', () => {
  const s = positionConsistency({ labels: [1, 2, 1], original: [1, 1, null], swapped: [2, 2, 1] });
  assert.equal(s.firstPositionBias, 2 / 3); // pairs 0 and 1: output_1 in the original order, output_2 when swapped
  assert.equal(s.inconsistentOther, 1 / 3);
  assert.equal(s.equal, 0);
});

test('Python float repr as LLMBar prints it', () => {
  assert.equal(pythonFloatRepr(95), '95.0');
  assert.equal(pythonFloatRepr(0), '0.0');
  assert.equal(pythonFloatRepr(11.956521739130435), '11.956521739130435');
  assert.equal(pythonFloatRepr(100), '100.0');
  assert.equal(pythonFloatRepr(1e-5), '1e-05');
  assert.equal(pythonFloatRepr(0.0001), '0.0001');
  assert.equal(pythonFloatRepr(1.5e16), '1.5e+16');
  assert.equal(pythonFloatRepr(1e15), '1000000000000000.0');
  assert.equal(pythonFloatRepr(-2.5e-7), '-2.5e-07');
  assert.equal(pythonFloatRepr(123456789.125), '123456789.125');
});

test("Cohen's kappa equals sklearn on hand-checked tables", () => {
  // 2×2: agreement po = 7/10, chance pe = (5·4 + 5·6)/100 = 0.5, kappa = (0.7 − 0.5)/(1 − 0.5) = 0.4.
  // sklearn evaluates it as 1 − Σ_{i≠j} C_ij / Σ_{i≠j} E_ij: observed off-diagonal (1,0) = 1 and (0,1) = 2, expected
  // off-diagonal 4·5/10 + 6·5/10 = 5, so 1 − 3/5 in floating point.
  const a = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0];
  const b = [1, 1, 1, 1, 0, 0, 0, 0, 1, 1];
  assert.equal(cohenKappa(a, b), 1 - 3 / 5);
  // perfect agreement
  assert.equal(cohenKappa([0, 1, 2, 1], [0, 1, 2, 1]), 1);
  // a single label everywhere: 0/0
  assert.ok(Number.isNaN(cohenKappa([1, 1, 1], [1, 1, 1])));
});

const fixture = { settings: llmbarSettings() };

test('fixture: every LLMBar statistics.json reproduced field by field (70 settings)', () => {
  assert.equal(fixture.settings.length, 70);
  let compared = 0;
  for (const setting of fixture.settings) {
    const ours = llmbarStatistics(runsOf(setting));
    for (const [field, expected] of Object.entries(setting.statistics)) {
      assert.ok(field in ours, `${setting.path}: unknown field ${field}`);
      assert.equal(ours[field], expected, `${setting.path} ${field}`);
      compared++;
    }
  }
  assert.equal(compared, 70 * 9);
});

test('fixture: published examples from the data README', () => {
  const natural = fixture.settings.find((s) => s.path === 'Natural/evaluators/GPT-4/Vanilla')!;
  const s = positionConsistency(runsOf(natural));
  assert.deepEqual([s.correctOriginal, s.correctSwapped, s.correctAverage, s.correctBoth, s.equal], [95, 96, 95.5, 93, 95]);
  const neighbor = fixture.settings.find((x) => x.path === 'Adversarial/Neighbor/evaluators/ChatGPT/Vanilla')!;
  const t = positionConsistency(runsOf(neighbor));
  assert.deepEqual([t.correctOriginal, t.correctSwapped, t.correctBoth, t.equal, t.n], [30, 22, 7, 96, 134]);
});

function findFiles(dir: string, name: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const p = path.join(dir, entry);
    if (statSync(p).isDirectory()) out.push(...findFiles(p, name));
    else if (entry === name) out.push(p);
  }
  return out;
}

test('shared: recompute from the full result.json files', (t) => {
  const root = sharedPath('data', 'LLMBar', 'Dataset', 'LLMBar');
  if (!hasShared('data', 'LLMBar', 'Dataset', 'LLMBar')) {
    t.skip('…/shared not present');
    return;
  }
  const files = findFiles(root, 'result.json.gz');
  assert.equal(files.length, 70);
  for (const file of files) {
    type Rec = { label: 1 | 2; results: Record<string, { winner: string | null }>[] };
    const records = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as Rec[];
    const toWinner = (w: string | null): Winner => (w === '1' ? 1 : w === '2' ? 2 : null);
    const runs: TwoOrderRuns = {
      labels: records.map((r) => r.label),
      original: records.map((r) => toWinner(r.results[r.results.length - 1]['swap = False'].winner)),
      swapped: records.map((r) => toWinner(r.results[r.results.length - 1]['swap = True'].winner)),
    };
    const published = JSON.parse(readFileSync(path.join(path.dirname(file), 'statistics.json'), 'utf8')) as Record<string, string | number>;
    const ours = llmbarStatistics(runs);
    for (const [field, expected] of Object.entries(published)) assert.equal(ours[field], expected, `${file} ${field}`);
  }
});
