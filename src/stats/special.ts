// Special functions behind the p-values: log-gamma, the regularized incomplete beta function (both tails),
// erf/erfc, the normal CDF and the Student t CDF. The names mirror scipy.special (betainc, betaincc, ndtr,
// stdtr), whose values the tests pin; the algorithms are textbook ones (Stirling series, Lentz's continued
// fractions), written with attention to relative accuracy in the far tails, where small p-values live.

const LN_SQRT_2PI = 0.9189385332046728; // ln √(2π)
const SQRT_PI = 1.772453850905516;
const TINY = 1e-300; // Lentz's guard against a zero denominator
const EPS = 2.220446049250313e-16;
const MAX_ITER = 200000;

/** Remainder of Stirling's series, lnΓ(z) − [(z−½)ln z − z + ln√(2π)], accurate to < 1e-17 for z ≥ 10. */
function stirlingRemainder(z: number): number {
  const r = 1 / (z * z);
  // Coefficients B₂ₖ / (2k(2k−1)).
  return (
    (1 / 12 +
      r * (-1 / 360 + r * (1 / 1260 + r * (-1 / 1680 + r * (1 / 1188 + r * (-691 / 360360 + r * (1 / 156 + r * (-3617 / 122400)))))))) /
    z
  );
}

/** ln Γ(z) for z > 0 (scipy.special.gammaln on the positive axis). */
export function logGamma(z: number): number {
  if (Number.isNaN(z) || z < 0) return NaN;
  if (z === 0) return Infinity;
  if (z === Infinity) return Infinity;
  if (z === 1 || z === 2) return 0; // Γ(1) = Γ(2) = 1 exactly; the shifted series would leave ~1e-15
  // Shift up to the range where the Stirling series is exact to double precision: Γ(z) = Γ(z+k) / (z(z+1)…(z+k−1)).
  let shift = 1;
  while (z < 10) {
    shift *= z;
    z += 1;
  }
  return (z - 0.5) * Math.log(z) - z + LN_SQRT_2PI + stirlingRemainder(z) - Math.log(shift);
}

/**
 * ln[x^a · y^b / B(a, b)] with y = 1 − x given separately (so that a y close to 0 keeps its digits). For large a and
 * b the terms a·ln x, b·ln y and ln B(a, b) are each huge and cancel; the Stirling form below cancels them
 * analytically instead, so the error stays relative to the result, not to the terms.
 */
function logBetaKernel(a: number, b: number, x: number, y: number): number {
  if (a >= 10 && b >= 10) {
    const s = a + b;
    return (
      a * logRatio(x, a / s) +
      b * logRatio(y, b / s) +
      0.5 * Math.log((a / s) * b) -
      LN_SQRT_2PI -
      stirlingRemainder(a) -
      stirlingRemainder(b) +
      stirlingRemainder(s)
    );
  }
  // ln x via log1p(−y) when x is close to 1 (and vice versa): y is known to full relative precision.
  const lnX = x <= 0.5 ? Math.log(x) : Math.log1p(-y);
  const lnY = y <= 0.5 ? Math.log(y) : Math.log1p(-x);
  return a * lnX + b * lnY - logBeta(a, b);
}

