// L1-penalised logistic regression with soft labels, no intercept: minimise
//   ‖w‖₁ + C · Σᵢ sᵢ · [log(1 + e^{zᵢ}) − yᵢ zᵢ],   zᵢ = xᵢ·w,  yᵢ ∈ [0, 1],
// the objective liblinear minimises for `LogisticRegression(penalty="l1", fit_intercept=False)` when every row is
// duplicated with labels 1 and 0 and weights y and 1 − y (AlpacaEval's trick for probabilistic targets).
// Solved by proximal Newton (Lee, Sun & Saunders 2014): a cyclic coordinate-descent pass on the penalised quadratic
// model, then a backtracking line search on the true objective. Meant for a handful of features (dense p × p Hessian).
// liblinear stops at a looser tolerance (1e-4), so its coefficients agree with these only to a few digits.

export interface L1LogisticProblem {
  /** Row-major n × p design matrix. */
  x: Float64Array;
  p: number;
  /** Soft labels in [0, 1]. */
  y: ArrayLike<number>;
  /** Optional per-row weights (default 1). */
  weights?: ArrayLike<number>;
}

export interface L1LogisticFit {
  w: Float64Array;
  iterations: number;
  /** Objective value at w. */
  objective: number;
  converged: boolean;
}

/** log(1 + e^z) without overflow. */
export function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** σ(z) = 1 / (1 + e^{−z}), scipy's expit (what sklearn's predict_proba applies to the decision function). */
export function expit(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

function linear(x: Float64Array, p: number, i: number, w: Float64Array): number {
  let z = 0;
  for (let j = 0; j < p; j++) z += x[i * p + j] * w[j];
  return z;
}

function objective(prob: L1LogisticProblem, C: number, w: Float64Array): number {
  const n = prob.y.length;
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const z = linear(prob.x, prob.p, i, w);
    loss += (prob.weights ? prob.weights[i] : 1) * (softplus(z) - prob.y[i] * z);
  }
  let l1 = 0;
  for (let j = 0; j < w.length; j++) l1 += Math.abs(w[j]);
  return l1 + C * loss;
}

export function fitL1Logistic(prob: L1LogisticProblem, C: number, options: { tol?: number; maxIterations?: number; start?: Float64Array } = {}): L1LogisticFit {
  const { x, p, y } = prob;
  const n = y.length;
  if (x.length !== n * p) throw new RangeError(`design matrix has ${x.length} cells, expected ${n} × ${p}`);
  if (!(C > 0)) throw new RangeError(`C must be positive, got ${C}`);
  const tol = options.tol ?? 1e-10;
  const maxIterations = options.maxIterations ?? 200;
  const w = options.start ? Float64Array.from(options.start) : new Float64Array(p);
  const g = new Float64Array(p);
  const H = new Float64Array(p * p);
  let f = objective(prob, C, w);
  let iterations = 0;
  let converged = false;
  for (; iterations < maxIterations; iterations++) {
    g.fill(0);
    H.fill(0);
    for (let i = 0; i < n; i++) {
      const s = prob.weights ? prob.weights[i] : 1;
      if (s === 0) continue;
      const mu = expit(linear(x, p, i, w));
      const r = C * s * (mu - y[i]);
      const h = C * s * mu * (1 - mu);
      for (let j = 0; j < p; j++) {
        const xj = x[i * p + j];
        g[j] += r * xj;
        for (let k = 0; k <= j; k++) H[j * p + k] += h * xj * x[i * p + k];
      }
    }
    for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) H[k * p + j] = H[j * p + k];
    // Optimality: the minimum-norm subgradient of the objective is zero.
    let violation = 0;
    for (let j = 0; j < p; j++) {
      const v = w[j] !== 0 ? g[j] + Math.sign(w[j]) : Math.max(0, Math.abs(g[j]) - 1);
      violation = Math.max(violation, Math.abs(v));
    }
    if (violation <= tol * Math.max(1, C * n)) {
      converged = true;
      break;
    }
    // Newton direction of the penalised quadratic model, by coordinate descent on d.
    const d = new Float64Array(p);
    const Hd = new Float64Array(p);
    for (let sweep = 0; sweep < 100; sweep++) {
      let change = 0;
      for (let j = 0; j < p; j++) {
        const a = H[j * p + j];
        if (a <= 0) continue;
        const b = g[j] + Hd[j] - a * d[j]; // gradient of the model at d with coordinate j removed
        // minimise a/2·t² + b·t + |w_j + t| over t = d_j: soft-threshold around w_j − b/a
        const target = softThreshold(w[j] - b / a, 1 / a) - w[j];
        const delta = target - d[j];
        if (delta !== 0) {
          for (let k = 0; k < p; k++) Hd[k] += H[k * p + j] * delta;
          d[j] = target;
          change = Math.max(change, Math.abs(delta));
        }
      }
      if (change <= 1e-15) break;
    }
    // Backtracking line search (Armijo with the L1 term, as in newGLMNET).
    let l1Now = 0, l1New = 0, gd = 0;
    for (let j = 0; j < p; j++) {
      l1Now += Math.abs(w[j]);
      l1New += Math.abs(w[j] + d[j]);
      gd += g[j] * d[j];
    }
    const decrease = gd + l1New - l1Now;
    if (!(decrease < 0)) {
      converged = true; // no descent direction left at machine precision
      break;
    }
    let step = 1;
    const trial = new Float64Array(p);
    let fTrial = f;
    for (let k = 0; k < 60; k++) {
      for (let j = 0; j < p; j++) trial[j] = w[j] + step * d[j];
      fTrial = objective(prob, C, trial);
      if (fTrial <= f + 0.01 * step * decrease) break;
      step /= 2;
    }
    if (!(fTrial < f)) {
      converged = true;
      break;
    }
    w.set(trial);
    f = fTrial;
  }
  return { w, iterations, objective: f, converged };
}

function softThreshold(v: number, t: number): number {
  return v > t ? v - t : v < -t ? v + t : 0;
}
