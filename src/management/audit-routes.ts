/** GET /api/audit (admin): the audit table, newest first. */
import type { Hono } from 'hono';
import { z } from 'zod';
import type { ApiEnv, ManagementDeps } from './types.js';
import { readQuery } from './validate.js';

const querySchema = z
  .object({
    since: z.coerce.number().int().nonnegative().optional(),
    limit: z.coerce.number().int().min(1).max(1000).optional(),
    event: z.string().min(1).max(100).optional(),
  })
  .strict();

export function registerAudit(app: Hono<ApiEnv>, deps: ManagementDeps): void {
  app.get('/api/audit', async (c) => {
    const q = readQuery(c, querySchema);
    const events = await deps.repos.audit.list({
      limit: q.limit ?? 200,
      ...(q.since !== undefined ? { since: q.since } : {}),
      ...(q.event !== undefined ? { event: q.event } : {}),
    });
    return c.json({ events: events.map((e) => ({ ...e, time: new Date(e.ts).toISOString() })) });
  });
}
