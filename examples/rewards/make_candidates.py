"""Writes candidates.jsonl: 30 arithmetic word problems with numeric answers, 8 candidate rollouts each.

Written for trenchcoat (no outside text). Deterministic (seed 7); stdlib only; run `python3 make_candidates.py`.
Each record: prompt_id, prompt, output, reference (the answer, as verl's math reward compares it), kind (how the
rollout was written) and gold: 1 when the rollout commits to one answer and it is correct, else 0 (a hedge boxing
several numbers is 0 even when the right one is among them).
"""
import json
import random

random.seed(7)


def problem(i):
    kind = i % 4
    if kind == 0:
        a, b = random.randint(2, 19), random.randint(3, 12)
        q = f"A shop sells pens at ${a} each. How many dollars do {b} pens cost?"
        ans, steps = a * b, [f"Each pen costs {a} dollars.", f"{b} pens cost {b} x {a} = {a * b} dollars."]
    elif kind == 1:
        t = random.randint(2, 9)
        v = random.randint(20, 90)
        q = f"A train travels {v * t} km in {t} hours. What is its average speed in km/h?"
        ans, steps = v, [f"Speed is distance over time.", f"{v * t} / {t} = {v} km/h."]
    elif kind == 2:
        p = random.choice([10, 20, 25, 40, 50, 75])
        n = random.choice([40, 80, 120, 200, 360, 440])
        q = f"What is {p}% of {n}?"
        ans, steps = p * n // 100, [f"{p}% means {p}/100.", f"{p}/100 x {n} = {p * n // 100}."]
    else:
        x, y = random.randint(5, 30), random.randint(1, 4)
        q = f"Two numbers add up to {x + y} and differ by {x - y}. What is the larger number?"
        ans, steps = x, [f"Adding the equations gives 2x = {x + y} + {x - y} = {2 * x}.", f"So x = {x}."]
    return q, ans, steps


def candidates(ans, steps):
    w1, w2, w3 = random.sample([d for d in range(ans - 9, ans + 10) if d != ans and d > 0], 3)
    reasoning = " ".join(steps)
    filler = "Let me double-check the arithmetic once more to be completely sure. "
    return [
        ("think-correct", f"<think>\n{reasoning}\n</think>\nThe answer is \\boxed{{{ans}}}.", 1),
        ("plain-correct", f"{reasoning} So the answer is $\\boxed{{{ans}}}$.", 1),
        ("verbose-correct", f"{reasoning} " + filler * 12 + f"The answer is \\boxed{{{ans}}}.", 1),
        ("wrong", f"{steps[0]} I get {w1}, so the answer is \\boxed{{{w1}}}.", 0),
        ("think-wrong", f"<think>\n{steps[0]}\n</think>\n\\boxed{{{w2}}}", 0),
        ("hedge", f"{reasoning} It is either \\boxed{{{w3}}} or \\boxed{{{ans}}}.", 0),
        ("no-answer", f"{steps[0]} I am not sure what the answer is.", 0),
        ("repetitive-wrong", "the answer is the answer is " * 6 + f"\\boxed{{{w1}}}", 0),
    ]


with open("candidates.jsonl", "w") as f:
    for i in range(30):
        q, ans, steps = problem(i)
        prompt = q + " Put the final answer in \\boxed{}."
        for kind, out, gold in candidates(ans, steps):
            f.write(json.dumps({"prompt_id": f"q{i:02d}", "prompt": prompt, "output": out, "reference": str(ans), "kind": kind, "gold": gold}) + "\n")
