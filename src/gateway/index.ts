import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../core/index.js';
import type { ChangeBus, Repos } from '../storage/index.js';
import type { Logger } from 'pino';

export interface GatewayDeps {
  config: Config;
  repos: Repos;
  events: ChangeBus;
  logger: Logger;
}

export interface Gateway {
  /** Serves one `/v1/*` request on raw node:http objects (the hot path). */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Waits for in-flight requests (up to graceMs), then flushes usage. */
  drain(graceMs: number): Promise<void>;
}

export function createGateway(_deps: GatewayDeps): Gateway {
  return {
    handle(_req, res) {
      res.writeHead(501, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'not implemented yet', type: 'server_error', code: 'INTERNAL' } }));
    },
    async drain() {},
  };
}
