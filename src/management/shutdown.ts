import type { Hono } from 'hono';
import type { ApiEnv, ManagementDeps } from './types.js';

/** POST /api/shutdown: answers first, then asks the server to drain and stop. */
export function registerShutdown(app: Hono<ApiEnv>, deps: ManagementDeps): void {
  app.post('/api/shutdown', async (c) => {
    await deps.audit.record(c, 'shutdown', 'success');
    // Give the answer a moment to leave before the listener starts closing.
    setTimeout(() => deps.requestShutdown(), 100).unref();
    return c.json({ status: 'shutting_down' }, 202);
  });
}
