// Operations: `/health` (the process answers), `/ready` (scorers built, model backends reachable, not draining),
// `/metrics` (Prometheus text).
import type { Hono } from 'hono';
import type { ServeContext } from '../context.js';
import type { ServeEnv } from './common.js';

export function registerOpsRoutes(app: Hono<ServeEnv>, ctx: ServeContext): void {
  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.get('/ready', async (c) => {
    if (ctx.draining) return c.json({ ready: false, reason: 'draining' }, 503);
    const r = await ctx.engine.readiness();
    return c.json({ ready: r.ready, scorers: ctx.engine.served.map((s) => s.name), backends: r.backends }, r.ready ? 200 : 503);
  });
  app.get('/metrics', async (c) => {
    ctx.metrics.queueDepth.set(ctx.admission.depth);
    return c.body(await ctx.metrics.registry.metrics(), 200, { 'Content-Type': ctx.metrics.registry.contentType });
  });
}
