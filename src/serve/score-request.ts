// The path every scoring request takes after validation: items limit (413), per-token rate limit (429), bounded
// admission (503), then the engine under the per-request deadline (504), cancelled when the client goes away.
import type { Context } from 'hono';
import type { Item } from '../scorers/contract.js';
import { QueueFullError } from './admission.js';
import type { ServeContext } from './context.js';
import { ItemInputError, UnknownScorerError, type ScorerOutcome, type ServedScorer } from './engine.js';
import { HttpError } from './http-error.js';
import { ClientGoneError } from './request-body.js';

export async function scoreItems(c: Context, ctx: ServeContext, route: string, items: Item[], selected: readonly ServedScorer[]): Promise<ScorerOutcome[]> {
  if (items.length > ctx.limits.maxItems) {
    ctx.metrics.rejected.inc({ reason: 'too_many_items' });
    throw new HttpError(413, `${items.length} items in one request; the limit is ${ctx.limits.maxItems} (--max-items)`);
  }
  const tokenName: string = c.get('tokenName') ?? 'anonymous';
  if (ctx.rateLimiter) {
    const d = ctx.rateLimiter.take(tokenName, items.length);
    if (!d.ok) {
      ctx.metrics.rateLimited.inc({ token: tokenName });
      throw new HttpError(429, `rate limit of token "${tokenName}" exceeded; retry after ${d.retryAfterSeconds} s`, { 'Retry-After': String(d.retryAfterSeconds) });
    }
  }
  const deadline = new AbortController();
  const clientGone = c.req.raw.signal;
  const onGone = () => deadline.abort(new ClientGoneError());
  if (clientGone?.aborted) onGone();
  else clientGone?.addEventListener('abort', onGone, { once: true });
  const timer = setTimeout(() => deadline.abort(new HttpError(504, `request deadline of ${ctx.limits.requestTimeoutMs} ms exceeded`)), ctx.limits.requestTimeoutMs);
  let release: (() => void) | undefined;
  try {
    try {
      ctx.metrics.queueDepth.set(ctx.admission.depth + 1);
      // the place claimed from the headers (app.ts); a caller without one queues here
      const ticket = c.get('admission');
      c.set('admission', undefined);
      release = await (ticket ? ticket.admit(deadline.signal) : ctx.admission.acquire(deadline.signal));
    } catch (err) {
      if (err instanceof QueueFullError) {
        ctx.metrics.rejected.inc({ reason: 'queue_full' });
        throw new HttpError(503, 'server busy: admission queue full', { 'Retry-After': '1' });
      }
      throw err;
    } finally {
      ctx.metrics.queueDepth.set(ctx.admission.depth);
    }
    ctx.metrics.inFlight.inc();
    try {
      const aborted = new Promise<never>((_, reject) => {
        if (deadline.signal.aborted) reject(deadline.signal.reason);
        deadline.signal.addEventListener('abort', () => reject(deadline.signal.reason), { once: true });
      });
      aborted.catch(() => {});
      const outcomes = await Promise.race([ctx.engine.score(items, selected, deadline.signal), aborted]);
      ctx.metrics.items.inc({ route }, items.length);
      return outcomes;
    } finally {
      ctx.metrics.inFlight.dec();
    }
  } catch (err) {
    if (err instanceof ItemInputError) throw new HttpError(400, `item ${err.index}: ${err.message}`, {}, { index: err.index, field: err.field });
    if (err instanceof UnknownScorerError) throw new HttpError(400, err.message);
    throw err;
  } finally {
    release?.();
    clearTimeout(timer);
    clientGone?.removeEventListener('abort', onGone);
  }
}

/** Names the scorers: given in the request (by name, spec or id), else the default set. */
export function selectScorers(ctx: ServeContext, names: readonly string[] | undefined, fallback: readonly ServedScorer[]): ServedScorer[] {
  if (!names || names.length === 0) return [...fallback];
  try {
    return ctx.engine.select(names);
  } catch (err) {
    if (err instanceof UnknownScorerError) throw new HttpError(400, err.message);
    throw err;
  }
}
