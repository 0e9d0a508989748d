"""Side-by-side reference timing for `npm run bench -- verifiable`: verl's own reward functions (gsm8k.py,
math_reward.py, math_dapo.py), loaded by path from a verl checkout named by VERL_DIR (not imported as a package).

Reads a JSON job on stdin: {"tasks": [{"name": ..., "module": "gsm8k"|"math_reward"|"math_dapo", "kwargs": {...},
"outputs": [...], "gts": [...]}], "repeats": R}. Prints JSON {name: {"seconds": best of R, "scores": [...]}}.
Not part of the package; stdlib only.
"""
import contextlib
import importlib.util
import io
import json
import os
import sys
import time


def load(name):
    root = os.environ.get("VERL_DIR")
    if not root:
        sys.exit("VERL_DIR is not set (a checkout of github.com/volcengine/verl)")
    path = os.path.join(root, "verl", "utils", "reward_score", name + ".py")
    spec = importlib.util.spec_from_file_location("ref_" + name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main():
    job = json.load(sys.stdin)
    out = {}
    for task in job["tasks"]:
        fn = load(task["module"]).compute_score
        kwargs = task["kwargs"]
        pairs = list(zip(task["outputs"], task["gts"]))
        best, scores = float("inf"), None
        for _ in range(job["repeats"]):
            # math_reward prints its caught exceptions; keep them off the JSON on stdout
            with contextlib.redirect_stdout(io.StringIO()):
                t0 = time.perf_counter()
                res = [fn(o, g, **kwargs) for o, g in pairs]
                best = min(best, time.perf_counter() - t0)
            scores = [r["score"] if isinstance(r, dict) else r for r in res]
        out[task["name"]] = {"seconds": best, "scores": scores}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
