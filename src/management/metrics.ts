import type { Hono } from 'hono';
import { SwitchyardError } from '../core/index.js';
import type { Guard } from '../guard/index.js';
import type { ApiEnv, ManagementDeps } from './types.js';

/**
 * `GET /metrics` in the Prometheus text format. It lives outside `/api` (where
 * scrapers look for it) but behind the same guard: its row in the tier table
 * lets a loopback scraper in without a credential and asks read scope of anyone else.
 */
export function registerMetrics(app: Hono<ApiEnv>, deps: ManagementDeps, guard: Guard): void {
  app.use('/metrics', guard.middleware);
  app.get('/metrics', async (c) => {
    if (!deps.metrics) throw new SwitchyardError('NOT_FOUND', 'metrics are turned off on this server (SWITCHYARD_METRICS=off)');
    const { contentType, body } = await deps.metrics.render();
    return c.body(body, 200, { 'content-type': contentType, 'cache-control': 'no-store' });
  });
}