/** ln(v / v0): log1p of the exact difference when v is within a factor 2 of v0 (Sterbenz), else the plain log. */
function logRatio(v: number, v0: number): number {
  return v >= 0.5 * v0 && v <= 2 * v0 ? Math.log1p((v - v0) / v0) : Math.log(v / v0);
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a+b), with the large-argument cancellation done analytically. */
export function logBeta(a: number, b: number): number {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  if (hi >= 10) {
    const s = lo + hi;
    if (lo >= 10) {
      return (
        LN_SQRT_2PI +
        (lo - 0.5) * Math.log(lo / s) +
        hi * Math.log1p(-lo / s) -
        0.5 * Math.log(hi) +
        stirlingRemainder(lo) +
        stirlingRemainder(hi) -
        stirlingRemainder(s)
      );
    }
    // ln Γ(hi) − ln Γ(lo+hi) = −lo·ln hi − (lo+hi−½)·log1p(lo/hi) + lo + δ(hi) − δ(lo+hi).
    return (
      logGamma(lo) -
      lo * Math.log(hi) -
      (s - 0.5) * Math.log1p(lo / hi) +
      lo +
      stirlingRemainder(hi) -
      stirlingRemainder(s)
    );
  }
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** Continued fraction for I_x(a, b) (modified Lentz); converges fast for x < (a+1)/(a+b+2). */
function betaContinuedFraction(a: number, b: number, x: number, y: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  // First denominator 1 − (a+b)x/(a+1). Near x = 1 (large a, e.g. a t test with many degrees of freedom)
  // that difference cancels; (1 − b + (a+b)y)/(a+1) is the same number from the accurately known y = 1 − x.
  let d = x > 0.5 ? (1 - b + qab * y) / qap : 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_ITER; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/**
 * Both tails [I_x(a,b), 1 − I_x(a,b)]. The tail evaluated directly is accurate to a few ulps relative; the other one
 * is its complement (so it is accurate only in absolute terms, which is all a tail close to 1 needs).
 */
function betaTails(a: number, b: number, x: number, y: number): [number, number] {
  if (Number.isNaN(a) || Number.isNaN(b) || Number.isNaN(x) || a < 0 || b < 0 || x < 0 || x > 1) return [NaN, NaN];
  if (x === 0) return [0, 1];
  if (y === 0) return [1, 0];
  if (a === 0 && b === 0) return [NaN, NaN];
  if (a === 0) return [1, 0];
  if (b === 0) return [0, 1];
  const logKernel = logBetaKernel(a, b, x, y);
  if (x < (a + 1) / (a + b + 2)) {
    const lower = (Math.exp(logKernel) * betaContinuedFraction(a, b, x, y)) / a;
    return [lower, 1 - lower];
  }
  const upper = (Math.exp(logKernel) * betaContinuedFraction(b, a, y, x)) / b;
  return [1 - upper, upper];
}

/** Regularized incomplete beta I_x(a, b) (scipy.special.betainc). */
export function regularizedBeta(a: number, b: number, x: number): number {
  return betaTails(a, b, x, 1 - x)[0];
}

/** Its complement 1 − I_x(a, b) (scipy.special.betaincc), accurate in the upper tail. */
export function regularizedBetaComplement(a: number, b: number, x: number): number {
  return betaTails(a, b, x, 1 - x)[1];
}

/** e^(−x²) without the error of rounding x² first (x split into a 7-bit head whose square is exact). */
function expMinusSquare(x: number): number {
  const head = Math.round(x * 128) / 128;
  const tail = x - head;
  return Math.exp(-head * head) * Math.exp(-(2 * head * tail + tail * tail));
}

/** erf by its Maclaurin series; used for |x| < 1.25, where it converges in ≤ 30 terms. */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= -x2 / n;
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < EPS * Math.abs(sum)) break;
  }
  return (2 / SQRT_PI) * sum;
}

/** erfc for x ≥ 1.25: e^(−x²)·x/√π times the continued fraction of the upper incomplete gamma Γ(½, x²). */
function erfcContinuedFraction(x: number): number {
  const z = x * x;
  // Lentz evaluation of 1/(z+1−a− 1(1−a)/(z+3−a− 2(2−a)/(z+5−a− …))) with a = ½.
  let b = z + 0.5;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= MAX_ITER; i++) {
    const an = -i * (i - 0.5);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return (expMinusSquare(x) * x * h) / SQRT_PI;
}

/** Complementary error function (scipy.special.erfc), relative accuracy ~1e-15 down to the underflow limit. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 1.25) return 1 - erfSeries(x);
  if (x > 27.3) return 0; // below the smallest subnormal
  return erfcContinuedFraction(x);
}

/** Error function (scipy.special.erf). */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (Math.abs(x) < 1.25) return erfSeries(x);
  return x > 0 ? 1 - erfc(x) : erfc(-x) - 1;
}

/** Standard normal CDF Φ(x) (scipy.special.ndtr), accurate relative in the lower tail. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  // Same split as Cephes' ndtr: t = x/√2; the central part via erf, the tails via erfc.
  const t = x * Math.SQRT1_2;
  if (Math.abs(t) < Math.SQRT1_2) return 0.5 + 0.5 * erf(t);
  const tail = 0.5 * erfc(Math.abs(t));
  return t > 0 ? 1 - tail : tail;
}

/** Standard normal survival function 1 − Φ(x), i.e. Φ(−x) as scipy's `_SimpleNormal.sf` computes it. */
export function normalSf(x: number): number {
  return normalCdf(-x);
}

/**
 * Student t CDF with `df` degrees of freedom (scipy.special.stdtr). df ≤ 0 or NaN gives NaN, as in scipy;
 * that is what makes Spearman's p-value NaN for two observations (df = 0).
 */
export function studentTCdf(df: number, t: number): number {
  if (Number.isNaN(df) || Number.isNaN(t) || df <= 0) return NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  if (t === 0) return 0.5;
  // P(T < −|t|) = ½ I_{df/(df+t²)}(df/2, ½); the complement argument t²/(df+t²) is formed directly.
  const t2 = t * t;
  const denom = df + t2;
  const [lowerTail] = betaTails(df / 2, 0.5, df / denom, t2 / denom);
  const half = 0.5 * lowerTail;
  return t < 0 ? half : 1 - half;
}
