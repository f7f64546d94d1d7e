import { Hono } from 'hono';
import type { Logger } from 'pino';
import type { Config } from '../core/index.js';
import { VERSION } from '../core/index.js';
import { createGuard, type AuditLog, type GuardVariables } from '../guard/index.js';
import type { ChangeBus, Repos } from '../storage/index.js';

export interface ManagementDeps {
  config: Config;
  repos: Repos;
  events: ChangeBus;
  logger: Logger;
  instanceDir: string;
  audit: AuditLog;
  env?: NodeJS.ProcessEnv;
  /** Asks the server to shut down gracefully (POST /api/shutdown). */
  requestShutdown: () => void;
}

export type ApiEnv = { Variables: GuardVariables };

/** The /api plane. Each resource is one module that adds its routes here. */
export function createManagementApp(deps: ManagementDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use('/api/*', createGuard({ env: deps.env }));
  app.get('/api/health', (c) => c.json({ status: 'ok', version: VERSION }));
  return app;
}
