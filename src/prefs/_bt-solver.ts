// The numerical core of Bradley–Terry: log-likelihood, gradient and Hessian on per-pair sufficient statistics, a
// damped Newton solver, a chord solver for bootstrap rounds, and the existence check. See bradley-terry.ts for the model.
//
// Newton: g_i = α·Σ_j (s_ij − n_ij·p_ij) − λθ_i,  H = α²·Σ n_ij·p_ij(1 − p_ij)·(e_i − e_j)(e_i − e_j)ᵀ + λI.
// Without a prior H is a graph Laplacian with null direction 1 (adding a constant to every θ changes nothing); a
// rank-one term c·11ᵀ/M makes it invertible without changing the step for any gradient that sums to zero, which
// every gradient here does. Steps are then mean-zero and so are the iterates.
//
// Chord (bootstrap): a resample's likelihood is close to the full data's, so the full-data Hessian, factored once,
// stands in for each round's: θ ← θ + H₀⁻¹g(θ). One iteration costs O(M² + pairs) instead of O(M³); it converges
// linearly at the rate ‖I − H₀⁻¹H‖, a few percent for resamples of a large battle set. A round whose chord
// iterations stop contracting falls back to Newton.

export class BradleyTerryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BradleyTerryError';
  }
}

export interface BtProblem {
  pi: Int32Array;
  pj: Int32Array;
  /** Battles and score of pi[p] per pair. */
  n: Float64Array;
  s: Float64Array;
  M: number;
  /** ln(base). */
  alpha: number;
  /** Gaussian prior strength on θ. */
  lambda: number;
}

export interface SolveResult {
  theta: Float64Array;
  iterations: number;
}

/** log σ(x), without overflow. */
function logSigmoid(x: number): number {
  return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
}

export function logPosterior(pb: BtProblem, theta: Float64Array): number {
  let f = 0;
  for (let p = 0; p < pb.pi.length; p++) {
    const n = pb.n[p];
    if (n === 0) continue;
    const d = pb.alpha * (theta[pb.pi[p]] - theta[pb.pj[p]]);
    f += pb.s[p] * logSigmoid(d) + (n - pb.s[p]) * logSigmoid(-d);
  }
  if (pb.lambda > 0) {
    let sq = 0;
    for (let m = 0; m < theta.length; m++) sq += theta[m] * theta[m];
    f -= (pb.lambda / 2) * sq;
  }
  return f;
}

/**
 * Fills g with the gradient and, when given, H with the (gauge-closed) negative Hessian. P(i beats j) is computed as
 * e_i / (e_i + e_j) with e_m = base^(θ_m − max θ): one exponential per model instead of one per pair, and both
 * p and 1 − p keep full relative precision.
 */
export function gradient(pb: BtProblem, theta: Float64Array, g: Float64Array, H?: Float64Array, e = new Float64Array(pb.M)): void {
  const { pi, pj, n, s, M, alpha, lambda } = pb;
  let top = -Infinity;
  for (let m = 0; m < M; m++) if (theta[m] > top) top = theta[m];
  for (let m = 0; m < M; m++) e[m] = Math.exp(alpha * (theta[m] - top));
  g.fill(0);
  if (H) H.fill(0);
  for (let p = 0; p < pi.length; p++) {
    const np = n[p];
    if (np === 0) continue;
    const i = pi[p];
    const j = pj[p];
    const ei = e[i];
    const ej = e[j];
    const q = ei / (ei + ej);
    const r = alpha * (s[p] - np * q);
    g[i] += r;
    g[j] -= r;
    if (H) {
      const w = alpha * alpha * np * q * (ej / (ei + ej));
      H[i * M + i] += w;
      H[j * M + j] += w;
      H[i * M + j] -= w;
      H[j * M + i] -= w;
    }
  }
  if (lambda > 0) {
    for (let m = 0; m < M; m++) g[m] -= lambda * theta[m];
    if (H) for (let m = 0; m < M; m++) H[m * M + m] += lambda;
  } else if (H) {
    let trace = 0;
    for (let m = 0; m < M; m++) trace += H[m * M + m];
    // c = mean diagonal / M: the closed direction gets an eigenvalue of the Hessian's own scale
    const c = trace / M / M || 1;
    for (let k = 0; k < M * M; k++) H[k] += c;
  }
}

