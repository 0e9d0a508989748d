"""trenchcoat as a verl reward function (stdlib only: nothing to install).

In the verl config:
    custom_reward_function.path=integrations/verl_reward.py
    custom_reward_function.name=compute_score

Environment:
    TRENCHCOAT_URL      server, default http://127.0.0.1:8000
    TRENCHCOAT_TOKEN    bearer token (see `trenchcoat serve`); unset only for a --no-auth server
    TRENCHCOAT_TIMEOUT  seconds per attempt, default 60
    TRENCHCOAT_RETRIES  attempts, default 5 (connection errors, 429, 5xx; honours Retry-After)
    TRENCHCOAT_DICT     1: return {"score": reward, <every served scorer>: value} instead of a float

A reward the server could not compute is never turned into a number here: the call raises.
"""
import json
import os
import time
import urllib.error
import urllib.request

RETRYABLE = {429, 500, 502, 503, 504}


def _post(path, payload):
    url = os.environ.get("TRENCHCOAT_URL", "http://127.0.0.1:8000").rstrip("/") + path
    timeout = float(os.environ.get("TRENCHCOAT_TIMEOUT", "60"))
    attempts = int(os.environ.get("TRENCHCOAT_RETRIES", "5"))
    headers = {"Content-Type": "application/json"}
    token = os.environ.get("TRENCHCOAT_TOKEN")
    if token:
        headers["Authorization"] = "Bearer " + token
    data = json.dumps(payload).encode("utf-8")
    last = None
    for attempt in range(attempts):
        req = urllib.request.Request(url, data=data, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return json.loads(resp.read().decode("utf-8"))
        except urllib.error.HTTPError as e:
            body = e.read().decode("utf-8", "replace")
            if e.code not in RETRYABLE:
                raise RuntimeError("trenchcoat %s: HTTP %d: %s" % (url, e.code, body)) from None
            last = "HTTP %d: %s" % (e.code, body)
            delay = float(e.headers.get("Retry-After") or min(2 ** attempt, 30))
        except (urllib.error.URLError, ConnectionError, TimeoutError) as e:
            last = repr(e)
            delay = min(2 ** attempt, 30)
        if attempt + 1 < attempts:
            time.sleep(delay)
    raise RuntimeError("trenchcoat %s: no answer after %d attempts: %s" % (url, attempts, last))


def _references(ground_truth):
    if ground_truth is None:
        return None
    if isinstance(ground_truth, str):
        return [ground_truth]
    if isinstance(ground_truth, (list, tuple)) and all(isinstance(g, str) for g in ground_truth):
        return list(ground_truth)
    raise TypeError("ground_truth must be a string or a list of strings, not %r" % type(ground_truth).__name__)


def compute_score(data_source, solution_str, ground_truth, extra_info=None, **kwargs):
    item = {"output": solution_str, "meta": {"data_source": data_source}}
    refs = _references(ground_truth)
    if refs is not None:
        item["references"] = refs
    prompt = (extra_info or {}).get("question") if isinstance(extra_info, dict) else None
    if isinstance(prompt, str):
        item["prompt"] = prompt
    answer = _post("/v1/score", {"items": [item]})
    result = answer["results"][0]
    reward_name = answer["reward"]
    reward = result["scores"][reward_name]
    if reward["value"] is None:
        raise RuntimeError("trenchcoat: reward %s %s: %s" % (reward_name, reward["status"], reward.get("error", "no value")))
    if os.environ.get("TRENCHCOAT_DICT") != "1":
        return float(reward["value"])
    out = {"score": float(reward["value"])}
    for name, s in result["scores"].items():
        if name != reward_name:
            out[name] = s["value"]
        if s["status"] == "fallback":
            out[name + "/fallback"] = 1
    return out
