import type { Hono } from 'hono';
import { z } from 'zod';
import { logFilterFields, toUsageFilter } from './log-filter.js';
import type { ApiEnv, ManagementDeps } from './types.js';
import { readQuery } from './validate.js';

const querySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(1000).default(50),
    /** Only records strictly newer than this epoch-ms time (`logs --follow`). */
    after: z.coerce.number().int().nonnegative().optional(),
    ...logFilterFields,
  })
  .strict();

/** Recent request records (the usage rows), newest first, optionally filtered. */
export function registerLogs(app: Hono<ApiEnv>, deps: ManagementDeps): void {
  app.get('/api/logs', async (c) => {
    const q = readQuery(c, querySchema);
    const filter = await toUsageFilter(deps, q);
    const records = await deps.repos.usage.list({ limit: q.limit, ...filter, ...(q.after !== undefined && { since: q.after + 1 }) });
    return c.json({ records });
  });
}
