// Shared by the route files: the hono environment (per-request variables) and body reading.
import type { Context } from 'hono';
import { z } from 'zod';
import { parseJsonBody } from '../validation.js';

export interface ServeEnv {
  Variables: {
    requestId: string;
    tokenName?: string;
    items?: number;
  };
}

export const ChatMessages = z.array(z.object({ role: z.string(), content: z.string() }));

export async function readBody(c: Context): Promise<unknown> {
  return parseJsonBody(await c.req.text());
}