/** In-place Cholesky factor (lower triangle) of a symmetric positive definite matrix. */
export function cholesky(A: Float64Array, M: number): Float64Array {
  for (let j = 0; j < M; j++) {
    const rj = j * M;
    let d = A[rj + j];
    for (let k = 0; k < j; k++) d -= A[rj + k] * A[rj + k];
    if (!(d > 0)) throw new BradleyTerryError('the Bradley–Terry Hessian is not positive definite (are some models never compared?)');
    const ljj = Math.sqrt(d);
    A[rj + j] = ljj;
    for (let i = j + 1; i < M; i++) {
      const ri = i * M;
      let v = A[ri + j];
      for (let k = 0; k < j; k++) v -= A[ri + k] * A[rj + k];
      A[ri + j] = v / ljj;
    }
  }
  return A;
}

/** Solves L Lᵀ x = b with the factor from `cholesky`; b becomes x. */
export function choleskySolve(L: Float64Array, b: Float64Array, M: number): void {
  for (let i = 0; i < M; i++) {
    const ri = i * M;
    let v = b[i];
    for (let k = 0; k < i; k++) v -= L[ri + k] * b[k];
    b[i] = v / L[ri + i];
  }
  for (let i = M - 1; i >= 0; i--) {
    let v = b[i];
    for (let k = i + 1; k < M; k++) v -= L[k * M + i] * b[k];
    b[i] = v / L[i * M + i];
  }
}

/** Damped Newton from `start` (default 0) until the largest step is below `tol`. */
export function newtonSolve(pb: BtProblem, tol: number, maxIter: number, start?: Float64Array): SolveResult {
  const M = pb.M;
  const theta = start ? Float64Array.from(start) : new Float64Array(M);
  const g = new Float64Array(M);
  const H = new Float64Array(M * M);
  const trial = new Float64Array(M);
  let f = logPosterior(pb, theta);
  let it = 0;
  while (it < maxIter) {
    it++;
    gradient(pb, theta, g, H);
    choleskySolve(cholesky(H, M), g, M);
    // backtracking: halve the step until the objective does not drop (near the optimum the full step is taken)
    let t = 1;
    let fNew = f;
    for (let halvings = 0; halvings < 60; halvings++, t /= 2) {
      for (let m = 0; m < M; m++) trial[m] = theta[m] + t * g[m];
      fNew = logPosterior(pb, trial);
      if (fNew >= f - 1e-12 * Math.abs(f)) break;
    }
    let largest = 0;
    for (let m = 0; m < M; m++) {
      largest = Math.max(largest, Math.abs(trial[m] - theta[m]));
      theta[m] = trial[m];
    }
    f = fNew;
    if (largest < tol) break;
  }
  if (pb.lambda === 0) recentre(theta);
  return { theta, iterations: it };
}

/**
 * Chord iterations with a fixed factored Hessian L₀ from `start`; undefined when they stop contracting (the caller
 * then runs Newton).
 */
export function chordSolve(pb: BtProblem, L0: Float64Array, tol: number, maxIter: number, start: Float64Array): SolveResult | undefined {
  const M = pb.M;
  const theta = Float64Array.from(start);
  const g = new Float64Array(M);
  const e = new Float64Array(M);
  let previous = Infinity;
  for (let it = 1; it <= maxIter; it++) {
    gradient(pb, theta, g, undefined, e);
    choleskySolve(L0, g, M);
    let largest = 0;
    for (let m = 0; m < M; m++) {
      theta[m] += g[m];
      largest = Math.max(largest, Math.abs(g[m]));
    }
    if (!Number.isFinite(largest)) return undefined;
    if (largest < tol) {
      if (pb.lambda === 0) recentre(theta);
      return { theta, iterations: it };
    }
    if (it > 2 && largest > 0.5 * previous) return undefined;
    previous = largest;
  }
  return undefined;
}

function recentre(theta: Float64Array): void {
  let mean = 0;
  for (let m = 0; m < theta.length; m++) mean += theta[m];
  mean /= theta.length;
  for (let m = 0; m < theta.length; m++) theta[m] -= mean;
}

/**
 * Why the MLE does not exist, or undefined when it does: the graph with an edge i → j whenever i won or tied at
 * least once against j must be strongly connected. Otherwise names the smallest group that won (or lost) every battle
 * against the rest, or was never compared with it.
 */
