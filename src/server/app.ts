import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { SwitchyardError, VERSION } from '../core/index.js';
import type { Gateway } from '../gateway/index.js';
import { isForeignHostOnLoopback } from '../guard/index.js';
import { isDashboardPath } from '../dashboard/index.js';
import { readyBody, type NotReadyReason } from './readiness.js';

export type NodeListener = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

const HOST_REFUSED = new SwitchyardError('HOST_NOT_ALLOWED', 'this Host is not allowed for local requests (DNS-rebinding protection)');

const HEALTH_BODY = JSON.stringify({ status: 'ok', version: VERSION });

/** `GET /api/health` or `/api/ready` (query ignored): the guard's PUBLIC tier. */
function probeOf(req: IncomingMessage, url: string): 'health' | 'ready' | null {
  if (req.method !== 'GET' && req.method !== 'HEAD') return null;
  if (url === '/api/health' || url.startsWith('/api/health?')) return 'health';
  if (url === '/api/ready' || url.startsWith('/api/ready?')) return 'ready';
  return null;
}

/**
 * One listener, two planes: `/v1/*` goes to the gateway on raw node:http (no
 * Request/Response objects on the hot path); everything else to the
 * management plane, which is loaded by the first request that needs it. A
 * gateway that serves /v1 all day does not keep Hono, the routes and their
 * schemas in memory, and health probes do not load them either
 * (docs/decisions.md, "management plane loaded on first use"). A probe the
 * guard would refuse (a foreign Host on loopback: DNS rebinding) goes to the
 * management plane, whose guard refuses and audits it.
 */
export function createRequestListener(
  gateway: Gateway,
  loadManagement: () => Promise<NodeListener>,
  opts: { logger: Pick<Logger, 'error'>; hosts: ReadonlySet<string>; dashboard?: NodeListener; ready?: () => NotReadyReason | null },
) {
  const { logger, hosts, dashboard } = opts;
  const ready = opts.ready ?? (() => null);
  let api: NodeListener | null = null;
  let loading: Promise<NodeListener> | null = null;
  const load = (): Promise<NodeListener> =>
    (loading ??= loadManagement().then(
      (listener) => (api = listener),
      (err: unknown) => {
        loading = null; // the next request tries again
        throw err;
      },
    ));

  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = req.url ?? '/';
    // SPEC §3's DNS-rebinding rule holds on /v1 too (#20 item 7): a page on a foreign name must not spend a key.
    if (url.startsWith('/v1/') || url === '/v1') return gateway.handle(req, res, isForeignHostOnLoopback(req, hosts) ? HOST_REFUSED : undefined);
    const probe = probeOf(req, url);
    if (probe && !isForeignHostOnLoopback(req, hosts)) {
      const { status, body } = probe === 'health' ? { status: 200, body: HEALTH_BODY } : readyBody(ready());
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    // Static files only; a foreign Host goes on to the guard, which refuses it (DNS rebinding).
    if (dashboard && isDashboardPath(url) && !isForeignHostOnLoopback(req, hosts)) return void dashboard(req, res);
    if (api) {
      void api(req, res);
      return;
    }
    load().then(
      (listener) => listener(req, res),
      (err: unknown) => {
        logger.error({ err }, 'the management plane could not be loaded');
        if (res.headersSent) return void res.end();
        const body = JSON.stringify({ error: { code: 'INTERNAL', message: 'the management API is unavailable; see the server log' } });
        res.writeHead(500, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      },
    );
  };
}
