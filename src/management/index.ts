import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SwitchyardError, VERSION } from '../core/index.js';
import { createGuard, type Guard } from '../guard/index.js';
import { registerAudit } from './audit-routes.js';
import { registerAuth } from './auth.js';
import { registerPasswordChange } from './auth-password.js';
import { registerCliAuth } from './cli-auth.js';
import { registerCombos } from './combos.js';
import { registerDatabase } from './database.js';
import { registerKeys } from './keys.js';
import { registerLogs } from './logs.js';
import { registerLogStream } from './logs-stream.js';
import { mcpToolAudit, registerMcp } from './mcp.js';
import { registerMetrics } from './metrics.js';
import { registerModels } from './models.js';
import { registerProviderSync } from './provider-sync.js';
import { registerPresets } from './presets.js';
import { registerProviders } from './providers.js';
import { renderError, renderNotFound } from './render-error.js';
import { registerSettings } from './settings.js';
import { registerShutdown } from './shutdown.js';
import { registerTunnels } from './tunnels.js';
import { registerUsage } from './usage.js';
import type { ApiEnv, ManagementDeps } from './types.js';

export type { ApiEnv, ManagementDeps, MetricsPort } from './types.js';

/** The /api plane. Each resource is one module that adds its routes here. */
export function createManagementApp(deps: ManagementDeps): Hono<ApiEnv> {
  return buildManagement(deps).app;
}

function buildManagement(deps: ManagementDeps): { app: Hono<ApiEnv>; guard: Guard } {
  const app = new Hono<ApiEnv>();
  app.onError((err, c) => renderError(err, c, deps.logger, deps.metrics && ((code) => deps.metrics?.onDenied(code))));
  app.notFound(renderNotFound);
  const guard = createGuard({
    repos: deps.repos,
    config: deps.config,
    events: deps.events,
    audit: deps.audit,
    env: deps.env,
    onError: (err) => deps.logger.warn({ err }, 'guard background write failed'),
    extraHosts: () => deps.tunnels?.publicHosts() ?? new Set<string>(),
    onDenied: deps.metrics && ((code) => deps.metrics?.onDenied(code)),
    onLockout: deps.metrics && (() => deps.metrics?.onLockout()),
  });
  app.use('/api/*', mcpToolAudit(deps));
  app.use('/api/*', guard.middleware);
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: deps.config.bodyLimitBytes,
      onError: () => {
        throw new SwitchyardError('BODY_TOO_LARGE', `request body is larger than ${deps.config.bodyLimitBytes} bytes`);
      },
    }),
  );
  app.get('/api/health', (c) => c.json({ status: 'ok', version: VERSION }));
  registerAuth(app, deps, guard);
  registerPasswordChange(app, deps, guard);
  registerCliAuth(app, deps, guard);
  registerAudit(app, deps);
  registerProviders(app, deps);
  registerPresets(app);
  registerProviderSync(app, deps);
  registerModels(app, deps);
  registerKeys(app, deps);
  registerCombos(app, deps);
  registerSettings(app, deps);
  registerUsage(app, deps);
  registerLogs(app, deps);
  registerLogStream(app, deps);
  registerShutdown(app, deps);
  registerDatabase(app, deps);
  registerTunnels(app, deps);
  registerMcp(app, deps);
  registerMetrics(app, deps, guard);
  return { app, guard };
}

export interface ManagementPlane {
  listener: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** At shutdown: writes what is still buffered (access tokens' last-used times). */
  close(): Promise<void>;
}

/** The /api plane as a node:http listener (what the server loads on first use). */
export function createManagementPlane(deps: ManagementDeps): ManagementPlane {
  const { app, guard } = buildManagement(deps);
  return { listener: getRequestListener(app.fetch), close: () => guard.tokens.flush() };
}
