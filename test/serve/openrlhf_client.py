"""Test client mirroring OpenRLHF's remote reward call (openrlhf/utils/agent.py, SingleTurnAgentExecutor.
_fetch_rewards_via_http, OpenRLHF commit 3c3be6234e0cb353e76bb8019947db9dfe99fca7): POST JSON {"query", "prompts",
"labels"}; up to 5 tries; any error (connection, HTTP status via raise_for_status, bad JSON) is logged and retried after
asyncio.sleep(1); total timeout 180 s per attempt; after 5 failures RuntimeError. OpenRLHF uses aiohttp, which is not
installed here; this is the same policy with urllib (stdlib).

Usage: python3 openrlhf_client.py URL [TOKEN [TRY_MAX_TIMES]] < request.json  → prints the JSON answer; attempts go to stderr.
"""
import json
import sys
import time
import urllib.request


def post_request(url, data, try_max_times=5, timeout=180, headers=None):
    body = json.dumps(data).encode("utf-8")
    for attempt in range(try_max_times):
        try:
            req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json", **(headers or {})}, method="POST")
            with urllib.request.urlopen(req, timeout=timeout) as response:
                return json.loads(response.read().decode("utf-8"))
        except Exception as e:  # OpenRLHF logs and retries every error alike
            print("attempt %d: Request error, please check: %r" % (attempt + 1, e), file=sys.stderr, flush=True)
        time.sleep(1)
    raise RuntimeError("Request error for %d times, returning None. Please check the API server." % try_max_times)


if __name__ == "__main__":
    url = sys.argv[1]
    headers = {"Authorization": "Bearer " + sys.argv[2]} if len(sys.argv) > 2 else None
    tries = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    payload = json.load(sys.stdin)
    print(json.dumps(post_request(url, payload, try_max_times=tries, headers=headers)))
