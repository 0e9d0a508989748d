"""Reference side of `npm run bench -- ter-memory`: sacreBLEU 2.6.0 TER on one (hypothesis, reference) line pair.

Usage: python3 ter_long_line.py HYP_FILE REF_FILE. Prints JSON: the score, its statistics, the wall time of the
score computation and the process's peak RSS (MB). Not part of the package: needs `pip install sacrebleu==2.6.0`.
"""
import json
import resource
import sys
import time

from sacrebleu.metrics import TER


def main():
    with open(sys.argv[1], encoding="utf-8", newline="\n") as f:
        hyp = f.read().rstrip("\n")
    with open(sys.argv[2], encoding="utf-8", newline="\n") as f:
        ref = f.read().rstrip("\n")
    t0 = time.perf_counter()
    score = TER().corpus_score([hyp], [[ref]])
    seconds = time.perf_counter() - t0
    print(json.dumps({"ter": score.score, "num_edits": score.num_edits, "ref_length": score.ref_length, "seconds": seconds,
                      "maxRSSMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


if __name__ == "__main__":
    main()
