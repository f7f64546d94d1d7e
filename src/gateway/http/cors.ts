import type { IncomingMessage, ServerResponse } from 'node:http';

const ALLOW_HEADERS = 'authorization, content-type, x-api-key, anthropic-version, anthropic-beta, openai-organization, openai-project';
const EXPOSE_HEADERS = 'x-request-id, x-switchyard-provider, x-switchyard-model, retry-after';

/**
 * CORS for browser clients of /v1, only for origins the operator configured
 * (`corsOrigins`); never `*`. Returns true when it answered a preflight.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, allowed: ReadonlySet<string>): boolean {
  const origin = req.headers.origin;
  const ok = origin !== undefined && allowed.has(origin);
  if (ok) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'origin');
    res.setHeader('access-control-expose-headers', EXPOSE_HEADERS);
  }
  if (req.method !== 'OPTIONS') return false;
  // A preflight from an origin we do not serve gets no CORS headers: the browser then refuses the call.
  if (ok) {
    res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
    res.setHeader('access-control-allow-headers', ALLOW_HEADERS);
    res.setHeader('access-control-max-age', '600');
  }
  res.writeHead(204);
  res.end();
  return true;
}