export function separatedModels(models: readonly string[], pb: BtProblem): string | undefined {
  if (reachesEveryModel(pb, true) && reachesEveryModel(pb, false)) return undefined;
  const M = pb.M;
  // adjacency in compressed rows: at most two directed edges per pair
  const degree = new Int32Array(M + 1);
  for (let p = 0; p < pb.n.length; p++) {
    if (pb.n[p] === 0) continue;
    if (pb.s[p] > 0) degree[pb.pi[p] + 1]++;
    if (pb.n[p] - pb.s[p] > 0) degree[pb.pj[p] + 1]++;
  }
  for (let m = 0; m < M; m++) degree[m + 1] += degree[m];
  const fill = degree.slice(0, M);
  const edges = new Int32Array(degree[M]);
  for (let p = 0; p < pb.n.length; p++) {
    if (pb.n[p] === 0) continue;
    if (pb.s[p] > 0) edges[fill[pb.pi[p]]++] = pb.pj[p];
    if (pb.n[p] - pb.s[p] > 0) edges[fill[pb.pj[p]]++] = pb.pi[p];
  }
  const comp = stronglyConnectedComponents(degree, edges, M);
  let count = 0;
  for (let m = 0; m < M; m++) count = Math.max(count, comp[m] + 1);
  if (count === 1) return undefined;
  // A source component (nobody outside scored against it) won everything against the rest; a sink lost everything.
  // Name the smallest such group: that is the one to drop.
  const entered = new Uint8Array(count);
  const left = new Uint8Array(count);
  const size = new Int32Array(count);
  for (let i = 0; i < M; i++) {
    size[comp[i]]++;
    for (let e = degree[i]; e < degree[i + 1]; e++) {
      if (comp[i] !== comp[edges[e]]) {
        entered[comp[edges[e]]] = 1;
        left[comp[i]] = 1;
      }
    }
  }
  let pick = -1;
  for (let c = 0; c < count; c++) if ((!entered[c] || !left[c]) && (pick < 0 || size[c] < size[pick])) pick = c;
  const members = models.filter((_, m) => comp[m] === pick);
  const shown = members.slice(0, 5).join(', ') + (members.length > 5 ? `, … (${members.length} models)` : '');
  const what = !entered[pick] && !left[pick] ? 'never met' : !entered[pick] ? 'won every battle against' : 'lost every battle against';
  return (
    `no finite Bradley–Terry MLE: ${shown} ${what} the other ${M - members.length} model(s); ` +
    `drop ${members.length === 1 ? 'it' : 'them'} or pass a prior (e.g. 0.01)`
  );
}

/**
 * Whether every model is reachable from model 0 along "scored against" edges (forward) or against them (backward):
 * both together mean strong connectivity. Sweeps over the pair list until nothing changes, which for the dense
 * comparison graphs of leaderboards takes two or three sweeps and allocates one byte per model.
 */
function reachesEveryModel(pb: BtProblem, forward: boolean): boolean {
  const { pi, pj, n, s, M } = pb;
  const reached = new Uint8Array(M);
  reached[0] = 1;
  let count = 1;
  for (let changed = true; changed && count < M; ) {
    changed = false;
    for (let p = 0; p < pi.length; p++) {
      const np = n[p];
      if (np === 0) continue;
      const i = pi[p];
      const j = pj[p];
      if (reached[i] === reached[j]) continue;
      // edge i → j exists when i scored (s > 0), j → i when j did (n − s > 0)
      const iToJ = forward ? s[p] > 0 : np - s[p] > 0;
      const jToI = forward ? np - s[p] > 0 : s[p] > 0;
      if (reached[i] ? iToJ : jToI) {
        reached[reached[i] ? j : i] = 1;
        count++;
        changed = true;
      }
    }
  }
  return count === M;
}

/** Tarjan's algorithm without recursion; a component id per node. */
function stronglyConnectedComponents(start: Int32Array, edges: Int32Array, N: number): Int32Array {
  const index = new Int32Array(N).fill(-1);
  const low = new Int32Array(N);
  const onStack = new Uint8Array(N);
  const comp = new Int32Array(N).fill(-1);
  const next = start.slice(0, N); // next edge to visit per node
  const stack = new Int32Array(N);
  const call = new Int32Array(N);
  let sp = 0;
  let counter = 0;
  let comps = 0;
  for (let root = 0; root < N; root++) {
    if (index[root] !== -1) continue;
    let cp = 0;
    call[cp++] = root;
    index[root] = low[root] = counter++;
    stack[sp++] = root;
    onStack[root] = 1;
    while (cp > 0) {
      const v = call[cp - 1];
      if (next[v] < start[v + 1]) {
        const w = edges[next[v]++];
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack[sp++] = w;
          onStack[w] = 1;
          call[cp++] = w;
        } else if (onStack[w]) {
          low[v] = Math.min(low[v], index[w]);
        }
      } else {
        cp--;
        if (cp > 0) low[call[cp - 1]] = Math.min(low[call[cp - 1]], low[v]);
        if (low[v] === index[v]) {
          let w: number;
          do {
            w = stack[--sp];
            onStack[w] = 0;
            comp[w] = comps;
          } while (w !== v);
          comps++;
        }
      }
    }
  }
  return comp;
}
