// The reward server as a hono app: request id and one JSON log line per request, authentication, body limit, then the
// routes of each protocol (routes/). `app.request()` runs it in process; server.ts puts it on a socket.
import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { credentialOf, matchToken, URL_CREDENTIAL_PARAMS } from './auth.js';
import type { AdmissionRefusal } from './admission.js';
import type { ServeContext } from './context.js';
import { HttpError } from './http-error.js';
import { bodyTooLarge, ClientGoneError, declaredLength } from './request-body.js';
import type { ServeEnv } from './routes/common.js';
import { registerNativeRoutes } from './routes/native.js';
import { registerOpenrlhfRoutes } from './routes/openrlhf.js';
import { registerOpsRoutes } from './routes/ops.js';
import { registerSlimeRoutes } from './routes/slime.js';

export const ROUTES = new Set(['/get_reward', '/v1/reward', '/v1/score', '/v1/compare', '/v1/scorers', '/health', '/ready', '/metrics']);
const OPEN_ROUTES = new Set(['/health', '/ready']);
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function authenticate(ctx: ServeContext, authorization: string | undefined, query: URLSearchParams | undefined): string | undefined {
  for (const p of URL_CREDENTIAL_PARAMS) {
    if (query?.has(p)) {
      throw new HttpError(401, `credentials in the URL are refused (query parameter "${p}" ends up in proxy and access logs); send Authorization: Bearer TOKEN`, {
        'WWW-Authenticate': 'Bearer realm="trenchcoat", error="invalid_request"',
      });
    }
  }
  if (!ctx.tokens) return undefined;
  const presented = credentialOf(authorization);
  if (presented === undefined) {
    throw new HttpError(401, 'missing credentials: send Authorization: Bearer TOKEN', { 'WWW-Authenticate': 'Bearer realm="trenchcoat"' });
  }
  const name = matchToken(ctx.tokens, presented);
  if (name === undefined) throw new HttpError(401, 'invalid token', { 'WWW-Authenticate': 'Bearer realm="trenchcoat", error="invalid_token"' });
  return name;
}

export function busyMessage(reason: AdmissionRefusal): string {
  return reason === 'queue_wait' ? 'server busy: the queued work would take longer than --max-queue-wait' : 'server busy: admission queue full';
}

export function createServeApp(ctx: ServeContext): Hono<ServeEnv> {
  const app = new Hono<ServeEnv>();

  app.use('*', async (c, next) => {
    const t0 = performance.now();
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    c.set('requestId', requestId);
    await next();
    c.res.headers.set('X-Request-Id', requestId);
    const ms = performance.now() - t0;
    const route = ROUTES.has(c.req.path) ? c.req.path : 'other';
    ctx.metrics.requests.inc({ route, status: String(c.res.status) });
    ctx.metrics.latency.observe({ route }, ms / 1000);
    const line: Record<string, unknown> = {
      time: new Date().toISOString(),
      request_id: requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(ms * 100) / 100,
    };
    const token = c.get('tokenName');
    if (token !== undefined) line.token = token;
    const items = c.get('items');
    if (items !== undefined) line.items = items;
    const err = c.res.headers.get('X-Error');
    if (err) line.error = err;
    c.res.headers.delete('X-Error');
    ctx.log(JSON.stringify(line));
  });

  // refusals that need neither credentials nor the body come first: they must stay cheap under overload
  app.use('/get_reward', admissionGuard(ctx));
  app.use('/v1/*', admissionGuard(ctx));

  app.use('*', async (c, next) => {
    if (OPEN_ROUTES.has(c.req.path)) return next();
    const url = c.req.url;
    const name = authenticate(ctx, c.req.header('authorization'), url.includes('?') ? new URL(url).searchParams : undefined);
    if (name !== undefined) c.set('tokenName', name);
    return next();
  });

  registerOpsRoutes(app, ctx);
  registerOpenrlhfRoutes(app, ctx);
  registerSlimeRoutes(app, ctx);
  registerNativeRoutes(app, ctx);

  app.notFound((c) => c.json({ error: `no route ${c.req.method} ${c.req.path}` }, 404));
  app.onError((err, c) => {
    if (err instanceof HttpError) {
      const res = c.json({ error: err.message, request_id: c.get('requestId'), ...err.body }, err.status as 400);
      for (const [k, v] of Object.entries(err.headers)) res.headers.set(k, v);
      res.headers.set('X-Error', err.message.slice(0, 200));
      return res;
    }
    if (err instanceof ClientGoneError || (err as Error).message === 'client disconnected') {
      ctx.metrics.cancelled.inc({ route: ROUTES.has(c.req.path) ? c.req.path : 'other' });
      return c.body(null, 499 as 400);
    }
    const res = c.json({ error: `internal error: ${(err as Error).message}`, request_id: c.get('requestId') }, 500);
    res.headers.set('X-Error', String((err as Error).message).slice(0, 200));
    return res;
  });
  return app;
}

/**
 * Refusals decided from the headers alone, before the body is read or parsed: shutting down (503), a declared body
 * over --max-body (413), or no admission place left or over the wait budget (503). A request that passes holds its place until it is scored
 * or fails, so the requests reading their bodies count against the queue too.
 */
function admissionGuard(ctx: ServeContext) {
  return async (c: Context<ServeEnv>, next: () => Promise<void>) => {
    if (ctx.draining) throw new HttpError(503, 'server is shutting down', { 'Retry-After': '1', Connection: 'close' });
    if (c.req.method !== 'POST') return next();
    const declared = declaredLength(c.req.header('content-length'));
    if (declared !== undefined && declared > ctx.limits.maxBodyBytes) {
      ctx.metrics.rejected.inc({ reason: 'body_too_large' });
      throw bodyTooLarge(ctx.limits.maxBodyBytes);
    }
    const reason = ctx.admission.refusal(declared);
    const ticket = reason === undefined ? ctx.admission.enter(declared) : undefined;
    if (!ticket) {
      ctx.metrics.rejected.inc({ reason: reason ?? 'queue_full' });
      throw new HttpError(503, busyMessage(reason ?? 'queue_full'), { 'Retry-After': '1' });
    }
    c.set('admission', ticket);
    try {
      await next();
    } finally {
      ticket.leave();
    }
  };
}
