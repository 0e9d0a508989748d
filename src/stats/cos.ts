// cos(x) rounded from a double-double (~106-bit) evaluation, to match CPython's math.cos (the C library's cos, which
// glibc computes to within half an ulp) where V8's fdlibm-based Math.cos is sometimes one ulp away — observed on
// open-r1's cosine length reward, whose argument runs past π. Cody–Waite reduction by π/2 in three parts (exact for
// |x| < 2^19·π/2), then Taylor series of sin/cos in double-double arithmetic. Larger |x| falls back to Math.cos,
// which never happens for length rewards (|x| ≤ π·length/max-length).

type DD = [number, number];
const SPLITTER = 134217729; // 2^27 + 1 (Dekker)

function _twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}
function _split(a: number): DD {
  const t = SPLITTER * a;
  const hi = t - (t - a);
  return [hi, a - hi];
}
function _twoProd(a: number, b: number): DD {
  const p = a * b;
  const [ah, al] = _split(a);
  const [bh, bl] = _split(b);
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}
function _add(a: DD, b: DD): DD {
  const [s, e] = _twoSum(a[0], b[0]);
  return _quick(s, e + a[1] + b[1]);
}
function _quick(a: number, b: number): DD {
  const s = a + b;
  return [s, b - (s - a)];
}
function _mul(a: DD, b: DD): DD {
  const [p, e] = _twoProd(a[0], b[0]);
  return _quick(p, e + a[0] * b[1] + a[1] * b[0]);
}
function _divSmall(a: DD, n: number): DD {
  const q = a[0] / n;
  const [p, e] = _twoProd(q, n);
  const r = (a[0] - p - e + a[1]) / n;
  return _quick(q, r);
}

// π/2 = P1 + P2 + P3 + P4 (to ~2^-150): P1 and P2 carry 33 bits each, so k·P1 and k·P2 are exact for k < 2^20 (fdlibm).
const P1 = 1.5707963267341256e0;
const P2 = 6.077100506303966e-11;
const P3 = 2.0222662487111665e-21;
const P4 = 8.4784276603688996e-32;

/** Taylor coefficients 1/n! as double-doubles, n = 0..40. */
const INV_FACT: DD[] = (() => {
  const out: DD[] = [[1, 0]];
  for (let n = 1; n <= 40; n++) out.push(_divSmall(out[n - 1], n));
  return out;
})();

function _series(r: DD, odd: boolean): DD {
  const r2 = _mul(r, r);
  let acc: DD = [0, 0];
  // Horner from the highest term: Σ (−1)^j r^{2j} / (2j + odd)!, terms below 2^-110 for |r| ≤ π/4
  for (let j = 17; j >= 0; j--) {
    const c = INV_FACT[2 * j + (odd ? 1 : 0)];
    acc = _add(_mul(acc, r2), j % 2 === 0 ? c : [-c[0], -c[1]]);
  }
  return odd ? _mul(acc, r) : acc;
}

export function cosCorrectlyRounded(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  const ax = Math.abs(x);
  if (ax > 823550) return Math.cos(x);
  const k = Math.round(ax / P1);
  // r = ax − k·(P1 + P2 + P3) in double-double; k·P1 and k·P2 are exact products
  let r: DD = _twoSum(ax, -k * P1);
  r = _add(r, [-k * P2, 0]);
  r = _add(r, _twoProd(-k, P3));
  r = _add(r, [-k * P4, 0]);
  const q = k % 4;
  const v = q === 0 ? _series(r, false) : q === 1 ? _series(r, true) : q === 2 ? _series(r, false) : _series(r, true);
  const sign = q === 1 || q === 2 ? -1 : 1;
  return sign * (v[0] + v[1]);
}
