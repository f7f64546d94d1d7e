/**
 * GET /api/logs/stream: the request log as server-sent events (`event: record`),
 * for the dashboard's live tail. Usage rows are written in batches, so the
 * stream polls the table once a second for rows newer than the last one sent
 * rather than hooking the recorder (which may live in another instance).
 * It takes the same filters as /api/logs, checked before the stream opens.
 */
import type { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { logFilterFields, toUsageFilter } from './log-filter.js';
import type { ApiEnv, ManagementDeps } from './types.js';
import { readQuery } from './validate.js';

const querySchema = z.object(logFilterFields).strict();

const POLL_MS = 1000;

export function registerLogStream(app: Hono<ApiEnv>, deps: ManagementDeps): void {
  app.get('/api/logs/stream', async (c) => {
    const filter = await toUsageFilter(deps, readQuery(c, querySchema));
    c.header('Cache-Control', 'no-store');
    return streamSSE(c, async (stream) => {
      let after = Date.now();
      let closed = false;
      stream.onAbort(() => {
        closed = true;
      });
      await stream.writeSSE({ event: 'ready', data: '{}' });
      while (!closed) {
        const records = await deps.repos.usage.list({ limit: 200, since: after + 1, ...filter });
        // list() is newest first; send oldest first so the client can prepend.
        for (const r of [...records].reverse()) {
          after = Math.max(after, r.ts);
          await stream.writeSSE({ event: 'record', data: JSON.stringify(r) });
        }
        await stream.sleep(POLL_MS);
      }
    });
  });
}
