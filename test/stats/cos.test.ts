import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cosCorrectlyRounded } from '../../src/stats/cos.js';

test('cosCorrectlyRounded gives the double nearest the true cosine (mpmath at 200 bits) where Math.cos and glibc miss', () => {
  // x, correctly rounded cos(x) from mpmath.cos at 200-bit precision
  const cases: [number, number][] = [
    [7.996925115585327, -0.14245718850481484],
    [1.215357780456543, 0.34800153323215416],
    [1.491408348083496, 0.07930461517566319],
    [0, 1],
    [Math.PI, -1],
  ];
  for (const [x, want] of cases) assert.equal(cosCorrectlyRounded(x), want, `cos(${x})`);
  assert.ok(Number.isNaN(cosCorrectlyRounded(Infinity)));
  assert.equal(cosCorrectlyRounded(-1.215357780456543), 0.34800153323215416);
});

test('cosCorrectlyRounded stays within an ulp of Math.cos over [0, 100]', () => {
  for (let i = 0; i < 20000; i++) {
    const x = i * 0.005003;
    const a = cosCorrectlyRounded(x);
    const b = Math.cos(x);
    assert.ok(Math.abs(a - b) <= 2.3e-16, `x=${x}: ${a} vs ${b}`);
  }
});
