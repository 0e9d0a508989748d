// trenchcoat's own protocol: `POST /v1/score` (every scorer's value, status and optionally details per item),
// `POST /v1/compare` (pairs: pointwise scorers compare values, pairwise judges judge), `GET /v1/scorers`.
import type { Hono } from 'hono';
import { z } from 'zod';
import { scoreStatus, type Item, type Score } from '../../scorers/contract.js';
import { isPairwiseScorer, type Pair } from '../../scorers/pairwise.js';
import { VERSION } from '../../version.js';
import type { ServeContext } from '../context.js';
import { HttpError } from '../http-error.js';
import { scoreItems, selectScorers } from '../score-request.js';
import { validate } from '../validation.js';
import { ChatMessages, readBody, type ServeEnv } from './common.js';

const NativeItem = z.object({
  id: z.string().optional(),
  prompt: z.union([z.string(), ChatMessages]).optional(),
  output: z.string(),
  references: z.array(z.string()).optional(),
  context: z.array(z.string()).optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
});

export const ScoreRequest = z.object({
  items: z.array(NativeItem),
  scorers: z.array(z.string()).optional(),
  details: z.boolean().optional(),
});

export const CompareRequest = z.object({
  items: z.array(
    z.object({
      id: z.string().optional(),
      prompt: z.union([z.string(), ChatMessages]).optional(),
      a: z.string(),
      b: z.string(),
      references: z.array(z.string()).optional(),
      meta: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
  scorers: z.array(z.string()).optional(),
});

function toItem(x: z.infer<typeof NativeItem>, i: number): Item {
  const item: Item = { id: x.id ?? String(i), output: x.output };
  if (x.prompt !== undefined) item.prompt = x.prompt;
  if (x.references !== undefined) item.references = x.references;
  if (x.context !== undefined) item.context = x.context;
  if (x.meta !== undefined) item.meta = x.meta;
  return item;
}

function scoreJson(s: Score, fallback: boolean, details: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { value: s.value, status: fallback ? 'fallback' : scoreStatus(s) };
  if (s.prob !== undefined) out.prob = s.prob;
  const err = s.details?.error;
  if (err !== undefined) out.error = err;
  if (details && s.details) out.details = s.details;
  return out;
}

export function registerNativeRoutes(app: Hono<ServeEnv>, ctx: ServeContext): void {
  const engine = ctx.engine;

  app.get('/v1/scorers', (c) =>
    c.json({
      version: VERSION,
      reward: engine.reward.name,
      scorers: engine.served.map((s) => ({
        name: s.name,
        id: s.scorer.id,
        spec: s.scorer.spec(),
        signature: s.scorer.signature(),
        family: s.scorer.family,
        mode: s.scorer.mode,
        direction: s.scorer.direction,
        range: s.scorer.range.map((x) => (Number.isFinite(x) ? x : null)),
        needs: s.scorer.needs,
      })),
    }),
  );

  app.post('/v1/score', async (c) => {
    const req = validate(ScoreRequest, await readBody(c, ctx));
    const items = req.items.map(toItem);
    const ids = new Set<string>();
    items.forEach((it, i) => {
      if (ids.has(it.id)) throw new HttpError(400, `invalid request: items[${i}].id "${it.id}" appears twice`, {}, { index: i, field: `items[${i}].id` });
      ids.add(it.id);
    });
    const selected = selectScorers(ctx, req.scorers, engine.rlScorers);
    for (const s of selected) if (isPairwiseScorer(s.scorer)) throw new HttpError(400, `scorer ${s.name} judges pairs: use /v1/compare`);
    const outcomes = await scoreItems(c, ctx, '/v1/score', items, selected);
    c.set('items', items.length);
    const nrefs = items[0]?.references?.length ?? 0;
    const rewardOutcome = outcomes.find((o) => o.served === engine.reward);
    return c.json({
      version: VERSION,
      reward: rewardOutcome ? engine.reward.name : null,
      signatures: Object.fromEntries(outcomes.map((o) => [o.served.name, o.served.scorer.signature({ nrefs })])),
      results: items.map((it, i) => ({
        id: it.id,
        ...(rewardOutcome ? { reward: rewardOutcome.scores[i].value } : {}),
        scores: Object.fromEntries(outcomes.map((o) => [o.served.name, scoreJson(o.scores[i], o.fallback[i], req.details === true)])),
      })),
    });
  });

  app.post('/v1/compare', async (c) => {
    const req = validate(CompareRequest, await readBody(c, ctx));
    const selected = selectScorers(ctx, req.scorers, engine.served);
    const n = req.items.length;
    const pointwise = selected.filter((s) => !isPairwiseScorer(s.scorer));
    const pairwise = selected.filter((s) => isPairwiseScorer(s.scorer));
    // pointwise scorers: a and b scored as two items each; the winner by the scorer's direction
    const itemsAB: Item[] = [];
    req.items.forEach((x, i) => {
      for (const side of ['a', 'b'] as const) {
        const item: Item = { id: `${x.id ?? i}/${side}`, output: x[side] };
        if (x.prompt !== undefined) item.prompt = x.prompt;
        if (x.references !== undefined) item.references = x.references;
        if (x.meta !== undefined) item.meta = x.meta;
        itemsAB.push(item);
      }
    });
    const outcomes = pointwise.length ? await scoreItems(c, ctx, '/v1/compare', itemsAB, pointwise) : [];
    const pairs: Pair[] = req.items.map((x, i) => {
      if (pairwise.length && x.prompt === undefined) throw new HttpError(400, `invalid request: items[${i}].prompt: a pairwise judge needs the prompt`, {}, { index: i });
      return { id: x.id ?? String(i), prompt: x.prompt ?? '', a: x.a, b: x.b, ...(x.references?.[0] !== undefined ? { reference: x.references[0] } : {}) };
    });
    const judged = await Promise.all(pairwise.map((s) => (isPairwiseScorer(s.scorer) ? s.scorer.comparePairs(pairs, { signal: c.req.raw.signal }) : [])));
    c.set('items', n);
    const results = req.items.map((x, i) => {
      const byScorer: Record<string, unknown> = {};
      for (const o of outcomes) {
        const a = o.scores[2 * i];
        const b = o.scores[2 * i + 1];
        let winner: 'a' | 'b' | 'tie' | null = null;
        if (a.value !== null && b.value !== null) {
          const sign = o.served.scorer.direction === 'higher' ? 1 : -1;
          const d = sign * (a.value - b.value);
          winner = d > 0 ? 'a' : d < 0 ? 'b' : 'tie';
        }
        byScorer[o.served.name] = { a: scoreJson(a, o.fallback[2 * i], false), b: scoreJson(b, o.fallback[2 * i + 1], false), winner };
      }
      pairwise.forEach((s, k) => {
        const out = judged[k][i];
        byScorer[s.name] = { pA: out.pA, first: out.first, second: out.second ?? null, ...(out.details?.error !== undefined ? { error: out.details.error } : {}) };
      });
      return { id: x.id ?? String(i), scores: byScorer };
    });
    return c.json({ version: VERSION, signatures: Object.fromEntries(selected.map((s) => [s.name, s.scorer.signature()])), results });
  });
}
