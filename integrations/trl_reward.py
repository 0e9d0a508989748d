"""trenchcoat as a TRL reward function (GRPOTrainer / RLOOTrainer `reward_funcs`), stdlib only.

    import sys; sys.path.insert(0, "integrations")
    from trl_reward import trenchcoat_reward
    trainer = GRPOTrainer(model=..., reward_funcs=[trenchcoat_reward], ...)

One batch call per step. Completions may be plain strings or conversations (lists of {"role", "content"}: the last
assistant message is scored). References come from the dataset column named by TRENCHCOAT_REFERENCE_COLUMN (default
"reference"), which TRL passes as a keyword argument; a string or a list of strings per sample.

Environment: TRENCHCOAT_URL, TRENCHCOAT_TOKEN, TRENCHCOAT_TIMEOUT, TRENCHCOAT_RETRIES as in verl_reward.py.
A reward the server could not compute raises; it is never replaced by a number here.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from verl_reward import _post, _references  # noqa: E402  (same stdlib client)


def _completion_text(c, i):
    if isinstance(c, str):
        return c
    if isinstance(c, list):
        for m in reversed(c):
            if isinstance(m, dict) and m.get("role") == "assistant" and isinstance(m.get("content"), str):
                return m["content"]
    raise TypeError("completions[%d] is neither a string nor a conversation with an assistant message" % i)


def _prompt_value(p, i):
    if p is None or isinstance(p, str):
        return p
    if isinstance(p, list) and all(isinstance(m, dict) and isinstance(m.get("content"), str) for m in p):
        return [{"role": str(m.get("role")), "content": m["content"]} for m in p]
    raise TypeError("prompts[%d] is neither a string nor a list of messages" % i)


def trenchcoat_reward(prompts, completions, **kwargs):
    column = os.environ.get("TRENCHCOAT_REFERENCE_COLUMN", "reference")
    refs = kwargs.get(column)
    items = []
    for i, c in enumerate(completions):
        item = {"id": str(i), "output": _completion_text(c, i)}
        p = _prompt_value(prompts[i] if prompts is not None else None, i)
        if p is not None:
            item["prompt"] = p
        if refs is not None:
            r = _references(refs[i])
            if r is not None:
                item["references"] = r
        items.append(item)
    answer = _post("/v1/score", {"items": items})
    name = answer["reward"]
    out = []
    for i, result in enumerate(answer["results"]):
        s = result["scores"][name]
        if s["value"] is None:
            raise RuntimeError("trenchcoat: reward %s %s for completion %d: %s" % (name, s["status"], i, s.get("error", "no value")))
        out.append(float(s["value"]))
    return out


reward_func = trenchcoat_reward
