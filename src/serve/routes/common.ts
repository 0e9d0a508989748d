// Shared by the route files: the hono environment (per-request variables) and body reading.
import type { Context } from 'hono';
import { z } from 'zod';
import type { AdmissionTicket } from '../admission.js';
import type { ServeContext } from '../context.js';
import { readBodyText } from '../request-body.js';
import { parseJsonBody } from '../validation.js';

export interface ServeEnv {
  Variables: {
    requestId: string;
    tokenName?: string;
    items?: number;
    /** The admission place claimed when the headers arrived (scoring routes only). */
    admission?: AdmissionTicket;
  };
}

export const ChatMessages = z.array(z.object({ role: z.string(), content: z.string() }));

export async function readBody(c: Context, ctx: ServeContext): Promise<unknown> {
  return parseJsonBody(await readBodyText(c, ctx.limits.maxBodyBytes));
}
