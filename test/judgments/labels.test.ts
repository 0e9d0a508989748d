import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labelFromProbabilityA, parsePreferenceLabel } from '../../src/judgments/importers/labels.js';

test('spellings of a, b and tie (case and surrounding spaces ignored)', () => {
  const table: [unknown, string][] = [
    ['a', 'a'], ['A', 'a'], [' A>B ', 'a'], ['A>>B', 'a'], ['model_a', 'a'], ['first', 'a'], ['1', 'a'], [1, 'a'], [true, 'a'],
    ['b', 'b'], ['B', 'b'], ['B>A', 'b'], ['B>>A', 'b'], ['model_b', 'b'], ['second', 'b'], ['2', 'b'], [2, 'b'], [false, 'b'],
    ['tie', 'tie'], ['Tie', 'tie'], ['draw', 'tie'], ['A=B', 'tie'], ['tie (bothbad)', 'tie'], [0.5, 'tie'], ['0.5', 'tie'], [1.5, 'tie'],
  ];
  for (const [raw, expected] of table) assert.equal(parsePreferenceLabel(raw), expected, JSON.stringify(raw));
});

test('soft labels: auto reads (0,1) as P(a) and (1,2) as AlpacaEval preference; 0 and out-of-range are refused', () => {
  assert.equal(parsePreferenceLabel(0.8), 0.8);
  assert.equal(parsePreferenceLabel('0.25'), 0.25);
  assert.equal(parsePreferenceLabel(1.25), 0.75);
  assert.equal(parsePreferenceLabel(0), undefined);
  assert.equal(parsePreferenceLabel(3), undefined);
  assert.equal(parsePreferenceLabel(-0.5), undefined);
  assert.equal(parsePreferenceLabel(NaN), undefined);
  assert.equal(parsePreferenceLabel('maybe'), undefined);
  assert.equal(parsePreferenceLabel(null), undefined);
});

test('explicit scales: prob-a takes 0 as b; pref-1-2 maps 1 → a, 2 → b, 1.5 → tie', () => {
  assert.equal(parsePreferenceLabel(0, 'prob-a'), 'b');
  assert.equal(parsePreferenceLabel(1, 'prob-a'), 'a');
  assert.equal(parsePreferenceLabel(0.3, 'prob-a'), 0.3);
  assert.equal(parsePreferenceLabel(2, 'prob-a'), undefined);
  assert.equal(parsePreferenceLabel(1, 'pref-1-2'), 'a');
  assert.equal(parsePreferenceLabel(2, 'pref-1-2'), 'b');
  assert.equal(parsePreferenceLabel(1.5, 'pref-1-2'), 'tie');
  assert.equal(parsePreferenceLabel(1.75, 'pref-1-2'), 0.25);
  assert.equal(parsePreferenceLabel(0.5, 'pref-1-2'), undefined); // outside [1, 2] on this scale
  assert.equal(parsePreferenceLabel('tie', 'pref-1-2'), 'tie');
  // with an explicit scale, "1" and "2" are numbers on that scale, not side names
  assert.equal(parsePreferenceLabel('1', 'prob-a'), 'a');
  assert.equal(parsePreferenceLabel('2', 'prob-a'), undefined);
});

test('probability endpoints become hard labels so they compare without rounding', () => {
  assert.equal(labelFromProbabilityA(1), 'a');
  assert.equal(labelFromProbabilityA(0), 'b');
  assert.equal(labelFromProbabilityA(0.5), 'tie');
  assert.equal(labelFromProbabilityA(0.5000001), 0.5000001);
});
