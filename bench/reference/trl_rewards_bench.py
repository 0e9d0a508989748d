"""Side-by-side reference timing for `npm run bench -- rewards`: the non-math verifiable scorers and a composite
reward against the Python functions people train with.

- think-format and the shaping terms: TRL's own functions (trl/rewards/format_rewards.py, other_rewards.py,
  accuracy_rewards.py), read from a TRL checkout named by TRL_DIR (pinned in test/fixtures/rewards/README.md); the
  classes and functions are exec'd from the files' text (TRL is not imported as a package, so no torch/transformers).
  _CosineScaledReward's accuracy_reward (math_verify) is replaced by exact string equality, as in the goldens.
- regex: Python's re.search / re.match / re.fullmatch with the same pattern and flags.
- json: json.loads (NaN/Infinity refused, as JSON has none) and, with a schema, jsonschema's Draft7Validator.
- choice: the extraction rule documented in src/scorers/verifiable/choice.ts, written with Python's re.

Reads a JSON job on stdin: {"repeats": R, "tasks": [{"name", "kind", "outputs", ...}]}. Prints JSON
{name: {"seconds": best of R, "scores": [...]} or {"error": reason}}. Not part of the package; stdlib (+ jsonschema
for the schema task).
"""
import json
import math
import os
import re
import sys
import time


def trl_namespace():
    root = os.environ.get("TRL_DIR")
    if not root:
        raise RuntimeError("TRL_DIR is not set (a checkout of github.com/huggingface/trl)")
    d = os.path.join(root, "trl", "rewards")
    ns = {"math": math, "re": re}
    exec(open(os.path.join(d, "format_rewards.py")).read(), ns)
    exec(open(os.path.join(d, "other_rewards.py")).read(), ns)
    src = open(os.path.join(d, "accuracy_rewards.py")).read()
    exec(src[src.index("class _CosineScaledReward"):src.index("def reasoning_accuracy_reward")], ns)
    return ns


def choice_scorer(letters):
    L = "[" + letters + "]"
    rules = [
        re.compile(r"[Aa][Nn][Ss][Ww][Ee][Rr][ \t]*(?:[Ii][Ss][ \t]*)?[:：]?[ \t]*(?:\*\*)?[ \t]*\$?\(?(" + L + r")(?![A-Za-z0-9])"),
        re.compile(r"\\boxed\{\s*(?:\\text\{\s*)?\(?(" + L + r")\)?\s*\}?\s*\}"),
        re.compile(r"^\s*(?:\*\*)?\(?(" + L + r")\)?\.?(?:\*\*)?\s*$"),
    ]

    def score(outputs, refs):
        out = []
        for o, ref in zip(outputs, refs):
            got = None
            for r in rules:
                found = r.findall(o)
                if found:
                    got = found[-1]
                    break
            out.append(1.0 if got == ref.strip() else 0.0)
        return out

    return score


def json_scorer(schema):
    validator = None
    if schema is not None:
        import jsonschema
        validator = jsonschema.Draft7Validator(schema)

    def no_constant(name):
        raise ValueError(name)

    def score(outputs, _refs):
        out = []
        for o in outputs:
            try:
                v = json.loads(o, parse_constant=no_constant)
            except ValueError:
                out.append(0.0)
                continue
            out.append(1.0 if validator is None or validator.is_valid(v) else 0.0)
        return out

    return score


def regex_scorer(pattern, flags, mode):
    f = 0
    for c in flags:
        f |= {"i": re.I, "m": re.M, "s": re.S}[c]
    r = re.compile(pattern, f)
    fn = {"search": r.search, "start": r.match, "full": r.fullmatch}[mode]
    return lambda outputs, _refs: [1.0 if fn(o) else 0.0 for o in outputs]


def make(task, ns):
    kind = task["kind"]
    if kind == "think-format":
        f = ns["think_format_reward"]
        return lambda outputs, _refs: f([[{"content": o}] for o in outputs])
    if kind == "regex":
        return regex_scorer(task["pattern"], task.get("flags", ""), task.get("mode", "search"))
    if kind == "json":
        return json_scorer(task.get("schema"))
    if kind == "choice":
        return choice_scorer(task["letters"])
    if kind == "shaped":
        cos = ns["_CosineScaledReward"](task["max_len"], -1.0, -0.5, 0.5, 1.0)
        over = ns["get_soft_overlong_punishment"](task["max_len"], task["buffer"])
        rep = ns["get_repetition_penalty_reward"](task["ngram"], -1.0)
        ids = task["ids"]

        def shaped(outputs, refs):
            # TRL's reward functions are called once per batch with the whole batch, as GRPOTrainer does
            ns["accuracy_reward"] = lambda completions, solution: [1.0 if c[0]["content"] == s else 0.0 for c, s in zip(completions, solution)]
            completions = [[{"content": o}] for o in outputs]
            a = cos(completions, refs, ids)
            b = over(ids)
            c = rep(ids)
            return [x + y + z for x, y, z in zip(a, b, c)]

        return shaped
    raise ValueError(kind)


def main():
    job = json.load(sys.stdin)
    try:
        ns = trl_namespace()
        ns_error = None
    except Exception as e:  # TRL tasks are reported as skipped, the others still run
        ns, ns_error = None, str(e)
    out = {}
    for task in job["tasks"]:
        if task["kind"] in ("think-format", "shaped") and ns is None:
            out[task["name"]] = {"error": ns_error}
            continue
        fn = make(task, ns)
        outputs, refs = task["outputs"], task.get("refs") or [""] * len(task["outputs"])
        best, scores = float("inf"), None
        for _ in range(job["repeats"]):
            t0 = time.perf_counter()
            scores = fn(outputs, refs)
            best = min(best, time.perf_counter() - t0)
        out[task["name"]] = {"seconds": best, "scores": scores}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
