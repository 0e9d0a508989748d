"""Side-by-side reference timing for `npm run bench -- metaeval`: mt-metrics-eval's stats.py on the WMT21 en-de matrix.

Reads a JSON job on stdin: {"matrix": path (.tsv or .tsv.gz), "repeats": R, "tasks": [{"name", "kind", ...}, ...]}.
Prints JSON: per task the best wall time over R repeats (a task's own "repeats" overrides R), every run's time
("times", for medians; the matrix is read before timing) and its outputs.
Needs numpy, scipy and an mt-metrics-eval checkout whose directory (the one containing `mt_metrics_eval/`) is given in
the environment variable MTME_DIR; it is imported from there, never installed. Not part of the package.
"""
import gzip
import json
import os
import sys
import time


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(2)


def import_stats():
    mtme_dir = os.environ.get("MTME_DIR")
    if not mtme_dir:
        fail("MTME_DIR is not set: point it at an mt-metrics-eval checkout "
             "(git clone https://github.com/google-research/mt-metrics-eval)")
    if not os.path.isfile(os.path.join(mtme_dir, "mt_metrics_eval", "stats.py")):
        fail(f"MTME_DIR={mtme_dir} does not contain mt_metrics_eval/stats.py")
    sys.path.insert(0, mtme_dir)
    from mt_metrics_eval import stats  # pylint: disable=import-outside-toplevel
    return stats


def load(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    head, rows = rows[0], rows[1:]
    gold = [float(r[2]) if r[2] else None for r in rows]
    metrics = {m: [float(r[head.index(m)]) for r in rows] for m in head[3:]}
    return gold, metrics


TIMES = {}


def best_time(fn, repeats, seed=None, name=None):
    """Best wall time over `repeats` runs; every run's time is kept in TIMES[name] for medians."""
    import numpy as np  # pylint: disable=import-outside-toplevel
    best, out, times = float("inf"), None, []
    for _ in range(repeats):
        if seed is not None:
            np.random.seed(seed)
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
        best = min(best, times[-1])
    if name is not None:
        TIMES[name] = times
    return best, out


def item_resample(values, num_sys, items):
    """The matrix made of item columns `items` (repeats allowed), system-major, as the trenchcoat side builds it."""
    num_items = len(values) // num_sys
    return [values[s * num_items + i] for s in range(num_sys) for i in items]


def main():
    stats = import_stats()
    import numpy as np  # pylint: disable=import-outside-toplevel
    import scipy  # pylint: disable=import-outside-toplevel
    import scipy.stats  # pylint: disable=import-outside-toplevel

    job = json.load(sys.stdin)
    gold, metrics = load(job["matrix"])
    repeats = job.get("repeats", 1)
    num_sys = job.get("num_sys", 8)
    result = {"numpy": np.__version__, "scipy": scipy.__version__, "tasks": {}}
    for task in job["tasks"]:
        kind = task["kind"]
        task_repeats = task.get("repeats", repeats)
        if kind == "ties_opt":
            fn = lambda t=task: stats.KendallWithTiesOpt(gold, metrics[t["metric"]], t["variant"], num_sys, t["average_by"], 1.0)[:2]
            seconds, (tau, eps) = best_time(fn, task_repeats, name=task["name"])
            out = {"tau": float(tau), "epsilon": float(eps)}
        elif kind == "ties_opt_bootstrap":
            # B item resamples (drawn once, outside the timing), KendallWithTiesOpt on each: the per-resample cost
            # of a segment-level acc23-tc bootstrap done with mt-metrics-eval.
            num_items = len(gold) // num_sys
            rated = [i for i in range(num_items) if any(gold[s * num_items + i] is not None for s in range(num_sys))]
            rs = np.random.RandomState(task.get("seed", 12345))
            draws = [[rated[k] for k in rs.randint(0, len(rated), len(rated))] for _ in range(task["resamples"])]
            metric = metrics[task["metric"]]

            def boot(t=task):
                return [stats.KendallWithTiesOpt(item_resample(gold, num_sys, d), item_resample(metric, num_sys, d),
                                                 t["variant"], num_sys, "item", 1.0)[0] for d in draws]
            seconds, taus = best_time(boot, task_repeats, name=task["name"])
            out = {"resamples": task["resamples"], "mean_tau": float(np.mean(taus))}
        elif kind == "perm_both":
            c1 = stats.Correlation(num_sys, gold, metrics[task["metric1"]])
            c2 = stats.Correlation(num_sys, gold, metrics[task["metric2"]])
            fn = lambda t=task: stats.PermutationSigDiff(c1, c2, scipy.stats.pearsonr, t["average_by"], t["k"])
            seconds, (p, d, k_used, _) = best_time(fn, task_repeats, task.get("seed", 20240601), name=task["name"])
            out = {"p_value": p, "delta": float(d), "k_used": k_used}
        elif kind == "pairwise_perm":
            c1 = stats.Correlation(num_sys, gold, metrics[task["metric1"]])
            c2 = stats.Correlation(num_sys, gold, metrics[task["metric2"]])
            fn = lambda t=task: stats.PairwisePermutationSigDiff(
                c1, c2, t["variant"], t["average_by"], t["k"], epsilon1=t.get("epsilon1"), epsilon2=t.get("epsilon2"), sample_rate=1.0)
            seconds, (p, d, k_used, _) = best_time(fn, task_repeats, task.get("seed", 20240601), name=task["name"])
            out = {"p_value": p, "delta": float(d), "k_used": k_used}
        else:
            fail(f"unknown task kind {kind}")
        result["tasks"][task["name"]] = {"seconds": seconds, "times": TIMES.get(task["name"], [seconds]), **out}
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
