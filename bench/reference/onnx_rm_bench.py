"""Reference side of bench/onnx.ts: the same reward model through transformers' tokenizer + chat template and the
Python onnxruntime, timed best-of-R. Needs transformers, jinja2, onnxruntime, numpy (set PYTHON to such a venv).
Reads a JSON job on stdin: {folder, conversations, batchSizes, repeats}; writes {runs: {bs: {seconds, rewards}}}."""
import json
import sys
import time

import numpy as np
import onnxruntime as ort
from transformers import AutoTokenizer

job = json.load(sys.stdin)
tok = AutoTokenizer.from_pretrained(job['folder'])
sess = ort.InferenceSession(job['folder'] + '/model.onnx', providers=['CPUExecutionProvider'])
names = {i.name for i in sess.get_inputs()}
pad = tok.pad_token_id


def run(bs: int) -> list[float]:
    ids = [tok.apply_chat_template(c, tokenize=True) for c in job['conversations']]
    ids = [x['input_ids'] if hasattr(x, 'keys') else x for x in ids]
    order = sorted(range(len(ids)), key=lambda i: -len(ids[i]))
    out = [0.0] * len(ids)
    for s in range(0, len(order), bs):
        idx = order[s:s + bs]
        n = max(len(ids[i]) for i in idx)
        a = np.full((len(idx), n), pad, dtype=np.int64)
        m = np.zeros((len(idx), n), dtype=np.int64)
        for r, i in enumerate(idx):
            a[r, :len(ids[i])] = ids[i]
            m[r, :len(ids[i])] = 1
        feeds = {'input_ids': a, 'attention_mask': m}
        if 'token_type_ids' in names:
            feeds['token_type_ids'] = np.zeros_like(a)
        logits = sess.run(['logits'], feeds)[0]
        for r, i in enumerate(idx):
            out[i] = float(logits[r, 0])
    return out


runs = {}
for bs in job['batchSizes']:
    run(bs)  # warm-up
    best = float('inf')
    for _ in range(job['repeats']):
        t0 = time.perf_counter()
        rewards = run(bs)
        best = min(best, time.perf_counter() - t0)
    runs[str(bs)] = {'seconds': best, 'rewards': rewards}
json.dump({'runs': runs, 'threads': ort.get_device()}, sys.stdout)
