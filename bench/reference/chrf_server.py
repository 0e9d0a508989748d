"""The reward server a Python team would write for `npm run bench -- serve`: FastAPI + uvicorn wrapping sacreBLEU's
sentence_chrf, with OpenRLHF's request shape (POST /get_reward {"query", "prompts", "labels"}). Not part of trenchcoat.

Usage: python3 chrf_server.py PORT [WORKERS]
"""
import sys

from fastapi import FastAPI, Request
from sacrebleu.metrics import CHRF

app = FastAPI()
chrf = CHRF()


@app.post("/get_reward")
async def get_reward(request: Request):
    data = await request.json()
    rewards = []
    for q, p, label in zip(data["query"], data["prompts"], data["labels"]):
        response = q[len(p):]
        rewards.append(chrf.sentence_score(response, [label]).score)
    return {"rewards": rewards, "scores": rewards, "extra_logs": {}}


@app.get("/health")
async def health():
    return {"status": "ok"}


if __name__ == "__main__":
    import uvicorn

    port = int(sys.argv[1])
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    sys.path.insert(0, __file__.rsplit("/", 1)[0])
    uvicorn.run("chrf_server:app", host="127.0.0.1", port=port, workers=workers, log_level="warning", access_log=False)
