import { Hono } from 'hono';
import type { Logger } from 'pino';
import type { Config } from '../core/index.js';
import { VERSION } from '../core/index.js';
import type { ChangeBus, Repos } from '../storage/index.js';

export interface ManagementDeps {
  config: Config;
  repos: Repos;
  events: ChangeBus;
  logger: Logger;
  instanceDir: string;
  /** Asks the server to shut down gracefully (POST /api/shutdown). */
  requestShutdown: () => void;
}

export function createManagementApp(_deps: ManagementDeps): Hono {
  const app = new Hono();
  app.get('/api/health', (c) => c.json({ status: 'ok', version: VERSION }));
  return app;
}
