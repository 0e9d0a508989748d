"""sacreBLEU 2.6.0's first chrF (or chrF++) corpus_score in a fresh process, for bench/lexical.ts's first-pass rows.

Usage: python3 sacrebleu_chrf_first_pass.py WORD_ORDER HYP REF -> one JSON line {wall, cpu} in ms and the score.
"""
import json
import sys
import time

from sacrebleu.metrics import CHRF


def main():
    word_order, hyp_path, ref_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    with open(hyp_path, encoding='utf-8') as f:
        hyps = f.read().split('\n')[:-1]
    with open(ref_path, encoding='utf-8') as f:
        refs = f.read().split('\n')[:-1]
    metric = CHRF(word_order=word_order)
    c0, t0 = time.process_time(), time.perf_counter()
    score = metric.corpus_score(hyps, [refs]).score
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(json.dumps({'wall': wall * 1000, 'cpu': cpu * 1000, 'score': score}))


if __name__ == '__main__':
    main()
