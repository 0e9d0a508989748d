"""Side-by-side reference timing for `npm run bench -- prefs`: Chatbot-Arena-style Bradley-Terry and online Elo in
Python, written from FastChat's documented method (fastchat/serve/monitor/elo_analysis.py), not copied from it.

Reads a JSON job on stdin: {"models": [...], "a": [...], "b": [...], "s": [...] (score of A: 1, 0.5, 0),
"bootstrap_rounds": R, "seed": S, "sklearn": bool}.
Prints JSON with, per task, wall seconds and ratings (400*theta + 1000, mean 1000):
  - lbfgs_fit:    weighted logistic loss on the unique (a, b, outcome) rows, ties as outcome 0.5, scipy L-BFGS-B
                  (maxiter 100, gtol 1e-6): FastChat's compute_elo_mle_with_tie.
  - lbfgs_boot:   its bootstrap, counts ~ Multinomial(n, counts/n), R rounds, one process.
  - sklearn_fit:  FastChat's older compute_mle_elo: battles duplicated, a tie = one A-win + one B-win row,
                  LogisticRegression(fit_intercept=False, penalty=None, tol=1e-8) (only when "sklearn" and installed).
  - online_elo:   the K=4 online recurrence in battle order.
Not part of the package: needs numpy and scipy (and scikit-learn for sklearn_fit).
"""
import json
import math
import sys
import time

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit


def unique_rows(a, b, s):
    sched = np.stack([a, b, np.rint(s * 2).astype(np.int64)], axis=1)
    rows, counts = np.unique(sched, axis=0, return_counts=True)
    return rows[:, :2], rows[:, 2] / 2.0, counts.astype(np.float64)


def lbfgs(pairs, outcome, weights, n_models):
    alpha = math.log(10.0)

    def loss_grad(r):
        d = alpha * (r[pairs[:, 0]] - r[pairs[:, 1]])
        p = expit(d)
        loss = -((np.log(p) * outcome + np.log1p(-p) * (1.0 - outcome)) * weights).sum()
        g_rows = -alpha * (outcome - p) * weights
        g = np.zeros(n_models)
        np.add.at(g, pairs[:, 0], g_rows)
        np.add.at(g, pairs[:, 1], -g_rows)
        return loss, g

    res = minimize(loss_grad, np.zeros(n_models), jac=True, method="L-BFGS-B", options={"maxiter": 100, "gtol": 1e-6})
    return res.x


def online_elo(models, a, b, s, k=4.0):
    rating = {}
    for i, j, sa in zip(a, b, s):
        ma, mb = models[i], models[j]
        ra, rb = rating.get(ma, 1000.0), rating.get(mb, 1000.0)
        ea = 1 / (1 + 10 ** ((rb - ra) / 400))
        eb = 1 / (1 + 10 ** ((ra - rb) / 400))
        rating[ma] = ra + k * (sa - ea)
        rating[mb] = rb + k * (1 - sa - eb)
    return [rating[m] for m in models]


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def main():
    job = json.load(sys.stdin)
    models = job["models"]
    a = np.array(job["a"], dtype=np.int64)
    b = np.array(job["b"], dtype=np.int64)
    s = np.array(job["s"], dtype=np.float64)
    n_models = len(models)
    out = {"tasks": {}}

    secs, theta = timed(lambda: lbfgs(*unique_rows(a, b, s), n_models))
    out["tasks"]["lbfgs_fit"] = {"seconds": secs, "ratings": list(400 * (theta - theta.mean()) + 1000)}

    rounds = job.get("bootstrap_rounds", 0)
    if rounds:
        pairs, outcome, counts = unique_rows(a, b, s)
        rng = np.random.default_rng(job.get("seed", 0))

        def boot():
            draws = rng.multinomial(len(a), counts / counts.sum(), size=rounds).astype(np.float64)
            return np.array([lbfgs(pairs, outcome, w, n_models) for w in draws])

        secs, thetas = timed(boot)
        scaled = 400 * (thetas - thetas.mean(axis=1, keepdims=True)) + 1000
        q = np.quantile(scaled, [0.025, 0.975], axis=0)
        out["tasks"]["lbfgs_boot"] = {"seconds": secs, "rounds": rounds, "lower": list(q[0]), "upper": list(q[1])}

    if job.get("sklearn"):
        try:
            from sklearn.linear_model import LogisticRegression
        except ImportError:
            out["sklearn"] = "not installed"
        else:
            def classic():
                n = len(a)
                X = np.zeros((2 * n, n_models))
                rows = np.arange(2 * n)
                X[rows, np.concatenate([a, a])] = math.log(10)
                X[rows, np.concatenate([b, b])] = -math.log(10)
                y = np.concatenate([(s >= 0.5).astype(float), (s == 1.0).astype(float)])  # tie: first copy A-win, second B-win
                lr = LogisticRegression(fit_intercept=False, C=np.inf, tol=1e-8)
                lr.fit(X, y)
                return lr.coef_[0]

            secs, coef = timed(classic)
            out["tasks"]["sklearn_fit"] = {"seconds": secs, "ratings": list(400 * coef + 1000)}

    secs, elo = timed(lambda: online_elo(models, a.tolist(), b.tolist(), s.tolist()))
    out["tasks"]["online_elo"] = {"seconds": secs, "ratings": elo}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
