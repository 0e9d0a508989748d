"""Side-by-side reference timing for `npm run bench`: sacreBLEU on the same files, same process model (one process).

Reads a JSON job on stdin: {"systems": [[name, hyp_path], ...], "refs": [ref_path, ...], "repeats": R}.
Prints JSON: per task the best wall time and the best CPU time over R repeats (seconds, cpu_seconds; compute only: files
are read before timing) and the scores.
Not part of the package: needs `pip install sacrebleu==2.6.0`.
"""
import json
import sys
import time

import sacrebleu
from sacrebleu.metrics import BLEU, CHRF, TER


def read_lines(path):
    with open(path, encoding="utf-8", newline="\n") as f:
        return [line.rstrip() for line in f]


def best_time(fn, repeats):
    best, best_cpu, out = float("inf"), float("inf"), None
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        best = min(best, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    return best, best_cpu, out


def main():
    job = json.load(sys.stdin)
    systems = [(name, read_lines(p)) for name, p in job["systems"]]
    refs = [read_lines(p) for p in job["refs"]]
    repeats = job.get("repeats", 1)
    bleu_eff = BLEU(effective_order=True)
    tasks = {
        "bleu": lambda: [BLEU().corpus_score(h, refs).score for _, h in systems],
        "bleu-intl": lambda: [BLEU(tokenize="intl").corpus_score(h, refs).score for _, h in systems],
        "chrf": lambda: [CHRF().corpus_score(h, refs).score for _, h in systems],
        "chrf++": lambda: [CHRF(word_order=2).corpus_score(h, refs).score for _, h in systems],
        "ter": lambda: [TER().corpus_score(h, refs).score for _, h in systems],
        "sentence-chrf": lambda: [
            [sacrebleu.sentence_chrf(x, [r[i] for r in refs]).score for i, x in enumerate(h)] for _, h in systems
        ],
        "sentence-bleu": lambda: [
            [bleu_eff.sentence_score(x, [r[i] for r in refs]).score for i, x in enumerate(h)] for _, h in systems
        ],
    }
    only = job.get("tasks")
    result = {"version": sacrebleu.__version__, "tasks": {}}
    for name, fn in tasks.items():
        if only and name not in only:
            continue
        seconds, cpu_seconds, scores = best_time(fn, repeats)
        result["tasks"][name] = {"seconds": seconds, "cpu_seconds": cpu_seconds, "scores": scores}
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
