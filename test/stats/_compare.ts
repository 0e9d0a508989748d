// Comparison helpers shared by the stats tests. NaN equals NaN (the references return NaN on purpose).
import assert from 'node:assert/strict';

/** |a − e| ≤ tol, or both NaN. */
export function assertAbs(actual: number, expected: number, tol: number, where: string): void {
  if (Number.isNaN(expected)) {
    assert.ok(Number.isNaN(actual), `${where}: expected NaN, got ${actual}`);
    return;
  }
  const d = Math.abs(actual - expected);
  assert.ok(d <= tol, `${where}: ${actual} vs ${expected} (abs diff ${d} > ${tol})`);
}

/**
 * For p-values and tail probabilities: |a − e| ≤ absTol and |a − e| ≤ relTol·|e|. Values below the double
 * normal range (< 1e-290, underflow territory) only need to agree to 1e-300.
 */
export function assertTail(actual: number, expected: number, where: string, relTol = 1e-9, absTol = 1e-9): void {
  if (Number.isNaN(expected)) {
    assert.ok(Number.isNaN(actual), `${where}: expected NaN, got ${actual}`);
    return;
  }
  const d = Math.abs(actual - expected);
  if (Math.abs(expected) < 1e-290) {
    assert.ok(d <= 1e-300, `${where}: ${actual} vs ${expected}`);
    return;
  }
  assert.ok(d <= absTol && d <= relTol * Math.abs(expected), `${where}: ${actual} vs ${expected} (rel diff ${d / Math.abs(expected)})`);
}

/** Same double, or both NaN. */
export function assertSame(actual: number, expected: number, where: string): void {
  if (Number.isNaN(expected)) assert.ok(Number.isNaN(actual), `${where}: expected NaN, got ${actual}`);
  else assert.equal(actual, expected, where);
}
