import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { Gateway } from '../gateway/index.js';
import type { Hono } from 'hono';
import type { ApiEnv } from '../management/index.js';

/**
 * One listener, two planes: `/v1/*` goes to the gateway on raw node:http (no
 * Request/Response objects on the hot path); everything else to the Hono app.
 */
export function createRequestListener(gateway: Gateway, management: Hono<ApiEnv>) {
  const api = getRequestListener(management.fetch);
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = req.url ?? '/';
    if (url.startsWith('/v1/') || url === '/v1') gateway.handle(req, res);
    else void api(req, res);
  };
}
