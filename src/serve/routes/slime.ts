// slime / miles: `remote_rm` in slime/rollout/rm_hub/__init__.py (slime 624b824) posts one sample
// `{"prompt", "response", "label"}` to `--rm-url` and uses the JSON answer as the reward: a number, or with
// `--reward-dict` a dict (for a custom reward post-processor that reads several values).
import type { Hono } from 'hono';
import { z } from 'zod';
import type { Item } from '../../scorers/contract.js';
import type { ServeContext } from '../context.js';
import { rlRewards } from '../rewards.js';
import { scoreItems } from '../score-request.js';
import { validate } from '../validation.js';
import { ChatMessages, readBody, type ServeEnv } from './common.js';

export const SlimeRewardRequest = z.object({
  prompt: z.union([z.string(), ChatMessages]),
  response: z.string(),
  label: z.string().nullable().optional(),
  metadata: z.record(z.string(), z.unknown()).nullable().optional(),
});

export function slimeItem(req: z.infer<typeof SlimeRewardRequest>): Item {
  const item: Item = { id: '0', prompt: req.prompt, output: req.response };
  if (req.label !== undefined && req.label !== null) item.references = [req.label];
  if (req.metadata) item.meta = req.metadata;
  return item;
}

export function registerSlimeRoutes(app: Hono<ServeEnv>, ctx: ServeContext): void {
  app.post('/v1/reward', async (c) => {
    const item = slimeItem(validate(SlimeRewardRequest, await readBody(c, ctx)));
    const outcomes = await scoreItems(c, ctx, '/v1/reward', [item], ctx.engine.rlScorers);
    const { rewards, extraLogs } = rlRewards(outcomes, ctx.engine.reward.name, ctx.engine.fallbackConfigured);
    c.set('items', 1);
    if (!ctx.rewardDict) return c.json(rewards[0]);
    const logs: Record<string, number> = {};
    for (const [k, v] of Object.entries(extraLogs)) logs[k] = v[0];
    return c.json({ reward: rewards[0], extra_logs: logs });
  });
}
