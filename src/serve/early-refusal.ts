// Overload refusals answered from node:http's 'request' event, before hono: no WHATWG Request, no routing, no
// middleware chain, no body read. Under 4x overload nearly every request is refused, and each refusal is paid for on
// the main thread that also parses and answers the admitted work; through hono a 503 cost 0.15-0.23 ms of main-thread
// CPU (0.08-0.09 ms here; a bare node:http 503 of the same request 0.05-0.06 ms), enough at a few thousand refusals a
// second to saturate the thread and delay refusals and admitted answers alike (bench/serve.ts). Only the refusals that
// need nothing but the headers are made here (shutting down; no admission place left, or over the wait budget);
// everything else, including a declared body over --max-body (413), goes on to the app, whose own guard (app.ts)
// decides the same way for requests that reach it. The unread body of a refused request is discarded by node itself
// when the answer ends, so the keep-alive connection stays usable.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AdmissionRefusal } from './admission.js';
import { busyMessage, ROUTES } from './app.js';
import type { ServeContext } from './context.js';
import { declaredLength } from './request-body.js';

const SCORING_ROUTES = new Set(['/get_reward', '/v1/reward', '/v1/score', '/v1/compare']);
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function pathOf(url: string | undefined): string {
  if (!url) return '/';
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

interface Refusal {
  message: string;
  reason?: AdmissionRefusal;
  close: boolean;
}

function refusalFor(ctx: ServeContext, req: IncomingMessage, path: string): Refusal | undefined {
  // the same routes app.ts guards: /get_reward and /v1/* (GET /v1/scorers included while shutting down)
  if (path !== '/get_reward' && !path.startsWith('/v1/')) return undefined;
  if (ctx.draining) return { message: 'server is shutting down', close: true };
  if (req.method !== 'POST' || !SCORING_ROUTES.has(path)) return undefined;
  const declared = declaredLength(req.headers['content-length']);
  // a body over the limit is the app's 413, whatever the load
  if (declared !== undefined && declared > ctx.limits.maxBodyBytes) return undefined;
  const reason = ctx.admission.refusal(declared);
  return reason === undefined ? undefined : { message: busyMessage(reason), reason, close: false };
}

/** Answers 503 at once and returns true when the request is refused from its headers; false: the app takes it. */
export function refuseEarly(ctx: ServeContext, req: IncomingMessage, res: ServerResponse): boolean {
  const t0 = performance.now();
  const path = pathOf(req.url);
  const refusal = refusalFor(ctx, req, path);
  if (!refusal) return false;
  const incoming = req.headers['x-request-id'];
  const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  const body = JSON.stringify({ error: refusal.message, request_id: requestId });
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    'Retry-After': '1',
    'X-Request-Id': requestId,
  };
  if (refusal.close) headers.Connection = 'close';
  res.writeHead(503, headers);
  res.end(body);
  if (refusal.reason) ctx.metrics.rejected.inc({ reason: refusal.reason });
  const ms = performance.now() - t0;
  const route = ROUTES.has(path) ? path : 'other';
  ctx.metrics.requests.inc({ route, status: '503' });
  ctx.metrics.latency.observe({ route }, ms / 1000);
  ctx.log(
    JSON.stringify({
      time: new Date().toISOString(),
      request_id: requestId,
      method: req.method,
      path,
      status: 503,
      ms: Math.round(ms * 100) / 100,
      error: refusal.message,
    }),
  );
  return true;
}
