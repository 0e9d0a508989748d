// OpenRLHF: `POST /get_reward` with `{"query": [...], "prompts": [...], "labels": [...]}` — what
// openrlhf/utils/agent.py (`_fetch_rewards_via_http`, OpenRLHF 3c3be62) posts: query = prompt + response as decoded
// by the trainer, prompts the prompt texts, labels the dataset labels. Answer `{"rewards", "scores", "extra_logs"}`
// as openrlhf/cli/serve_rm.py does; the client reads `scores` (falling back to `rewards`) and `extra_logs`.
import type { Hono } from 'hono';
import { z } from 'zod';
import type { Item } from '../../scorers/contract.js';
import type { ServeContext } from '../context.js';
import { HttpError } from '../http-error.js';
import { rlRewards } from '../rewards.js';
import { scoreItems } from '../score-request.js';
import { validate } from '../validation.js';
import { readBody, type ServeEnv } from './common.js';

export const GetRewardRequest = z.object({
  query: z.array(z.string()),
  prompts: z.array(z.string()).optional(),
  labels: z.array(z.string().nullable()).optional(),
});

/** Items of a /get_reward request: the response is the query with its prompt prefix removed (OpenRLHF's examples). */
export function openrlhfItems(req: z.infer<typeof GetRewardRequest>): Item[] {
  const n = req.query.length;
  for (const f of ['prompts', 'labels'] as const) {
    const len = req[f]?.length;
    if (len !== undefined && len !== n) throw new HttpError(400, `invalid request: ${f} has ${len} entries but query has ${n}`, {}, { field: f });
  }
  return req.query.map((q, i) => {
    const prompt = req.prompts?.[i];
    if (prompt !== undefined && !q.startsWith(prompt)) {
      // slicing anyway would score a garbled response; the trainer's decode must reproduce the prompt text
      throw new HttpError(400, `invalid request: query[${i}] does not start with prompts[${i}]`, {}, { index: i, field: `query[${i}]` });
    }
    const label = req.labels?.[i];
    const item: Item = { id: String(i), output: prompt === undefined ? q : q.slice(prompt.length) };
    if (prompt !== undefined) item.prompt = prompt;
    if (label !== undefined && label !== null) item.references = [label];
    return item;
  });
}

export function registerOpenrlhfRoutes(app: Hono<ServeEnv>, ctx: ServeContext): void {
  app.post('/get_reward', async (c) => {
    const req = validate(GetRewardRequest, await readBody(c, ctx));
    const items = openrlhfItems(req);
    const outcomes = await scoreItems(c, ctx, '/get_reward', items, ctx.engine.rlScorers);
    const { rewards, extraLogs } = rlRewards(outcomes, ctx.engine.reward.name, ctx.engine.fallbackConfigured);
    c.set('items', items.length);
    return c.json({ rewards, scores: rewards, extra_logs: extraLogs });
  });
}
